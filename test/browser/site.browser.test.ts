/**
 * The sample site in a real browser (Debian's Chromium through playwright-core), served under /news/
 * the way a static host would: a reader goes from the front page to an article, back, to a tag page,
 * and finds an article with the search page using the keyboard only. No console error, uncaught
 * exception, failed request or HTTP error may happen on the way.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_TIMEOUT,
  buildAndServeSampleSite,
  imageNaturalWidth,
  launchChromium,
  removeSampleSites,
  watchProblems,
  type PageProblems,
  type ServedSite,
} from './sample-site.js';

const SHANDONG_TITLE = "Shandong's Foreign Trade Hits Record 3.33 Trillion Yuan in 2022";
const SHANDONG_PATH = '2023/02/shandong-foreign-trade-record/';
const ZH_SHANDONG_TITLE = '山东外贸进出口总值2022年达3.33万亿元 创历史新高';

describe('the sample site in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let site: ServedSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    site = await buildAndServeSampleSite('/news/');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    problems = watchProblems(context);
    page = await context.newPage();
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.server.close();
    removeSampleSites();
  }, BROWSER_TIMEOUT);

  it('should let a reader browse from the front page to an article, a tag page and search, without errors', async () => {
    const articleUrl = site.baseUrl + SHANDONG_PATH;

    // Front page.
    await page.goto(site.baseUrl);
    await expect.poll(() => page.title()).toContain('The Meridian Gazette');
    const cssApplied = await page.evaluate(() => document.styleSheets.length > 0 && document.styleSheets[0]!.cssRules.length > 0);
    expect(cssApplied, 'the theme stylesheet should load and apply').toBe(true);

    // Front page → article, by clicking its headline.
    const headline = page.locator('main').getByRole('link', { name: SHANDONG_TITLE, exact: true });
    await expect.poll(() => headline.count()).toBe(1);
    await headline.click();
    await page.waitForURL(articleUrl);
    expect((await page.locator('main h1').innerText()).trim()).toBe(SHANDONG_TITLE);
    expect(await page.title()).toContain(SHANDONG_TITLE);
    const leadSrc = await page.locator('figure.lead-image img').getAttribute('src');
    expect(leadSrc).toBe('/news/2023/images/qingdao-port-containers.svg');
    expect(await imageNaturalWidth(page, 'figure.lead-image img'), `lead image ${leadSrc} should load`).toBeGreaterThan(0);
    const tagLinks = page.locator('.article-tags a[rel="tag"]');
    expect(await tagLinks.allInnerTexts()).toEqual(['China', 'Trade', 'Shandong']);

    // Back to the front page.
    await page.goBack();
    await page.waitForURL(site.baseUrl);
    expect(await page.locator('main').getByRole('link', { name: SHANDONG_TITLE, exact: true }).count()).toBe(1);

    // Front page → tags index (header navigation) → the "Shandong" tag page.
    await page.locator('header nav').getByRole('link', { name: 'Tags', exact: true }).click();
    await page.waitForURL(site.baseUrl + 'tags/');
    expect((await page.locator('main h1').innerText()).trim()).not.toBe('');
    await page.locator('main').getByRole('link', { name: /^Shandong\b/ }).click();
    await page.waitForURL(site.baseUrl + 'tags/shandong/');
    expect((await page.locator('main h1').innerText()).trim()).toBe('Shandong');
    const listed = page.locator('main').getByRole('link', { name: SHANDONG_TITLE, exact: true });
    expect(await listed.count()).toBe(1);
    expect(await listed.getAttribute('href')).toBe('/news/' + SHANDONG_PATH);

    // Tag page → search page (header navigation), then keyboard only.
    await page.locator('header nav').getByRole('link', { name: 'Search', exact: true }).click();
    await page.waitForURL(site.baseUrl + 'search/');
    const input = page.getByLabel('Search articles');
    await input.focus();
    await page.keyboard.type('Shandong');
    await page.keyboard.press('Enter');
    const result = page.locator('#search-results').getByRole('link', { name: SHANDONG_TITLE, exact: true });
    await result.waitFor({ state: 'visible' });
    expect(await result.getAttribute('href')).toBe('/news/' + SHANDONG_PATH);
    await expect.poll(() => page.locator('#search-status').innerText()).toMatch(/\d+ results? for “Shandong”/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Shandong');

    // Tab from the search box to the result, then follow it with Enter.
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await result.evaluate((el) => el === document.activeElement);
    }
    expect(reached, 'the search result link should be reachable with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(articleUrl);
    expect((await page.locator('main h1').innerText()).trim()).toBe(SHANDONG_TITLE);

    // Nothing went wrong anywhere on the way.
    await page.waitForLoadState('networkidle');
    expect(problems.all(), `problems in the browser:\n${problems.all().join('\n')}`).toEqual([]);
    const served404 = site.server.requests.filter((r) => r.status >= 400);
    expect(served404, `requests the server could not answer:\n${served404.map((r) => `${r.status} ${r.url}`).join('\n')}`).toEqual([]);
  });

  it('should find the Chinese Shandong story with a Chinese query on the Chinese edition, and switch to its English version (#16)', async () => {
    await page.goto(site.baseUrl + 'zh-CN/search/');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const input = page.getByLabel('搜索文章');
    await input.fill('山东外贸');
    await input.press('Enter');
    const result = page.locator('#search-results').getByRole('link', { name: ZH_SHANDONG_TITLE, exact: true });
    await result.waitFor({ state: 'visible' });
    expect(await result.getAttribute('href')).toBe('/news/zh-CN/' + SHANDONG_PATH);
    await expect.poll(() => page.locator('#search-status').innerText()).toMatch(/找到 \d+ 条与“山东外贸”相关的结果/);
    await result.click();
    await page.waitForURL(site.baseUrl + 'zh-CN/' + SHANDONG_PATH);
    // The language switcher leads to the same story in English.
    await page.locator('.language-switcher').getByRole('link', { name: 'English', exact: true }).click();
    await page.waitForURL(site.baseUrl + SHANDONG_PATH);
    expect((await page.locator('main h1').innerText()).trim()).toBe(SHANDONG_TITLE);
    expect(problems.all(), `problems in the browser:\n${problems.all().join('\n')}`).toEqual([]);
  });
});
