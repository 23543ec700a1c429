/**
 * The data every template receives. This is the contract between gazette's
 * code and a theme: every field listed here is always present (optional
 * values are `null` or an empty array, never missing), and every URL is
 * already final (base path applied; `absoluteUrl` fields include the site
 * origin when `site.url` is configured).
 */

import type { FrontLayout } from '../config/front.js';

/** A named link: a section, tag or author. */
export interface LinkView {
  name: string;
  slug: string;
  url: string;
}

export interface ImageView {
  /** The `<img src>`: for a processed photo, its largest variant in the fallback format (JPEG or PNG). */
  url: string;
  absoluteUrl: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Intrinsic size in pixels (write both on `<img>` so the page does not jump); null when unknown (a remote image). */
  width: number | null;
  height: number | null;
  /** `srcset` of the fallback format, or null when the image is not processed (GIF, SVG, remote, processing off). */
  srcset: string | null;
  /** One `<source>` per modern format (AVIF, WebP), best first, for a `<picture>`; empty when not processed. */
  sources: ImageSourceView[];
  /** 1200-pixel JPEG crops (16:9, 4:3, 1:1) for social cards and search; empty when not processed. */
  social: SocialImageView[];
}

/** One `<source>` of a `<picture>`: write `type`, `srcset` and your layout's `sizes`. */
export interface ImageSourceView {
  type: string;
  srcset: string;
}

/** A crop made for social cards and search results. */
export interface SocialImageView {
  /** '16:9', '4:3' or '1:1'. */
  ratio: string;
  url: string;
  absoluteUrl: string;
  width: number;
  height: number;
}

/** An author link, with what the author's profile says (null and empty when there is no profile). */
export interface AuthorView extends LinkView {
  role: string | null;
  /** URL of the profile photo. */
  image: string | null;
  /** Profile pages elsewhere. */
  sameAs: string[];
}

/** A piece of a byline: an author (with `url`) or the words between authors (`url` null). */
export interface BylinePart {
  text: string;
  url: string | null;
}

/** One correction note of an article. */
export interface CorrectionView {
  /** ISO 8601 in the site's time zone. */
  date: string;
  dateHasTime: boolean;
  text: string;
  /** Fragment id of the note on the article's page, e.g. 'correction-1'. */
  id: string;
}

/** One article as a card or page sees it (no body HTML). */
export interface ArticleView {
  /** 'article', or 'page' for a standalone page. */
  kind: 'article' | 'page';
  title: string;
  url: string;
  absoluteUrl: string;
  /** ISO 8601 with the site timezone's offset, e.g. `2023-02-09T09:00:00+08:00`; '' for a page without a date. */
  date: string;
  /** False when the front matter gave only a day: show the date without a time. */
  dateHasTime: boolean;
  /** ISO 8601, or null when the article was never updated after `date`. */
  updated: string | null;
  /** The first author, or null. */
  author: AuthorView | null;
  /** Every author, in byline order. */
  authors: AuthorView[];
  /** The authors joined the way the site's language lists names ("A, B and C"), for `By …` lines. */
  byline: BylinePart[];
  /** Correction notes, oldest first. */
  corrections: CorrectionView[];
  /** Pages: the schema.org type (WebPage, AboutPage, ContactPage…); null for articles. */
  pageType: string | null;
  section: LinkView | null;
  tags: LinkView[];
  /** The summary from front matter, else one made from the start of the first paragraph: for cards, descriptions and feeds. */
  summary: string;
  /** The summary as written in front matter, shown above the body; null when there is none (a made-up one would repeat the lede). */
  standfirst: string | null;
  image: ImageView | null;
  wordCount: number;
  readingMinutes: number;
  draft: boolean;
  /** The language it is written in (BCP 47). */
  language: string;
  /** The article (or page) in each language it is written in, itself included; empty when it has no translation. */
  translations: LanguageLinkView[];
  /** Every front-matter field gazette does not know, untouched. */
  data: Record<string, unknown>;
  /** False when the article hides its share block (front matter `share: false`); true follows the site's `share` setting. */
  share: boolean;
  /** A live story's coverage and updates out (front matter `kind: live`), or null. */
  live: LiveView | null;
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
  /** The corrections page, or null when no article has a correction. */
  corrections: string | null;
}

/** One entry of a menu, its URL final. */
export interface MenuItemView {
  label: string;
  /** The label's language when it is not the page's (the default language's label, where the page's language has none), else null. */
  lang: string | null;
  url: string;
  /** True for links that leave the site. */
  external: boolean;
}

/** An author's profile, on their page. */
export interface ProfileView {
  name: string;
  role: string | null;
  /** The bio, rendered from Markdown (HTML; '' when there is none). */
  bioHtml: string;
  image: string | null;
  /** `srcset` of the photo when it was resized into several widths, else ''. */
  imageSrcset: string;
  email: string | null;
  sameAs: string[];
  /** The same addresses as `sameAs`, named: "LinkedIn", "Mastodon", or the host ("example.org"), with the theme icon to show. */
  links: ProfileLinkView[];
}

/** One of an author's profiles elsewhere. */
export interface ProfileLinkView {
  url: string;
  name: string;
  /** Name of the theme's icon for it (`partials/icon.hbs`): 'x', else 'globe'. */
  icon: string;
}

