/**
 * The theme's pure search functions (templates/assets/js/site.js, from DIGITS to the end of `rank`),
 * cut from its script and run in Node, and the first version of them kept as a reference
 * (test/fixtures/search-ranking-reference.js).
 */
import fs from 'node:fs';
import vm from 'node:vm';
import { expect } from 'vitest';

/** What the theme's decoders return: increasing ids and their values, in typed arrays. */
interface ThemeList {
  ids: Float64Array;
  values: Float64Array;
}

/** The theme's pure search functions (from DIGITS to the end of `rank`), cut from its script and run on their own. */
export function themeSearch(): {
  decodePostings: (text: string) => ThemeList;
  decodeDense: (text: string, universe: ArrayLike<number>) => ThemeList;
  readNumbers: (text: string) => number[];
  readIds: (text: string) => Float64Array;
  weighed: (list: ThemeList) => { ids: Float64Array; weights: Float64Array };
  rank: (units: unknown[], postings: Record<string, unknown>, sectionIds: Float64Array | null, year: string) => { doc: number; score: number }[];
} {
  const script = fs.readFileSync(new URL('../../templates/assets/js/site.js', import.meta.url), 'utf8');
  const start = script.indexOf('  var DIGITS = ');
  const end = script.indexOf('  /* Search: the index\'s files');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const context = vm.createContext({});
  vm.runInContext(
    `${script.slice(start, end)}\nthis.api = { decodePostings: decodePostings, decodeDense: decodeDense, readNumbers: readNumbers, readIds: readIds, weighed: weighed, rank: rank };`,
    context,
  );
  return context.api;
}

/** The reference: postings as [id, value, …] arrays, ranked through objects keyed by id. */
export function referenceSearch(): {
  decodePostings: (text: string) => number[];
  decodeDense: (text: string, universe: ArrayLike<number>) => number[];
  rank: (units: unknown[], postings: Record<string, number[]>, sectionIds: Record<string, true> | null, year: string) => { doc: number; score: number }[];
} {
  const script = fs.readFileSync(new URL('../fixtures/search-ranking-reference.js', import.meta.url), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(`${script}\nthis.api = { decodePostings: decodePostings, decodeDense: decodeDense, rank: rank };`, context);
  return context.api;
}
