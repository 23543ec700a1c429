/**
 * The search index's document ids: stable from build to build, a story's from its day and URL, a
 * page's from its URL, and two documents wanting one id placed as they always were (the later
 * URL takes the next free id, round to the day's first when its last are taken).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleView } from '../../src/render/context.js';
import type { SiteArticle } from '../../src/site/model.js';
import { dayNumber, fnv1a, searchDocuments } from '../../src/search/documents.js';
import { byCodeUnit } from '../../src/search/terms.js';

type Entry = { article: SiteArticle; view: ArticleView };

function entry(url: string, date: string, kind: 'article' | 'page' = 'article'): Entry {
  const article = { kind, htmlHash: 'h', live: null } as unknown as SiteArticle;
  const view = { url, date, title: 'T', summary: '', section: null, tags: [], live: null } as unknown as ArticleView;
  return { article, view };
}

/** The ids as placed by a plain search for the first free slot from the wanted one, a set of taken slots per day. */
function expectedIds(entries: Entry[]): Map<string, number> {
  const wanted = entries.map(({ article, view }) => {
    const page = article.kind === 'page' || view.date === '';
    const hash = fnv1a(view.url);
    return { url: view.url, base: page ? 0 : 2 ** 32 + dayNumber(view.date.slice(0, 10)) * 2 ** 16, span: page ? 2 ** 32 : 2 ** 16, want: page ? hash : hash % 2 ** 16 };
  });
  wanted.sort((a, b) => a.base - b.base || a.want - b.want || byCodeUnit(a.url, b.url));
  const ids = new Map<string, number>();
  const taken = new Map<number, Set<number>>();
  for (const doc of wanted) {
    let slots = taken.get(doc.base);
    if (!slots) taken.set(doc.base, (slots = new Set()));
    let slot = doc.want;
    while (slots.has(slot)) slot = (slot + 1) % doc.span;
    slots.add(slot);
    ids.set(doc.url, doc.base + slot);
  }
  return ids;
}

describe('search index document ids', () => {
  it('should place documents wanting the same id as a search for the first free one would, round to a day’s first ids', () => {
    // URLs wanting a few slots of a day: at its start, and at its end, where their chains wrap round.
    const crowded = (from: number, to: number) => {
      const urls: string[] = [];
      for (let n = 0; urls.length < 120; n++) {
        const slot = fnv1a(`/s/${n}/`) % 2 ** 16;
        if (slot >= from && slot < to) urls.push(`/s/${n}/`);
      }
      return urls;
    };
    const pool = [...crowded(1000, 1030), ...crowded(2 ** 16 - 30, 2 ** 16)];
    fc.assert(
      fc.property(fc.subarray(pool, { minLength: 1 }), fc.nat(), (urls, seed) => {
        const entries = urls.map((url, i) => ((i + seed) % 9 === 0 ? entry(url, '', 'page') : entry(url, `2024-03-0${1 + ((i + seed) % 2)}T10:00:00Z`)));
        const expected = expectedIds(entries);
        expect(searchDocuments(entries).map((d) => [d.view.url, d.id])).toEqual([...expected].sort((x, y) => x[1] - y[1]));
      }),
      { numRuns: 200 },
    );
  });

  it('should take every id of a day, and refuse a day with more stories than ids', () => {
    const day = Array.from({ length: 2 ** 16 }, (_, i) => entry(`/2024/03/01/story-${i}/`, '2024-03-01T08:00:00Z'));
    const docs = searchDocuments(day);
    const expected = expectedIds(day);
    expect(docs.every((d) => d.id === expected.get(d.view.url))).toBe(true);
    expect(new Set(docs.map((d) => d.id)).size).toBe(2 ** 16);
    expect(() => searchDocuments([...day, entry('/2024/03/01/one-more/', '2024-03-01T09:00:00Z')])).toThrow(/more than 65536 documents for one day/);
  });
});