/** One correction on the corrections page, with the article it belongs to. */
export interface CorrectionEntryView extends CorrectionView {
  article: ArticleView;
  /** URL of the note on the article's page. */
  url: string;
}

export interface SiteView {
  title: string;
  description: string;
  /** The language the title is written in when it is not this language's (the site's own, shown where a language has none), else null. */
  titleLang: string | null;
  /** The same for the description. */
  descriptionLang: string | null;
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
  /** Menus from the config (`header`, `footer`, …), each a list of links; an absent menu is an empty list in templates. */
  menus: Record<string, MenuItemView[]>;
  /** Every data file of the data folder, by name (`_data/desks.yml` → `site.data.desks`). */
  data: Record<string, unknown>;
  /**
   * The default image (config "images.defaultImage"), for pages without a lead photo: its social crops, and
   * its own address (with `"process": false` it is published as it is, without crops); null when none.
   */
  image: { social: SocialImageView[]; url: string; absoluteUrl: string } | null;
  /** The site's languages with their front pages, the default first; empty for a site in one language. */
  languages: LanguageLinkView[];
  /** Stories of this language that are breaking news now, newest first: a banner on every page links to them. */
  breaking: BreakingView[];
  /** Sharing as the config sets it (`share`), or null when it is off. */
  share: SiteShareView | null;
}

/** The config's `share` setting, as article pages use it. */
export interface SiteShareView {
  /** Network ids in the order configured: 'email', 'x', 'facebook'… */
  networks: string[];
  copyLink: boolean;
}

/** An article page's share block. */
export interface ShareView {
  /** What is shared: the article's title and absolute address (root-relative when the site has no `url`). */
  title: string;
  url: string;
  /** One plain link per network, in the configured order; empty when the site has no absolute `url`. */
  links: ShareLinkView[];
  /** Whether to offer a copy-link button (the theme shows it only where the browser can copy). */
  copyLink: boolean;
}

/** A link to a network's own share page, the article's address and title already in it. */
export interface ShareLinkView {
  /** 'email', 'x', 'facebook'… */
  network: string;
  /** The network's name ('X', 'Facebook'…); null for e-mail, which the theme names in the page's language. */
  name: string | null;
  url: string;
}

/** A version of a page in one language: for `<link rel="alternate" hreflang>` and the language switcher. */
export interface LanguageLinkView {
  /** BCP 47 tag, e.g. 'zh-CN'. */
  language: string;
  /** The language's own name, e.g. '中文'. */
  name: string;
  url: string;
  absoluteUrl: string;
  /** The site's default language. */
  isDefault: boolean;
  /**
   * The version for `hreflang="x-default"`: the default language's, or, for a text the default
   * language has no version of, the first version in the order of the site's languages.
   */
  xDefault: boolean;
  /** The language of the page showing the link. */
  current: boolean;
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
  | 'page'
  | 'corrections'
  | 'not-found';

export interface PageView {
  kind: PageKind;
  /** The document title for `<title>`, already combined with the site title. */
  title: string;
  /** The visible heading of the page. */
  heading: string;
  description: string;
  /** The heading's language when it is not the page's (a theme string the page's language lacks), else null. */
  headingLang: string | null;
  /** The same for the description. */
  descriptionLang: string | null;
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
  /** This page in each language it exists in, itself included (for hreflang links); empty when it has no translation. */
  translations: LanguageLinkView[];
  /** One link per language of the site for the language switcher: the translation where there is one, else that language's front page; empty for a site in one language. */
  languages: LanguageLinkView[];
  /** The front page when the config curates it (`front`): its blocks of stories, each an index into `articles`. */
  front: FrontView | null;
  /** Article pages: share links and buttons; null on other pages and when sharing is off. */
  share: ShareView | null;
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
  /** Author pages: the author's profile, or null. */
  profile: ProfileView | null;
  /** The corrections page: every correction of the site, newest first. */
  corrections: CorrectionEntryView[];
}

/** A breaking story as the banner on every page links to it. */
export interface BreakingView {
  title: string;
  url: string;
}

/** One block of the curated front page, for templates. */
export interface FrontBlockView {
  /** The block's heading, or null (a lead block without a title shows none). */
  title: string | null;
  layout: FrontLayout;
  /** Where more of the block's stories are (its section's page), or null. */
  url: string | null;
  /** Positions of its stories in the page's `articles`, in order. */
  indexes: number[];
}

/** The curated front page: its blocks, and every story it shows (each once) in block order. */
export interface FrontView {
  blocks: FrontBlockView[];
  /** The archive, where every story is. */
  archiveUrl: string;
}

/**
 * What a live story's view (hence every card and page showing it, and their
 * fingerprints) says of it at the build's "now": whether it is live, and
 * which updates are out. The updates' bodies are read only when its page is rendered.
 */
export interface LiveView {
  /** Between the start and the end of coverage: the "Live" badge shows and the page asks for new updates. */
  active: boolean;
  coverageStart: string;
  coverageEnd: string | null;
  /** Time of the newest update out, or null. */
  latest: string | null;
  /** The updates out (time come, or `--future`), newest first. */
  updates: { id: string; time: string }[];
  /** Digest of the update files' authors, titles and bodies ('' without any): they are not in the story's body, whose hash fingerprints its page. */
  filesDigest: string;
  /** The JSON file of its updates the page polls, and their Atom feed (root-relative URLs). */
  updatesUrl: string;
  feedUrl: string;
}
