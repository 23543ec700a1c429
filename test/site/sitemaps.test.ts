import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../lib/build.js';
import { loadConfig } from '../../lib/config/index.js';
import { newsLanguage, sitemapFiles } from '../../lib/site/sitemaps.js';
import { SiteUrls } from '../../lib/site/urls.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/feeds-basic/articles', import.meta.url));
const BASE = 'https://example.org/news/';
const SITE_TITLE = 'The <Daily> & "Co"';
const ESCAPE_TITLE = `Markets <script>alert(1)</script> & "Quotes" 'Apostrophes'`;
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const url = (slug: string, month = '03') => `${BASE}2024/${month}/${slug}/`;
const SUMMIT = url('summit-agrees-climate-fund');
const MARKETS = url('markets-escape-test');
const HARBOUR = url('harbour-flood-warning');
const RESULTS = url('quarterly-results-slip');
const STORM = url('january-storm-review', '01');

const tempDirs: string[] = [];

interface Built {
  out: string;
  read(rel: string): Promise<string>;
}

/** Build the fixture site for real, in a fresh temporary working folder with `settings` as its config file. */
async function buildFixture(settings: Record<string, unknown>, baseUrl = BASE): Promise<Built> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'gazette-sitemaps-'));
  tempDirs.push(cwd);
  await writeFile(path.join(cwd, 'gazette.config.json'), JSON.stringify(settings));
  const out = path.join(cwd, 'out');
  const config = await loadConfig({ src: FIXTURE, out, baseUrl }, cwd);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await buildSite(config);
      return { out, read: (rel) => readFile(path.join(out, ...rel.split('/')), 'utf8') };
    } catch (error) {
      // The theme may be mid-edit by someone else; give it a few chances.
      lastError = error;
      if (!/template|partial|layout/i.test(String((error as Error)?.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  throw lastError;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['url', 'sitemap'].includes(name),
});

type XmlNode = Record<string, any>;

function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  expect(valid, JSON.stringify(valid)).toBe(true);
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  return xml.parse(text);
}

/** Every HTML page written to the output folder, as the absolute URL it is served at. */
async function servedPages(out: string): Promise<string[]> {
  const files = (await readdir(out, { recursive: true })).map((f) => String(f).split(path.sep).join('/'));
  return files
    .filter((f) => f.endsWith('.html') && !f.startsWith('assets/'))
    .map((f) => BASE + f.split('/').map(encodeURIComponent).join('/').replace(/(^|\/)index\.html$/, '$1'));
}

describe('sitemap.xml', () => {
  let site: Built;
  let urls: XmlNode[];
  beforeAll(async () => {
    site = await buildFixture({ title: SITE_TITLE });
    const doc = parseXml(await site.read('sitemap.xml'));
    expect(doc.urlset['@xmlns']).toBe(SITEMAP_NS);
    urls = doc.urlset.url;
  }, 60_000);

  const locs = () => urls.map((u) => u.loc as string);
  const lastmodOf = (loc: string) => urls.find((u) => u.loc === loc)?.lastmod as string | undefined;

  it('lists every built page except the 404 page, with absolute URLs under the base path', async () => {
    const pages = await servedPages(site.out);
    expect(pages).toContain(`${BASE}404.html`);
    const expected = pages.filter((p) => p !== `${BASE}404.html`).sort();
    expect([...locs()].sort()).toEqual(expected);
    for (const loc of locs()) expect(loc.startsWith(BASE), loc).toBe(true);
    expect(locs()).toEqual(expect.arrayContaining([BASE, SUMMIT, MARKETS, `${BASE}section/world/`, `${BASE}tags/`, `${BASE}archive/`, `${BASE}search/`]));
  });

  it('leaves out drafts', async () => {
    expect(await site.read('sitemap.xml')).not.toContain('secret-draft');
  });

  it('is sorted by URL', () => {
    const sorted = [...locs()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(locs()).toEqual(sorted);
    expect(new Set(locs()).size).toBe(locs().length);
  });

  it('dates article pages by their last update and listings by their newest article', () => {
    expect(lastmodOf(SUMMIT)).toBe('2024-03-11T08:00:00Z');
    expect(lastmodOf(MARKETS)).toBe('2024-03-09T09:00:00Z');
    expect(lastmodOf(STORM)).toBe('2024-01-05T00:00:00Z');
    expect(lastmodOf(BASE)).toBe('2024-03-11T08:00:00Z');
    expect(lastmodOf(`${BASE}section/world/`)).toBe('2024-03-11T08:00:00Z');
    expect(lastmodOf(`${BASE}section/business/`)).toBe('2024-03-09T09:00:00Z');
    expect(lastmodOf(`${BASE}archive/2024/01/`)).toBe('2024-01-05T00:00:00Z');
    // Pages without articles have no date at all, rather than the build time.
    expect(lastmodOf(`${BASE}tags/`)).toBeUndefined();
    expect(lastmodOf(`${BASE}search/`)).toBeUndefined();
    for (const u of urls) if (u.lastmod !== undefined) expect(u.lastmod).toMatch(W3C_DATETIME);
  });
});

describe('news-sitemap.xml', () => {
  let site: Built;
  let entries: XmlNode[];
  beforeAll(async () => {
    site = await buildFixture({ title: SITE_TITLE });
    const doc = parseXml(await site.read('news-sitemap.xml'));
    expect(doc.urlset['@xmlns']).toBe(SITEMAP_NS);
    expect(doc.urlset['@xmlns:news']).toBe(NEWS_NS);
    entries = doc.urlset.url;
  }, 60_000);

  it('holds only the articles published within 48 hours of the newest one, newest first', () => {
    // HARBOUR is exactly 48 h older than SUMMIT; RESULTS is 49 h older; the newer draft does not count.
    expect(entries.map((e) => e.loc)).toEqual([SUMMIT, MARKETS, HARBOUR]);
  });

  it('describes each article with publication, date and title, decoded exactly', () => {
    for (const entry of entries) {
      const news = entry['news:news'];
      expect(news['news:publication']['news:name']).toBe(SITE_TITLE);
      expect(news['news:publication']['news:language']).toBe('en');
      expect(news['news:publication_date']).toMatch(W3C_DATETIME);
    }
    const byLoc = new Map(entries.map((e) => [e.loc, e['news:news']]));
    expect(byLoc.get(SUMMIT)['news:publication_date']).toBe('2024-03-10T12:00:00Z');
    expect(byLoc.get(SUMMIT)['news:title']).toBe('Summit Agrees Climate Fund');
    expect(byLoc.get(MARKETS)['news:title']).toBe(ESCAPE_TITLE);
    expect(byLoc.has(RESULTS)).toBe(false);
  });

  it('never contains raw markup from titles', async () => {
    const text = await site.read('news-sitemap.xml');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<Daily>');
  });

  it('uses Google’s language codes, including zh-cn and zh-tw for Chinese', async () => {
    expect(newsLanguage('en')).toBe('en');
    expect(newsLanguage('en-GB')).toBe('en');
    expect(newsLanguage('pt-BR')).toBe('pt');
    expect(newsLanguage('fil')).toBe('fil');
    expect(newsLanguage('zh')).toBe('zh-cn');
    expect(newsLanguage('zh-CN')).toBe('zh-cn');
    expect(newsLanguage('zh-Hans')).toBe('zh-cn');
    expect(newsLanguage('zh-TW')).toBe('zh-tw');
    expect(newsLanguage('zh-HK')).toBe('zh-tw');
    expect(newsLanguage('zh-Hant')).toBe('zh-tw');
    const chinese = await buildFixture({ language: 'zh-TW' });
    const doc = parseXml(await chinese.read('news-sitemap.xml'));
    expect(doc.urlset.url[0]['news:news']['news:publication']['news:language']).toBe('zh-tw');
  }, 60_000);
});

describe('robots.txt', () => {
  it('allows everything and names both sitemaps by absolute URL', async () => {
    const site = await buildFixture({});
    const lines = (await site.read('robots.txt')).split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Allow: /');
    expect(lines.filter((l) => l.startsWith('Sitemap:'))).toEqual([`Sitemap: ${BASE}sitemap.xml`, `Sitemap: ${BASE}news-sitemap.xml`]);
    // The sitemaps it names exist.
    await expect(site.read('sitemap.xml')).resolves.toContain('<urlset');
    await expect(site.read('news-sitemap.xml')).resolves.toContain('<urlset');
  }, 60_000);

  it('explains instead of listing sitemaps when the site has no origin', async () => {
    const site = await buildFixture({}, '/news/');
    const text = await site.read('robots.txt');
    expect(text).toContain('User-agent: *');
    expect(text).not.toMatch(/^Sitemap:/m);
    expect(text).toMatch(/^#.*site URL/im);
    // The sitemaps are still written, with root-relative locations.
    const doc = parseXml(await site.read('sitemap.xml'));
    expect(doc.urlset.url.map((u: XmlNode) => u.loc)).toContain('/news/2024/03/summit-agrees-climate-fund/');
  }, 60_000);
});

describe('determinism', () => {
  it('gives byte-identical sitemaps and robots.txt when built twice', async () => {
    const [first, second] = [await buildFixture({ title: SITE_TITLE }), await buildFixture({ title: SITE_TITLE })];
    for (const rel of ['sitemap.xml', 'news-sitemap.xml', 'robots.txt']) {
      expect(await second.read(rel), rel).toBe(await first.read(rel));
    }
  }, 60_000);
});

describe('large sites', () => {
  it('splits more than 50,000 URLs into parts listed by a sitemap index', () => {
    const config = { title: 'Big', language: 'en', timezone: 'UTC', site: { origin: 'https://example.org', basePath: '/' } };
    const urls = new SiteUrls(config);
    const total = 50_001;
    const files = Array.from({ length: total }, (_, i) => {
      const pageUrl = urls.path('p', String(i).padStart(6, '0'));
      return {
        type: 'page',
        path: urls.outputPath(pageUrl),
        owner: `page ${i}`,
        template: 'list',
        context: { page: { kind: 'tag', url: pageUrl, robots: null, translations: [] }, article: null, articles: [] },
      };
    });
    const outputs = sitemapFiles([{ files, entries: [], sections: [], urls, site: {} }], config) as { path: string; content: string }[];
    const byPath = new Map(outputs.map((f) => [f.path, f.content]));
    const index = parseXml(byPath.get('sitemap.xml')!);
    expect(index.sitemapindex['@xmlns']).toBe(SITEMAP_NS);
    expect(index.sitemapindex.sitemap.map((s: XmlNode) => s.loc)).toEqual([
      'https://example.org/sitemap-1.xml',
      'https://example.org/sitemap-2.xml',
    ]);
    const first = parseXml(byPath.get('sitemap-1.xml')!).urlset.url;
    const second = parseXml(byPath.get('sitemap-2.xml')!).urlset.url;
    expect(first).toHaveLength(50_000);
    expect(second).toHaveLength(1);
    expect(second[0].loc).toBe('https://example.org/p/050000/');
  });
});
