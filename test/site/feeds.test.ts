import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseFeed, parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../lib/build.js';
import { loadConfig } from '../../lib/config/index.js';
import { absolutizeHtml, escapeXml, stripXmlIllegal } from '../../lib/site/feeds.js';
import { SiteUrls } from '../../lib/site/urls.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/feeds-basic/articles', import.meta.url));
const BASE = 'https://example.org/news/';
const SITE_TITLE = 'The <Daily> & "Co"';
const ESCAPE_TITLE = `Markets <script>alert(1)</script> & "Quotes" 'Apostrophes'`;
const ESCAPE_SUMMARY = 'Shares rose <b>sharply</b> & traders cheered "loudly".';

/** Fixture articles, newest first (the draft is newer than all of them and must never show up). */
const SLUGS = {
  summit: 'summit-agrees-climate-fund',
  markets: 'markets-escape-test',
  harbour: 'harbour-flood-warning',
  results: 'quarterly-results-slip',
  storm: 'january-storm-review',
};
const url = (slug: string, month = '03') => `${BASE}2024/${month}/${slug}/`;
const ALL_NEWEST_FIRST = [
  url(SLUGS.summit),
  url(SLUGS.markets),
  url(SLUGS.harbour),
  url(SLUGS.results),
  url(SLUGS.storm, '01'),
];
const WORLD = [url(SLUGS.summit), url(SLUGS.harbour), url(SLUGS.storm, '01')];
const BUSINESS = [url(SLUGS.markets), url(SLUGS.results)];

const FEED_PATHS = ['feed.xml', 'feed.json', 'section/world/feed.xml', 'section/world/feed.json', 'section/business/feed.xml', 'section/business/feed.json'];

const tempDirs: string[] = [];

interface Built {
  out: string;
  read(rel: string): Promise<string>;
}

/**
 * Build the fixture site for real, in a fresh temporary working folder (so no
 * stray gazette.config.json is picked up), with `settings` as its config file.
 */
async function buildFixture(settings: Record<string, unknown>, options: { baseUrl?: string; src?: string } = {}): Promise<Built> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'gazette-feeds-'));
  tempDirs.push(cwd);
  await writeFile(path.join(cwd, 'gazette.config.json'), JSON.stringify(settings));
  const out = path.join(cwd, 'out');
  const config = await loadConfig({ src: options.src ?? FIXTURE, out, baseUrl: options.baseUrl ?? BASE }, cwd);
  await buildWithRetry(config);
  return { out, read: (rel) => readFile(path.join(out, ...rel.split('/')), 'utf8') };
}

/** The theme may be mid-edit by someone else; give it a few chances before failing. */
async function buildWithRetry(config: unknown): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await buildSite(config);
      return;
    } catch (error) {
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
  trimValues: false,
  isArray: (name) => ['entry', 'link', 'category', 'author', 'id', 'title', 'updated', 'published', 'summary', 'content', 'subtitle'].includes(name),
});

type XmlNode = Record<string, any>;

/** Parse an Atom document after checking it is well-formed XML. */
function parseXml(text: string): XmlNode {
  const valid = XMLValidator.validate(text);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return xml.parse(text);
}

