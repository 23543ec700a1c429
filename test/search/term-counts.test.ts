import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { termCounts } from '../../lib/search/terms.js';
import { countWords } from '../../lib/markdown/rehype-resolve-urls.js';

// The words and terms of every body are counted in the renderer threads; the counting was made
// quicker (ASCII text without Unicode expressions, all words of a text in one call). These are the
// rules as they were written before, which the quicker code must follow exactly.
const CJK_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
function referenceCountWords(text: string): { words: number; cjk: number } {
  let cjk = 0;
  let source = text;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) {
    cjk = text.match(CJK_SCRIPTS)!.length;
    source = text.replace(CJK_SCRIPTS, ' ');
  }
  let words = cjk;
  for (const token of source.split(/\s+/)) if (token && /[\p{L}\p{N}]/u.test(token)) words++;
  return { words, cjk };
}

function referenceTermCounts(text: string): string {
  const NOT_ASCII = /[^\u0000-\u007f]/;
  const CJK = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  // A decimal digit of any script is the 0-9 of its place in its script's run of ten.
  const digit = (d: string) => {
    let place = 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(d.codePointAt(0)! - place - 1))) place++;
    return String(place % 10);
  };
  // Persian ی and ک as Arabic ي and ك, a final ى as ي, the kashida dropped.
  const arabic = (c: string) => ({ '\u06cc': '\u064a', '\u0649': '\u064a', '\u06a9': '\u0643', '\u0640': '' })[c]!;
  const fold = (t: string) =>
    NOT_ASCII.test(t)
      ? t.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replace(/[^\P{Nd}0-9]/gu, digit).toLowerCase().replace(/[\u0640\u0649\u06a9\u06cc]/g, arabic)
      : t.toLowerCase();
  const terms: string[] = [];
  const word = (w: string) => w.length > 0 && w.length <= 40 && terms.push(w);
  const lower = text.toLowerCase();
  const ascii = !NOT_ASCII.test(lower);
  const words = new RegExp(ascii ? /[a-z0-9]+/g : /[\p{L}\p{N}\p{M}]+/gu);
  for (let next = words.exec(lower); next !== null; next = words.exec(lower)) {
    const found = next[0];
    if (ascii || !NOT_ASCII.test(found)) {
      if (found.length <= 40) terms.push(found);
      continue;
    }
    const folded = fold(found);
    if (!CJK.test(folded)) {
      word(folded);
      continue;
    }
    let last = 0;
    for (const match of folded.matchAll(/[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g)) {
      word(folded.slice(last, match.index));
      const run = match[0];
      if (run.length === 1) terms.push(run);
      for (let i = 0; i + 2 <= run.length; i++) terms.push(run.slice(i, i + 2));
      last = match.index + run.length;
    }
    word(folded.slice(last));
  }
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.keys()].sort().map((t) => (counts.get(t)! > 1 ? `${t}:${Math.min(255, counts.get(t)!)}` : t)).join(' ');
}

// Text of the kinds bodies hold: ASCII words and punctuation, every kind of whitespace, accents,
// Chinese and Japanese, Korean, characters whose lower case is ASCII (the Kelvin sign) or longer (İ),
// marks, digits of other scripts, surrogate pairs and long runs.
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('word', 'Two', 'CAPS', 'x1', '42', 'a-b', "it's", 'e.g.', 'http://x.org/a?b=1', 'under_score', 'café', 'Ünïcödé', 'naïve') },
  { weight: 4, arbitrary: fc.constantFrom(' ', '  ', '\n', '\t', '\r\n', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u1680', '\u200b') },
  { weight: 2, arbitrary: fc.constantFrom('东京', '日本語のテキスト', 'ภาษาไทยไม่เว้นวรรค', 'کتاب ایران', 'علىٰ', 'ـ', 'الميـــناء', 'ｶﾀｶﾅ', '한국어 문장', '\u212a', 'İstanbul', 'ß', 'e\u0301', '١٢٣', '۲۰۲۶', '२०२६', '٢٠٢٦', '𝟗', '😀', 'ǅ', '—', '“quoted”', '…', '-', '*', '·') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(40), 'b'.repeat(41), 'é'.repeat(41)) },
);
const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));

describe('counting words and search terms', () => {
  it('should count the words of any text as the Unicode rule does', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 })), (t) => {
        expect(countWords(t)).toEqual(referenceCountWords(t));
      }),
      { numRuns: 3000, seed: 30 },
    );
  });

  it('should give the terms and counts of any text as before, whatever its whitespace', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 })), (t) => {
        expect(termCounts(t)).toBe(referenceTermCounts(t));
        // Bodies' text is no longer tidied before it is counted: tidied or not, the terms are the same.
        expect(termCounts(t)).toBe(termCounts(t.replace(/\s+/g, ' ').trim()));
      }),
      { numRuns: 3000, seed: 30 },
    );
  });

  it('should count ASCII words between every kind of ASCII whitespace', () => {
    expect(countWords('one\ttwo\nthree\u000bfour\ffive\rsix seven')).toEqual({ words: 7, cjk: 0 });
    expect(countWords(' -- a,b ... 3 ')).toEqual({ words: 2, cjk: 0 });
    expect(countWords('')).toEqual({ words: 0, cjk: 0 });
    expect(termCounts('The the THE harbour')).toBe('harbour the:3');
  });

  it('should index the digits of every script as 0-9, so "٢٠٢٦" and "2026" are one term', () => {
    // Arabic-Indic, Persian (Extended Arabic-Indic), Devanagari, Bengali, Thai, fullwidth and mathematical bold digits.
    expect(termCounts('٢٠٢٦ ۲۰۲۶ २०२६ ২০২৬ ๒๐๒๖ ２０２６ 𝟐𝟎𝟐𝟔 2026')).toBe('2026:8');
    expect(termCounts('ملخص ١٢٣ عن ٩٨٧٦٥٤')).toBe('123 987654 عن ملخص');
  });
});
