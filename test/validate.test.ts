/**
 * Every HTML page of the built sample site must be valid HTML according to the W3C Nu HTML Checker
 * (vnu.jar from the npm package `vnu-jar`, run with the machine's Java in one invocation).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, buildCuratedSite, listFiles, runCli, tempDir, writeFiles } from './helpers.js';
import { buildSampleSite, removeSampleSites } from './browser/sample-site.js';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const TIMEOUT = 180_000;

interface VnuMessage {
  type: string; // 'error' | 'info' | 'non-document-error'
  subType?: string;
  url?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
}

interface VnuRun {
  code: number | null;
  checked: string[];
  messages: VnuMessage[];
  stderr: string;
}

/** Fail loudly (never skip) when Java is missing. */
function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `The HTML validation test runs vnu.jar and needs Java 11 or later on the PATH, but \`java -version\` failed ` +
        `(${probe.error?.message ?? `exit ${probe.status}: ${probe.stderr}`}). ` +
        'Install it with `apt-get update && apt-get install -y --no-install-recommends default-jre-headless` (.ci/run does this).',
    );
  }
}

/** Check `files` (relative to `cwd`) with one run of vnu.jar. */
function runVnu(cwd: string, files: string[]): Promise<VnuRun> {
  return new Promise((resolve, reject) => {
    // --verbose lists every file it checked on stdout; the JSON report goes to stderr.
    // A UTF-8 locale is required: without one Java silently skips files with non-ASCII names
    // (authors/élodie-vasseur/) and still exits 0.
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--verbose', ...files], {
      cwd,
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const start = stderr.indexOf('{"');
      let messages: VnuMessage[];
      try {
        messages = (JSON.parse(stderr.slice(start)) as { messages: VnuMessage[] }).messages;
      } catch {
        reject(new Error(`vnu.jar (exit ${code}) printed no JSON report:\n${stderr}\n${stdout}`));
        return;
      }
      const checked = stdout.split(/\r?\n/).filter((line) => line.trim() !== '');
      resolve({ code, checked, messages, stderr });
    });
  });
}

function relativeFile(out: string, url: string | undefined): string {
  if (!url) return '(no file)';
  return url.startsWith('file:') ? path.relative(out, fileURLToPath(url)).split(path.sep).join('/') : url;
}