/** Text of an element that the parser may give as a string or as { '#text': … }. */
const textOf = (node: unknown): string => (typeof node === 'string' ? node : ((node as XmlNode)?.['#text'] ?? ''));

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The structural rules of RFC 4287 that a generator can get wrong. */
function checkAtomStructure(text: string): void {
  const doc = parseXml(text);
  const feed = doc.feed as XmlNode;
  expect(feed, 'root element is <feed>').toBeDefined();
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  // atom:feed MUST contain exactly one id, title and updated.
  for (const name of ['id', 'title', 'updated']) expect(feed[name], `feed/${name}`).toHaveLength(1);
  expect((feed.subtitle ?? []).length).toBeLessThanOrEqual(1);
  expect(() => new URL(textOf(feed.id[0]))).not.toThrow();
  expect(textOf(feed.updated[0])).toMatch(RFC3339);
  const links = feed.link as XmlNode[];
  expect(links.filter((l) => l['@rel'] === 'self')).toHaveLength(1);
  // At most one alternate link per type (no hreflang is used).
  const alternateTypes = links.filter((l) => (l['@rel'] ?? 'alternate') === 'alternate').map((l) => l['@type']);
  expect(new Set(alternateTypes).size).toBe(alternateTypes.length);
  for (const link of links) expect(link['@href']).toBeTruthy();
  const entries = (feed.entry ?? []) as XmlNode[];
  // A feed-level author, or one in every entry.
  if (!feed.author) for (const entry of entries) expect(entry.author).toBeDefined();
  for (const author of feed.author ?? []) expect(textOf(author.name)).not.toBe('');
  for (const entry of entries) {
    for (const name of ['id', 'title', 'updated']) expect(entry[name], `entry/${name}`).toHaveLength(1);
    expect((entry.published ?? []).length).toBeLessThanOrEqual(1);
    expect((entry.summary ?? []).length).toBeLessThanOrEqual(1);
    expect((entry.content ?? []).length).toBeLessThanOrEqual(1);
    expect(() => new URL(textOf(entry.id[0]))).not.toThrow();
    expect(textOf(entry.updated[0])).toMatch(RFC3339);
    if (entry.published) expect(textOf(entry.published[0])).toMatch(RFC3339);
    const entryLinks = (entry.link ?? []) as XmlNode[];
    // No content means there must be an alternate link.
    if (!entry.content) expect(entryLinks.some((l) => (l['@rel'] ?? 'alternate') === 'alternate')).toBe(true);
    for (const category of entry.category ?? []) expect(category['@term']).toBeTruthy();
  }
}

