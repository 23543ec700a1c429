import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlias } from '../../lib/content/alias.js';
import { parseArticle } from '../../lib/content/article.js';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, listFiles, readHtml, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

/** A site with an article that moved, a page that moved, and a bulk redirects file. */
function movedSite(config: Record<string, unknown> = {}): string {
  const dir = tempDir();
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Moved', url: 'https://example.org/news/', ...config }),
    'articles/2023/harbour.md': '---\ntitle: Harbour reopens\ndate: 2023-05-01\naliases:\n  - /2019/05/old-harbour/\n  - /?p=123\n  - /harbour.html\n---\nThe harbour reopened.\n',
    'articles/about.md': '---\nkind: page\ntitle: About us\naliases: /about-us/\n---\nWho we are.\n',
    'articles/2023/later.md': article({ title: 'Later', date: '2099-01-01', aliases: ['/2019/06/later/'] }),
    'articles/2023/draft.md': article({ title: 'Draft', date: '2023-01-01', draft: true, aliases: ['/2019/07/draft/'] }),
    'articles/_data/redirects.yml': '/2018/old/: 2023/harbour.md\n/away/: https://example.com/x?a=1&b=2\n/café/: /about/\n',
  });
  return dir;
}

/** Parse a `_redirects` file as Netlify and Cloudflare Pages document it: `from [query=value…] to [status]` per line, `#` comments. */
function parseRedirectsFile(text: string): { from: string; query: string[]; to: string; status: string }[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const parts = line.trim().split(/\s+/);
      expect(parts.length, line).toBeGreaterThanOrEqual(3);
      const status = parts.pop()!;
      expect(status, line).toMatch(/^30[1278]!?$/);
      const to = parts.pop()!;
      const [from, ...query] = parts;
      expect(from, line).toMatch(/^\/[^\s*:]*$/);
      for (const pair of query) expect(pair, line).toMatch(/^[^=\s:*]+=[^\s:*]+$/);
      expect(to, line).toMatch(/^(\/|https?:\/\/)\S*$/);
      return { from: from!, query, to, status };
    });
}

