import type { Config } from '../config/index.js';
import { isoInZone } from '../content/dates.js';
import type { ArticleView } from '../render/context.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { SitePlan } from './pages.js';
import { liveBodyParts } from './live-blog.js';
import type { SiteUrls } from './urls.js';

/** The `updated` of a feed with no entries: a fixed instant, so builds stay reproducible. */
export const EMPTY_FEED_UPDATED = '1970-01-01T00:00:00Z';

/**
 * Characters XML 1.0 does not allow anywhere in a document: C0 controls other
 * than tab, LF and CR; U+FFFE and U+FFFF; and UTF-16 surrogates that are not
 * part of a pair (with the `u` flag a valid pair is one code point, so the
 * surrogate range only matches lone halves).
 */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Remove characters that cannot appear in an XML 1.0 document. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** One feed to write: which articles, and how it describes itself. */
interface FeedSpec {
  title: string;
  description: string;
  /** Root-relative URL of the HTML page the feed mirrors. */
  pageUrl: string;
  /** Root-relative URLs of the two feed files. */
  atomUrl: string;
  jsonUrl: string;
  owner: string;
  articles: SiteArticle[];
}

/** An article as the feeds see it: absolute URLs and final dates. */
interface FeedItem {
  article: SiteArticle;
  view: ArticleView;
  url: string;
  published: string;
  updated: string;
  updatedMs: number;
  /** Every author (the site's default author when the article names none). */
  authors: { name: string; url: string | null }[];
  categories: string[];
  imageUrl: string | null;
  /** Body HTML with root-relative URLs made absolute, or null when feeds carry summaries only. */
  contentHtml: string | null;
}

/**
 * The site's feeds: Atom 1.0 (`feed.xml`) and JSON Feed 1.1 (`feed.json`) for
 * the whole site and for every section, newest first, at most
 * `config.feedLimit` entries each. The output depends only on the articles
 * and the configuration, never on the time of the build.
 */
export function feedFiles(plan: SitePlan, config: Config): OutputFile[] {
  const { urls } = plan;
  // The plan's own map and lists, not copies of them: watch makes the feeds again on a save, at any size of site.
  const { viewOf } = plan.context;
  const specs: FeedSpec[] = [
    {
      title: config.title,
      description: config.description,
      pageUrl: urls.path(),
      atomUrl: urls.path('feed.xml'),
      jsonUrl: urls.path('feed.json'),
      owner: 'site feed',
      articles: plan.context.articles,
    },
  ];
  for (const section of plan.sections) {
    specs.push({
      title: `${config.title}: ${section.name}`,
      description: plan.strings.format('sectionDescription', { section: section.name, site: config.title }),
      pageUrl: urls.path('section', section.slug),
      atomUrl: urls.path('section', section.slug, 'feed.xml'),
      jsonUrl: urls.path('section', section.slug, 'feed.json'),
      owner: `feed of section "${section.name}"`,
      articles: section.items,
    });
  }

  // Items are shared between the site feed and the section feeds: build each once.
  const items = new Map<SiteArticle, FeedItem>();
  const itemOf = (article: SiteArticle): FeedItem => {
    let item = items.get(article);
    if (!item) items.set(article, (item = feedItem(article, viewOf.get(article)!, config, urls)));
    return item;
  };

  const files: OutputFile[] = [];
  for (const spec of specs) {
    // Articles, and so each section's items, are already sorted newest first by the build.
    const entries = spec.articles.slice(0, config.feedLimit).map(itemOf);
    files.push(
      { type: 'text', path: urls.outputPath(spec.atomUrl), owner: `${spec.owner} (Atom)`, content: atomFeed(spec, entries, config, urls) },
      { type: 'text', path: urls.outputPath(spec.jsonUrl), owner: `${spec.owner} (JSON Feed)`, content: jsonFeed(spec, entries, config, urls) },
    );
  }
  return files;
}