describe('feeds (summaries only, default settings)', () => {
  let site: Built;
  beforeAll(async () => {
    site = await buildFixture({ title: SITE_TITLE, description: 'News & views' });
  }, 60_000);

  it('writes Atom and JSON feeds for the site and every section', async () => {
    for (const rel of FEED_PATHS) expect((await site.read(rel)).length, rel).toBeGreaterThan(0);
  });

  it('produces Atom that is well-formed and follows RFC 4287 structure', async () => {
    for (const rel of FEED_PATHS.filter((p) => p.endsWith('.xml'))) checkAtomStructure(await site.read(rel));
  });

  it('is read by a real feed parser as Atom, with the site metadata', async () => {
    const text = await site.read('feed.xml');
    expect(parseFeed(text).format).toBe('atom');
    const feed = parseAtomFeed(text);
    expect(feed.id).toBe(`${BASE}feed.xml`);
    expect(feed.title?.value).toBe(SITE_TITLE);
    expect(feed.subtitle?.value).toBe('News & views');
    expect(feed.generator?.text).toBe('gazette');
    expect(feed.authors?.map((a) => a.name)).toEqual([SITE_TITLE]);
    expect(feed.links?.find((l) => l.rel === 'self')?.href).toBe(`${BASE}feed.xml`);
    expect(feed.links?.find((l) => l.rel === 'alternate' && l.type === 'text/html')?.href).toBe(BASE);
    // The newest change among the entries: the summit story's update, not the build time.
    expect(feed.updated).toBe('2024-03-11T08:00:00Z');
  });

  it('lists published articles newest first with absolute URLs under the base path, and no drafts', async () => {
    const text = await site.read('feed.xml');
    const feed = parseAtomFeed(text);
    expect(feed.entries?.map((e) => e.id)).toEqual(ALL_NEWEST_FIRST);
    expect(feed.entries?.map((e) => e.links?.find((l) => l.rel === 'alternate')?.href)).toEqual(ALL_NEWEST_FIRST);
    expect(text).not.toContain('Secret Draft');
    expect(text).not.toContain('secret-draft');
    for (const match of text.matchAll(/\shref="([^"]*)"/g)) expect(match[1]!.startsWith(BASE), match[1]).toBe(true);
  });

  it('gives each entry its dates, author, categories and summary, without full content', async () => {
    const feed = parseAtomFeed(await site.read('feed.xml'));
    const [summit, markets, harbour] = feed.entries!;
    expect(summit!.published).toBe('2024-03-10T12:00:00Z');
    expect(summit!.updated).toBe('2024-03-11T08:00:00Z');
    expect(summit!.authors?.[0]?.name).toBe('Ada Reporter');
    expect(summit!.authors?.[0]?.uri).toBe(`${BASE}authors/ada-reporter/`);
    expect(summit!.categories?.map((c) => c.term)).toEqual(['World', 'Climate', 'Politics']);
    expect(summit!.summary?.value).toBe('Leaders meeting in Valmont agreed a new fund for coastal towns.');
    expect(summit!.summary?.type).toBe('text');
    expect(summit!.links?.find((l) => l.rel === 'enclosure')?.href).toBe(`${BASE}images/map.svg`);
    expect(summit!.content).toBeUndefined();
    expect(markets!.published).toBe('2024-03-09T09:00:00Z');
    expect(markets!.updated).toBe('2024-03-09T09:00:00Z');
    expect(markets!.categories?.map((c) => c.term)).toEqual(['Business', 'Markets', 'R&D']);
    // No author of its own: the site is credited.
    expect(harbour!.authors?.[0]?.name).toBe(SITE_TITLE);
  });

  it('escapes titles and summaries so they decode to exactly what was written', async () => {
    const text = await site.read('feed.xml');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<b>');
    const feed = parseAtomFeed(text);
    const markets = feed.entries!.find((e) => e.id === url(SLUGS.markets))!;
    expect(markets.title?.value).toBe(ESCAPE_TITLE);
    // The summary's control character, U+FFFE and lone surrogate are dropped, the rest kept.
    expect(markets.summary?.value).toBe(ESCAPE_SUMMARY);
    // A second, independent XML parser agrees.
    const doc = parseXml(text);
    const entry = (doc.feed.entry as XmlNode[]).find((e) => textOf(e.id[0]) === url(SLUGS.markets))!;
    expect(textOf(entry.title[0])).toBe(ESCAPE_TITLE);
    expect(textOf(doc.feed.title[0])).toBe(SITE_TITLE);
  });

  it('writes JSON Feed 1.1 that a real parser reads, mirroring the Atom feed', async () => {
    const text = await site.read('feed.json');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": "https://jsonfeed.org/version/1.1"');
    const raw = JSON.parse(text);
    expect(raw.version).toBe('https://jsonfeed.org/version/1.1');
    expect(parseFeed(text).format).toBe('json');
    const feed = parseJsonFeed(raw);
    expect(feed.title).toBe(SITE_TITLE);
    expect(feed.home_page_url).toBe(BASE);
    expect(feed.feed_url).toBe(`${BASE}feed.json`);
    expect(feed.description).toBe('News & views');
    expect(feed.language).toBe('en');
    expect(feed.authors?.map((a) => a.name)).toEqual([SITE_TITLE]);
    expect(feed.items.map((i) => i.id)).toEqual(ALL_NEWEST_FIRST);
    expect(feed.items.map((i) => i.url)).toEqual(ALL_NEWEST_FIRST);
    const [summit, markets] = feed.items;
    expect(summit!.title).toBe('Summit Agrees Climate Fund');
    expect(summit!.date_published).toBe('2024-03-10T12:00:00Z');
    expect(summit!.date_modified).toBe('2024-03-11T08:00:00Z');
    expect(summit!.authors).toEqual([{ name: 'Ada Reporter', url: `${BASE}authors/ada-reporter/` }]);
    expect(summit!.tags).toEqual(['World', 'Climate', 'Politics']);
    expect(summit!.image).toBe(`${BASE}images/map.svg`);
    expect(summit!.content_text).toBe('Leaders meeting in Valmont agreed a new fund for coastal towns.');
    expect(summit!.content_html).toBeUndefined();
    expect(markets!.title).toBe(ESCAPE_TITLE);
    expect(markets!.summary).toBe(ESCAPE_SUMMARY);
    expect(markets!.image).toBeUndefined();
    expect(text).not.toContain('Secret Draft');
  });

  it('gives each section feeds holding only that section, linked to the section page', async () => {
    for (const [slug, name, expected] of [
      ['world', 'World', WORLD],
      ['business', 'Business', BUSINESS],
    ] as const) {
      const atom = parseAtomFeed(await site.read(`section/${slug}/feed.xml`));
      expect(atom.id).toBe(`${BASE}section/${slug}/feed.xml`);
      expect(atom.title?.value).toBe(`${SITE_TITLE}: ${name}`);
      expect(atom.links?.find((l) => l.rel === 'self')?.href).toBe(`${BASE}section/${slug}/feed.xml`);
      expect(atom.links?.find((l) => l.rel === 'alternate' && l.type === 'text/html')?.href).toBe(`${BASE}section/${slug}/`);
      expect(atom.entries?.map((e) => e.id)).toEqual(expected);
      for (const entry of atom.entries!) expect(entry.categories?.[0]?.term).toBe(name);
      const json = parseJsonFeed(JSON.parse(await site.read(`section/${slug}/feed.json`)));
      expect(json.home_page_url).toBe(`${BASE}section/${slug}/`);
      expect(json.feed_url).toBe(`${BASE}section/${slug}/feed.json`);
      expect(json.items.map((i) => i.id)).toEqual(expected);
    }
    // The world feed's newest change is the summit update; business's is the markets story.
    expect(parseAtomFeed(await site.read('section/world/feed.xml')).updated).toBe('2024-03-11T08:00:00Z');
    expect(parseAtomFeed(await site.read('section/business/feed.xml')).updated).toBe('2024-03-09T09:00:00Z');
  });

  it('gives byte-identical feeds when built twice', async () => {
    const again = await buildFixture({ title: SITE_TITLE, description: 'News & views' });
    for (const rel of FEED_PATHS) expect(await again.read(rel), rel).toBe(await site.read(rel));
  }, 60_000);
});

