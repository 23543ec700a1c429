/**
 * What a source's text says about the encoding it was saved in. Sources are read as UTF-8; a file
 * saved otherwise shows it in the decoded text: UTF-16 as a NUL beside every ASCII letter, Latin-1
 * or Windows-1252 as U+FFFD wherever a byte of an accented letter stood.
 */

/** The start of UTF-16 text read as UTF-8: its byte order mark (two U+FFFD), then ASCII letters each beside a NUL. */
const UTF16 = /^(?:\uFFFD\uFFFD)?(?:(?:[^\0]\0){8}|(?:\0[^\0]){8})/;

/** Whether `text` (decoded as UTF-8) was UTF-16 text. */
export function looksUtf16(text: string): boolean {
  return UTF16.test(text);
}

/** Where the first U+FFFD stands in `text` (1-based line and column) and how many there are; null when none. */
export function replacementCharacters(text: string): { line: number; column: number; count: number } | null {
  const first = text.indexOf('\uFFFD');
  if (first < 0) return null;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < first; at = text.indexOf('\n', at + 1)) line++;
  const column = first - text.lastIndexOf('\n', first - 1);
  let count = 0;
  for (let at = first; at !== -1; at = text.indexOf('\uFFFD', at + 1)) count++;
  return { line, column, count };
}