describe('aliases and redirects', () => {
  it('should leave a redirect page at every old path that names the new URL, escaped, and noindex', async () => {
    const dir = movedSite();
    const result = await runCli(['build', '--now', '2024-01-01'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    const page = readHtml(out, '2019/05/old-harbour/index.html');
    expect(page.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toBe('0; url=/news/2023/05/harbour/');
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://example.org/news/2023/05/harbour/');
    expect(page.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
    expect(page.querySelector('a')?.getAttribute('href')).toBe('/news/2023/05/harbour/');
    // An .html alias is that very file; a page's alias leads to the page; the redirects file adds its own.
    expect(readHtml(out, 'harbour.html').querySelector('a')?.getAttribute('href')).toBe('/news/2023/05/harbour/');
    expect(readHtml(out, 'about-us/index.html').querySelector('a')?.getAttribute('href')).toBe('/news/about/');
    expect(readHtml(out, '2018/old/index.html').querySelector('a')?.getAttribute('href')).toBe('/news/2023/05/harbour/');
    expect(readHtml(out, 'café/index.html').querySelector('a')?.getAttribute('href')).toBe('/news/about/');
    const away = fs.readFileSync(path.join(out, 'away/index.html'), 'utf8');
    expect(away).toContain('href="https://example.com/x?a=1&amp;b=2"');
    expect(away).not.toContain('a=1&b');
    // Held back (scheduled, draft) items publish no alias.
    const files = listFiles(out);
    expect(files).not.toContain('2019/06/later/index.html');
    expect(files).not.toContain('2019/07/draft/index.html');
    // Redirect pages are no pages of the site: not in the sitemap.
    expect(fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).not.toContain('old-harbour');
    // Without a host that matches queries, the query alias cannot be served: a warning says so.
    expect(result.stderr).toContain('/?p=123 has a query');
    expect(files).not.toContain('_redirects');
    expect(files).not.toContain('_headers');
  });

  it('should publish the scheduled article\'s alias once it is due', async () => {
    const dir = movedSite();
    const result = await runCli(['build', '--now', '2099-02-01'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readHtml(path.join(dir, 'dist'), '2019/06/later/index.html').querySelector('a')?.getAttribute('href')).toBe('/news/2099/01/later/');
  });

  it('should write every redirect to Netlify\'s _redirects, query aliases included, in its documented format', async () => {
    const dir = movedSite({ deploy: { host: 'netlify' } });
    const result = await runCli(['build', '--now', '2024-01-01'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('has a query');
    const rules = parseRedirectsFile(fs.readFileSync(path.join(dir, 'dist/_redirects'), 'utf8'));
    expect(rules).toEqual([
      { from: '/news/2019/05/old-harbour/', query: [], to: '/news/2023/05/harbour/', status: '301!' },
      { from: '/news/', query: ['p=123'], to: '/news/2023/05/harbour/', status: '301!' },
      { from: '/news/harbour.html', query: [], to: '/news/2023/05/harbour/', status: '301!' },
      { from: '/news/about-us/', query: [], to: '/news/about/', status: '301!' },
      { from: '/news/2018/old/', query: [], to: '/news/2023/05/harbour/', status: '301!' },
      { from: '/news/away/', query: [], to: 'https://example.com/x?a=1&b=2', status: '301!' },
      { from: '/news/caf%C3%A9/', query: [], to: '/news/about/', status: '301!' },
    ]);
  });

  it('should write Cloudflare\'s _redirects without queries, which it cannot match, and warn about them', async () => {
    const dir = movedSite({ deploy: { host: 'cloudflare' } });
    const result = await runCli(['build', '--now', '2024-01-01'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Cloudflare Pages's redirect file cannot match a query");
    const rules = parseRedirectsFile(fs.readFileSync(path.join(dir, 'dist/_redirects'), 'utf8'));
    expect(rules.every((r) => r.query.length === 0 && r.status === '301')).toBe(true);
    expect(rules.map((r) => r.from)).toContain('/news/2019/05/old-harbour/');
  });

  it('should refuse an alias that is the address of a real page, naming both files', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/2023/a.md': article({ title: 'A', date: '2023-05-01', aliases: ['/2023/05/b/'] }),
      'articles/2023/b.md': article({ title: 'B', date: '2023-05-02' }),
      'dist/index.html': 'previous output',
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('articles/2023/a.md');
    expect(result.stderr).toMatch(/\/2023\/05\/b\/ is the address of articles\/2023\/b\.md/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8')).toBe('previous output');
  });

  it('should refuse an alias two sources claim, naming both, and one of a page gazette makes', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/2023/a.md': article({ title: 'A', date: '2023-05-01', aliases: ['/old/'] }),
      'articles/_data/redirects.yml': '/old: /about/\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/articles\/_data\/redirects\.yml:1:\d+/);
    expect(result.stderr).toContain('the old URL /old is also claimed by articles/2023/a.md');

    const theirs = tempDir();
    writeFiles(theirs, { 'articles/2023/a.md': article({ title: 'A', date: '2023-05-01', aliases: ['/tags/'] }) });
    const tags = await runCli(['build'], theirs);
    expect(tags.code).toBe(1);
    expect(tags.stderr).toMatch(/\/tags\/ is the address of /);
  });

  it('should report a bad alias at its line and column', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': '---\ntitle: A\ndate: 2023-05-01\naliases:\n  - /fine/\n  - "javascript:alert(1)"\n  - /a/../b/\n---\nText\n',
      'articles/_data/redirects.yml': '/ok/: /x/\nhttps://evil.example/: /x/\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/articles\/a\.md:6:5.*alias "javascript:alert\(1\)" must be a path starting with a single "\/"/);
    expect(result.stderr).toMatch(/articles\/a\.md:7:5.*must not contain "\." or "\.\." segments/);
    expect(result.stderr).toMatch(/articles\/_data\/redirects\.yml:2:\d+.*old URL "https:\/\/evil\.example\/"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should escape what an alias target carries into the redirect page', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/_data/redirects.yml': `/x/: "/a'b/?q=1&r=2"\n`, 'articles/a.md': article({ title: 'A', date: '2023-01-01' }) });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'dist/x/index.html'), 'utf8');
    expect(html).toContain(`href="/a&#39;b/?q=1&amp;r=2"`);
    expect(html).not.toMatch(/<a [^>]*'/);
  });

  it('should wait for a scheduled target without a warning, and say why any other target is left out', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Moved', url: 'https://example.org/' }),
      'articles/2024/launch.md': article({ title: 'Launch', date: '2024-03-01T09:00:00Z' }),
      'articles/2024/draft.md': article({ title: 'Draft', date: '2024-01-01', draft: true }),
      'articles/2024/offer.md': article({ title: 'Offer', date: '2024-01-01', expires: '2024-01-15' }),
      'articles/2024/live.md': article({ title: 'Live', date: '2024-01-01' }),
      'articles/_data/redirects.yml': '/old/launch/: 2024/launch.md\n/old/draft/: 2024/draft.md\n/old/offer/: 2024/offer.md\n/old/typo/: 2024/lvie.md\n',
    });
    // Before its time: the scheduled story's redirect waits for it, which --strict does not count as a problem.
    const before = await runCli(['build', '--strict', '--now', '2024-02-01'], dir);
    expect(before.stderr).not.toContain('/old/launch/');
    expect(before.stderr).toMatch(/redirects\.yml:2:\d+: error \/old\/draft\/ leads to 2024\/draft\.md, a draft: left out until the draft is published \[redirect-target-unpublished\]/);
    expect(before.stderr).toMatch(/redirects\.yml:3:\d+: error \/old\/offer\/ leads to 2024\/offer\.md, which has expired: left out \(remove the entry, or the expiry\)/);
    expect(before.stderr).toMatch(/redirects\.yml:4:\d+: error \/old\/typo\/ leads to 2024\/lvie\.md, which is no article or page in the source folder: left out \(did you mean 2024\/live\.md\?\)/);
    expect(before.stderr).toContain('3 problems (3 errors)');
    const plain = await runCli(['build', '--verbose', '--now', '2024-02-01'], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('articles/_data/redirects.yml: /old/launch/ leads to 2024/launch.md, which is scheduled: the redirect is published with it, 2024-03-01T09:00:00.000Z');
    expect(plain.stderr).not.toMatch(/redirects\.yml:1:\d+/);
    expect(fs.existsSync(path.join(dir, 'dist/old/launch/index.html'))).toBe(false);
    // From its time on, the story and its redirect are published together.
    const after = await runCli(['build', '--now', '2024-03-01T09:00:00Z'], dir);
    expect(after.code, after.stderr).toBe(0);
    expect(readHtml(path.join(dir, 'dist'), 'old/launch/index.html').querySelector('a')?.getAttribute('href')).toBe('/2024/03/launch/');
  });

  it('should build the same redirect files from the cache, in watch-free rebuilds, as without it', async () => {
    const dir = movedSite({ deploy: { host: 'netlify' } });
    expect((await runCli(['build', '--now', '2024-01-01'], dir)).code).toBe(0);
    // An edited alias changes the redirect page and the host file on a cached build.
    const file = path.join(dir, 'articles/2023/harbour.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('/2019/05/old-harbour/', '/2019/05/older-harbour/'));
    expect((await runCli(['build', '--now', '2024-01-01'], dir)).code).toBe(0);
    const cached = snapshotTree(path.join(dir, 'dist'));
    expect([...cached.keys()]).toContain('2019/05/older-harbour/index.html');
    expect([...cached.keys()]).not.toContain('2019/05/old-harbour/index.html');
    expect(cached.get('_redirects')!.toString()).toContain('/news/2019/05/older-harbour/ ');
    const clean = path.join(tempDir(), 'clean');
    expect((await runCli(['build', '--no-cache', '--now', '2024-01-01', '-o', clean], dir)).code).toBe(0);
    const fresh = snapshotTree(clean);
    expect([...cached.keys()]).toEqual([...fresh.keys()]);
    for (const [rel, bytes] of fresh) expect(cached.get(rel)!.equals(bytes), rel).toBe(true);
  });
});

describe('parseAlias', () => {
  it('should write each redirect page in the language of the page it leads to, from the theme\'s strings', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({
        title: 'Moved',
        url: 'https://example.org/',
        language: 'en',
        languages: { en: { name: 'English' }, 'zh-CN': { name: '中文' }, fr: { name: 'Français' }, ar: { name: 'العربية' } },
      }),
      // The site's theme gives French its texts; Arabic has none, so its pages show English, marked as such.
      'templates/strings/fr.json': JSON.stringify({ movedTitle: 'Page déplacée', movedTo: 'Cette page est désormais à l’adresse {link}.' }),
      'articles/2024/port.md': article({ title: 'Port', date: '2024-01-02', aliases: ['/old/port/'] }),
      'articles/zh-CN/2024/port.md': article({ title: '港口', date: '2024-01-02', aliases: ['/old/gangkou/'] }),
      'articles/fr/2024/port.md': article({ title: 'Le port', date: '2024-01-02', aliases: ['/old/le-port/'] }),
      'articles/ar/2024/port.md': article({ title: 'الميناء', date: '2024-01-02', aliases: ['/old/mina/'] }),
      'articles/_data/redirects.yml': '/zh-source/: zh-CN/2024/port.md\n/fr-path/: /fr/archive/\n/away/: https://example.com/\n',
    });
    const result = await runCli(['build', '--no-cache'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    const page = (rel: string) => {
      const html = readHtml(out, `${rel}/index.html`);
      const attrs = (selector: string) => ({ lang: html.querySelector(selector)!.getAttribute('lang') ?? null, dir: html.querySelector(selector)!.getAttribute('dir') ?? null });
      return { html: attrs('html'), title: html.querySelector('title')!.text, titleLang: attrs('title').lang, text: html.querySelector('p')!.text, textLang: attrs('p') };
    };
    const none = { lang: null, dir: null };
    expect(page('old/port')).toEqual({ html: { lang: 'en', dir: null }, title: 'Moved', titleLang: null, text: 'This page has moved to /2024/01/port/.', textLang: none });
    expect(page('away')).toEqual({ html: { lang: 'en', dir: null }, title: 'Moved', titleLang: null, text: 'This page has moved to https://example.com/.', textLang: none });
    const zh = { html: { lang: 'zh-CN', dir: null }, title: '页面已移动', titleLang: null, text: '此页面已移至 /zh-CN/2024/01/port/。', textLang: none };
    // From an alias in front matter, and from the redirects file naming the source.
    expect(page('old/gangkou')).toEqual(zh);
    expect(page('zh-source')).toEqual(zh);
    expect(page('old/le-port')).toEqual({ html: { lang: 'fr', dir: null }, title: 'Page déplacée', titleLang: null, text: 'Cette page est désormais à l’adresse /fr/2024/01/port/.', textLang: none });
    // A path on the site speaks the language of the folder it is in.
    expect(page('fr-path')).toMatchObject({ html: { lang: 'fr', dir: null }, title: 'Page déplacée' });
    expect(page('old/mina')).toEqual({ html: { lang: 'ar', dir: 'rtl' }, title: 'Moved', titleLang: 'en', text: 'This page has moved to /ar/2024/01/port/.', textLang: { lang: 'en', dir: 'ltr' } });
    expect(readHtml(out, 'old/mina/index.html').querySelector('a')!.getAttribute('dir')).toBe('ltr');
  });

  it('should read paths, queries and percent-escapes, and refuse anything else', () => {
    expect(parseAlias('/2019/05/old-url/')).toEqual({ path: '/2019/05/old-url/', encodedPath: '/2019/05/old-url/', query: null });
    expect(parseAlias('/?p=123')).toEqual({ path: '/', encodedPath: '/', query: 'p=123' });
    expect(parseAlias('/caf%C3%A9/')).toEqual({ path: '/café/', encodedPath: '/caf%C3%A9/', query: null });
    for (const bad of ['javascript:alert(1)', 'https://x.org/', '//x.org/a', '/a/../b', '/a/%2e%2e/b', '/a%2Fb/', '/a b/', '/a#b', '/', '/%zz/', '/?p=:id', '/a\\b', 3]) {
      expect('problem' in parseAlias(bad), String(bad)).toBe(true);
    }
  });

  it('should keep aliases in the parsed article, once each', () => {
    const text = '---\ntitle: A\ndate: 2023-01-01\naliases: [/a/, /a/, "/?p=1"]\n---\nText\n';
    expect(parseArticle(text, 'a.md', 'a.md', 'UTC').article?.aliases).toEqual(['/a/', '/?p=1']);
  });
});

describe('aliases while watching', () => {
  it('should write and remove redirect pages when a saved article\'s aliases change, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ deploy: { host: 'netlify' } }),
      'articles/a.md': article({ title: 'A', date: '2023-01-01', aliases: ['/old-a/'] }),
      'articles/b.md': article({ title: 'B', date: '2023-01-02' }),
    });
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      const file = path.join(site, 'articles/a.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('/old-a/', '/older-a/'));
      const result = await session.rebuild([file]);
      expect(result.written).toContain('older-a/index.html');
      expect(result.removed).toContain('old-a/index.html');
      expect(fs.readFileSync(path.join(out, '_redirects'), 'utf8')).toContain('/older-a/ /2023/01/a/ 301!');
      await expectCleanBuild(site, out);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
