import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { listFiles, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

/** Parse a `_headers` file as Netlify and Cloudflare Pages document it: an unindented URL pattern, then indented `Name: value` lines; `#` comments. */
function parseHeaders(text: string): { pattern: string; headers: [string, string][] }[] {
  const rules: { pattern: string; headers: [string, string][] }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      expect(line, 'a URL pattern').toMatch(/^\/\S*$/);
      expect(line.length).toBeLessThanOrEqual(2000);
      rules.push({ pattern: line, headers: [] });
      continue;
    }
    const header = /^\s+([A-Za-z0-9-]+):\s*(\S.*)$/.exec(line);
    expect(header, line).not.toBeNull();
    expect(rules.length, 'a header before any URL pattern').toBeGreaterThan(0);
    rules[rules.length - 1]!.headers.push([header![1]!, header![2]!]);
  }
  return rules;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Netlify's matching: per segment, a lone "*" is an optional rest, case-insensitive, trailing slash optional. */
function netlifyMatches(pattern: string, url: string): boolean {
  const parts = pattern.split('/').filter(Boolean).map((part) => (part === '*' ? '?(.*)' : part.startsWith(':') ? '([^/]+)' : escape(part).replace(/\\\*/g, '(.*)')));
  return new RegExp(`^/${parts.join('/')}/?$`, 'iu').test(url);
}

/** Cloudflare's matching: one greedy splat, exact otherwise. */
function cloudflareMatches(pattern: string, url: string): boolean {
  return new RegExp(`^${escape(pattern).replace(/\\\*/g, '.*')}$`).test(url);
}

async function photo(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a6' } }).jpeg().toFile(file);
}

/** A site with photos in a folder of their own, in a folder that another folder's name starts with, and at the root. */
async function photoSite(config: Record<string, unknown>): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Photos', url: 'https://example.org/news/', images: { widths: [160], formats: ['webp'] }, ...config }),
    'articles/2023/a.md': '---\ntitle: A\ndate: 2023-05-01\nimage: images/a.jpg\nimageAlt: A photo\n---\nText ![b](../shots/b.jpg) ![c](../c.jpg)\n',
    'articles/shots-old/notes.pdf': '%PDF-1.4 not really',
  });
  await photo(path.join(dir, 'articles/2023/images/a.jpg'));
  await photo(path.join(dir, 'articles/shots/b.jpg'));
  await photo(path.join(dir, 'articles/c.jpg'));
  return dir;
}

