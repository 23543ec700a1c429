/**
 * The slips people make most when they edit JSON by hand (a comma after the last setting, a comma
 * missing between two, single quotes, a comment), said plainly and placed where they are. The
 * parser's own message ("Expected double-quoted property name in JSON at position 49") points past
 * a trailing comma, at the next line's brace, and some of its messages give no place at all.
 */

/** A slip: what to say and the offset in the text it is at. */
export interface JsonSlip {
  message: string;
  offset: number;
}

/**
 * The first common slip in `text`, which JSON.parse refused with `parseMessage`; null when it is none of them.
 * Strings are skipped as JSON reads them, so a comma or a quote inside a value is no slip.
 */
export function findJsonSlip(text: string, parseMessage: string): JsonSlip | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "'") return { message: 'text must be in double quotes ("title"), not single quotes', offset: i };
    else if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      return { message: 'JSON has no comments; remove this one (a gazette.config.mjs may have comments)', offset: i };
    } else if (ch === ',') {
      const next = /\S/.exec(text.slice(i + 1));
      if (next && (next[0] === '}' || next[0] === ']')) return { message: 'a comma after the last entry of an object or list is not allowed; remove it', offset: i };
    }
  }
  // "Expected ',' or '}' after property value … at position N": the comma belongs after the value before N.
  const missing = /after (?:property value|array element) in JSON at position (\d+)/.exec(parseMessage);
  if (missing) {
    const end = text.slice(0, Number(missing[1])).trimEnd().length;
    return { message: 'a comma is missing after this value; settings, and the items of a list, are separated by commas', offset: end };
  }
  return null;
}
