/**
 * The sample site on a phone (390 CSS px, Chromium): the sections are one strip with the current one
 * in view, nothing is wider than the screen, lists show small pictures beside their headlines and the
 * lead alone a large one. And sharing: the share links ask nothing of any network before a click
 * (every request the page makes is recorded), the copy-link button copies the address, and without
 * script the plain links remain.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT, buildAndServeSampleSite, launchChromium, removeSampleSites, watchProblems, type PageProblems, type ServedSite } from './sample-site.js';

const PAGES: Array<[name: string, path: string]> = [
  ['the front page', ''],
  ['a section page', 'section/sport/'],
  ['an article', '2023/02/shandong-foreign-trade-record/'],
  ['an author page', 'authors/lin-meiying/'],
  ['the Chinese front page', 'zh-CN/'],
  ['the archive', 'archive/'],
];

/** How the section strip lies: its items' tops, its inner height and its items' heights, and the current item against the strip. */
async function strip(page: Page) {
  return page.evaluate(() => {
    const list = document.querySelector('.site-nav-list') as HTMLElement;
    const style = getComputedStyle(list);
    const items = [...list.querySelectorAll(':scope > li')].map((li) => li.getBoundingClientRect());
    const box = list.getBoundingClientRect();
    const current = list.querySelector('[aria-current="page"]')?.getBoundingClientRect() ?? null;
    return {
      tops: [...new Set(items.map((r) => Math.round(r.top)))],
      innerHeight: list.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
      itemHeights: items.map((r) => r.height),
      scrolls: list.scrollWidth > list.clientWidth,
      currentInView: current ? current.left >= box.left - 1 && current.right <= box.right + 1 : null,
      firstInView: items[0]!.left >= box.left - 1,
    };
  });
}

describe('the sample site on a phone (Chromium at 390 px)', { timeout: BROWSER_TIMEOUT }, () => {
  let site: ServedSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    site = await buildAndServeSampleSite('/news/');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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

  it.each(PAGES)('should keep %s (/news/%s) within the screen, its sections on one row', async (name, rel) => {
    await page.goto(site.baseUrl + rel, { waitUntil: 'load' });
    const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(width.page, `${name} is wider than the screen`).toBeLessThanOrEqual(width.viewport);
    const nav = await strip(page);
    expect(nav.tops, 'every section on the same row').toHaveLength(1);
    for (const height of nav.itemHeights) expect(Math.abs(nav.innerHeight - height), 'the strip is one item high').toBeLessThan(1);
    expect(problems.all()).toEqual([]);
  });

  it('should scroll the strip, not the page, to the current section when it is off screen', async () => {
    // Sport comes last of the sections: past the screen's edge at 390 px.
    await page.goto(site.baseUrl + 'section/sport/', { waitUntil: 'load' });
    const nav = await strip(page);
    expect(nav.scrolls, 'the strip is wider than the screen here').toBe(true);
    expect(nav.currentInView).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // The front page has no current section: the strip starts at its start.
    await page.goto(site.baseUrl, { waitUntil: 'load' });
    expect((await strip(page)).firstInView).toBe(true);
  });

  it('should show small pictures beside the headlines in lists, and the lead alone with a large one', async () => {
    await page.goto(site.baseUrl + 'section/business/', { waitUntil: 'load' });
    const cards = await page.locator('.story-list .card.has-image').evaluateAll((list) =>
      list.map((card) => {
        const image = card.querySelector('.card-image')!.getBoundingClientRect();
        const title = card.querySelector('.card-title')!.getBoundingClientRect();
        return { imageWidth: image.width, beside: image.left >= title.right && image.top < title.bottom };
      }),
    );
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) {
      expect(card.beside, 'the picture sits beside the headline').toBe(true);
      expect(card.imageWidth).toBeLessThanOrEqual(120);
    }

    await page.goto(site.baseUrl, { waitUntil: 'load' });
    const lead = await page.locator('.lead-story .card-image').first().evaluate((el) => el.getBoundingClientRect().width);
    expect(lead).toBeGreaterThan(300);
    const grid = await page.locator('.card-grid .card.has-image').evaluateAll((list) =>
      list.map((card) => {
        const image = card.querySelector('.card-image')!.getBoundingClientRect();
        const title = card.querySelector('.card-title')!.getBoundingClientRect();
        return image.left >= title.right && image.width <= 120;
      }),
    );
    expect(grid.length).toBeGreaterThan(0);
    expect(grid.every(Boolean)).toBe(true);
  });

  it('should name an author\'s profile links, with the theme\'s inline icons', async () => {
    await page.goto(site.baseUrl + 'authors/lin-meiying/', { waitUntil: 'load' });
    const links = page.locator('.author-links a');
    expect(await links.allInnerTexts()).toEqual(['lin.meiying@gazette.example.org', 'Mastodon']);
    expect(await page.locator('.author-links a[rel="me"]').getAttribute('href')).toBe('https://social.example.org/@linmeiying');
    expect(await page.locator('.author-links svg.icon').count()).toBe(2);
  });
});

describe('share links in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let site: ServedSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await buildAndServeSampleSite('/news/');
    browser = await launchChromium();
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await site?.server.close();
    removeSampleSites();
  }, BROWSER_TIMEOUT);

  const ARTICLE = '2023/02/shandong-foreign-trade-record/';

  it('should make no request beyond the site before a click, and copy the address with the copy-link button', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const origin = new URL(site.baseUrl).origin;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    await page.goto(site.baseUrl + ARTICLE, { waitUntil: 'networkidle' });
    const share = page.getByRole('region', { name: 'Share this article' });
    // The sample site's list (gazette.config.json "share").
    expect(await share.getByRole('link').allInnerTexts()).toEqual(['Email', 'X', 'Facebook', 'LinkedIn', 'WhatsApp', 'Bluesky', 'Weibo']);
    expect(await share.getByRole('link', { name: 'Facebook' }).getAttribute('href')).toBe(
      `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(site.baseUrl + ARTICLE)}`,
    );
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);

    // The share sheet only where the browser has one.
    const hasShare = await page.evaluate(() => typeof navigator.share === 'function');
    expect(await share.getByRole('button', { name: 'Share…' }).isVisible()).toBe(hasShare);

    await share.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => share.getByRole('status').innerText()).toBe('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(site.baseUrl + ARTICLE);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    await context.close();
  });

  it('should keep the plain links and hide the buttons without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.baseUrl + ARTICLE, { waitUntil: 'load' });
    const share = page.getByRole('region', { name: 'Share this article' });
    expect(await share.getByRole('link').count()).toBe(7);
    expect(await share.getByRole('link', { name: 'Email' }).isVisible()).toBe(true);
    expect(await page.locator('[data-share-copy]').isVisible()).toBe(false);
    expect(await page.locator('[data-share-native]').isVisible()).toBe(false);
    await context.close();
  });
});
