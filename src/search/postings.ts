/**
 * How the full-text index writes numbers: lists of document ids as gaps, each number as a
 * base-64 variable-length quantity (five bits a character, the sixth saying more follow),
 * so a list is one JSON string the browser decodes without parsing numbers one by one.
 * The theme's site.js decodes exactly this: change both together.
 */

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Map([...DIGITS].map((c, i) => [c, i]));
const DIGIT_BYTES = Buffer.from(DIGITS, 'latin1');
/** Where lists are encoded, grown as needed: one buffer, not a string per character (3 million postings at 10,000 articles). */
let scratch = Buffer.alloc(1 << 16);

/** Fields a term was found in, as the low bits of a posting's value; above them, how often it is in the body. */
export const TITLE = 1;
export const SUMMARY = 2;
export const BODY = 4;

/** Append `n` (a whole number from 0 up to 2^53) to `out`. */
export function pushNumber(out: string[], n: number): void {
  while (n >= 32) {
    out.push(DIGITS[(n % 32) + 32]!);
    n = Math.floor(n / 32);
  }
  out.push(DIGITS[n]!);
}

/** The numbers `pushNumber` wrote into `text`. */
export function readNumbers(text: string): number[] {
  const numbers: number[] = [];
  let n = 0;
  let scale = 1;
  for (const c of text) {
    const digit = VALUE_OF.get(c);
    if (digit === undefined) throw new Error(`not an index number: ${JSON.stringify(c)}`);
    if (digit >= 32) {
      n += (digit - 32) * scale;
      scale *= 32;
    } else {
      numbers.push(n + digit * scale);
      n = 0;
      scale = 1;
    }
  }
  return numbers;
}

/**
 * A term's postings as written in a fragment: for each document, in increasing id, the gap from
 * the previous id times 8 plus the fields (see TITLE), then, when in the body, the count there.
 * `ids` and `values` (fields + 8 × count) are parallel.
 */
export function encodePostings(ids: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = ids.length): string {
  // At most 11 characters for a gap (2^53), 2 for a count.
  if (scratch.length < (to - from) * 13) scratch = Buffer.alloc((to - from) * 13);
  let at = 0;
  const put = (n: number) => {
    while (n >= 32) {
      scratch[at++] = DIGIT_BYTES[(n % 32) + 32]!;
      n = Math.floor(n / 32);
    }
    scratch[at++] = DIGIT_BYTES[n]!;
  };
  let last = 0;
  for (let i = from; i < to; i++) {
    const id = ids[i]!;
    const value = values[i]!;
    put((id - last) * 8 + (value % 8));
    if (value & BODY) put(Math.floor(value / 8));
    last = id;
  }
  return scratch.toString('latin1', 0, at);
}

/** The ids and values of an `encodePostings` string. */
export function decodePostings(text: string): { ids: number[]; values: number[] } {
  const numbers = readNumbers(text);
  const ids: number[] = [];
  const values: number[] = [];
  let id = 0;
  for (let i = 0; i < numbers.length; i++) {
    const head = numbers[i]!;
    const fields = head % 8;
    id += (head - fields) / 8;
    const count = fields & BODY ? numbers[++i]! : 0;
    ids.push(id);
    values.push(fields + 8 * count);
  }
  return { ids, values };
}

/** Increasing ids as one string of gaps (a section's documents). */
export function encodeIds(ids: number[]): string {
  const out: string[] = [];
  let last = 0;
  for (const id of ids) {
    pushNumber(out, id - last);
    last = id;
  }
  return out.join('');
}
