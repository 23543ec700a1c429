/**
 * A live blog in a real browser (Debian's Chromium through playwright-core): after an update is
 * posted and the site rebuilt, the open page says how many updates are new and shows them when
 * asked, without reloading; new updates move only for readers whose system allows motion; and
 * without JavaScript the page is a plain page of updates.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, serveInChromium, type SiteInChromium } from './sample-site.js';

describe('a live blog in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let site: string;
  let served: SiteInChromium;
  const source = () => path.join(site, 'articles/vote.md');
  const build = async () => {
    const result = await runCli(['build'], site);
    expect(result.code, result.stderr).toBe(0);
  };
  const ids = (page: Page) => page.locator('.live-updates > .live-update').evaluateAll((els) => els.map((e) => e.id));

  beforeAll(async () => {
    site = tempDir('gazette-live-');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', timezone: 'UTC' }),
      'articles/vote.md': article(
        { title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', coverageEnd: '2099-01-01T00:00' },
        'Follow the count.\n\n## 18:05 Polls close\n\nThe last stations closed.\n\n## 18:30 Turnout\n\nHigh.\n',
      ),
    });
    await build();
    served = await serveInChromium(path.join(site, 'dist'));
  }, BROWSER_TIMEOUT);

  afterAll(() => served?.close(), BROWSER_TIMEOUT);

  it('should offer the updates posted since the page opened, and show them when asked, without reloading', async () => {
    const context = await served.browser.newContext({ reducedMotion: 'no-preference' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // The page's clock is the test's: the page asks for updates when 30 seconds have passed, not before.
    await page.clock.install();
    await page.goto(served.server.baseUrl + '2024/03/vote/', { waitUntil: 'load' });
    expect(await ids(page)).toEqual(['update-20240301-1830', 'update-20240301-1805']);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const asked = () => page.waitForResponse((r) => r.url().endsWith('/2024/03/vote/updates.json'));

    // Nothing new yet: no notice.
    let answer = asked();
    await page.clock.runFor(30_000);
    await answer;
    expect(await page.locator('.live-blog-notice button').count()).toBe(0);

    fs.appendFileSync(source(), '\n## 19:00 First seat\n\nDeclared.\n\n## 19:10 Second seat\n\nAlso declared.\n\n## 19:20 Third seat\n\nAnd another.\n');
    await build();
    answer = asked();
    await page.clock.runFor(30_000);
    await answer;
    const button = page.getByRole('button', { name: 'Show 3 new updates' });
    await button.waitFor({ state: 'visible' });
    // Announced politely, and not yet pushed into what the reader is reading.
    expect(await page.locator('.live-blog-notice').getAttribute('aria-live')).toBe('polite');
    expect(await ids(page)).toEqual(['update-20240301-1830', 'update-20240301-1805']);

    await button.click();
    expect(await ids(page)).toEqual(['update-20240301-1920', 'update-20240301-1910', 'update-20240301-1900', 'update-20240301-1830', 'update-20240301-1805']);
    expect(await page.locator('.live-blog-notice button').count()).toBe(0);
    // Keyboard users land on the newest update; the page never reloaded.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('update-20240301-1920');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await page.locator('#update-20240301-1920 .live-update-title').innerText()).toBe('Third seat');
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('update-20240301-1920')!).animationName)).toBe('live-update-fade');

    // A singular notice for one more.
    fs.appendFileSync(source(), '\n## 19:30 Fourth seat\n\nOne more.\n');
    await build();
    answer = asked();
    await page.clock.runFor(30_000);
    await answer;
    await page.getByRole('button', { name: 'Show 1 new update' }).waitFor({ state: 'visible' });
    await context.close();
  });

  it('should not animate new updates for readers who ask for reduced motion', async () => {
    const context = await served.browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(served.server.baseUrl + '2024/03/vote/', { waitUntil: 'load' });
    const name = await page.evaluate(() => {
      const update = document.querySelector('.live-update')!;
      update.classList.add('live-update-new');
      return getComputedStyle(update).animationName;
    });
    expect(name).toBe('none');
    await context.close();
  });

  it('should stop asking once coverage has ended', async () => {
    const context = await served.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.clock.install();
    await page.goto(served.server.baseUrl + '2024/03/vote/', { waitUntil: 'load' });
    fs.writeFileSync(source(), fs.readFileSync(source(), 'utf8').replace('coverageEnd: "2099-01-01T00:00"', 'coverageEnd: "2024-03-02T00:00"'));
    await build();
    const answer = page.waitForResponse((r) => r.url().endsWith('/updates.json'));
    await page.clock.runFor(30_000);
    expect(await (await answer).json()).toMatchObject({ live: false });
    let more = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/updates.json')) more++;
    });
    await page.clock.runFor(120_000);
    await page.waitForTimeout(500);
    expect(more).toBe(0);
    await context.close();
  });

  it('should be a plain page of updates without JavaScript', async () => {
    const context = await served.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(served.server.baseUrl + '2024/03/vote/', { waitUntil: 'load' });
    expect((await ids(page)).length).toBeGreaterThanOrEqual(2);
    await page.locator('.live-update-time').first().click();
    expect(new URL(page.url()).hash).toMatch(/^#update-/);
    await context.close();
  });
});
