/**
 * Issue #16: a right-to-left site (Arabic) is laid out mirrored. The headline's ink, measured on a
 * screenshot of the headline's box, sits at the right where an English page's sits at the left; the
 * blockquote rule and the navigation follow the reading direction too.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { startStaticServer, type StaticServer } from '../static-server.js';
import { BROWSER_TIMEOUT, launchChromium } from './sample-site.js';

interface Layout {
  dir: string;
  /** Where the dark pixels of the headline's screenshot are, from 0 (left edge) to 1 (right edge). */
  inkCentre: number;
  quoteRule: { left: string; right: string };
  /** x of the first and second section links in the header. */
  navX: [number, number];
}

async function build(language: string, title: string, sections: [string, string]): Promise<{ server: StaticServer; url: string }> {
  const dir = tempDir('gazette-rtl-');
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Meridian', language }),
    'articles/a.md': article({ title, date: '2023-02-09', section: sections[0], slug: 'a' }, '> A quoted line.\n\nText.'),
    'articles/b.md': article({ title: 'b', date: '2023-02-08', section: sections[1], slug: 'b' }, 'Text.'),
  });
  const out = path.join(dir, 'dist');
  const result = await runCli(['build', '--out', out], dir);
  expect(result.code, result.stderr).toBe(0);
  const server = await startStaticServer(out);
  return { server, url: `${server.baseUrl}2023/02/a/` };
}

async function layoutOf(page: Page, url: string): Promise<Layout> {
  await page.goto(url);
  const shot = await page.locator('h1.article-title').screenshot();
  const inkCentre = await page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let count = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 110) {
          sum += x;
          count++;
        }
      }
    }
    return count ? sum / count / width : -1;
  }, shot.toString('base64'));
  return page.evaluate((ink) => {
    const quote = getComputedStyle(document.querySelector('.article-body blockquote')!);
    const links = [...document.querySelectorAll('.site-nav-list a')].map((a) => a.getBoundingClientRect().x);
    return {
      dir: document.documentElement.dir,
      inkCentre: ink,
      quoteRule: { left: quote.borderLeftWidth, right: quote.borderRightWidth },
      navX: [links[0]!, links[1]!] as [number, number],
    };
  }, inkCentre);
}

describe('a right-to-left site in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let browser: Browser;
  const servers: StaticServer[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('should mirror the layout of an Arabic page', async () => {
    const english = await build('en', 'Port opens', ['Business', 'World']);
    const arabic = await build('ar', 'الميناء يفتح', ['اقتصاد', 'عالم']);
    servers.push(english.server, arabic.server);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });

    const ltr = await layoutOf(page, english.url);
    const rtl = await layoutOf(page, arabic.url);

    expect(ltr.dir).toBe('ltr');
    expect(rtl.dir).toBe('rtl');
    // A short headline: its ink is in the left quarter of its box in English, the right quarter in Arabic.
    expect(ltr.inkCentre).toBeGreaterThan(0);
    expect(ltr.inkCentre).toBeLessThan(0.25);
    expect(rtl.inkCentre).toBeGreaterThan(0.75);
    expect(ltr.quoteRule).toEqual({ left: '4px', right: '0px' });
    expect(rtl.quoteRule).toEqual({ left: '0px', right: '4px' });
    // Sections run in the reading direction.
    expect(ltr.navX[0]).toBeLessThan(ltr.navX[1]);
    expect(rtl.navX[0]).toBeGreaterThan(rtl.navX[1]);
  });

  it('should keep inline code and addresses left to right inside Arabic text (issue #25)', async () => {
    const dir = tempDir('gazette-rtl-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Meridian', language: 'ar' }),
      'articles/a.md': article({ title: 'الفريق', date: '2023-02-09', slug: 'a' }, 'يتابع الفريق `@node-core` ويستدعي `child_process.fork()` كل يوم. انظر https://nodejs.org/en/ للمزيد.'),
    });
    const out = path.join(dir, 'dist');
    const result = await runCli(['build', '--out', out], dir);
    expect(result.code, result.stderr).toBe(0);
    const server = await startStaticServer(out);
    servers.push(server);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.baseUrl}2023/02/a/`);
    // The x of each character of each code span, as laid out: left to right means increasing.
    const xs = await page.evaluate(() =>
      [...document.querySelectorAll('.article-body code, .article-body a')].map((code) => {
        const text = code.firstChild as Text;
        return [...text.data].map((_, i) => {
          const range = document.createRange();
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          return range.getBoundingClientRect().x;
        });
      }),
    );
    expect(xs).toHaveLength(3);
    for (const positions of xs) {
      // '@' before 'node-core', '()' after 'fork', and the URL's last '/' after 'en'.
      for (let i = 1; i < positions.length; i++) expect(positions[i]!, `character ${i}`).toBeGreaterThan(positions[i - 1]!);
    }
    await page.close();
  });
});