describe('feeds with feedLimit', () => {
  it('caps every feed at feedLimit entries, keeping the newest', async () => {
    const site = await buildFixture({ feedLimit: 2 });
    expect(parseAtomFeed(await site.read('feed.xml')).entries?.map((e) => e.id)).toEqual(ALL_NEWEST_FIRST.slice(0, 2));
    expect(parseJsonFeed(JSON.parse(await site.read('feed.json'))).items.map((i) => i.id)).toEqual(ALL_NEWEST_FIRST.slice(0, 2));
    expect(parseAtomFeed(await site.read('section/world/feed.xml')).entries?.map((e) => e.id)).toEqual(WORLD.slice(0, 2));
    expect(parseJsonFeed(JSON.parse(await site.read('section/world/feed.json'))).items.map((i) => i.id)).toEqual(WORLD.slice(0, 2));
    expect(parseAtomFeed(await site.read('section/business/feed.xml')).entries?.map((e) => e.id)).toEqual(BUSINESS);
  }, 60_000);
});

describe('feeds with feedFullContent', () => {
  let site: Built;
  beforeAll(async () => {
    site = await buildFixture({ feedFullContent: true });
  }, 60_000);

  it('puts the article HTML in Atom content with root-relative URLs made absolute', async () => {
    const text = await site.read('feed.xml');
    checkAtomStructure(text);
    const feed = parseAtomFeed(text);
    const summit = feed.entries!.find((e) => e.id === url(SLUGS.summit))!;
    expect(summit.content?.type).toBe('html');
    const html = summit.content!.value!;
    expect(html).toContain('<a href="https://example.org/news/about/">about us</a>');
    expect(html).toContain(`<a href="${url(SLUGS.harbour)}">older story</a>`);
    expect(html).toContain('src="https://example.org/news/images/map.svg" alt="Map of the coast"');
    expect(html).toContain('srcset="https://example.org/news/images/map.svg 1x, https://example.org/news/images/map.svg 2x"');
    // Protocol-relative and absolute links are left alone, and so is markup shown as code.
    expect(html).toContain('href="//mirror.example.net/summit"');
    expect(html).toMatch(/href="https:\/\/example\.com\/x\?a=1&(?:amp;|#x26;)b=2"/);
    // (The code is highlighted, so its text is split into spans: compare the text alone.)
    const codeText = /<pre>([\s\S]*?)<\/pre>/.exec(html)![1]!.replace(/<[^>]*>/g, '').replace(/&quot;|&#x22;/g, '"');
    expect(codeText).toContain('href="/not-a-real-link/"');
    // No other root-relative URL is left in an attribute.
    const withoutCode = html.replace(/<pre>[\s\S]*?<\/pre>/g, '');
    expect(withoutCode).not.toMatch(/\s(?:href|src)="\/(?!\/)/);
    expect(withoutCode).not.toMatch(/(?:srcset="|,\s*)\/(?!\/)/);
    // The summary is still there beside the content.
    expect(summit.summary?.value).toBe('Leaders meeting in Valmont agreed a new fund for coastal towns.');
  });

  it('puts the same HTML in JSON Feed content_html instead of content_text', async () => {
    const feed = parseJsonFeed(JSON.parse(await site.read('feed.json')));
    const atom = parseAtomFeed(await site.read('feed.xml'));
    for (const item of feed.items) {
      expect(item.content_text).toBeUndefined();
      const entry = atom.entries!.find((e) => e.id === item.id)!;
      expect(item.content_html).toBe(entry.content?.value);
    }
    const markets = feed.items.find((i) => i.id === url(SLUGS.markets))!;
    expect(markets.content_html).toBe('<p>Shares rose sharply on Friday.</p>');
  });
});

describe('full-content feeds of an article with page-relative links', () => {
  it('resolves them on the article page, in JSON Feed (which has no base URL) and Atom alike', async () => {
    const src = await mkdtemp(path.join(tmpdir(), 'gazette-feed-rel-'));
    tempDirs.push(src);
    await writeFile(path.join(src, 'a.md'), '---\ntitle: A\ndate: 2024-05-01\n---\nSee [the notes](#notes) and [page two](?page=2).\n');
    // (The fragment names no heading on the page: a warning.)
    const site = await buildFixture({ feedFullContent: true, links: { missing: 'warn' } }, { src });
    const expected = `<p>See <a href="${BASE}2024/05/a/#notes">the notes</a> and <a href="${BASE}2024/05/a/?page=2">page two</a>.</p>`;
    expect(parseJsonFeed(JSON.parse(await site.read('feed.json'))).items[0]!.content_html).toBe(expected);
    expect(parseAtomFeed(await site.read('feed.xml')).entries![0]!.content!.value).toBe(expected);
  }, 60_000);
});

describe('feeds without a site origin', () => {
  it('keeps root-relative URLs and still writes parseable feeds', async () => {
    const site = await buildFixture({}, { baseUrl: '/news/' });
    const atom = parseAtomFeed(await site.read('feed.xml'));
    expect(atom.entries?.[0]?.id).toBe('/news/2024/03/summit-agrees-climate-fund/');
    expect(atom.links?.find((l) => l.rel === 'self')?.href).toBe('/news/feed.xml');
    const json = parseJsonFeed(JSON.parse(await site.read('feed.json')));
    expect(json.feed_url).toBe('/news/feed.json');
    expect(json.items[0]?.url).toBe('/news/2024/03/summit-agrees-climate-fund/');
  }, 60_000);
});

describe('feeds of an empty site', () => {
  it('uses a fixed updated date instead of the build time', async () => {
    const src = await mkdtemp(path.join(tmpdir(), 'gazette-feeds-empty-'));
    tempDirs.push(src);
    await mkdir(src, { recursive: true });
    const site = await buildFixture({}, { src });
    const text = await site.read('feed.xml');
    checkAtomStructure(text);
    const atom = parseAtomFeed(text);
    expect(atom.updated).toBe('1970-01-01T00:00:00Z');
    expect(atom.entries ?? []).toEqual([]);
    const json = JSON.parse(await site.read('feed.json'));
    expect(json.items).toEqual([]);
  }, 60_000);
});

describe('feed helpers', () => {
  it('escapes every XML-special character', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });

  it('strips characters XML 1.0 forbids but keeps tabs, newlines and surrogate pairs', () => {
    expect(stripXmlIllegal('a\u0000\u0001b\u000B\u000C\u001F\tc\nd\re\uFFFE\uFFFFf\uD800g\uDC00h😀')).toBe('ab\tc\nd\refgh😀');
  });

  it('makes root-relative URLs absolute only inside real tags', () => {
    const urls = new SiteUrls({ site: { origin: 'https://example.org', basePath: '/news/' } });
    const html =
      `<p><a href="/news/a/">a</a> <a href='/news/b/'>b</a> <a href=/news/c/>c</a> <img src="/news/i.png" srcset="/news/i.png 1x,/news/j.png 2x">` +
      ` <a href="//cdn.example.net/x">cdn</a> <a href="rel/">rel</a> <a href="#top">top</a> &lt;a href="/news/code/"&gt;</p>`;
    expect(absolutizeHtml(html, urls)).toBe(
      `<p><a href="https://example.org/news/a/">a</a> <a href='https://example.org/news/b/'>b</a> <a href="https://example.org/news/c/">c</a>` +
        ` <img src="https://example.org/news/i.png" srcset="https://example.org/news/i.png 1x,https://example.org/news/j.png 2x">` +
        ` <a href="//cdn.example.net/x">cdn</a> <a href="rel/">rel</a> <a href="#top">top</a> &lt;a href="/news/code/"&gt;</p>`,
    );
  });

  it('makes page-relative URLs absolute on the page the HTML is on, when given, and leaves other schemes alone', () => {
    const urls = new SiteUrls({ site: { origin: 'https://example.org', basePath: '/news/' } });
    const page = 'https://example.org/news/2024/03/summit/';
    const html =
      `<p><a href="../live/">live</a> <img src="map.png" srcset="map.png 1x, big/map.png 2x"> <a href="#notes">notes</a>` +
      ` <a href="?page=2">next</a> <a href="mailto:desk@example.org">mail</a> <a href="//cdn.example.net/x">cdn</a> <a href="/news/a/">a</a></p>`;
    expect(absolutizeHtml(html, urls, page)).toBe(
      `<p><a href="https://example.org/news/2024/03/live/">live</a>` +
        ` <img src="https://example.org/news/2024/03/summit/map.png" srcset="https://example.org/news/2024/03/summit/map.png 1x, https://example.org/news/2024/03/summit/big/map.png 2x">` +
        ` <a href="https://example.org/news/2024/03/summit/#notes">notes</a> <a href="https://example.org/news/2024/03/summit/?page=2">next</a>` +
        ` <a href="mailto:desk@example.org">mail</a> <a href="//cdn.example.net/x">cdn</a> <a href="https://example.org/news/a/">a</a></p>`,
    );
    // A site known only by its path has no address to resolve on: relative URLs stay as written.
    const pathOnly = new SiteUrls({ site: { origin: '', basePath: '/news/' } });
    expect(absolutizeHtml('<a href="../live/">live</a>', pathOnly, '/news/2024/03/summit/')).toBe('<a href="../live/">live</a>');
  });
});
