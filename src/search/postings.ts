/**
 * How the full-text index writes numbers: lists of document ids as gaps, each number as a
 * base-64 variable-length quantity (five bits a character, the sixth saying more follow),
 * so a list is one JSON string the browser decodes without parsing numbers one by one; a term
 * in a large share of the documents as bitmaps over the index's id list instead (see DENSE).
 * The theme's site.js decodes exactly this: change both together (test/site/search-postings.test.ts
 * runs its decoder on what this writes).
 */

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Each digit's value by its character code (-1: not a digit). */
const VALUE_AT = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUE_AT[DIGITS.charCodeAt(i)] = i;
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
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? VALUE_AT[code]! : -1;
    if (digit < 0) throw new Error(`not an index number: ${JSON.stringify(String.fromCodePoint(text.codePointAt(i)!))}`);
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

/** Increasing ids as one string of gaps (a section's documents, the index's id list). */
export function encodeIds(ids: ArrayLike<number>): string {
  // At most 11 characters a gap (2^53).
  if (scratch.length < ids.length * 11) scratch = Buffer.alloc(ids.length * 11);
  let at = 0;
  let last = 0;
  for (let i = 0; i < ids.length; i++) {
    let n = ids[i]! - last;
    last = ids[i]!;
    while (n >= 32) {
      scratch[at++] = DIGIT_BYTES[(n % 32) + 32]!;
      n = Math.floor(n / 32);
    }
    scratch[at++] = DIGIT_BYTES[n]!;
  }
  return scratch.toString('latin1', 0, at);
}

/**
 * Terms found in a large share of the documents ("the", "said") would cost two or three
 * characters a document as a list: the longest lists of a large index. Such a dense term is
 * written as `!` then three parts split by `.`: the documents having it in the title, in the
 * summary, in the body. A part is a bitmap (`*`, then six bits a character: bit r says the r-th
 * document of the index's id list has it) when it holds at least `threshold` documents, else
 * its ids as gaps (see `encodeIds`). Body counts are dropped: in ranking such a term's body
 * match counts as one occurrence. Which form a term takes depends only on its postings and
 * the threshold (fixed for a range of site sizes, see `denseThreshold`), so an index updated
 * in place and one built whole have the same bytes.
 */
export const DENSE = '!';
const BITMAP = '*';
const PART = '.';

/** The smallest count of documents that makes a term dense, for an index of `count` documents: a sixteenth of the next power of two, at least 16. */
export function denseThreshold(count: number): number {
  let scale = 16;
  while (scale < count) scale *= 2;
  return Math.max(16, scale / 16);
}

/** An index's document ids, in increasing order: the r-th is what a bitmap's bit r stands for. */
export class Universe {
  /** @param ids Increasing. */
  constructor(readonly ids: Float64Array) {}

