import type { Config } from '../config/index.js';
import { isoInZone } from '../content/dates.js';
import type { ArticleView, LanguageLinkView, PageContext } from '../render/context.js';
import { escapeXml } from './feeds.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { SitePlan } from './pages.js';
import { SiteUrls } from './urls.js';
import { modifiedTime } from './views.js';
import { ArticlePageFile } from './plan/article-page-file.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** The sitemaps protocol allows at most 50,000 URLs and 50 MB (uncompressed) per file. */
export const SITEMAP_MAX_URLS = 50_000;
const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/** Google News reads articles from the last two days… */
const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
/** …and at most 1,000 of them per news sitemap. */
const NEWS_MAX_URLS = 1000;

interface SitemapEntry {
  loc: string;
  /** The page in every language it exists in (hreflang), itself included; empty when it has no translation. */
  alternates: { hreflang: string; href: string }[];
  /** W3C datetime, or null when the page has no dated content. */
  lastmod: string | null;
  /** Its time (as `Date.parse` reads it; NaN when null), parsed once for the sitemap's own lastmod. */
  lastmodMs: number;
}

/**
 * `sitemap.xml` (every indexable page), `news-sitemap.xml` (the articles of
 * the last two days, for Google News) and `robots.txt` pointing at both.
 * Dates come from the articles, never from the clock, so two builds of the
 * same content are identical.
 */
export function sitemapFiles(plans: SitePlan[], config: Config): OutputFile[] {
  const urls = new SiteUrls(config);
  const sitemaps = new PageSitemaps(plans, config);
  return [
    ...sitemaps.files(),
    newsSitemapFile(plans, config),
    {
      type: 'text',
      path: urls.outputPath(urls.path('robots.txt')),
      owner: 'robots.txt',
      content: robotsTxt(config, urls, [urls.path('sitemap.xml'), urls.path('news-sitemap.xml')]),
    },
  ];
}

type PageFile = Extract<OutputFile, { type: 'page' }>;

/**
 * `sitemap.xml` (or its parts and their index) kept with each page's entry, so that pages whose
 * time changed (a live story's new update moves its page's and its listings') are listed again
 * without listing every page of the site: what watch does on such a save. The same plans and pages
 * give the same files as `sitemapFiles`, which makes them through this.
 */
export class PageSitemaps {
  /** One entry per indexable page, in the order of their addresses (`loc`), and its line. */
  private readonly entries: SitemapEntry[];
  private readonly lines: string[];
  /** Each page file's place in `entries` (an output path, which no edit on watch's quick path moves). */
  private readonly at = new Map<string, number>();
  private readonly urls: SiteUrls;

  constructor(plans: SitePlan[], config: Config) {
    // One set of sitemaps at the root of the site, for every language's pages.
    this.urls = new SiteUrls(config);
    const listed: { entry: SitemapEntry; path: string }[] = [];
    for (const plan of plans) {
      const timeOf = timesOf();
      for (const file of plan.files) {
        const entry = file.type === 'page' ? pageEntry(file, plan, timeOf) : null;
        if (entry) listed.push({ entry, path: file.path });
      }
    }
    listed.sort((a, b) => (a.entry.loc < b.entry.loc ? -1 : a.entry.loc > b.entry.loc ? 1 : 0));
    this.entries = listed.map((l) => l.entry);
    this.lines = this.entries.map(urlElement);
    listed.forEach(({ path }, i) => this.at.set(path, i));
  }

  /** The sitemap's files as they stand. */
  files(): OutputFile[] {
    return sitemapOutputs(this.entries, this.lines, this.urls, this.urls.path('sitemap.xml'));
  }

  /**
   * List `pages` of `plan` again (their contexts or views changed, not their addresses).
   * @returns Whether an entry changed (the files are then made again by `files`).
   */
  update(plan: SitePlan, pages: readonly PageFile[]): boolean {
    const timeOf = timesOf();
    let changed = false;
    for (const file of pages) {
      const at = this.at.get(file.path);
      if (at === undefined) continue;
      const entry = pageEntry(file, plan, timeOf)!;
      const line = urlElement(entry);
      if (line === this.lines[at]) continue;
      this.entries[at] = entry;
      this.lines[at] = line;
      changed = true;
    }
    return changed;
  }
}

