/**
 * Accessibility of the sample site's main kinds of pages, checked with axe-core in Chromium.
 * Violations of impact 'serious' or 'critical' fail the test; the message lists rule, impact,
 * help text and the offending elements.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT, buildAndServeSampleSite, launchChromium, removeSampleSites, serveInChromium, type ServedSite, type SiteInChromium } from './sample-site.js';
import { article, buildCuratedSite, runCli, tempDir, writeFiles } from '../helpers.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = require('axe-core').source;

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Run axe on the page as it is now and return its violations. */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

function describeViolations(where: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} serious/critical accessibility violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target.map(String).join(' > ')}: ${n.html.slice(0, 200)}`);
      if (n.failureSummary) lines.push(`      ${n.failureSummary.replace(/\n/g, '\n      ')}`);
    }
  }
  return lines.join('\n');
}

const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

const PAGES: Array<[name: string, path: string]> = [
  ['the front page', ''],
  ['the Shandong article', '2023/02/shandong-foreign-trade-record/'],
  ['an article with a task list', '2024/06/valmont-heatwave-checklist/'],
  ['an article with a table', '2024/01/council-backs-open-roof-stadium/'],
  ['an article with highlighted code, a fact box, a pull quote and a video (issue #14)', '2022/08/valmont-transit-open-data/'],
  ['a tag page', 'tags/shandong/'],
  ['the tags index', 'tags/'],
  ['the search page', 'search/'],
  ['the Chinese front page', 'zh-CN/'],
  ['the Chinese Shandong article', 'zh-CN/2023/02/shandong-foreign-trade-record/'],
  ['the Chinese search page', 'zh-CN/search/'],
  ['the live blog', '2024/10/storm-ilse-live/'],
];

describe('accessibility of the sample site (axe-core in Chromium)', { timeout: BROWSER_TIMEOUT }, () => {
  let site: ServedSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    site = await buildAndServeSampleSite('/news/');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.server.close();
    removeSampleSites();
  }, BROWSER_TIMEOUT);

  it('should have test pages that exist', async () => {
    // Guard against checking 404 pages by mistake if the sample articles move.
    for (const [, rel] of PAGES) {
      const response = await page.request.get(site.baseUrl + rel);
      expect(response.status(), rel).toBe(200);
    }
  });

  it.each(PAGES)('should have no serious or critical violations on %s (/news/%s)', async (name, rel) => {
    const url = site.baseUrl + rel;
    await page.goto(url, { waitUntil: 'load' });
    const violations = serious(await runAxe(page));
    expect(violations.length, describeViolations(`${name} (${url})`, violations)).toBe(0);
  });

  it('should have no serious or critical violations on the search page showing results', async () => {
    await page.goto(site.baseUrl + 'search/', { waitUntil: 'load' });
    await page.getByLabel('Search articles').fill('Shandong');
    await page.keyboard.press('Enter');
    await page.locator('#search-results a').first().waitFor({ state: 'visible' });
    const violations = serious(await runAxe(page));
    expect(violations.length, describeViolations('the search page with results for "Shandong"', violations)).toBe(0);
  });

  it('should have no serious or critical violations on the not-found page', async () => {
    const response = await page.goto(site.baseUrl + 'no-such-page/', { waitUntil: 'load' });
    expect(response?.status()).toBe(404);
    const violations = serious(await runAxe(page));
    expect(violations.length, describeViolations('the 404 page', violations)).toBe(0);
  });
});

describe('accessibility of the breaking-news banner and a curated front page (axe-core in Chromium)', { timeout: BROWSER_TIMEOUT }, () => {
  let served: SiteInChromium;

  beforeAll(async () => {
    const site = await buildCuratedSite();
    served = await serveInChromium(path.join(site, 'dist'));
  }, BROWSER_TIMEOUT);

  afterAll(() => served?.close(), BROWSER_TIMEOUT);

  it.each([['the front page', ''], ['an article page', '2024/01/s3/']])('should have no serious or critical violations on %s', async (name, rel) => {
    const context = await served.browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(served.server.baseUrl + rel, { waitUntil: 'load' });
    expect(await page.getByRole('region', { name: 'Breaking news' }).getByRole('link').textContent()).toBe('Storm warning for the coast');
    const violations = serious(await runAxe(page));
    expect(violations.length, describeViolations(name, violations)).toBe(0);
    await context.close();
  });

  it('should move only for readers whose system allows motion', async () => {
    const animation = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await served.browser.newContext({ reducedMotion });
      const page = await context.newPage();
      await page.goto(served.server.baseUrl, { waitUntil: 'load' });
      const name = await page.evaluate(() => getComputedStyle(document.querySelector('.breaking-news-label')!, '::before').animationName);
      await context.close();
      return name;
    };
    expect(await animation('reduce')).toBe('none');
    expect(await animation('no-preference')).toBe('breaking-pulse');
  });
});

describe('accessibility of a live blog offering new updates (axe-core in Chromium)', { timeout: BROWSER_TIMEOUT }, () => {
  it('should have no serious or critical violations with the "new updates" button shown, and after showing them', async () => {
    const site = tempDir('gazette-a11y-live-');
    const source = path.join(site, 'articles/vote.md');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily' }),
      'articles/vote.md': article({ title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', coverageEnd: '2099-01-01T00:00' }, 'Intro.\n\n## 18:05 Polls close\n\nClosed.\n'),
    });
    const build = async () => {
      const result = await runCli(['build'], site);
      expect(result.code, result.stderr).toBe(0);
    };
    await build();
    const live = await serveInChromium(path.join(site, 'dist'));
    try {
      const page = await (await live.browser.newContext()).newPage();
      await page.clock.install();
      await page.goto(live.server.baseUrl + '2024/03/vote/', { waitUntil: 'load' });
      fs.appendFileSync(source, '\n## 19:00 First seat\n\nDeclared.\n\n## 19:10 Second seat\n\nDeclared too.\n');
      await build();
      await page.clock.runFor(30_000);
      const button = page.getByRole('button', { name: 'Show 2 new updates' });
      await button.waitFor({ state: 'visible' });
      expect(serious(await runAxe(page)).length, describeViolations('the live blog with its button', serious(await runAxe(page)))).toBe(0);
      await button.press('Enter');
      await page.locator('#update-20240301-1910').waitFor();
      expect(serious(await runAxe(page)).length, describeViolations('the live blog after showing the updates', serious(await runAxe(page)))).toBe(0);
    } finally {
      await live.close();
    }
  });
});

describe('accessibility on a phone: the section strip, thumbnails, share block and author links (axe-core in Chromium at 390 px)', { timeout: BROWSER_TIMEOUT }, () => {
  let site: ServedSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    site = await buildAndServeSampleSite('/news/');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    // The copy-link button shows only where the page may write to the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.baseUrl).origin });
    page = await context.newPage();
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.server.close();
    removeSampleSites();
  }, BROWSER_TIMEOUT);

  it.each([
    ['the front page', ''],
    ['a section page', 'section/sport/'],
    ['an article with its share block', '2023/02/shandong-foreign-trade-record/'],
    ['an author page', 'authors/lin-meiying/'],
    ['the Chinese article', 'zh-CN/2023/02/shandong-foreign-trade-record/'],
  ])('should have no serious or critical violations on %s (/news/%s)', async (name, rel) => {
    await page.goto(site.baseUrl + rel, { waitUntil: 'load' });
    if (rel.includes('shandong')) expect(await page.locator('[data-share-copy]').isVisible()).toBe(true);
    const violations = serious(await runAxe(page));
    expect(violations.length, describeViolations(`${name} at 390 px`, violations)).toBe(0);
  });
});
