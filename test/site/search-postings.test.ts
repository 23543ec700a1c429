/**
 * The search index's number encoding: any posting list, sparse or dense, written by the build
 * reads back as it was (a dense term without its body counts), in Node and in the theme's
 * own decoder, which is run here on the same strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/search/documents.js';
import { decodeTerm, DENSE, denseThreshold, encodeTerm, hasBitmap, patchDense, Universe } from '../../src/search/postings.js';
import { themeSearch } from './theme-search.js';

/** The largest id a document can have: the last of 9999-12-31's stories (src/search/documents.ts). */
const MAX_ID = 2 ** 32 + (dayNumber('9999-12-31') + 1) * 2 ** 16 - 1;

/** A sorted set of ids: around a page's, a story's, and the edges (0 and the largest id). */
const idSet = fc
  .uniqueArray(fc.oneof(fc.nat(5000), fc.integer({ min: 2 ** 32, max: 2 ** 32 + 2 ** 26 }), fc.integer({ min: MAX_ID - 5000, max: MAX_ID }), fc.constantFrom(0, 1, MAX_ID)), {
    minLength: 1,
    maxLength: 400,
  })
  .map((ids) => ids.sort((a, b) => a - b));

/** A universe and the postings of one term in it: which documents (by a density from none to all) with which fields and body counts. */
const case_ = idSet.chain((all) =>
  fc.record({
    all: fc.constant(all),
    threshold: fc.integer({ min: 1, max: 64 }),
    postings: fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 8000 })), { minLength: all.length, maxLength: all.length }),
    density: fc.constantFrom(0, 0.01, 0.3, 0.9, 1),
    seed: fc.nat(),
  }),
);

describe('search index postings', () => {
  const theme = themeSearch();

  it('should read back any posting list, in Node and in the theme, from id 0 to the largest id', () => {
    fc.assert(
      fc.property(case_, ({ all, threshold, postings, density, seed }) => {
        const universe = new Universe(Float64Array.from(all));
        const ids: number[] = [];
        const values: number[] = [];
        all.forEach((id, i) => {
          const [fields, count] = postings[i]!;
          const take = density === 1 || ((seed + i * 7919) % 1000) / 1000 < density;
          if (!take) return;
          ids.push(id);
          values.push(fields + (fields & 4 ? 8 * count : 0));
        });
        const text = encodeTerm(ids, values, universe, threshold);
        const dense = ids.length >= threshold;
        expect(text.startsWith(DENSE)).toBe(dense);
        // A dense term keeps its fields, and one body occurrence where it has any.
        const expected = dense ? values.map((v) => (v % 8) + (v & 4 ? 8 : 0)) : values;
        expect(decodeTerm(text, universe)).toEqual({ ids, values: expected });
        // The browser reads the ids in increasing order.
        const browser = dense ? theme.decodeDense(text, all) : theme.decodePostings(text);
        expect({ ids: Array.from(browser.ids), values: Array.from(browser.values) }).toEqual({ ids, values: expected });
        // The list of every id, as the browser reads ids.json.
        expect(Array.from(theme.readIds(JSON.parse(universe.text()) as string))).toEqual(all);
      }),
      { numRuns: 300 },
    );
  });

  it('should patch a dense term in place to the text written from scratch, or refuse when it would become a list', () => {
    fc.assert(
      fc.property(case_, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 50 })), { maxLength: 12 }), ({ all, threshold, postings }, edits) => {
        const universe = new Universe(Float64Array.from(all));
        // Every document has the term before: it is dense whenever the threshold allows.
        const before = new Map(all.map((id, i) => [id, postings[i]![0] + 8 * postings[i]![1]]));
        const text = encodeTerm([...before.keys()], [...before.values()], universe, threshold);
        fc.pre(text.startsWith(DENSE));
        // Each edit takes a document's posting out and, unless its fields are 0, puts another in.
        const after = new Map(before);
        const drop = new Set<number>();
        const add = new Map<number, number>();
        for (const [pick, fields, count] of edits) {
          const id = all[pick % all.length]!;
          drop.add(id);
          add.delete(id);
          after.delete(id);
          if (fields === 0) continue;
          add.set(id, fields + 8 * count);
          after.set(id, fields + 8 * count);
        }
        const ids = [...after.keys()].sort((a, b) => a - b);
        const patched = patchDense(text, universe, threshold, drop, add);
        if (ids.length < threshold) expect(patched).toBeNull();
        else expect(patched).toBe(encodeTerm(ids, ids.map((id) => after.get(id)!), universe, threshold));
      }),
      { numRuns: 300 },
    );
  });

  it('should write a bitmap for a field held by at least the threshold of documents, a list below it', () => {
    const all = Array.from({ length: 40 }, (_, i) => 2 ** 32 + i * 1000);
    const universe = new Universe(Float64Array.from(all));
    // All 40 in the body, 3 in the title: a bitmap for the body, a list for the title, nothing for the summary.
    const text = encodeTerm(
      all,
      all.map((_, i) => (i < 3 ? 5 : 4) + 8 * (i + 1)),
      universe,
      16,
    );
    const [title, summary, body] = text.slice(1).split('.');
    expect(title!.startsWith('*')).toBe(false);
    expect(summary).toBe('');
    expect(body).toBe('*' + '_'.repeat(6) + 'P');
    expect(hasBitmap(text)).toBe(true);
    expect(hasBitmap(encodeTerm(all.slice(0, 15), all.slice(0, 15).map(() => 12), universe, 16))).toBe(false);
  });

  it('should refuse to write a bitmap of an id the index does not have', () => {
    const universe = new Universe(Float64Array.from([1, 2, 3]));
    expect(() => encodeTerm([1, 2, 4], [4, 4, 4], universe, 2)).toThrow(/not in the index's id list/);
  });

  it('should make a sixteenth of the next power of two of documents dense, at least 16', () => {
    expect([1, 16, 256, 257, 10_000, 100_000, 131_073].map(denseThreshold)).toEqual([16, 16, 16, 32, 1024, 8192, 16384]);
  });
});
