import type { Config } from '../config/index.js';
import { isoInZone } from '../content/dates.js';
import type { ArticleView, AuthorView, BylinePart, LanguageLinkView, LinkView, MetaTag, SiteView } from '../render/context.js';
import type { SiteArticle } from './model.js';
import { articlePageImage, openGraphImageTags, sitePageImage, socialViews } from './social-image.js';
import type { SiteUrls } from './urls.js';
import { pushAll } from '../push-all.js';
import { liveView } from './live-view.js';
import { buildNow } from './schedule.js';
import { shareView } from './share.js';

/** Looks up the taxonomy links of an article. */
export interface TermLinks {
  section(name: string): LinkView;
  tag(name: string): LinkView;
  author(name: string): AuthorView;
}

/** Reading pace of an adult reader: words of spaced scripts, and characters of Chinese and Japanese, per minute. */
const WORDS_PER_MINUTE = 230;
const CJK_CHARACTERS_PER_MINUTE = 500;

/** Minutes to read a body: its words at one pace and its Chinese and Japanese characters at another, in mixed text too. */
export function readingMinutes(wordCount: number, cjkCharacters: number): number {
  return Math.max(1, Math.round((wordCount - cjkCharacters) / WORDS_PER_MINUTE + cjkCharacters / CJK_CHARACTERS_PER_MINUTE));
}