describe('HTML validity of the sample site (Nu HTML Checker)', { timeout: TIMEOUT }, () => {
  let out: string;
  let pages: string[];
  let run: VnuRun;

  beforeAll(async () => {
    assertJavaInstalled();
    out = await buildSampleSite('https://example.org/news/');
    pages = listFiles(out).filter((f) => f.endsWith('.html'));
    run = await runVnu(out, pages);
  }, TIMEOUT);

  afterAll(() => removeSampleSites());

  it('should check every HTML page of the site', () => {
    expect(pages.length).toBeGreaterThan(50);
    for (const page of ['index.html', '404.html', 'search/index.html', 'tags/index.html', 'archive/index.html', '2023/02/shandong-foreign-trade-record/index.html', 'zh-CN/index.html', 'zh-CN/2023/02/shandong-foreign-trade-record/index.html']) {
      expect(pages).toContain(page);
    }
    expect([...run.checked].sort()).toEqual([...pages].sort());
  });

  it('should report no HTML errors on any page', () => {
    const errors = run.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const report = errors
      .map((m) => {
        const line = m.firstLine ?? m.lastLine;
        const where = `${relativeFile(out, m.url)}${line !== undefined ? `:${line}` : ''}${m.firstColumn !== undefined ? `:${m.firstColumn}` : ''}`;
        return `${where}: ${m.type}${m.subType ? ` (${m.subType})` : ''}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, '⏎')}` : ''}`;
      })
      .join('\n');
    expect(errors.length, `${errors.length} HTML error(s):\n${report}\n`).toBe(0);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('HTML validity of a site in many languages (Nu HTML Checker)', { timeout: TIMEOUT }, () => {
  it('should report no HTML errors: the switcher as a disclosure, text marked with a fallback language, linked listings', async () => {
    assertJavaInstalled();
    const dir = tempDir();
    const languages = { en: { name: 'English' }, ar: { name: 'العربية' }, de: { name: 'Deutsch' }, fr: { name: 'Français' }, ja: { name: '日本語' }, 'zh-CN': { name: '中文' } };
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({
        title: 'Meridian',
        description: 'News from everywhere.',
        url: 'https://example.org/',
        language: 'en',
        languages,
        menus: { header: [{ label: { en: 'About', ar: 'حول' }, page: 'about.md' }, { label: 'Donate', url: 'https://donate.example.org/' }] },
      }),
      'articles/about.md': article({ title: 'About', kind: 'page' }),
      'articles/ar/about.md': article({ title: 'حول', kind: 'page' }),
      'articles/2024/a.md': article({ title: 'A', date: '2024-03-03', tags: ['Trade'] }),
      'articles/ar/2024/a.md': article({ title: 'أ', date: '2024-03-03', tags: ['Trade'] }, 'يتابع الفريق `@node-core` كل يوم.'),
    });
    const out = path.join(dir, 'dist');
    const result = await runCli(['build', '--no-cache'], dir);
    expect(result.code, result.stderr).toBe(0);
    const pages = listFiles(out).filter((f) => f.endsWith('.html'));
    expect(pages).toContain('ar/tags/trade/index.html');
    const run = await runVnu(out, pages);
    const errors = run.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(errors.map((m) => `${relativeFile(out, m.url)}:${m.firstLine}: ${m.message}`)).toEqual([]);
    expect([...run.checked].sort()).toEqual([...pages].sort());
  });
});

// Issue #25: what a site adds to the theme, and headings that are only an image or an emoji, stay valid HTML.
describe('HTML validity of a site with its own additions to the theme (Nu HTML Checker)', { timeout: TIMEOUT }, () => {
  it('should report no HTML errors with custom.css, head-extra, body-end and image or emoji headings', async () => {
    assertJavaInstalled();
    const dir = tempDir('gazette-validate-theme-');
    writeFiles(dir, {
      'templates/assets/css/custom.css': ':root { --accent: #004d40; }\n',
      'templates/partials/head-extra.hbs': '<meta name="generator-note" content="{{site.title}}">\n<link rel="preconnect" href="https://fonts.example.org">\n',
      'templates/partials/body-end.hbs': '<aside class="consent" aria-label="Cookies"><p>We use no cookies.</p></aside>\n',
      'articles/2024/launch.md': article({ title: 'Launch', date: '2024-05-01' }, '## ![Harbour logo](logo.svg)\n\nThe logo.\n\n## 🎉\n\nParty.\n\n## 🎉\n\nMore.\n\n### \n\nEnd.'),
      'articles/2024/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>',
      'articles/about.md': article({ title: 'About', kind: 'page' }, 'Who we are.'),
    });
    const build = await runCli(['build'], dir);
    expect(build.code, build.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    const pages = listFiles(out).filter((f) => f.endsWith('.html'));
    const run = await runVnu(out, pages);
    const errors = run.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(errors.map((m) => `${relativeFile(out, m.url)}:${m.firstLine ?? m.lastLine}: ${m.message}`)).toEqual([]);
    expect([...run.checked].sort()).toEqual([...pages].sort());
  });
});

describe('HTML validity of a curated front page and the breaking-news banner (Nu HTML Checker)', { timeout: TIMEOUT }, () => {
  it('should report no HTML errors', async () => {
    assertJavaInstalled();
    const site = await buildCuratedSite();
    const out = path.join(site, 'dist');
    const pages = ['index.html', '2024/01/alert/index.html', 'section/arts/index.html'];
    const run = await runVnu(out, pages);
    expect(run.checked.sort()).toEqual([...pages].sort());
    const errors = run.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(errors.map((m) => `${relativeFile(out, m.url)}:${m.firstLine}: ${m.message}`)).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('HTML validity of a live blog (Nu HTML Checker)', { timeout: TIMEOUT }, () => {
  it('should report no HTML errors while coverage goes on and once it has ended', async () => {
    assertJavaInstalled();
    const dir = tempDir('gazette-validate-live-');
    const body = 'Follow the count.\n\n## 18:05 Polls *close*\n\nThe last stations closed.\n\n## 18:05\n\nA second post in the same minute.\n\n## 2024-03-02 09:00 Morning after\n\n### Results\n\n- One\n- Two\n';
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/' }),
      'articles/vote.md': article({ title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', section: 'News', coverageEnd: '2024-03-03T00:00' }, body),
      'articles/older.md': article({ title: 'Older', date: '2024-02-01', section: 'News' }),
    });
    for (const [out, now] of [['live', '2024-03-02T10:00Z'], ['ended', '2024-03-04T00:00Z']] as const) {
      const build = await runCli(['build', '--no-cache', '--now', now, '-o', out], dir);
      expect(build.code, build.stderr).toBe(0);
    }
    const pages = ['live/2024/03/vote/index.html', 'live/index.html', 'live/section/news/index.html', 'ended/2024/03/vote/index.html'];
    const run = await runVnu(dir, pages);
    expect(run.checked.sort()).toEqual([...pages].sort());
    const errors = run.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(errors.map((m) => `${relativeFile(dir, m.url)}:${m.firstLine}: ${m.message}`)).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });
});