/** `news-sitemap.xml` alone: what an edit of an article's title changes (see watch/article-edits.ts). */
export function newsSitemapFile(plans: SitePlan[], config: Config): OutputFile {
  const urls = new SiteUrls(config);
  const news = plans.flatMap((plan) => plan.entries.map((e) => ({ article: e.article, publication: plan.site.title })));
  return { type: 'text', path: urls.outputPath(urls.path('news-sitemap.xml')), owner: 'news sitemap', content: newsSitemap(news, config, urls) };
}

/** An article's time, parsed once however many pages list it (within one plan's listing). */
function timesOf(): (view: ArticleView) => number {
  const times = new WeakMap<ArticleView, number>();
  return (view) => {
    let ms = times.get(view);
    if (ms === undefined) times.set(view, (ms = Date.parse(modifiedTime(view))));
    return ms;
  };
}

/** A planned page's entry, or null for one search engines should not index. */
function pageEntry(file: PageFile, plan: SitePlan, timeOf: (view: ArticleView) => number): SitemapEntry | null {
  // An article page not made yet (most of them, in a build with the cache) is listed from its view, as its page would be.
  const parts = file instanceof ArticlePageFile ? file.unmade : null;
  if (parts) {
    const { view } = parts;
    return { loc: plan.urls.absolute(parts.article.url), lastmod: modifiedTime(view), lastmodMs: timeOf(view), alternates: alternatesOf(view.translations) };
  }
  const { page } = file.context;
  if (page.kind === 'not-found' || (page.robots !== null && /\bnoindex\b/i.test(page.robots))) return null;
  return { ...lastModified(file.context, timeOf), loc: plan.urls.absolute(page.url), alternates: alternatesOf(page.translations) };
}

/** A page's versions in every language it exists in, for hreflang, and the one for other languages (x-default). */
function alternatesOf(translations: readonly LanguageLinkView[]): SitemapEntry['alternates'] {
  const alternates = translations.map((t) => ({ hreflang: t.language, href: t.absoluteUrl }));
  const fallback = translations.find((t) => t.xDefault);
  if (fallback) alternates.push({ hreflang: 'x-default', href: fallback.absoluteUrl });
  return alternates;
}

/** An article page changed when its article did; a listing when its newest article did. */
function lastModified(context: PageContext, timeOf: (view: ArticleView) => number): Pick<SitemapEntry, 'lastmod' | 'lastmodMs'> {
  if (context.article) {
    const lastmod = modifiedTime(context.article);
    return { lastmod, lastmodMs: Date.parse(lastmod) };
  }
  let newest: ArticleView | null = null;
  let newestMs = -Infinity;
  for (const view of context.articles) {
    const ms = timeOf(view);
    if (ms > newestMs) {
      newest = view;
      newestMs = ms;
    }
  }
  return newest ? { lastmod: modifiedTime(newest), lastmodMs: newestMs } : { lastmod: null, lastmodMs: NaN };
}

function urlElement(entry: SitemapEntry): string {
  const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : '';
  const alternates = entry.alternates
    .map((a) => `<xhtml:link rel="alternate" hreflang="${escapeXml(a.hreflang)}" href="${escapeXml(a.href)}"/>`)
    .join('');
  return `  <url><loc>${escapeXml(entry.loc)}</loc>${lastmod}${alternates}</url>`;
}

function urlset(lines: string[]): string {
  // The xhtml namespace only where translations are listed, so a site in one language keeps its sitemap as it was.
  const xhtml = lines.some((line) => line.includes('<xhtml:link')) ? ` xmlns:xhtml="${XHTML_NS}"` : '';
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${SITEMAP_NS}"${xhtml}>`, ...lines, '</urlset>', ''].join('\n');
}

/**
 * `sitemap.xml` itself when everything fits in one file; otherwise
 * `sitemap-1.xml`, `sitemap-2.xml`, … and a `sitemap.xml` index of them.
 */
