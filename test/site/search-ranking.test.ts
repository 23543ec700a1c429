/**
 * The search page's ranking (templates/assets/js/site.js) merges increasing id lists instead of
 * gathering documents in objects keyed by id: on any index and query it must find what the first,
 * plain version (test/fixtures/search-ranking-reference.js) found, with the same scores to the last
 * bit, in the same order, ties included, under every filter (section, year) and for Chinese or
 * Japanese runs found by most of their pairs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/search/documents.js';
import { encodeTerm, Universe } from '../../src/search/postings.js';
import { referenceSearch, themeSearch } from './theme-search.js';

const DAY = 2 ** 16;
const STORIES = 2 ** 32;
/** A story id on a day of `year`, slot `slot`. */
const storyId = (year: number, day: number, slot: number) => STORIES + (dayNumber(`${year}-01-01`) + day) * DAY + slot;

/** Ids of pages (below 2^32) and of stories from 2021 to 2024, few slots a day so that days repeat. */
const idSet = fc
  .uniqueArray(
    fc.oneof(
      { weight: 1, arbitrary: fc.nat(3000) },
      { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 2021, max: 2024 }), fc.nat(364), fc.nat(3)).map(([y, d, s]) => storyId(y, d, s)) },
      // A year's first and last ids.
      { weight: 1, arbitrary: fc.integer({ min: 2021, max: 2024 }).chain((y) => fc.constantFrom(storyId(y, 0, 0), storyId(y + 1, 0, 0) - 1)) },
    ),
    { minLength: 1, maxLength: 300 },
  )
  .map((ids) => ids.sort((a, b) => a - b));

/** Words, and pairs of a Chinese run (as queryUnits cuts one). */
const VOCABULARY = ['tide', 'harbour', 'pilot', 'strike', 'the', 'rare', '山东', '东外', '外贸', '贸易', 'absent'];

/** A posting's value: the fields (1 to 7) and, in the body, a count; few distinct values, so that scores tie. */
const value = fc.oneof(
  fc.integer({ min: 1, max: 7 }).map((f) => f + (f & 4 ? 8 : 0)),
  // Body counts make weights with fractions, whose sums depend on the order they are added in.
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9000 })).map(([f, c]) => f + (f & 4 ? 8 * c : 0)) },
);

const unit = fc.oneof(
  fc.constantFrom(...VOCABULARY).map((term) => ({ text: term, terms: [term], cjk: false })),
  // A run's pairs, repeats included ("山东山东" has 山东 twice), found by all or most of them.
  fc.array(fc.constantFrom(...VOCABULARY), { minLength: 2, maxLength: 7 }).map((terms) => ({ text: terms.join(''), terms, cjk: true })),
);

const case_ = idSet.chain((all) =>
  fc.record({
    all: fc.constant(all),
    // Dense terms (a list, or bitmaps) from the threshold up; none at 1,000.
    threshold: fc.oneof(fc.integer({ min: 1, max: 48 }), fc.constant(1000)),
    // Each term's documents, by a density from none to all, and their values.
    terms: fc.array(fc.tuple(fc.constantFrom(0, 0.02, 0.3, 0.7, 0.95, 1), fc.array(value, { minLength: all.length, maxLength: all.length }), fc.nat()), {
      minLength: VOCABULARY.length,
      maxLength: VOCABULARY.length,
    }),
    units: fc.uniqueArray(unit, { minLength: 1, maxLength: 3, selector: (u) => u.text }),
    section: fc.option(fc.tuple(fc.constantFrom(0, 0.1, 0.5, 1), fc.nat()), { nil: null }),
    year: fc.constantFrom('', '2021', '2022', '2024', '1999', 'abc'),
  }),
);

describe('search ranking', () => {
  const theme = themeSearch();
  const reference = referenceSearch();

  it('should rank any index and query as the reference does: the same documents, scores and order, under every filter', () => {
    fc.assert(
      fc.property(case_, ({ all, threshold, terms, units, section, year }) => {
        const universe = new Universe(Float64Array.from(all));
        const pick = (density: number, seed: number, i: number) => density === 1 || ((seed + i * 7919) % 1000) / 1000 < density;
        // The fragments' strings, as the build writes them ("absent" is in no document).
        const encoded = new Map<string, string>();
        VOCABULARY.forEach((term, t) => {
          if (term === 'absent') return encoded.set(term, '');
          const [density, values, seed] = terms[t]!;
          const ids: number[] = [];
          const kept: number[] = [];
          all.forEach((id, i) => {
            if (!pick(density, seed, i)) return;
            ids.push(id);
            kept.push(values[i]!);
          });
          encoded.set(term, encodeTerm(ids, kept, universe, threshold));
        });
        // Each read as the page reads a fragment's entry (loadPostings).
        const read = <T>(decoder: { decodePostings: (text: string) => T; decodeDense: (text: string, universe: ArrayLike<number>) => T }, text: string): T =>
          !text.startsWith('!') ? decoder.decodePostings(text) : decoder.decodeDense(text, text.includes('*') ? all : []);
        const wanted = new Set(units.flatMap((u) => u.terms));
        const before: Record<string, number[]> = {};
        const after: Record<string, unknown> = {};
        for (const term of wanted) {
          before[term] = read(reference, encoded.get(term)!);
          after[term] = theme.weighed(read(theme, encoded.get(term)!));
        }
        const sectionIds = section === null ? null : all.filter((_, i) => pick(section[0], section[1], i));
        const expected = reference.rank(units, before, sectionIds && Object.fromEntries(sectionIds.map((id) => [id, true as const])), year);
        const actual = theme.rank(units, after, sectionIds && Float64Array.from(sectionIds), year);
        // Scores compared as numbers to the last bit (Object.is), in the order shown.
        expect(actual.map((h) => [h.doc, h.score])).toEqual(expected.map((h) => [h.doc, h.score]));
      }),
      { numRuns: 400 },
    );
  });

  it('should leave the decoded postings as they were, for the next query to use', () => {
    const all = [storyId(2023, 1, 0), storyId(2023, 2, 0), storyId(2024, 3, 1)];
    const universe = new Universe(Float64Array.from(all));
    // Dense: title and body (10 + 1), body (1), title (10).
    const tide = theme.weighed(theme.decodeDense(encodeTerm(all, [13, 12, 1], universe, 2), all));
    const pilot = theme.weighed(theme.decodePostings(encodeTerm(all.slice(0, 2), [2, 4 + 8 * 3], universe, 5)));
    const postings = { tide, pilot };
    const units = [
      { text: 'tide', terms: ['tide'], cjk: false },
      { text: 'pilot', terms: ['pilot'], cjk: false },
    ];
    const first = theme.rank(units, postings, null, '').map((h) => [h.doc, h.score]);
    expect(first).toEqual([
      [all[0], 15],
      [all[1], 2 + Math.log(3)],
    ]);
    expect(theme.rank(units, postings, null, '').map((h) => [h.doc, h.score])).toEqual(first);
    expect(Array.from(tide.weights)).toEqual([11, 1, 10]);
    expect(Array.from(pilot.weights)).toEqual([4, 1 + Math.log(3)]);
  });
});
