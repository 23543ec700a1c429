/**
 * Full-text search (#28) in Chromium: words only in a body or in a standalone page are found,
 * Chinese and Japanese phrases from the middle of a body too, with snippets marking them;
 * the header form leads to the search page without script; results are announced and axe-clean.
 */
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import type { StaticServer } from '../static-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, openSearchPage, searchFor, type PageProblems, type SearchPage } from './sample-site.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = require('axe-core').source;

const filler = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i} of ordinary council reporting.`).join('\n\n');

describe('full-text search in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let session: SearchPage | undefined;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let fetched: string[] = [];

  beforeAll(async () => {
    const dir = tempDir('gazette-fulltext-browser-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Harbour Gazette', timezone: 'UTC' }),
      'articles/pilot.md': article(
        { title: 'Port traffic rises', date: '2023-03-01', section: 'City', summary: 'Ships came.' },
        `${filler(8)}\n\nThe harbour pilot Marguerite Okonkwo guided the <b>last</b> ship in.\n\n${filler(4)}`,
      ),
      'articles/older.md': article({ title: 'Port traffic falls', date: '2021-03-01', section: 'Business', summary: 'Ships left.' }, 'Fewer ships, said Okonkwo.'),
      'articles/about.md': article({ kind: 'page', title: 'About us' }, 'We print on copal varnish paper since 1851.'),
      'articles/zh.md': article(
        { title: '港口新闻', date: '2023-02-09', slug: 'zh', summary: '概要。' },
        '青岛港今年发展迅速。去年集装箱吞吐量增长了百分之十，山东省的外贸企业受益。明年还会更好。',
      ),
      'articles/ja.md': article({ title: '図書館のお知らせ', date: '2023-02-10', slug: 'ja', summary: '概要。' }, '東京都の図書館は来月から開館時間を延長します。利用者は喜んでいます。'),
      'articles/draft.md': article({ title: 'Secret', date: '2023-01-01', draft: true }, 'Zorblaxian plans.'),
    });
    session = await openSearchPage(dir);
    ({ page, problems, server, browser } = session);
    fetched = session.fetched;
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await session?.close();
  });

  const search = (query: string) => searchFor(page, query);
  const marks = () => page.locator('#search-results li:first-child .search-snippet mark').allInnerTexts();

  it('should find words only in an article body, with the terms marked in a snippet', async () => {
    expect(await search('Marguerite')).toEqual(['Port traffic rises']);
    expect(await marks()).toEqual(['Marguerite']);
    expect(await page.locator('#search-results .search-snippet').first().innerText()).toContain('harbour pilot Marguerite Okonkwo guided the last ship');
    // Both stories: the recent one first on an equal footing.
    expect(await search('okonkwo')).toEqual(['Port traffic rises', 'Port traffic falls']);
    expect(await page.locator('#search-status').innerText()).toBe('2 results for “okonkwo”.');
    // Only the metadata and the buckets of the query's terms, and documents of results shown.
    expect(fetched.every((p) => /\/search-index\/(meta|f-[0-9a-f]+|s-[0-9a-f]+|d\/[0-9a-z]+)\.json$/.test(p))).toBe(true);
  });

  it('should filter by section and year, and keep them in the URL', async () => {
    await search('okonkwo');
    await page.locator('#search-year').selectOption('2021');
    await expect.poll(() => page.locator('#search-results .search-result-title a').allInnerTexts()).toEqual(['Port traffic falls']);
    expect(page.url()).toContain('year=2021');
    await page.locator('#search-year').selectOption('');
    await page.locator('#search-section').selectOption({ label: 'City' });
    await expect.poll(() => page.locator('#search-results .search-result-title a').allInnerTexts()).toEqual(['Port traffic rises']);
    expect(page.url()).toContain('section=City');
    await page.locator('#search-section').selectOption('');
  });

  it('should find a standalone page by its body', async () => {
    expect(await search('copal varnish')).toEqual(['About us']);
    expect(await marks()).toEqual(['copal', 'varnish']);
  });

  it('should find Chinese and Japanese phrases from the middle of a body', async () => {
    expect(await search('集装箱吞吐量')).toEqual(['港口新闻']);
    expect((await marks()).join('')).toContain('集装箱吞吐量');
    expect(await search('開館時間')).toEqual(['図書館のお知らせ']);
    expect((await marks()).join('')).toContain('開館時間');
  });

  it('should answer a query from cached fragments quickly (reported, not asserted)', async () => {
    await search('okonkwo');
    // The fragments are cached now: time a search from submit to the results announced.
    const ms = await page.evaluate(async () => {
      const input = document.getElementById('search-input') as HTMLInputElement;
      const status = document.getElementById('search-status')!;
      const times: number[] = [];
      for (const query of ['marguerite okonkwo', 'okonkwo', 'marguerite okonkwo']) {
        const done = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (status.textContent!.includes(query)) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(status, { childList: true, characterData: true, subtree: true });
        });
        const started = performance.now();
        input.value = query;
        input.form!.requestSubmit();
        await done;
        times.push(performance.now() - started);
      }
      return times;
    });
    console.log(`full-text search: query latency with cached fragments ${ms.map((t) => t.toFixed(1)).join(', ')} ms`);
    expect(ms).toHaveLength(3);
  });

  it('should say so when nothing matches, and never show a draft', async () => {
    expect(await search('nonexistentword')).toEqual([]);
    expect(await page.locator('#search-status').innerText()).toBe('No results for “nonexistentword”.');
    expect(await search('zorblaxian')).toEqual([]);
  });

  it('should search from the header form without script, and be axe-clean', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(server.baseUrl);
    await plain.locator('#site-search-q').fill('Marguerite');
    await plain.locator('#site-search-q').press('Enter');
    await plain.waitForURL(/\/search\/\?q=Marguerite$/);
    await noScript.close();
    // The same address with script runs the search.
    await page.goto(`${server.baseUrl}search/?q=Marguerite`);
    await expect.poll(() => page.locator('#search-status').innerText()).toBe('1 result for “Marguerite”.');
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((v) => `${v.id} ${v.impact}`);
    });
    expect(violations).toEqual([]);
    expect(problems.all()).toEqual([]);
  });
});
