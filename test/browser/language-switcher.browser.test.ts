/**
 * Issue #25: with many languages (the Node.js website has 16) the language switcher is a native
 * disclosure that takes one row on a phone, opens with the keyboard, needs no script and passes axe.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';
import { startStaticServer, type StaticServer } from '../static-server.js';
import { BROWSER_TIMEOUT, launchChromium } from './sample-site.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = require('axe-core').source;

const NAMES: Record<string, string> = {
  en: 'English', ar: 'العربية', ca: 'Català', de: 'Deutsch', es: 'Español', fa: 'فارسی', fr: 'Français', id: 'Bahasa Indonesia',
  ja: '日本語', ko: '한국어', 'pt-BR': 'Português do Brasil', ro: 'Română', ru: 'Русский', tr: 'Türkçe', uk: 'Українська', 'zh-CN': '简体中文',
};

async function build(codes: string[]): Promise<string> {
  const dir = tempDir('gazette-switcher-');
  const languages = Object.fromEntries(codes.map((code) => [code, { name: NAMES[code] }]));
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Node.js', language: 'en', languages }),
    'articles/2024/release.md': article({ title: 'Node.js 22 is out', date: '2024-04-24', slug: 'release' }, 'Text.'),
  });
  const result = await runCli(['build', '--no-cache'], dir);
  expect(result.code, result.stderr).toBe(0);
  return path.join(dir, 'dist');
}

/** Serious and critical axe violations on the page as it is now, as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
}

describe('the language switcher of a site in many languages (Chromium)', { timeout: BROWSER_TIMEOUT }, () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startStaticServer(await build(Object.keys(NAMES)));
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should keep the plain list for a few languages', async () => {
    const out = await build(['en', 'fr', 'de', 'es']);
    const html = readHtml(out, 'index.html');
    expect(html.querySelector('.language-switcher details')).toBeNull();
    expect(html.querySelectorAll('.language-switcher a')).toHaveLength(4);
  });

  it('should take one row on a phone, open with the keyboard over the page, and pass axe', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.baseUrl}2024/04/release/`);
    const box = async () =>
      page.evaluate(() => {
        const rect = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        return { nav: rect('.language-switcher').height, summary: rect('.language-switcher summary').height, mainTop: rect('main').top };
      });
    const closed = await box();
    // One row: the switcher is no taller than its one summary line and the nav's padding.
    expect(closed.nav).toBeLessThan(closed.summary * 2);
    expect(await page.locator('.language-switcher summary').innerText()).toBe('English');
    expect(await page.locator('.language-switcher a[hreflang="de"]').isVisible()).toBe(false);
    expect(await axeProblems(page)).toEqual([]);

    // Keyboard: the summary is focusable and Enter opens it; no script is involved.
    await page.focus('.language-switcher summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('.language-switcher details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const german = page.locator('.language-switcher a[hreflang="de"]');
    expect(await german.isVisible()).toBe(true);
    // Open, it lies over the page (which does not move) and stays inside a phone's width.
    const open = await box();
    expect(open.mainTop).toBe(closed.mainTop);
    const list = await page.locator('.language-switcher-list').boundingBox();
    expect(list!.x).toBeGreaterThanOrEqual(0);
    expect(list!.x + list!.width).toBeLessThanOrEqual(390);
    expect(await axeProblems(page)).toEqual([]);
    await german.click();
    await page.waitForURL(`${server.baseUrl}de/`);
    await page.close();
  });

  it('should open from the other side on a right-to-left page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.baseUrl}ar/`);
    const summary = await page.locator('.language-switcher summary').boundingBox();
    // Right to left: the summary sits at the left end of the row.
    expect(summary!.x).toBeLessThan(390 / 2);
    await page.locator('.language-switcher summary').click();
    const list = await page.locator('.language-switcher-list').boundingBox();
    expect(list!.x).toBeGreaterThanOrEqual(0);
    expect(list!.x + list!.width).toBeLessThanOrEqual(390);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});