describe('host files', () => {
  for (const host of ['netlify', 'cloudflare'] as const) {
    it(`should mark exactly the fingerprinted files immutable for ${host}, in the documented _headers format`, async () => {
      const dir = await photoSite({ deploy: { host } });
      const result = await runCli(['build'], dir);
      expect(result.code, result.stderr).toBe(0);
      const out = path.join(dir, 'dist');
      const rules = parseHeaders(fs.readFileSync(path.join(out, '_headers'), 'utf8'));
      for (const rule of rules) expect(rule.headers).toEqual([['Cache-Control', 'public, max-age=31536000, immutable']]);
      const patterns = rules.map((r) => r.pattern);
      // A folder of photos only gets one rule; a folder whose name another folder's starts with, and the root, get exact paths.
      expect(patterns).toContain('/news/2023/images/*');
      expect(patterns.some((p) => p.startsWith('/news/shots/') && p.endsWith('.jpg'))).toBe(true);
      expect(patterns).not.toContain('/news/shots/*');
      const files = listFiles(out).filter((f) => f !== '_headers' && f !== '_redirects');
      const fingerprinted = files.filter((f) => /\.[0-9a-f]{10}\.(?:jpg|webp)$/.test(f));
      expect(fingerprinted.length).toBeGreaterThan(6);
      const urls = (f: string) => ['/news/' + f.split('/').map(encodeURIComponent).join('/'), ...(f.endsWith('index.html') ? ['/news/' + f.slice(0, -'index.html'.length)] : [])];
      for (const matches of [netlifyMatches, cloudflareMatches]) {
        for (const f of files) {
          const immutable = urls(f).some((url) => patterns.some((p) => matches(p, url)));
          expect(immutable, `${matches.name} ${f}`).toBe(fingerprinted.includes(f));
        }
      }
      // The 404 page is where each host looks for it (the root of the published folder), with links that work at any depth.
      const notFound = readHtml(out, '404.html');
      for (const el of notFound.querySelectorAll('[href], [src]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src')!;
        expect(url, url).toMatch(/^(?:\/news\/|https?:|#|data:)/);
      }
    });
  }

  it('should put the rules of a _headers or _redirects file in the sources first, not copy it on its own', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ deploy: { host: 'netlify' } }),
      'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\naliases: [/old/]\n---\nText\n',
      'articles/_headers': '/*\r\n  X-Frame-Options: DENY\r\n',
      'articles/_redirects': '/shop https://shop.example.org/ 302\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const headers = fs.readFileSync(path.join(dir, 'dist/_headers'), 'utf8');
    expect(parseHeaders(headers)).toEqual([{ pattern: '/*', headers: [['X-Frame-Options', 'DENY']] }]);
    const redirects = fs.readFileSync(path.join(dir, 'dist/_redirects'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(redirects).toEqual(['/shop https://shop.example.org/ 302', '/old/ /2023/05/a/ 301!']);
  });

  it("should have Netlify serve a language's own 404 page for what is missing under its folder; Cloudflare finds it by itself", async () => {
    for (const host of ['netlify', 'cloudflare']) {
      const dir = tempDir();
      writeFiles(dir, {
        'gazette.config.json': JSON.stringify({ url: 'https://example.org/news/', deploy: { host }, languages: { en: { name: 'English' }, ar: { name: 'العربية' } } }),
        'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\n---\nText\n',
        'articles/ar/a.md': '---\ntitle: ب\ndate: 2023-05-01\n---\nنص\n',
      });
      const result = await runCli(['build'], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(listFiles(path.join(dir, 'dist'))).toEqual(expect.arrayContaining(['404.html', 'ar/404.html']));
      const rules = fs.readFileSync(path.join(dir, 'dist/_redirects'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
      if (host === 'cloudflare') {
        expect(rules).toEqual([]);
        continue;
      }
      expect(rules).toEqual(['/news/ar/* /news/ar/404.html 404']);
      expect(netlifyMatches('/news/ar/*', '/news/ar/2023/05/missing/')).toBe(true);
    }
  });

  it("should warn a build for Netlify or Cloudflare without the site's address, whose feeds and sitemaps would hold bare paths", async () => {
    const build = async (config: Record<string, unknown>, args: string[] = []) => {
      const dir = tempDir();
      writeFiles(dir, { 'gazette.config.json': JSON.stringify(config), 'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\n---\nText\n' });
      return runCli(['build', ...args], dir);
    };
    const warning = /gazette\.config\.json: warning "url" gives no address for the site published on Netlify: .*\(\/news\/feed\.xml\).*set "url" to the site's address, such as "https:\/\/example\.org\/news\/", or pass --base-url \[site-url-relative\]/;
    const relative = await build({ url: '/news/', deploy: { host: 'netlify' } });
    expect(relative.code, relative.stderr).toBe(0);
    expect(relative.stderr).toMatch(warning);
    expect((await build({ deploy: { host: 'cloudflare' } })).stderr).toMatch(/"url" gives no address for the site published on Cloudflare Pages: .*\(\/feed\.xml\)/);
    expect((await build({ url: '/news/', deploy: { host: 'netlify' } }, ['--strict'])).code).toBe(1);
    // With the address (in the config or from --base-url), or for GitHub Pages (whose workflow passes --base-url), nothing to say.
    for (const [config, args] of [
      [{ url: 'https://example.org/news/', deploy: { host: 'netlify' } }, []],
      [{ deploy: { host: 'netlify' } }, ['--base-url', 'https://example.org/']],
      [{ deploy: { host: 'github-pages' } }, []],
    ] as const) {
      const result = await build(config, [...args]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/site-url-relative/);
    }
  });

  it('should write no host file for GitHub Pages or without a host, and refuse an unknown host', async () => {
    for (const deploy of [{ host: 'github-pages' }, {}]) {
      const dir = tempDir();
      writeFiles(dir, { 'gazette.config.json': JSON.stringify({ deploy }), 'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\n---\nText\n' });
      const result = await runCli(['build'], dir);
      expect(result.code, result.stderr).toBe(0);
      const files = listFiles(path.join(dir, 'dist'));
      expect(files).toContain('404.html');
      expect(files).not.toContain('_headers');
      expect(files).not.toContain('_redirects');
    }
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ deploy: { host: 'netlfy' } }), 'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\n---\nText\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('did you mean "netlify"?');
  });
});
