/**
 * Explicit direction marks left open in a text field. An embedding or override (U+202A, U+202B,
 * U+202D, U+202E) runs until a U+202C closes it, an isolate (U+2066 to U+2068) until a U+2069; in
 * HTML a line break ends neither. One left open in a title reverses or reorders whatever the page
 * shows after it: the site's name in the browser tab, the rest of a card. Balanced marks (a
 * right-to-left name in a left-to-right title, set apart as it should be) are fine.
 */

const NAMES: Record<string, string> = {
  '\u202A': 'left-to-right embedding (U+202A)',
  '\u202B': 'right-to-left embedding (U+202B)',
  '\u202D': 'left-to-right override (U+202D)',
  '\u202E': 'right-to-left override (U+202E)',
  '\u2066': 'left-to-right isolate (U+2066)',
  '\u2067': 'right-to-left isolate (U+2067)',
  '\u2068': 'first-strong isolate (U+2068)',
};
const ANY_MARK = /[\u202A-\u202E\u2066-\u2069]/;

/** The first direction mark `text` opens and never closes, named, or null. */
export function unclosedDirection(text: string): string | null {
  if (!ANY_MARK.test(text)) return null;
  const open: string[] = [];
  for (const char of text) {
    if (char === '\u202C') {
      // Closes the innermost embedding or override, not an isolate.
      if (open.length && !isIsolate(open[open.length - 1]!)) open.pop();
    } else if (char === '\u2069') {
      // Closes the innermost isolate, and whatever was opened inside it.
      const at = findLastIsolate(open);
      if (at >= 0) open.length = at;
    } else if (NAMES[char]) open.push(char);
  }
  return open.length ? NAMES[open[0]!]! : null;
}

function isIsolate(char: string): boolean {
  return char >= '\u2066' && char <= '\u2068';
}

function findLastIsolate(open: string[]): number {
  for (let i = open.length - 1; i >= 0; i--) if (isIsolate(open[i]!)) return i;
  return -1;
}
