import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, listFiles, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

/** A small newsroom: five articles over two sections, shared and non-Latin tags, one draft. */
function newsroom(): string {
  const dir = tempDir();
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Test Times', url: 'https://example.org/news/', pageSize: 2, timezone: 'Asia/Shanghai' }),
    'articles/a.md': article({ title: 'Alpha', date: '2023-01-01T09:00:00+08:00', section: 'World', tags: ['中国', 'Trade'], author: 'Li Wei', image: 'pic.svg', imageAlt: 'A picture', summary: 'Alpha summary.' }),
    'articles/b.md': article({ title: 'Bravo', date: '2023-01-05', section: 'World', tags: ['Trade', 'C++'], author: 'Li Wei' }),
    'articles/c.md': article({ title: 'Charlie', date: '2023-02-10', updated: '2023-02-11T08:30:00+08:00', section: 'Business', tags: ['C#', 'Trade'] }),
    'articles/d.md': article({ title: 'Delta', date: '2024-03-01', section: 'Business', tags: ['trade'] }),
    'articles/e.md': article({ title: 'Echo', date: '2024-03-02', section: 'business', tags: ['Other'] }),
    'articles/f.md': article({ title: 'Foxtrot draft', date: '2024-04-01', section: 'Hidden', tags: ['Secret'], draft: true }),
    'articles/pic.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>',
  });
  return dir;
}

let out: string;
beforeAll(async () => {
  const dir = newsroom();
  const result = await runCli(['build'], dir);
  expect(result.code, result.stderr).toBe(0);
  out = path.join(dir, 'dist');
});

const hrefs = (file: string, selector = 'main a') => readHtml(out, file).querySelectorAll(selector).map((a) => a.getAttribute('href'));

