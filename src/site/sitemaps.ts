import type { Config } from '../config/index.js';
import { isoInZone } from '../content/dates.js';
import type { ArticleView, PageContext } from '../render/context.js';
import { escapeXml } from './feeds.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { SitePlan } from './pages.js';
import type { SiteUrls } from './urls.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The sitemaps protocol allows at most 50,000 URLs and 50 MB (uncompressed) per file. */
export const SITEMAP_MAX_URLS = 50_000;
const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/** Google News reads articles from the last two days… */
const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
/** …and at most 1,000 of them per news sitemap. */
const NEWS_MAX_URLS = 1000;

interface SitemapEntry {
  loc: string;
  /** W3C datetime, or null when the page has no dated content. */
  lastmod: string | null;
}

/**
 * `sitemap.xml` (every indexable page), `news-sitemap.xml` (the articles of
 * the last two days, for Google News) and `robots.txt` pointing at both.
 * Dates come from the articles, never from the clock, so two builds of the
 * same content are identical.
 */
export function sitemapFiles(plan: SitePlan, config: Config): OutputFile[] {
  const { urls } = plan;
  const sitemapUrl = urls.path('sitemap.xml');
  const newsSitemapUrl = urls.path('news-sitemap.xml');
  return [
    ...sitemapOutputs(pageEntries(plan), urls, sitemapUrl),
    {
      type: 'text',
      path: urls.outputPath(newsSitemapUrl),
      owner: 'news sitemap',
      content: newsSitemap(plan.entries.map((e) => e.article), config, urls),
    },
    {
      type: 'text',
      path: urls.outputPath(urls.path('robots.txt')),
      owner: 'robots.txt',
      content: robotsTxt(config, urls, [sitemapUrl, newsSitemapUrl]),
    },
  ];
}

/** One entry per planned page that search engines should index, sorted by URL. */
function pageEntries(plan: SitePlan): SitemapEntry[] {
  const entries: SitemapEntry[] = [];
  // An article is listed on several pages: its time is parsed once.
  const times = new WeakMap<ArticleView, number>();
  const timeOf = (view: ArticleView) => {
    let ms = times.get(view);
    if (ms === undefined) times.set(view, (ms = Date.parse(view.updated ?? view.date)));
    return ms;
  };
  for (const file of plan.files) {
    if (file.type !== 'page') continue;
    const { page } = file.context;
    if (page.kind === 'not-found' || (page.robots !== null && /\bnoindex\b/i.test(page.robots))) continue;
    entries.push({ loc: plan.urls.absolute(page.url), lastmod: lastModified(file.context, timeOf) });
  }
  return entries.sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0));
}

/** An article page changed when its article did; a listing when its newest article did. */
function lastModified(context: PageContext, timeOf: (view: ArticleView) => number): string | null {
  if (context.article) return context.article.updated ?? context.article.date;
  let newest: ArticleView | null = null;
  let newestMs = -Infinity;
  for (const view of context.articles) {
    const ms = timeOf(view);
    if (ms > newestMs) {
      newest = view;
      newestMs = ms;
    }
  }
  return newest ? (newest.updated ?? newest.date) : null;
}

function urlElement(entry: SitemapEntry): string {
  const lastmod = entry.lastmod ? `<lastmod>${escapeXml(entry.lastmod)}</lastmod>` : '';
  return `  <url><loc>${escapeXml(entry.loc)}</loc>${lastmod}</url>`;
}

function urlset(lines: string[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${SITEMAP_NS}">`, ...lines, '</urlset>', ''].join('\n');
}

/**
 * `sitemap.xml` itself when everything fits in one file; otherwise
 * `sitemap-1.xml`, `sitemap-2.xml`, … and a `sitemap.xml` index of them.
 */
function sitemapOutputs(entries: SitemapEntry[], urls: SiteUrls, sitemapUrl: string): OutputFile[] {
  const overhead = Buffer.byteLength(urlset([]), 'utf8') + 1024;
  const chunks: { lines: string[]; lastmod: string | null; lastmodMs: number }[] = [];
  let current: (typeof chunks)[number] | null = null;
  let bytes = 0;
  for (const entry of entries) {
    const line = urlElement(entry);
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (!current || current.lines.length >= SITEMAP_MAX_URLS || bytes + size > SITEMAP_MAX_BYTES - overhead) {
      chunks.push((current = { lines: [], lastmod: null, lastmodMs: -Infinity }));
      bytes = 0;
    }
    current.lines.push(line);
    bytes += size;
    if (entry.lastmod && Date.parse(entry.lastmod) > current.lastmodMs) {
      current.lastmod = entry.lastmod;
      current.lastmodMs = Date.parse(entry.lastmod);
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
function newsSitemap(articles: SiteArticle[], config: Config, urls: SiteUrls): string {
  const newest = articles.reduce((max, a) => Math.max(max, a.date), -Infinity);
  const recent = articles
    .map((article, index) => ({ article, index }))
    .filter(({ article }) => article.date >= newest - NEWS_WINDOW_MS)
    .sort((a, b) => b.article.date - a.article.date || a.index - b.index)
    .slice(0, NEWS_MAX_URLS)
    .map((x) => x.article);
  const name = escapeXml(config.title);
  const language = escapeXml(newsLanguage(config.language));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`];
  for (const article of recent) {
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