function sitemapOutputs(entries: readonly SitemapEntry[], lines: readonly string[], urls: SiteUrls, sitemapUrl: string): OutputFile[] {
  const overhead = Buffer.byteLength(urlset([]), 'utf8') + 1024;
  const chunks: { lines: string[]; lastmod: string | null; lastmodMs: number }[] = [];
  let current: (typeof chunks)[number] | null = null;
  let bytes = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const line = lines[i]!;
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (!current || current.lines.length >= SITEMAP_MAX_URLS || bytes + size > SITEMAP_MAX_BYTES - overhead) {
      chunks.push((current = { lines: [], lastmod: null, lastmodMs: -Infinity }));
      bytes = 0;
    }
    current.lines.push(line);
    bytes += size;
    if (entry.lastmod && entry.lastmodMs > current.lastmodMs) {
      current.lastmod = entry.lastmod;
      current.lastmodMs = entry.lastmodMs;
    }
  }
  if (chunks.length <= 1) {
    return [{ type: 'text', path: urls.outputPath(sitemapUrl), owner: 'sitemap', content: urlset(chunks[0]?.lines ?? []) }];
  }
  const files: OutputFile[] = [];
  const index = ['<?xml version="1.0" encoding="UTF-8"?>', `<sitemapindex xmlns="${SITEMAP_NS}">`];
  chunks.forEach((chunk, i) => {
    const partUrl = urls.path(`sitemap-${i + 1}.xml`);
    files.push({ type: 'text', path: urls.outputPath(partUrl), owner: `sitemap part ${i + 1}`, content: urlset(chunk.lines) });
    const lastmod = chunk.lastmod ? `<lastmod>${escapeXml(chunk.lastmod)}</lastmod>` : '';
    index.push(`  <sitemap><loc>${escapeXml(urls.absolute(partUrl))}</loc>${lastmod}</sitemap>`);
  });
  index.push('</sitemapindex>', '');
  files.unshift({ type: 'text', path: urls.outputPath(sitemapUrl), owner: 'sitemap index', content: index.join('\n') });
  return files;
}

/**
 * Google News sitemap: the articles published within 48 hours of the newest
 * one (the newest article stands in for "now", keeping the build
 * reproducible), newest first, at most 1,000.
 */
function newsSitemap(articles: { article: SiteArticle; publication: string }[], config: Config, urls: SiteUrls): string {
  const newest = articles.reduce((max, a) => Math.max(max, a.article.date), -Infinity);
  const recent = articles
    .map((item, index) => ({ ...item, index }))
    .filter(({ article }) => article.date >= newest - NEWS_WINDOW_MS)
    .sort((a, b) => b.article.date - a.article.date || a.index - b.index)
    .slice(0, NEWS_MAX_URLS);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`];
  // Each article names its own language and its edition's title (the site's, in that language).
  for (const { article, publication } of recent) {
    const name = escapeXml(publication);
    const language = escapeXml(newsLanguage(article.language));
    lines.push(
      '  <url>',
      `    <loc>${escapeXml(urls.absolute(article.url))}</loc>`,
      '    <news:news>',
      '      <news:publication>',
      `        <news:name>${name}</news:name>`,
      `        <news:language>${language}</news:language>`,
      '      </news:publication>',
      `      <news:publication_date>${isoInZone(article.date, config.timezone)}</news:publication_date>`,
      `      <news:title>${escapeXml(article.title)}</news:title>`,
      '    </news:news>',
      '  </url>',
    );
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

/**
 * The language code Google News expects: the ISO 639 language alone ("en",
 * "pt"), except Chinese, which must be "zh-cn" (simplified) or "zh-tw"
 * (traditional).
 */
export function newsLanguage(tag: string): string {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag);
  } catch {
    return tag.split(/[-_]/)[0]!.toLowerCase();
  }
  if (locale.language === 'zh') {
    return locale.maximize().script === 'Hant' ? 'zh-tw' : 'zh-cn';
  }
  return locale.language.toLowerCase();
}

function robotsTxt(config: Config, urls: SiteUrls, sitemapUrls: string[]): string {
  const lines = ['User-agent: *', 'Allow: /', ''];
  if (config.site.origin) {
    for (const url of sitemapUrls) lines.push(`Sitemap: ${urls.absolute(url)}`);
  } else {
    lines.push('# Sitemaps are listed here only when the site URL is known: set "url" in gazette.config.json');
    lines.push('# (or pass --base-url https://example.org/) to add their absolute addresses.');
  }
  if (config.site.basePath !== '/') {
    lines.push(
      '',
      `# This site is served under ${config.site.basePath}; crawlers read robots.txt only at the root of the host,`,
      '# so copy these lines into the robots.txt served there.',
    );
  }
  return `${lines.join('\n')}\n`;
}
