/**
 * Terms in most documents are written as bitmaps over the index's id list (src/search/postings.ts):
 * the theme's script reads them in Chromium, fetching the id list only when a query needs a bitmap,
 * and ranks as for any term: a title first, then the most recent.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, openSearchPage, searchFor, type PageProblems, type SearchPage } from './sample-site.js';

describe('search of terms in most documents, in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let session: SearchPage | undefined;
  let page: Page;
  let problems: PageProblems;
  let fetched: string[] = [];

  beforeAll(async () => {
    const dir = tempDir('gazette-dense-browser-');
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'Tide Times', timezone: 'UTC' }) };
    // 30 stories, every body naming the tide: 16 or more make a term dense.
    for (let a = 1; a <= 30; a++) {
      const titled = a === 4 || a === 20;
      files[`articles/t${a}.md`] = article(
        { title: titled ? `Tidewater story ${a}` : `Story ${a}`, date: `2023-04-${String(a).padStart(2, '0')}`, summary: `Item ${a}.` },
        `Morning notes ${a}. The tidewater rose${a === 9 ? ' by the quayside' : ''}.`,
      );
    }
    writeFiles(dir, files);
    session = await openSearchPage(dir);
    ({ page, problems } = session);
    fetched = session.fetched;
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await session?.close();
  });

  it('should not fetch the id list for a term in few documents', async () => {
    expect(await searchFor(page, 'quayside')).toEqual(['Story 9']);
    expect(fetched.some((p) => p.endsWith('/ids.json'))).toBe(false);
  });

  it('should find every document of a dense term, titles first, then the most recent', async () => {
    const titles = await searchFor(page, 'tidewater');
    expect(await page.locator('#search-status').innerText()).toBe('30 results for “tidewater”.');
    expect(titles).toEqual(['Tidewater story 20', 'Tidewater story 4', ...[30, 29, 28, 27, 26, 25, 24, 23].map((a) => `Story ${a}`)]);
    expect(fetched.filter((p) => p.endsWith('/ids.json'))).toHaveLength(1);
  });

  it('should intersect a dense term with a rare one', async () => {
    expect(await searchFor(page, 'tidewater quayside')).toEqual(['Story 9']);
    expect(await searchFor(page, 'morning tidewater')).toHaveLength(10);
    expect(await page.locator('#search-status').innerText()).toBe('30 results for “morning tidewater”.');
    expect(problems.all()).toEqual([]);
  });
});