/** The template view of an article, without its body. */
export function articleView(article: SiteArticle, config: Config, urls: SiteUrls, terms: TermLinks, now?: number): ArticleView {
  const authors = article.authors.map((name) => terms.author(name));
  return {
    kind: article.kind,
    title: article.title,
    url: article.url,
    absoluteUrl: urls.absolute(article.url),
    date: article.dated ? isoInZone(article.date, config.timezone) : '',
    dateHasTime: article.dateHasTime,
    updated: article.updated === null ? null : isoInZone(article.updated, config.timezone),
    author: authors[0] ?? null,
    authors,
    byline: bylineParts(authors, config.language),
    corrections: article.corrections.map((c, i) => ({
      date: isoInZone(c.date, config.timezone),
      dateHasTime: c.dateHasTime,
      text: c.text,
      id: `correction-${i + 1}`,
    })),
    pageType: article.kind === 'page' ? article.pageType : null,
    section: article.section ? terms.section(article.section) : null,
    tags: article.tags.map((tag) => terms.tag(tag)),
    summary: article.summaryText,
    standfirst: article.summary,
    image:
      article.image && article.imageUrl
        ? {
            url: article.imageUrl,
            // Relative to the article's page when it is not a URL or a root-relative path.
            absoluteUrl: urls.absolute(article.imageUrl, article.url),
            alt: article.image.alt,
            caption: article.image.caption,
            credit: article.image.credit,
            width: article.imageRecord?.width || null,
            height: article.imageRecord?.height || null,
            srcset: article.imageRecord?.srcset || null,
            sources: article.imageRecord?.sources ?? [],
            social: socialViews(article.socialImages, urls),
          }
        : null,
    wordCount: article.wordCount,
    readingMinutes: readingMinutes(article.wordCount, article.cjkCharacters),
    draft: article.draft,
    language: article.language,
    translations: article.translations.map((t) => ({ ...t, absoluteUrl: urls.absolute(t.url), current: t.language === article.language })),
    data: article.data,
    share: article.share,
    // Live stories only: what of it is out at the build's "now" (see live-blog.ts).
    live: article.live ? liveView(article, config, now ?? buildNow(config.now)) : null,
  };
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * The authors as one byline, joined the way the site's language joins a
 * list of names ("A, B and C" in English, "A、B和C" in Chinese), each
 * name keeping its link.
 */
export function bylineParts(authors: LinkView[], language: string): BylinePart[] {
  if (authors.length === 0) return [];
  // One name needs no list formatting (most bylines; formatToParts is costly at 10,000 articles).
  if (authors.length === 1) return [{ text: authors[0]!.name, url: authors[0]!.url }];
  let format = listFormats.get(language);
  if (!format) listFormats.set(language, (format = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' })));
  let next = 0;
  return format.formatToParts(authors.map((a) => a.name)).map((part) => {
    if (part.type === 'literal') return { text: part.value, url: null };
    const author = authors[next++]!;
    return { text: author.name, url: author.url };
  });
}

const meta = (name: string, content: string): MetaTag => ({ name, property: null, content });
const property = (name: string, content: string): MetaTag => ({ name: null, property: name, content });

/**
 * A language tag as Open Graph writes locales, language_TERRITORY: `en-GB` → `en_GB`. A tag without a
 * region gets its likeliest one (`fr` → `fr_FR`, `zh-Hant` → `zh_TW`) and a script is left out
 * (`zh-Hans-CN` → `zh_CN`): Facebook and others ignore a bare `fr` or a `zh_Hans-CN`.
 */
export function openGraphLocale(tag: string): string {
  let locale = ogLocales.get(tag);
  if (locale === undefined) ogLocales.set(tag, (locale = ogLocaleOf(tag)));
  return locale;
}

/** Each tag's Open Graph locale, found once: every page's head names one or more. */
const ogLocales = new Map<string, string>();

function ogLocaleOf(tag: string): string {
  try {
    const locale = new Intl.Locale(tag);
    const region = locale.region ?? locale.maximize().region;
    if (region) return `${locale.language}_${region}`;
  } catch {
    // Not a tag Intl knows (the config checks them): its dashes made underscores.
  }
  return tag.replace(/-/g, '_');
}

/**
 * Open Graph and Twitter tags shared by every page.
 * @param translations The page's versions in the site's languages (itself included), for `og:locale:alternate`; default none.
 */
export function commonMetaTags(
  site: SiteView,
  title: string,
  description: string,
  canonicalUrl: string,
  type: string,
  translations: readonly LanguageLinkView[] = [],
): MetaTag[] {
  const tags = [
    property('og:site_name', site.title),
    property('og:type', type),
    property('og:title', title),
    property('og:url', canonicalUrl),
  ];
  if (description) tags.push(property('og:description', description));
  tags.push(property('og:locale', openGraphLocale(site.language)));
  // The same page in the site's other languages.
  for (const other of translations) if (!other.current) tags.push(property('og:locale:alternate', openGraphLocale(other.language)));
  // Article pages add their own image; other pages show the site's default image, if any.
  if (type !== 'article') pushAll(tags, openGraphImageTags(sitePageImage(site)));
  return tags;
}

/**
 * When an article last changed, as its page, feeds and sitemaps say: its `updated` time, else its date;
 * for a live story, its newest update out when that is later, so crawlers and feed readers see the story move.
 */
export function modifiedTime(view: Pick<ArticleView, 'date' | 'updated' | 'live'>): string {
  const own = view.updated ?? view.date;
  const latest = view.live?.latest ?? null;
  return latest !== null && Date.parse(latest) > Date.parse(own) ? latest : own;
}

/** Open Graph, article and Twitter card tags for an article page. */
export function articleMetaTags(site: SiteView, view: ArticleView, canonicalUrl: string): MetaTag[] {
  const tags = commonMetaTags(site, view.title, view.summary, canonicalUrl, 'article', view.translations);
  const image = articlePageImage(view, site);
  pushAll(tags, openGraphImageTags(image));
  tags.push(property('article:published_time', view.date));
  tags.push(property('article:modified_time', modifiedTime(view)));
  if (view.section) tags.push(property('article:section', view.section.name));
  for (const author of view.authors) tags.push(property('article:author', author.name));
  for (const tag of view.tags) tags.push(property('article:tag', tag.name));
  tags.push(meta('twitter:card', image ? 'summary_large_image' : 'summary'));
  tags.push(meta('twitter:title', view.title));
  if (view.summary) tags.push(meta('twitter:description', view.summary));
  if (image) {
    tags.push(meta('twitter:image', image.urls[0]!));
    if (image.alt) tags.push(meta('twitter:image:alt', image.alt));
  }
  return tags;
}

/** schema.org NewsArticle with the properties Google documents as required or recommended. */
export function newsArticleJsonLd(site: SiteView, view: ArticleView, canonicalUrl: string, urls: SiteUrls): object {
  const publisher = {
    '@type': 'NewsMediaOrganization',
    name: site.title,
    url: urls.absolute(site.nav.home),
    logo: { '@type': 'ImageObject', url: urls.absolute(`${site.basePath}assets/images/logo.png`) },
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonicalUrl },
    url: canonicalUrl,
    // Whole, as the page shows it: Google's article guidelines dropped their 110-character limit in 2023,
    // and a headline cut short no longer matched the page's.
    headline: view.title,
    description: view.summary || undefined,
    image: articlePageImage(view, site)?.urls,
    datePublished: view.date,
    dateModified: modifiedTime(view),
    author: view.authors.length
      ? view.authors.map((author) => personJsonLd(author, urls))
      : [{ '@type': 'Organization', name: site.title, url: urls.absolute(site.nav.home) }],
    publisher,
    correction: view.corrections.length
      ? view.corrections.map((c) => ({ '@type': 'CorrectionComment', datePublished: c.date, text: c.text, url: `${canonicalUrl}#${c.id}` }))
      : undefined,
    articleSection: view.section?.name,
    keywords: view.tags.length ? view.tags.map((t) => t.name) : undefined,
    inLanguage: site.language,
    wordCount: view.wordCount,
    isAccessibleForFree: true,
  };
}

/** schema.org Person for an author: their page, and what their profile says. */
export function personJsonLd(author: AuthorView, urls: SiteUrls): object {
  return {
    '@type': 'Person',
    name: author.name,
    url: urls.absolute(author.url),
    jobTitle: author.role ?? undefined,
    image: author.image ? urls.absolute(author.image) : undefined,
    sameAs: author.sameAs.length ? author.sameAs : undefined,
  };
}

/** schema.org WebPage (or the page's own type: AboutPage, ContactPage…) for a standalone page. */
export function webPageJsonLd(site: SiteView, view: ArticleView, canonicalUrl: string, urls: SiteUrls): object {
  return {
    '@context': 'https://schema.org',
    '@type': view.pageType ?? 'WebPage',
    name: view.title,
    url: canonicalUrl,
    description: view.summary || undefined,
    image: view.image ? [view.image.absoluteUrl] : undefined,
    datePublished: view.date || undefined,
    dateModified: view.updated ?? (view.date || undefined),
    inLanguage: site.language,
    isPartOf: { '@type': 'WebSite', name: site.title, url: urls.absolute(site.nav.home) },
  };
}

/** schema.org WebSite for the front page, with the search action. */
export function webSiteJsonLd(site: SiteView, urls: SiteUrls): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.title,
    description: site.description || undefined,
    url: urls.absolute(site.nav.home),
    inLanguage: site.language,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${urls.absolute(site.nav.search)}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** The page whose head data was made last, and that data: a template reads both fields within one render. */
let lastHead: { page: object; made: HeadData } | null = null;

/** A page's meta tags and JSON-LD. */
export interface HeadData {
  metaTags: MetaTag[];
  jsonLd: unknown[];
}

/** Where a page keeps the function that makes its head data. */
const MAKE_HEAD = Symbol('make head data');

function headOf(page: object): HeadData {
  // Made again if asked for again later: a page kept its own once rendered, 1.7 KB an article by the end of a build (#30).
  if (lastHead?.page !== page) lastHead = { page, made: (page as { [MAKE_HEAD]: () => HeadData })[MAKE_HEAD]() };
  return lastHead.made;
}

/**
 * The same two accessors on every page: accessors made for each page (closures) gave each page
 * a hidden class of its own, 1.3 KB a page with their closures (a watcher keeps every page).
 */
const HEAD_FIELDS: PropertyDescriptorMap = {
  metaTags: {
    get(this: object) {
      return headOf(this).metaTags;
    },
    enumerable: false,
    configurable: true,
  },
  jsonLd: {
    get(this: object) {
      return headOf(this).jsonLd;
    },
    enumerable: false,
    configurable: true,
  },
};

/**
 * Give a page view its `metaTags` and `jsonLd`, made by `make` only when a
 * template reads them. Most pages of a rebuild are never rendered, and these
 * were a good part of planning every page. They are not enumerable, so page
 * fingerprints leave them out: they derive from fields that are hashed.
 */
export function withHeadData<Page extends object>(page: Page, make: () => HeadData): Page & HeadData {
  if (MAKE_HEAD in page) {
    // Given another head (a live story's page, an author's with a profile): what was made from the first is stale.
    (page as { [MAKE_HEAD]: () => HeadData })[MAKE_HEAD] = make;
    if (lastHead?.page === page) lastHead = null;
    return page as unknown as Page & HeadData;
  }
  Object.defineProperty(page, MAKE_HEAD, { value: make, writable: true, enumerable: false, configurable: false });
  return Object.defineProperties(page, HEAD_FIELDS) as Page & HeadData;
}

/** The fields of an article (or standalone) page that depend on the article itself (the rest is structure), and its head data. */
export function articlePageFields(site: SiteView, view: ArticleView, urls: SiteUrls) {
  const canonicalUrl = urls.absolute(view.url);
  return {
    fields: {
      title: `${view.title} – ${site.title}`,
      heading: view.title,
      description: view.summary,
      canonicalUrl,
      // Standalone pages (about, contact) are not shared.
      share: view.kind === 'article' ? shareView(site, view) : null,
    },
    head: (): HeadData =>
      view.kind === 'page'
        ? { metaTags: commonMetaTags(site, view.title, view.summary, canonicalUrl, 'website', view.translations), jsonLd: [webPageJsonLd(site, view, canonicalUrl, urls)] }
        : { metaTags: articleMetaTags(site, view, canonicalUrl), jsonLd: [newsArticleJsonLd(site, view, canonicalUrl, urls)] },
  };
}