function feedItem(article: SiteArticle, view: ArticleView, config: Config, urls: SiteUrls): FeedItem {
  // A live story's newest update out counts as a change, as on its page.
  const latest = view.live?.latest ? Date.parse(view.live.latest) : -Infinity;
  const updatedMs = Math.max(article.updated ?? article.date, latest);
  const categories: string[] = [];
  for (const name of [...(article.section ? [article.section] : []), ...article.tags]) {
    if (!categories.includes(name)) categories.push(name);
  }
  return {
    article,
    view,
    url: urls.absolute(article.url),
    published: isoInZone(article.date, config.timezone),
    updated: isoInZone(updatedMs, config.timezone),
    updatedMs,
    authors: view.authors.length
      ? view.authors.map((a) => ({ name: a.name, url: urls.absolute(a.url) }))
      : [{ name: config.author ?? config.title, url: null }],
    categories,
    imageUrl: view.image ? view.image.absoluteUrl : null,
    // A live story's updates have their own feed (and some may not be out yet): the site's feeds carry its introduction.
    contentHtml: config.feedFullContent ? absolutizeHtml(article.live ? liveBodyParts(article).intro : article.rendered.html, urls, urls.absolute(article.url)) : null,
  };
}

/** The newest modification among the entries, or the fixed epoch for an empty feed. */
function feedUpdated(entries: FeedItem[], config: Config): string {
  if (entries.length === 0) return EMPTY_FEED_UPDATED;
  const newest = entries.reduce((max, e) => Math.max(max, e.updatedMs), -Infinity);
  return isoInZone(newest, config.timezone);
}

