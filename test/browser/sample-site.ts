/**
 * Shared set-up for the browser tests and the HTML validation test: build the repository's sample
 * site (articles/ + gazette.config.json) into a temp folder, serve it, and launch Debian's Chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request, Response } from 'playwright-core';
import { chromium } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { startStaticServer, type StaticServer } from '../static-server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Generous limit for anything that builds a site or drives a browser. */
export const BROWSER_TIMEOUT = 120_000;

/** Folders made by this module; removed by removeSampleSites(). */
const madeDirs: string[] = [];

/**
 * Remove every folder the builds above made. helpers.ts removes its temp folders on process exit,
 * but vitest's workers do not always get to run exit handlers, so call this in afterAll.
 */
export function removeSampleSites(): void {
  for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Build the sample site into a fresh temp folder (or `out`), with --base-url `baseUrl` when given;
 * returns the output folder.
 */
export async function buildSampleSite(baseUrl?: string, out?: string): Promise<string> {
  const cwd = tempDir('gazette-sample-');
  madeDirs.push(cwd);
  fs.cpSync(path.join(ROOT, 'articles'), path.join(cwd, 'articles'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'gazette.config.json'), path.join(cwd, 'gazette.config.json'));
  const target = out ?? path.join(cwd, 'dist');
  const args = ['build', '--out', target, ...(baseUrl ? ['--base-url', baseUrl] : [])];
  const result = await runCli(args, cwd);
  if (result.code !== 0) {
    throw new Error(`Building the sample site failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  return target;
}

export interface ServedSite {
  out: string;
  server: StaticServer;
  /** e.g. 'http://127.0.0.1:PORT/news/' */
  baseUrl: string;
}

/** Start a server on a free port first, then build the sample site for exactly that origin under /news/. */
export async function buildAndServeSampleSite(prefix = '/news/'): Promise<ServedSite> {
  const parent = tempDir('gazette-served-');
  madeDirs.push(parent);
  const out = path.join(parent, 'dist');
  const server = await startStaticServer(out, { prefix });
  try {
    await buildSampleSite(server.baseUrl, out);
  } catch (error) {
    await server.close();
    throw error;
  }
  return { out, server, baseUrl: server.baseUrl };
}

/** Fail loudly (never skip) when Debian's Chromium is not installed. */
export function assertChromiumInstalled(): void {
  const problem = !fs.existsSync(CHROMIUM_PATH)
    ? `${CHROMIUM_PATH} does not exist`
    : spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 30_000 }).status !== 0
      ? `${CHROMIUM_PATH} --version failed`
      : null;
  if (problem) {
    throw new Error(
      `The browser tests need Debian's Chromium, but ${problem}. ` +
        'Install it with `apt-get update && apt-get install -y --no-install-recommends chromium` (.ci/run does this).',
    );
  }
}

/** Launch Chromium through playwright-core with a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  assertChromiumInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** Everything that went wrong in the browser while a test ran. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  badResponses: string[];
  /** All of the above, one line each. */
  all(): string[];
}

/** Record console errors, uncaught exceptions, failed requests and HTTP errors of every page in `context`. */
export function watchProblems(context: BrowserContext): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    badResponses: [],
    all() {
      return [
        ...this.consoleErrors.map((m) => `console error: ${m}`),
        ...this.pageErrors.map((m) => `uncaught exception: ${m}`),
        ...this.failedRequests.map((m) => `failed request: ${m}`),
        ...this.badResponses.map((m) => `HTTP error: ${m}`),
      ];
    },
  };
  context.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    problems.consoleErrors.push(`${msg.text()} (at ${loc.url}:${loc.lineNumber}:${loc.columnNumber}, page ${msg.page()?.url()})`);
  });
  context.on('weberror', (err) => {
    problems.pageErrors.push(`${err.error().message} (page ${err.page()?.url()})`);
  });
  const pageOf = (req: Request): string => {
    try {
      return req.frame().page().url();
    } catch {
      return '(no page)';
    }
  };
  context.on('requestfailed', (req: Request) => {
    // A load cut short because the page navigated away (a click while a lazy image was loading) is
    // no fault of the site; anything else (refused, blocked, wrong MIME type with nosniff ...) is.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText} (page ${pageOf(req)})`);
  });
  context.on('response', (res: Response) => {
    if (res.status() >= 400) {
      const req = res.request();
      problems.badResponses.push(`${res.status()} ${req.method()} ${res.url()} (page ${pageOf(req)})`);
    }
  });
  return problems;
}

/** Wait until `selector`'s image has finished loading, and return its naturalWidth (0 = broken). */
export async function imageNaturalWidth(page: Page, selector: string): Promise<number> {
  const img = page.locator(selector).first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => (el as HTMLImageElement).complete, await img.elementHandle(), { timeout: 30_000 });
  return img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
}

/** Type `query` into the theme's search page and press Enter: the titles of the results, once the status names the query. */
export async function searchFor(page: Page, query: string): Promise<string[]> {
  const input = page.locator('#search-input');
  await input.fill('');
  await input.fill(query);
  await input.press('Enter');
  await expect.poll(() => page.locator('#search-status').innerText()).toContain(`“${query}”`);
  return page.locator('#search-results .search-result-title a').allInnerTexts();
}

/** A site built and served, with Chromium on its search page: what the search tests share. */
export interface SearchPage {
  server: StaticServer;
  browser: Browser;
  page: Page;
  problems: PageProblems;
  /** Paths of the search index files the page fetched, in order. */
  fetched: string[];
  close(): Promise<void>;
}

/** Build the site in `dir` into `dir/dist`, serve it, and open its search page in Chromium. */
export async function openSearchPage(dir: string): Promise<SearchPage> {
  const out = path.join(dir, 'dist');
  const server = await startStaticServer(out);
  const built = await runCli(['build', '--out', out, '--base-url', server.baseUrl], dir);
  expect(built.code, built.stderr).toBe(0);
  const browser = await launchChromium();
  const context = await browser.newContext();
  const problems = watchProblems(context);
  const page = await context.newPage();
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/search-index/')) fetched.push(new URL(request.url()).pathname);
  });
  await page.goto(`${server.baseUrl}search/`);
  return {
    server,
    browser,
    page,
    problems,
    fetched,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A built site's output folder served on a free port, with Chromium started to read it. */
export interface SiteInChromium {
  server: StaticServer;
  browser: Browser;
  /** Stop the browser, then the server. */
  close(): Promise<void>;
}

/** Serve `out` and start Chromium (a server whose browser fails to start is stopped again). */
export async function serveInChromium(out: string): Promise<SiteInChromium> {
  const server = await startStaticServer(out);
  try {
    const browser = await launchChromium();
    return {
      server,
      browser,
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
