/**
 * Issue #14: the sample site's video embed in Chromium. Until the reader clicks, the page asks
 * nothing of the video host; the click turns the link into the privacy-enhanced player.
 */
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT, buildAndServeSampleSite, launchChromium, removeSampleSites, type ServedSite } from './sample-site.js';

const ARTICLE = '2022/08/valmont-transit-open-data/';

describe('the video embed in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
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

  it('should load nothing from the video host until clicked, then show its privacy-enhanced player', async () => {
    const context = await browser.newContext();
    const requests: string[] = [];
    const record = (request: Request) => requests.push(request.url());
    context.on('request', record);
    // Nothing leaves the machine: the player's address is answered with an empty page.
    await context.route(/^https:\/\//, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>player</title>' }));
    const page = await context.newPage();
    await page.goto(site.baseUrl + ARTICLE, { waitUntil: 'load' });
    await page.locator('a.video-link').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    expect(requests.filter((url) => !url.startsWith(site.baseUrl))).toEqual([]);
    expect(await page.locator('.video-frame iframe').count()).toBe(0);

    await page.getByRole('link', { name: /Play video: How Valmont's live bus feed works/ }).click();
    const frame = page.locator('.video-frame iframe');
    await expect.poll(() => frame.count()).toBe(1);
    expect(await frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1');
    expect(await frame.getAttribute('title')).toBe("How Valmont's live bus feed works");
    expect(page.url()).toBe(site.baseUrl + ARTICLE);
    await context.close();
  });
});