function atomFeed(spec: FeedSpec, entries: FeedItem[], config: Config, urls: SiteUrls): string {
  const selfUrl = urls.absolute(spec.atomUrl);
  const lines: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(config.language)}">`,
    `  <id>${escapeXml(selfUrl)}</id>`,
    `  <title type="text">${escapeXml(spec.title)}</title>`,
  ];
  if (spec.description) lines.push(`  <subtitle type="text">${escapeXml(spec.description)}</subtitle>`);
  lines.push(
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(urls.absolute(spec.pageUrl))}"/>`,
    `  <link rel="alternate" type="application/feed+json" href="${escapeXml(urls.absolute(spec.jsonUrl))}"/>`,
    `  <updated>${feedUpdated(entries, config)}</updated>`,
    `  <author><name>${escapeXml(config.author ?? config.title)}</name></author>`,
    '  <generator>gazette</generator>',
  );
  for (const entry of entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.url)}</id>`,
      `    <title type="text">${escapeXml(entry.article.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>`,
      `    <published>${entry.published}</published>`,
      `    <updated>${entry.updated}</updated>`,
    );
    for (const a of entry.authors) {
      lines.push(
        a.url
          ? `    <author><name>${escapeXml(a.name)}</name><uri>${escapeXml(a.url)}</uri></author>`
          : `    <author><name>${escapeXml(a.name)}</name></author>`,
      );
    }
    for (const term of entry.categories) lines.push(`    <category term="${escapeXml(term)}"/>`);
    if (entry.imageUrl) {
      lines.push(`    <link rel="enclosure" type="${imageType(entry.imageUrl)}" href="${escapeXml(entry.imageUrl)}"/>`);
    }
    if (entry.view.summary) lines.push(`    <summary type="text">${escapeXml(entry.view.summary)}</summary>`);
    if (entry.contentHtml !== null) {
      lines.push(`    <content type="html" xml:base="${escapeXml(entry.url)}">${escapeXml(entry.contentHtml)}</content>`);
    }
    lines.push('  </entry>');
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}

/** A media type for an enclosure link, guessed from the file extension. */
function imageType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    svg: 'image/svg+xml',
  };
  return (ext && types[ext]) || 'image/*';
}

function jsonFeed(spec: FeedSpec, entries: FeedItem[], config: Config, urls: SiteUrls): string {
  const feed: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: spec.title,
    home_page_url: urls.absolute(spec.pageUrl),
    feed_url: urls.absolute(spec.jsonUrl),
  };
  if (spec.description) feed.description = spec.description;
  feed.language = config.language;
  feed.authors = [{ name: config.author ?? config.title }];
  feed.items = entries.map((entry) => {
    const item: Record<string, unknown> = {
      id: entry.url,
      url: entry.url,
      title: entry.article.title,
    };
    if (entry.view.summary) item.summary = entry.view.summary;
    if (entry.contentHtml !== null) item.content_html = entry.contentHtml;
    else item.content_text = entry.view.summary;
    if (entry.imageUrl) item.image = entry.imageUrl;
    item.date_published = entry.published;
    item.date_modified = entry.updated;
    item.authors = entry.authors.map((a) => (a.url ? { name: a.name, url: a.url } : { name: a.name }));
    if (entry.categories.length) item.tags = entry.categories;
    return item;
  });
  // Strip the same invisible junk as in the Atom feed, so both feeds carry the same text.
  const clean = (_key: string, value: unknown) => (typeof value === 'string' ? stripXmlIllegal(value) : value);
  return `${JSON.stringify(feed, clean, 2)}\n`;
}

/**
 * A start tag with its attributes. Only real tags match: text that merely shows
 * markup (`&lt;a href="/x"&gt;`) starts with an entity, not `<`, and is left alone.
 */
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
/** An attribute holding a single URL, quoted or not. */
const URL_ATTRIBUTE = /(\s(?:href|src|poster|cite|action|data|longdesc)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
/** An attribute holding a list of image candidates. */
const SRCSET_ATTRIBUTE = /(\s(?:srcset|imagesrcset)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/** Is `url` root-relative ('/news/a/'), as opposed to protocol-relative ('//cdn/…'), relative or absolute? */
const isRootRelative = (url: string) => url.startsWith('/') && !url.startsWith('//');

/** A URL with a scheme of its own (https:, mailto:, data:…): nothing to resolve. */
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z\d+.-]*:/;

/**
 * Rewrite the URLs in `href`, `src`, `srcset` and similar attributes to absolute ones, so feed
 * readers, which show the HTML away from the site (and JSON Feed has no base URL), can follow them:
 * root-relative ones on the site's address, page-relative ones (`../live/`, `photo.jpg`, `#notes`)
 * on `base`, the absolute URL of the page the HTML is on. URLs with a scheme, protocol-relative
 * ones, and all relative ones when no `base` is given, are kept as they are.
 */
export function absolutizeHtml(html: string, urls: SiteUrls, base?: string): string {
  const fix = (url: string) => {
    const trimmed = url.trim();
    if (isRootRelative(trimmed)) return urls.absolute(trimmed);
    if (base === undefined || trimmed === '' || trimmed.startsWith('/') || HAS_SCHEME.test(trimmed)) return url;
    try {
      return new URL(trimmed, base).href;
    } catch {
      return url;
    }
  };
  const requote = (prefix: string, value: string, double: string | undefined, single: string | undefined) =>
    double !== undefined ? `${prefix}"${value}"` : single !== undefined ? `${prefix}'${value}'` : `${prefix}"${value}"`;
  return html.replace(START_TAG, (tag) =>
    tag
      .replace(URL_ATTRIBUTE, (_m, prefix: string, d?: string, s?: string, bare?: string) =>
        requote(prefix, fix(d ?? s ?? bare ?? ''), d, s),
      )
      .replace(SRCSET_ATTRIBUTE, (_m, prefix: string, d?: string, s?: string, bare?: string) => {
        const list = (d ?? s ?? bare ?? '').replace(/(^|,)(\s*)([^\s,]+)/g, (_c, sep: string, space: string, url: string) =>
          `${sep}${space}${fix(url)}`,
        );
        return requote(prefix, list, d, s);
      }),
  );
}
