/**
 * Issue #16: the search page finds Chinese words inside sentences, where no space separates them,
 * and ranks exact matches first. A small Chinese site is built and searched in Chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, openSearchPage, searchFor, type PageProblems, type SearchPage } from './sample-site.js';

const TRADE = '山东外贸进出口创历史新高';
const PORT = '青岛港集装箱吞吐量增长';
const WEATHER = '北京明天有雨';
const CARS = '新能源汽车出口创纪录';
/** Thai, also written without spaces between words: "The government helps farmers". */
const THAI = 'รัฐบาลช่วยเกษตรกร';
/** One run of Chinese with no punctuation, longer than the longest word the index keeps (40). */
const CARS_SENTENCE = '新能源汽车出口大幅上升带动了整个地区经济发展同时电池产业继续保持快速扩张势头并且创下多项纪录';

describe('search of Chinese text in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let session: SearchPage | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const dir = tempDir('gazette-cjk-search-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: '子午线报', language: 'zh-CN', timezone: 'Asia/Shanghai' }),
      'articles/trade.md': article(
        { title: TRADE, date: '2023-02-09', slug: 'trade', tags: ['山东'] },
        '山东省2022年外贸进出口总值3.33万亿元，比上年增长13.8%，规模创历史新高。',
      ),
      'articles/port.md': article(
        { title: PORT, date: '2023-02-08', slug: 'port' },
        '青岛港去年集装箱吞吐量增长，山东省的外贸企业受益。',
      ),
      'articles/weather.md': article({ title: WEATHER, date: '2023-02-07', slug: 'weather' }, '北京市气象台预报明天有小雨。'),
      'articles/thai.md': article(
        { title: THAI, date: '2023-02-05', slug: 'thai' },
        'รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วมในภาคเหนือ',
      ),
      'articles/cars.md': article({ title: CARS, date: '2023-02-06', slug: 'cars' }, `${CARS_SENTENCE}。`),
    });
    session = await openSearchPage(dir);
    ({ page, problems } = session);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await session?.close();
  });

  const search = (query: string) => searchFor(page, query);

  it('should find a Chinese word inside a sentence, exact matches first', async () => {
    // "外贸" stands inside both articles' sentences; the one with it in its title comes first.
    expect(await search('外贸')).toEqual([TRADE, PORT]);
    // "山东外贸" as written is in the trade story's title; the port story has "山东省的外贸": most of the
    // query's character pairs, so it is found too, after the exact match.
    expect(await search('山东外贸')).toEqual([TRADE, PORT]);
    // "青岛集装箱" is written nowhere as such; three of its four pairs are in the port story only.
    expect(await search('青岛集装箱')).toEqual([PORT]);
    expect(await search('明天')).toEqual([WEATHER]);
    expect(await search('上海')).toEqual([]);
    expect(problems.all()).toEqual([]);
  });

  it('should show a two-character word in its sentence, marked, as it does a longer query', async () => {
    // A query of two characters is one pair, which the page once looked for as a word standing
    // alone in the text: inside a sentence it found none, and showed the summary, unmarked.
    expect(await search('明天')).toEqual([WEATHER]);
    const result = page.locator('#search-results li').first();
    expect(await result.locator('.search-snippet mark').allInnerTexts()).toEqual(['明天']);
    expect(await result.locator('.search-result-summary').count()).toBe(0);
    expect(problems.all()).toEqual([]);
  });

  it('should find a Thai word inside a phrase, as it does Chinese', async () => {
    // A Thai phrase, unspaced, was one long "word": the body was not indexed at all, and the title
    // only as a whole, so "farmers" found nothing.
    expect(await search('เกษตรกร')).toEqual([THAI]);
    expect(await search('น้ำท่วม')).toEqual([THAI]);
    expect(await page.locator('#search-results li').first().locator('.search-snippet mark').allInnerTexts()).toEqual(['น้ำท่วม']);
    expect(problems.all()).toEqual([]);
  });

  it('should say nothing while a query with nothing to look for is being typed', async () => {
    // Its own page, with a clock the test moves: the search runs once typing has paused.
    const typing = await session!.browser.newPage();
    try {
      await typing.clock.install();
      await typing.goto(`${session!.server.baseUrl}search/`);
      await typing.locator('#search-input').fill('“');
      await typing.clock.runFor(1000);
      // A lone opening quote is no query yet: no "No results" announced for it.
      expect(await typing.locator('#search-status').innerText()).toBe('');
      await typing.locator('#search-input').press('Enter');
      await expect.poll(() => typing.locator('#search-status').innerText()).toBe('没有找到与““”相关的结果。');
    } finally {
      await typing.close();
    }
  });

  it('should find a sentence of more than 40 characters pasted whole, and say so when nothing can match', async () => {
    expect(CARS_SENTENCE.length).toBeGreaterThan(40);
    // The build indexes a run of Chinese by its pairs whatever its length; the page once dropped a
    // run longer than a word may be, and showed nothing at all, not even "No results".
    expect(await search(CARS_SENTENCE)).toEqual([CARS]);
    // Nothing searchable in the query: "No results", not an empty page.
    expect(await search('！？')).toEqual([]);
    await expect.poll(() => page.locator('#search-status').innerText()).toBe('没有找到与“！？”相关的结果。');
    expect(problems.all()).toEqual([]);
  });
});
