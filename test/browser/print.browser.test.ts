/**
 * Printing an article in a real browser (Debian's Chromium through playwright-core): the paper shows
 * the story, not the controls of the screen around it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, serveInChromium, type SiteInChromium } from './sample-site.js';

describe('a printed article in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let served: SiteInChromium;

  beforeAll(async () => {
    const site = tempDir('gazette-print-');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC' }),
      'articles/2024/budget.md': article({ title: 'Budget passes', date: '2024-03-01T09:00', section: 'Politics' }, 'The council voted.\n'),
      'articles/2024/storm.md': article({ title: 'Storm warning', date: '2024-03-02T09:00', breaking: true, breakingUntil: '2099-01-01' }, 'Stay inside.\n'),
    });
    const result = await runCli(['build', '--now', '2024-03-03T00:00:00Z'], site);
    expect(result.code, result.stderr).toBe(0);
    served = await serveInChromium(path.join(site, 'dist'));
  }, BROWSER_TIMEOUT);

  afterAll(() => served?.close(), BROWSER_TIMEOUT);

  it("should print the story and its address, without the header's search box or another story's breaking banner", async () => {
    const page = await served.browser.newPage();
    await page.goto(served.server.baseUrl + '2024/03/budget/', { waitUntil: 'load' });
    const shown = (selector: string) => page.locator(selector).first().isVisible();
    // On screen, both are there.
    expect(await shown('.site-search')).toBe(true);
    expect(await shown('.breaking-news')).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await shown('.article-title')).toBe(true);
    expect(await shown('.canonical-note')).toBe(true);
    expect(await shown('.site-search')).toBe(false);
    expect(await shown('.breaking-news')).toBe(false);
    expect(await shown('.site-nav')).toBe(false);
    await page.close();
  });
});