  /** The id's position, or -1; `low`: none before it holds the id. */
  rankOf(id: number, low = 0): number {
    let high = this.ids.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.ids[middle]!;
      if (at === id) return middle;
      if (at < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  equals(other: Universe): boolean {
    if (other.ids.length !== this.ids.length) return false;
    for (let i = 0; i < this.ids.length; i++) if (other.ids[i] !== this.ids[i]) return false;
    return true;
  }

  /** The file the browser reads the ids from: one string of gaps. */
  text(): string {
    return `"${encodeIds(this.ids)}"\n`;
  }
}

/** A term's postings as a fragment writes them: a list, or the dense form when at least `threshold` documents have it. */
export function encodeTerm(ids: ArrayLike<number>, values: ArrayLike<number>, universe: Universe, threshold: number, from = 0, to = ids.length): string {
  if (to - from < threshold) return encodePostings(ids, values, from, to);
  const parts: number[][] = [[], [], []];
  for (let i = from; i < to; i++) {
    const fields = values[i]! % 8;
    for (let f = 0; f < 3; f++) if (fields & (1 << f)) parts[f]!.push(ids[i]!);
  }
  return DENSE + parts.map((part) => (part.length < threshold ? encodeIds(part) : BITMAP + encodeBitmap(part, universe))).join(PART);
}

/** Whether an `encodeTerm` string holds a bitmap: its bytes depend on every document's place in the id list. */
export function hasBitmap(text: string): boolean {
  return text.startsWith(DENSE) && text.includes(BITMAP);
}

/** The ids and values of an `encodeTerm` string (a dense term's body count reads as 1). */
export function decodeTerm(text: string, universe: Universe): { ids: number[]; values: number[] } {
  if (!text.startsWith(DENSE)) return decodePostings(text);
  const fields = denseFields(text, universe);
  const ids: number[] = [];
  const values: number[] = [];
  for (let rank = 0; rank < fields.length; rank++) {
    const value = fields[rank]!;
    if (value === 0) continue;
    ids.push(universe.ids[rank]!);
    values.push(value + (value & BODY ? 8 : 0));
  }
  return { ids, values };
}

/** The fields of each document in a dense term (an `encodeTerm` string starting with DENSE), by its place in the id list. */
function denseFields(text: string, universe: Universe): Uint8Array {
  const parts = text.slice(1).split(PART);
  if (parts.length !== 3) throw new Error(`not a dense index entry: ${JSON.stringify(text.slice(0, 40))}`);
  // The parts' ids come out in order.
  const fields = new Uint8Array(universe.ids.length);
  parts.forEach((part, f) => {
    if (part.startsWith(BITMAP)) {
      markBitmap(part.slice(1), universe, fields, 1 << f);
      return;
    }
    let low = 0;
    for (const id of decodeIds(part)) {
      const rank = universe.rankOf(id, low);
      if (rank < 0) throw new Error(`document ${id} is not in the index's id list`);
      fields[rank]! |= 1 << f;
      low = rank + 1;
    }
  });
  return fields;
}

/**
 * A dense term's entry with some documents' postings taken out (`drop`) and others put in
 * (`add`: id and value), against the same id list: patched by place in that list, without
 * listing its documents and sorting them again (a dense term is in thousands). The text
 * `encodeTerm` makes of the postings after the change; null when fewer than `threshold`
 * documents are left, which would make it a list, whose body counts a dense entry lacks.
 */
export function patchDense(text: string, universe: Universe, threshold: number, drop: Iterable<number>, add: Iterable<[number, number]>): string | null {
  const fields = denseFields(text, universe);
  const was = new Map<number, number>();
  const put = (id: number, value: number) => {
    const rank = universe.rankOf(id);
    if (rank < 0) throw new Error(`document ${id} is not in the index's id list`);
    if (!was.has(rank)) was.set(rank, fields[rank]!);
    fields[rank] = value;
  };
  for (const id of drop) put(id, 0);
  for (const [id, value] of add) put(id, value % 8);
  // Each document put back with the fields it had (its body count is not in a dense entry): the same text.
  if ([...was].every(([rank, value]) => fields[rank] === value)) return text;
  let count = 0;
  for (let rank = 0; rank < fields.length; rank++) if (fields[rank] !== 0) count++;
  if (count < threshold) return null;
  const parts: string[] = [];
  for (let f = 0; f < 3; f++) {
    const flag = 1 << f;
    const ids: number[] = [];
    for (let rank = 0; rank < fields.length; rank++) if (fields[rank]! & flag) ids.push(universe.ids[rank]!);
    parts.push(ids.length < threshold ? encodeIds(ids) : BITMAP + encodeBitmap(ids, universe));
  }
  return DENSE + parts.join(PART);
}

/** Six bits a character, the first character's lowest bit for the first document; no trailing empty characters. */
function encodeBitmap(ids: number[], universe: Universe): string {
  const bits = new Uint8Array(Math.ceil(universe.ids.length / 6));
  let end = 0;
  // Both in increasing order: each id is looked for from the last one's place on.
  let low = 0;
  for (const id of ids) {
    const rank = universe.rankOf(id, low);
    if (rank < 0) throw new Error(`document ${id} is not in the index's id list`);
    bits[(rank / 6) | 0]! |= 1 << rank % 6;
    end = ((rank / 6) | 0) + 1;
    low = rank + 1;
  }
  for (let i = 0; i < end; i++) bits[i] = DIGIT_BYTES[bits[i]!]!;
  return Buffer.from(bits.buffer, 0, end).toString('latin1');
}

/** Set `flag` in `fields` at each place a bitmap's bits stand for. */
function markBitmap(text: string, universe: Universe, fields: Uint8Array, flag: number): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const bits = code < 128 ? VALUE_AT[code]! : -1;
    if (bits < 0) throw new Error(`not an index bitmap: ${JSON.stringify(text[i])}`);
    for (let b = 0; b < 6; b++) {
      if (!(bits & (1 << b))) continue;
      const rank = i * 6 + b;
      if (rank >= universe.ids.length) throw new Error('an index bitmap goes past the id list');
      fields[rank]! |= flag;
    }
  }
}

/** The ids of an `encodeIds` string. */
export function decodeIds(text: string): number[] {
  let id = 0;
  return readNumbers(text).map((gap) => (id += gap));
}
