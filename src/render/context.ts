/**
 * The data every template receives. This is the contract between gazette's
 * code and a theme: every field listed here is always present (optional
 * values are `null` or an empty array, never missing), and every URL is
 * already final (base path applied; `absoluteUrl` fields include the site
 * origin when `site.url` is configured).
 */

/** A named link: a section, tag or author. */
export interface LinkView {
  name: string;
  slug: string;
  url: string;
}

export interface ImageView {
  url: string;
  absoluteUrl: string;
  alt: string;
  caption: string | null;
  credit: string | null;
}

/** One article as a card or page sees it (no body HTML). */
export interface ArticleView {
  title: string;
  url: string;
  absoluteUrl: string;
  /** ISO 8601 with the site timezone's offset, e.g. `2023-02-09T09:00:00+08:00`. */
  date: string;
  /** False when the front matter gave only a day: show the date without a time. */
  dateHasTime: boolean;
  /** ISO 8601, or null when the article was never updated after `date`. */
  updated: string | null;
  author: LinkView | null;
  section: LinkView | null;
  tags: LinkView[];
  summary: string;
  image: ImageView | null;
  wordCount: number;
  readingMinutes: number;
  draft: boolean;
  /** Every front-matter field gazette does not know, untouched. */
  data: Record<string, unknown>;
}

export interface PaginationView {
  current: number;
  total: number;
  previousUrl: string | null;
  nextUrl: string | null;
}

export interface MetaTag {
  /** Exactly one of `name` and `property` is set. */
  name: string | null;
  property: string | null;
  content: string;
}

export interface AlternateLink {
  type: string;
  title: string;
  url: string;
}

export interface NavView {
  home: string;
  sections: LinkView[];
  tags: string;
  archive: string;
  search: string;
}

export interface SiteView {
  title: string;
  description: string;
  /** Absolute site URL with a trailing slash, or '' when none is configured. */
  url: string;
  /** Path the site is served under, always starting and ending with '/'. */
  basePath: string;
  language: string;
  /** Text direction of the language, for `<html dir>`: 'rtl' for Arabic, Hebrew…, else 'ltr'. */
  direction: 'ltr' | 'rtl';
  timezone: string;
  author: string | null;
  nav: NavView;
}

export type PageKind =
  | 'home'
  | 'article'
  | 'section'
  | 'tag'
  | 'author'
  | 'tags'
  | 'archive'
  | 'archive-year'
  | 'archive-month'
  | 'search'
  | 'not-found';

export interface PageView {
  kind: PageKind;
  /** The document title for `<title>`, already combined with the site title. */
  title: string;
  /** The visible heading of the page. */
  heading: string;
  description: string;
  url: string;
  /** Absolute canonical URL when `site.url` is set, else the root-relative URL. */
  canonicalUrl: string;
  metaTags: MetaTag[];
  /** JSON-LD objects; render each with the `json` helper inside a script tag. */
  jsonLd: unknown[];
  alternates: AlternateLink[];
  pagination: PaginationView | null;
  /** Robots directive for this page, e.g. 'noindex' for the 404 page, or null. */
  robots: string | null;
}

export interface ArchiveMonthView {
  month: number;
  label: string;
  url: string;
  count: number;
}

export interface ArchiveYearView {
  year: number;
  url: string;
  count: number;
  months: ArchiveMonthView[];
}

export interface TagCountView extends LinkView {
  count: number;
}

/** The full context handed to a page template and then to the layout. */
export interface PageContext {
  site: SiteView;
  page: PageView;
  /** Article pages: the article, with `html` its rendered body (and `htmlHash` that body's SHA-1). */
  article: (ArticleView & { html: string; htmlHash: string }) | null;
  previous: ArticleView | null;
  next: ArticleView | null;
  related: ArticleView[];
  /** Listing pages: the articles on this page, newest first. */
  articles: ArticleView[];
  archive: ArchiveYearView[];
  tags: TagCountView[];
}