describe('listing pages', () => {
  it('should paginate the front page with previous and next links', () => {
    const files = listFiles(out);
    expect(files).toContain('index.html');
    expect(files).toContain('page/2/index.html');
    expect(files).toContain('page/3/index.html');
    expect(files).not.toContain('page/4/index.html');
    expect(hrefs('index.html', 'a[rel="next"]')).toEqual(['/news/page/2/']);
    expect(hrefs('page/2/index.html', 'a[rel="prev"]')).toEqual(['/news/']);
    expect(hrefs('page/2/index.html', 'a[rel="next"]')).toEqual(['/news/page/3/']);
    const titles = ['index.html', 'page/2/index.html', 'page/3/index.html'].flatMap((f) =>
      readHtml(out, f).querySelectorAll('main article h2 a, main article h3 a').map((a) => a.text),
    );
    expect(titles).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
  });

  it('should give each section, tag and author a page, merging names that differ only in case', () => {
    const files = listFiles(out);
    expect(files).toContain('section/world/index.html');
    expect(files).toContain('section/business/index.html');
    expect(files).toContain('section/business/page/2/index.html');
    expect(files).toContain('authors/li-wei/index.html');
    expect(files).toContain('tags/trade/index.html');
    expect(files).toContain('tags/trade/page/2/index.html');
    const world = readHtml(out, 'section/world/index.html');
    expect(world.querySelector('h1')!.text).toBe('World');
    // "Business" and "business" are one section.
    expect(files.filter((f) => f.startsWith('section/business') && f.endsWith('index.html'))).toEqual([
      'section/business/index.html',
      'section/business/page/2/index.html',
    ]);
  });

  it('should give non-Latin tags valid URLs and keep tags that slug alike apart', () => {
    const files = listFiles(out);
    expect(files).toContain('tags/中国/index.html');
    expect(hrefs('2023/01/a/index.html', 'a[rel="tag"]')).toContain('/news/tags/%E4%B8%AD%E5%9B%BD/');
    // "C++" and "C#" both slug to "c": each keeps its own page.
    expect(files).toContain('tags/c/index.html');
    expect(files).toContain('tags/c-2/index.html');
    const names = ['tags/c/index.html', 'tags/c-2/index.html'].map((f) => readHtml(out, f).querySelector('h1')!.text).sort();
    expect(names).toEqual(['C#', 'C++']);
  });

  it('should list every tag with its count on the tags index', () => {
    const page = readHtml(out, 'tags/index.html');
    const text = page.querySelector('main')!.text.replace(/\s+/g, ' ');
    expect(text).toContain('Trade');
    expect(text).toMatch(/Trade\D*4/);
    expect(text).not.toContain('Secret');
  });

  it('should build an archive by year and month', () => {
    const files = listFiles(out);
    for (const f of ['archive/index.html', 'archive/2023/index.html', 'archive/2023/01/index.html', 'archive/2023/02/index.html', 'archive/2024/03/index.html']) {
      expect(files).toContain(f);
    }
    expect(hrefs('archive/index.html')).toEqual(expect.arrayContaining(['/news/archive/2024/', '/news/archive/2023/01/']));
    const jan = readHtml(out, 'archive/2023/01/index.html').querySelectorAll('main article h2 a, main article h3 a').map((a) => a.text);
    expect(jan).toEqual(['Bravo', 'Alpha']);
  });

  it('should write a search page, a 404 page and a search index without drafts', () => {
    expect(listFiles(out)).toContain('search/index.html');
    const notFound = readHtml(out, '404.html');
    expect(notFound.querySelector('meta[name="robots"]')!.getAttribute('content')).toBe('noindex');
    // The default theme searches the full-text index: no headline file.
    expect(listFiles(out)).not.toContain('search-index.json');
    const records = listFiles(out).filter((f) => f.startsWith('search-index/d/'));
    const titles = records.map((f) => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')).t as string);
    expect(titles.filter((t) => ['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha'].includes(t)).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect(titles).not.toContain('Secret');
  });

  it('should advertise the feeds in every page head', () => {
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const types = readHtml(out, file).querySelectorAll('link[rel="alternate"]').map((l) => l.getAttribute('type'));
      expect(types, file).toEqual(expect.arrayContaining(['application/atom+xml', 'application/feed+json']));
    }
  });
});

describe('article pages', () => {
  it('should carry Open Graph, Twitter and canonical metadata', () => {
    const page = readHtml(out, '2023/01/a/index.html');
    const prop = (p: string) => page.querySelectorAll(`meta[property="${p}"]`).map((m) => m.getAttribute('content'));
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe('https://example.org/news/2023/01/a/');
    expect(page.querySelector('meta[name="description"]')!.getAttribute('content')).toBe('Alpha summary.');
    expect(prop('og:type')).toEqual(['article']);
    expect(prop('og:title')).toEqual(['Alpha']);
    // Social networks do not show SVGs: a lead SVG gives no og:image (see test/images.test.ts for photos).
    expect(prop('og:image')).toEqual([]);
    expect(prop('article:published_time')).toEqual(['2023-01-01T09:00:00+08:00']);
    expect(prop('article:modified_time')).toEqual(['2023-01-01T09:00:00+08:00']);
    expect(prop('article:section')).toEqual(['World']);
    expect(prop('article:tag')).toEqual(['中国', 'Trade']);
    expect(page.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary');
  });

  it('should describe the article as a NewsArticle in JSON-LD', () => {
    const page = readHtml(out, '2023/02/c/index.html');
    const [ld] = page.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.headline).toBe('Charlie');
    expect(ld.datePublished).toBe('2023-02-10T00:00:00+08:00');
    expect(ld.dateModified).toBe('2023-02-11T08:30:00+08:00');
    expect(ld.mainEntityOfPage['@id']).toBe('https://example.org/news/2023/02/c/');
    expect(ld.publisher.name).toBe('Test Times');
    expect(ld.publisher.logo.url).toMatch(/^https:\/\/example\.org\/news\/assets\//);
    expect(ld.author[0].name).toBeTruthy();
    const withAuthor = readHtml(out, '2023/01/a/index.html');
    const [ldA] = withAuthor.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(ldA.author).toEqual([{ '@type': 'Person', name: 'Li Wei', url: 'https://example.org/news/authors/li-wei/' }]);
    expect(ldA.image).toBeUndefined();
    const home = readHtml(out, 'index.html');
    const homeLd = home.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(homeLd.map((x) => x['@type'])).toContain('WebSite');
  });

  it('should show an Updated time only when the article was updated', () => {
    const updated = readHtml(out, '2023/02/c/index.html').querySelectorAll('.dateline time').map((t) => t.getAttribute('datetime'));
    expect(updated).toEqual(['2023-02-10T00:00:00+08:00', '2023-02-11T08:30:00+08:00']);
    expect(readHtml(out, '2023/02/c/index.html').querySelector('.dateline')!.text).toContain('Updated');
    const plain = readHtml(out, '2023/01/a/index.html').querySelector('.dateline')!;
    expect(plain.text).not.toContain('Updated');
  });

  it('should link the previous and next articles and related ones by shared tags', () => {
    expect(hrefs('2023/01/b/index.html', 'a[rel="prev"]')).toEqual(['/news/2023/01/a/']);
    expect(hrefs('2023/01/b/index.html', 'a[rel="next"]')).toEqual(['/news/2023/02/c/']);
    // Bravo shares Trade with Alpha, Charlie and Delta; C++ with nobody; newest first among equals.
    const related = readHtml(out, '2023/01/b/index.html').querySelectorAll('.related a').map((a) => a.getAttribute('href'));
    expect(related.filter((h) => /\/20\d\d\/\d\d\/\w\/$/.test(h!))).toEqual(['/news/2024/03/d/', '/news/2023/02/c/', '/news/2023/01/a/']);
    const echo = readHtml(out, '2024/03/e/index.html');
    expect(echo.querySelectorAll('.related a').length).toBe(0);
  });

  it('should offer a print button and print the canonical URL', () => {
    const page = readHtml(out, '2023/01/a/index.html');
    expect(page.querySelector('button[data-print]')).not.toBeNull();
    expect(page.querySelector('.print-only')!.text).toContain('https://example.org/news/2023/01/a/');
    const css = fs.readFileSync(path.join(out, 'assets/css/site.css'), 'utf8');
    expect(css).toMatch(/@media print/);
  });
});
