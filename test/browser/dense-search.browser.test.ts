/**
 * Terms in most documents are written as bitmaps over the index's id list (src/search/postings.ts):
 * the theme's script reads them in Chromium, fetching the id list only when a query needs a bitmap,
 * and ranks as for any term: a title first, then the most recent.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { startStaticServer, type StaticServer } from '../static-server.js';
import { BROWSER_TIMEOUT, launchChromium, searchFor, watchProblems, type PageProblems } from './sample-site.js';

describe('search of terms in most documents, in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const fetched: string[] = [];

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
    const out = path.join(dir, 'dist');
    server = await startStaticServer(out);
    const built = await runCli(['build', '--out', out, '--base-url', server.baseUrl], dir);
    expect(built.code, built.stderr).toBe(0);
    browser = await launchChromium();
    const context = await browser.newContext();
    problems = watchProblems(context);
    page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes('/search-index/')) fetched.push(new URL(request.url()).pathname);
    });
    await page.goto(`${server.baseUrl}search/`);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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
