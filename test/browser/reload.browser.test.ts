/**
 * Live reload in a real browser (Debian's Chromium through playwright-core): a page served by
 * `gazette serve` reloads by itself after the article is saved, shows an overlay with the error
 * while the article is broken, and loses the overlay once it is fixed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, launchChromium } from './sample-site.js';

const BIN = path.join(ROOT, 'bin', 'gazette.js');

/** `gazette serve` in a child process; resolves with the URL it announces. */
function startServe(cwd: string, args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gazette serve did not start:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /serving (?:\S+ )?on (http:\/\/\S+)/i.exec(output);
      if (match && /^Watching /m.test(output)) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`gazette serve exited with ${code}:\n${output}`)));
  });
}

describe('live reload in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let site: string;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let browser: Browser;
  let page: Page;
  const source = () => path.join(site, 'articles/2023/story.md');
  const save = (title: string, date = '2023-05-04') => fs.writeFileSync(source(), article({ title, date, tags: ['City'] }, 'The body.'));

  beforeAll(async () => {
    site = tempDir('gazette-reload-');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Reload Gazette' }),
      'articles/2023/story.md': article({ title: 'First headline', date: '2023-05-04', tags: ['City'] }, 'The body.'),
      'articles/2023/other.md': article({ title: 'Other story', date: '2023-01-02' }, 'Other body.'),
    });
    serve = await startServe(site, ['--port', '0', '--base-url', '/news/']);
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.child.exitCode === null) {
      const closed = new Promise((resolve) => serve.child.on('close', resolve));
      serve.child.kill('SIGINT');
      await closed;
    }
  }, BROWSER_TIMEOUT);

  /** Open `url` and wait until its live-reload stream is connected. */
  async function open(url: string): Promise<void> {
    const connected = page.waitForResponse((res) => res.url().endsWith('/__gazette/events') && res.status() === 200);
    await page.goto(url);
    await connected;
  }

  it('should reload the open page after the article is saved', async () => {
    await open(serve.url + '2023/05/story/');
    expect((await page.locator('main h1').innerText()).trim()).toBe('First headline');
    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));

    save('Second headline');
    await page.waitForFunction(
      () => !(window as unknown as { beforeReload?: boolean }).beforeReload && document.querySelector('main h1')?.textContent?.trim() === 'Second headline',
      undefined,
      { polling: 50 },
    );
  });

  it('should show the error in an overlay while the article is broken, and drop it once fixed', async () => {
    // Wait for the reloaded page's event stream (the previous test's reload) before breaking the article.
    await open(serve.url + '2023/05/story/');
    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));

    save('Broken <b>headline</b>', '2023-02-31');
    const overlay = page.locator('#gazette-error-overlay');
    await overlay.waitFor({ state: 'visible' });
    const text = await overlay.innerText();
    expect(text).toContain('articles/2023/story.md:3:7: error');
    // The error text is shown as text, never parsed as HTML.
    expect(text).toContain('Broken <b>headline</b>');
    expect(await overlay.locator('b').count()).toBe(0);
    expect(await overlay.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    // The page itself was not reloaded: it still shows the last good build.
    expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBe(true);
    expect((await page.locator('main h1').innerText()).trim()).toBe('Second headline');

    save('Fixed headline');
    await page.waitForFunction(
      () =>
        !(window as unknown as { beforeReload?: boolean }).beforeReload &&
        document.querySelector('main h1')?.textContent?.trim() === 'Fixed headline' &&
        !document.getElementById('gazette-error-overlay'),
      undefined,
      { polling: 50 },
    );
  });
});
