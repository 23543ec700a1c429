/**
 * The words search indexes, cut the same way in the build and in the browser
 * (the theme's site.js repeats these rules: change both together).
 * Text is folded (accents stripped, lower case, digits of every script as 0-9); words are runs of letters and
 * digits; Chinese and Japanese (and Thai, Lao, Burmese and Khmer), written without spaces, are cut
 * into overlapping character pairs, so a word inside a sentence is found by its pairs.
 */

const MARKS = /\p{M}/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** In ASCII text, once lower-cased, the same words: a faster expression for the most common text. */
const ASCII_WORD = /[a-z0-9]+/g;
const NOT_ASCII = /[^\u0000-\u007f]/;
/**
 * Scripts written without spaces between words, cut into character pairs: Chinese and Japanese, and
 * Thai, Lao, Burmese and Khmer, whose phrases would otherwise be one "word" each, often too long to index.
 */
const CJK = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
/** Longer "words" (hashes, URLs run together) are not worth indexing. */
const MAX_WORD = 40;

/**
 * Letters Arabic and Persian text writes in two forms, and the kashida that stretches a word: Persian
 * keyboards type ی and ک where Arabic ones type ي and ك, and a final ي is often written ى; a word is
 * found whichever the story and the reader used (the kashida, ـ, is dropped).
 */
const ARABIC_FORMS = /[\u0640\u0649\u06a9\u06cc]/g;
const HAS_ARABIC_FORM = /[\u0640\u0649\u06a9\u06cc]/;
function arabicForm(letter: string): string {
  return letter === '\u06a9' ? '\u0643' : letter === '\u0640' ? '' : '\u064a';
}

/** Decimal digits of other scripts (Arabic-Indic ٠-٩, Persian ۰-۹, Devanagari ०-९…). */
const OTHER_DIGITS = /[^\P{Nd}0-9]/gu;
const HAS_OTHER_DIGIT = /[^\P{Nd}0-9]/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * Lower-case and strip accents, so "Café" and "cafe" match; recomposed, so Korean stays syllables.
 * Digits of every script read as 0-9, so "٢٠٢٦" and "2026" match: newsrooms writing Arabic or
 * Persian use either, and readers type either.
 */
export function fold(text: string): string {
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  let folded = text.normalize('NFD').replace(MARKS, '').normalize('NFC').toLowerCase();
  if (HAS_ARABIC_FORM.test(folded)) folded = folded.replace(ARABIC_FORMS, arabicForm);
  // Tested first: a replace with a function costs most non-ASCII words, which have no such digit, a third more.
  return HAS_OTHER_DIGIT.test(folded) ? folded.replace(OTHER_DIGITS, asciiDigit) : folded;
}

/**
 * The ASCII digit of a decimal digit: Unicode encodes each script's digits as a run of ten, 0 to 9,
 * so a digit's value is its place in the run (runs that touch are each ten long).
 */
function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0)!;
  let place = 0;
  while (place < 60 && DIGIT.test(String.fromCodePoint(code - place - 1))) place++;
  return String(place % 10);
}

/** Every indexed term of `text`, in order, repeats included. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  eachTerm(text, (term) => terms.push(term));
  return terms;
}

/**
 * Call `each` with every indexed term of `text`, in order, repeats included. Accents are
 * stripped word by word, only from words that are not ASCII: most words of most texts are,
 * and normalizing a whole body twice cost more than cutting it into words.
 */
function eachTerm(text: string, each: (term: string) => void): void {
  const lower = text.toLowerCase();
  const ascii = !NOT_ASCII.test(lower);
  // Every word in one call: a match object per word cost several percent of a body's render.
  for (const found of lower.match(ascii ? ASCII_WORD : WORD) ?? []) {
    if (ascii || !NOT_ASCII.test(found)) {
      if (found.length <= MAX_WORD) each(found);
      continue;
    }
    const word = fold(found);
    if (!CJK.test(word)) {
      eachWord(word, each);
      continue;
    }
    let last = 0;
    for (const match of word.matchAll(CJK_RUN)) {
      eachWord(word.slice(last, match.index), each);
      const run = match[0];
      if (run.length === 1) each(run);
      for (let i = 0; i + 2 <= run.length; i++) each(run.slice(i, i + 2));
      last = match.index + run.length;
    }
    eachWord(word.slice(last), each);
  }
}

function eachWord(word: string, each: (term: string) => void): void {
  if (word.length > 0 && word.length <= MAX_WORD) each(word);
}

/**
 * The distinct terms of `text`, sorted (by code unit), each followed by `:count` when it
 * occurs more than once (at most 255): "harbour:2 pilot". One string, since every body's
 * terms cross from a worker thread and wait in memory for the index: an array of pairs
 * per body cost the first full-text index a gigabyte at 10,000 articles.
 */
export function termCounts(text: string): string {
  const counts = new Map<string, number>();
  eachTerm(text, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  // The default order compares UTF-16 code units, as `byCodeUnit` does, and is quicker.
  const terms = [...counts.keys()].sort();
  return terms.map((t) => (counts.get(t)! > 1 ? `${t}:${Math.min(255, counts.get(t)!)}` : t)).join(' ');
}

/** Call `each` with every term of a `termCounts` string and its count. */
export function eachTermCount(counted: string, each: (term: string, count: number) => void): void {
  if (counted === '') return;
  for (const item of counted.split(' ')) {
    const colon = item.indexOf(':');
    if (colon === -1) each(item, 1);
    else each(item.slice(0, colon), Number(item.slice(colon + 1)));
  }
}

/** Compare strings by UTF-16 code unit, as the browser's script does: not by locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A term's bucket among `buckets` (a power of two): 32-bit FNV-1a over its UTF-16 code units. */
export function bucketOf(term: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & (buckets - 1);
}
