import path from 'node:path';
import type { Config } from '../../config/index.js';
import { encodePath } from '../../content/slug.js';
import type { AlternateLink, AuthorView, LanguageLinkView, LinkView, PageContext, PageKind, PageView, SiteView } from '../../render/context.js';
import type { Diagnostic, Position } from '../../report/diagnostics.js';
import type { ThemeStrings } from '../../render/strings.js';
import { textDirection } from '../../render/strings.js';
import type { SocialImage } from '../../images/record.js';
import { languageSwitcher } from '../listing-translations.js';
import { resolveMenus, type HeldBackTargets } from '../menus.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../model.js';
import { socialViews } from '../social-image.js';
import { groupTerms, termKey, type Term } from '../taxonomy.js';
import { SiteUrls } from '../urls.js';
import { articleView, commonMetaTags, webSiteJsonLd, withHeadData, type HeadData, type TermLinks } from '../views.js';
import type { ArticleView } from '../../render/context.js';
import { pushAll } from '../../push-all.js';
import { orderedSections } from '../front-page.js';
import { breakingNews } from '../breaking.js';
import { siteShareView } from '../share.js';
import { buildNow } from '../schedule.js';

/** What a site has besides its articles. */
export interface SiteExtras {
  pages: SiteArticle[];
  profiles: SiteProfile[];
  /** `site.data` for templates. */
  data: Record<string, unknown>;
  /**
   * What menu entries naming a page or an article (by source path) point to,
   * when not only this plan's own: in a site of several languages, each
   * source's version in this plan's language, else the source itself.
   */
  menuTargets?: { pages: Map<string, string>; articles: Map<string, string>; titles: Map<string, string>; sections: Set<string> };
  /** What the build holds back that menu entries may name (see `resolveMenus`). */
  heldBack?: HeldBackTargets;
  /** The default image (config "images.defaultImage"): its address and social crops (none when photos are not processed); absent when none. */
  defaultImage?: { url: string; social: SocialImage[] };
  /** The build's "now", which decides what is featured and breaking; default: `config.now`, else the clock. */
  now?: number;
  /**
   * The authors (by `termKey`) with a profile who get a page here though no article of this plan names
   * them; default: every one. In a site of several languages an author's page is in the languages they
   * write in, and the page of one who has published nothing is in the default language alone.
   */
  idleAuthorPages?: Set<string>;
  /** Where a menu entry (or a field of it) is written in the config file, for messages (see `resolveMenus`); default: nowhere. */
  placeMenuEntry?: (name: string, index: number, field?: string) => { position: Position; source: string } | null;
}

/** Extra fields of a page view, beside those every page has. */
export type PageExtra = Partial<Omit<PageView, keyof HeadData>>;

/**
 * What every kind of page is planned from: the site's view, its terms and URLs, and the helpers
 * that make a page's view and add it to the plan's files. Each `plan…Pages` function takes one.
 */
export interface PlanContext {
  articles: SiteArticle[];
  config: Config;
  strings: ThemeStrings;
  t: ThemeStrings['format'];
  urls: SiteUrls;
  site: SiteView;
  now: number;
  extras: SiteExtras;
  sections: Term<SiteArticle>[];
  tags: Term<SiteArticle>[];
  authors: Term<SiteArticle>[];
  sectionLinks: { get(name: string): LinkView | undefined };
  profileOf: Map<string, SiteProfile>;
  authorViews: Map<string, AuthorView>;
  terms: TermLinks;
  /** An item's view in this plan (an article's or a standalone page's). */
  view(article: SiteArticle): ArticleView;
  /** Articles newest first, with their views. */
  entries: { article: SiteArticle; view: ArticleView }[];
  /** Standalone pages with their views. */
  pageEntries: { article: SiteArticle; view: ArticleView }[];
  viewOf: Map<SiteArticle, ArticleView>;
  views(list: SiteArticle[]): ArticleView[];
  /** The site's feeds, linked from every page. */
  siteFeeds: AlternateLink[];
  /** A section's feed links and the site's, made once: thousands of article pages share them. */
  alternatesOf(section: string): AlternateLink[];
  files: OutputFile[];
  diagnostics: Diagnostic[];
  notes: string[];
  blankContext(page: PageView): PageContext;
  pageView(kind: PageKind, heading: string, url: string, description: string, extra?: PageExtra, head?: () => HeadData): PageView;
  addPage(owner: string, template: string, context: PageContext): void;
  /** A listing split into pages of `config.pageSize`; page 1 lives at `rootUrl`. */
  addListing(kind: PageKind, heading: string, rootUrl: string, description: string, list: SiteArticle[], extra?: PageExtra, decorate?: (context: PageContext) => void): void;
}

/** The context every kind of page of `articles` (sorted newest first) is planned in. */
export function planContext(articles: SiteArticle[], config: Config, strings: ThemeStrings, extras: SiteExtras): PlanContext {
  const urls = new SiteUrls(config);
  const t = strings.format;
  const sections = groupTerms(articles, (a) => (a.section ? [a.section] : []), 'section');
  const tags = groupTerms(articles, (a) => a.tags, 'tag');
  // Authors with a profile keep its slug (in every language, so one slug is one person's address in all
  // of them), and get a page even when no article names them, where `idleAuthorPages` allows.
  const idle = extras.idleAuthorPages;
  const authors = groupTerms(articles, (a) => a.authors, 'author', extras.profiles).filter((t) => t.items.length > 0 || !idle || idle.has(termKey(t.name)));
  const linkMap = (terms: Term<SiteArticle>[], root: string) => {
    const map = new Map(terms.map((t) => [termKey(t.name), { name: t.name, slug: t.slug, url: urls.path(root, t.slug) }]));
    return { get: (name: string) => map.get(termKey(name)) };
  };
  const sectionLinks = linkMap(sections, 'section');
  const tagLinks = linkMap(tags, 'tags');
  const profileOf = new Map(extras.profiles.map((p) => [termKey(p.name), p]));
  const authorViews = new Map(authors.map((t): [string, AuthorView] => [termKey(t.name), authorView(urls, t, profileOf.get(termKey(t.name)))]));
  const terms: TermLinks = {
    section: (name) => sectionLinks.get(name)!,
    tag: (name) => tagLinks.get(name)!,
    author: (name) => authorViews.get(termKey(name))!,
  };
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const now = extras.now ?? buildNow(config.now);

  const ownLanguage = config.siteLanguages.find((l) => l.code === config.language);
  const site: SiteView = {
    title: config.title,
    description: config.description,
    // Taken from the site's settings where this language has none: marked with the language they are in.
    titleLang: ownLanguage && ownLanguage.titleLanguage !== ownLanguage.code ? ownLanguage.titleLanguage : null,
    descriptionLang: ownLanguage && ownLanguage.descriptionLanguage !== ownLanguage.code ? ownLanguage.descriptionLanguage : null,
    url: config.site.origin ? config.site.origin + config.site.basePath : '',
    basePath: config.site.basePath,
    language: config.language,
    direction: textDirection(config.language),
    timezone: config.timezone,
    author: config.author,
    nav: {
      home: urls.path(),
      sections: orderedSections(sections, config).map(({ term, label }) => ({ name: label, slug: term.slug, url: urls.path('section', term.slug) })),
      tags: urls.path('tags'),
      archive: urls.path('archive'),
      search: urls.path('search'),
      corrections: articles.some((a) => a.corrections.length) ? urls.path('corrections') : null,
    },
    menus: {},
    data: extras.data,
    languages: languageHomes(config, urls),
    image: extras.defaultImage
      ? { social: socialViews(extras.defaultImage.social, urls), url: extras.defaultImage.url, absoluteUrl: urls.absolute(extras.defaultImage.url) }
      : null,
    breaking: breakingNews(articles, now),
    share: siteShareView(config.share),
  };
  /** The language switcher's links: the page itself, and each other language's version of it where it has one, else that language's front page. */
  const switcher = (url: string, translations: LanguageLinkView[]) => languageSwitcher(site.languages, url, urls.absolute(url), translations);

  // The build's "now" decides what of a live story is out; other items' views do not depend on it.
  const view = (article: SiteArticle) => articleView(article, config, urls, terms, now);
  const entries = articles.map((article) => ({ article, view: view(article) }));
  const pageEntries = extras.pages.map((article) => ({ article, view: view(article) }));
  const menus = resolveMenus(
    config.menus,
    {
      pages: extras.menuTargets?.pages ?? new Map(extras.pages.map((p) => [p.sourcePath, p.url])),
      articles: extras.menuTargets?.articles ?? new Map(articles.map((a) => [a.sourcePath, a.url])),
      sections: new Map(sections.map((t) => [t.name, urls.path('section', t.slug)])),
      basePath: config.site.basePath,
      titles: extras.menuTargets?.titles,
      sectionsElsewhere: extras.menuTargets?.sections,
      heldBack: extras.heldBack,
    },
    config.configFile ? displayFile(config.configFile) : 'the config',
    { language: config.language, languages: config.siteLanguages.map((l) => l.code) },
    extras.placeMenuEntry,
  );
  site.menus = menus.menus;
  pushAll(diagnostics, menus.diagnostics);
  pushAll(notes, menus.notes);
  const viewOf = new Map(entries.map((e) => [e.article, e.view]));
  const views = (list: SiteArticle[]) => list.map((a) => viewOf.get(a)!);
  const siteFeeds: AlternateLink[] = [
    { type: 'application/atom+xml', title: t('feedAtom', { title: config.title }), url: urls.path('feed.xml') },
    { type: 'application/feed+json', title: t('feedJson', { title: config.title }), url: urls.path('feed.json') },
  ];
  const sectionAlternates = new Map<string, AlternateLink[]>();
  const alternatesOf = (section: string) => {
    let links = sectionAlternates.get(section);
    if (!links) sectionAlternates.set(section, (links = [...siteFeeds, ...sectionFeeds(urls, sectionLinks.get(section)!, config.title, t)]));
    return links;
  };

  const files: OutputFile[] = [];
  const blankContext = (page: PageView): PageContext => ({
    site,
    page,
    article: null,
    previous: null,
    next: null,
    related: [],
    articles: [],
    archive: [],
    tags: [],
    profile: null,
    corrections: [],
  });
  const pageView = (kind: PageKind, heading: string, url: string, description: string, extra: PageExtra = {}, head?: () => HeadData): PageView => {
    const canonicalUrl = urls.absolute(url);
    const title = kind === 'home' ? config.title : `${heading} – ${config.title}`;
    // The front page's versions are the other languages' front pages; other pages say their own (articles, pages).
    const translations = extra.translations ?? (kind === 'home' && url === urls.path() ? site.languages : []);
    // Listings' headings and descriptions may be theme strings this language lacks, shown in the fallback's.
    const fromStrings = kind !== 'article' && kind !== 'page';
    const page = {
      kind,
      title,
      heading,
      description,
      headingLang: fromStrings ? strings.fallbackLanguageOf(heading) : null,
      descriptionLang: fromStrings ? (description === config.description ? site.descriptionLang : strings.fallbackLanguageOf(description)) : null,
      url,
      canonicalUrl,
      alternates: siteFeeds,
      pagination: null,
      robots: null,
      front: null,
      share: null,
      ...extra,
      translations,
      languages: switcher(url, translations),
    };
    return withHeadData(
      page,
      head ??
        (() => ({
          // Read when rendered: a listing's versions in other languages are linked once every language is planned.
          metaTags: commonMetaTags(site, kind === 'home' ? config.title : heading, description, canonicalUrl, 'website', page.translations),
          jsonLd: kind === 'home' ? [webSiteJsonLd(site, urls)] : [],
        })),
    );
  };
  const addPage = (owner: string, template: string, context: PageContext) => {
    files.push({ type: 'page', path: urls.outputPath(context.page.url), owner, template, context });
  };
  const addListing: PlanContext['addListing'] = (kind, heading, rootUrl, description, list, extra = {}, decorate) => {
    const total = Math.max(1, Math.ceil(list.length / config.pageSize));
    for (let n = 1; n <= total; n++) {
      const url = urls.paginated(rootUrl, n);
      const pageHeading = n === 1 ? heading : t('pageHeading', { heading, page: n });
      const page = pageView(kind, pageHeading, url, description, {
        ...extra,
        pagination: {
          current: n,
          total,
          previousUrl: n > 1 ? urls.paginated(rootUrl, n - 1) : null,
          nextUrl: n < total ? urls.paginated(rootUrl, n + 1) : null,
        },
      });
      if (kind === 'home' && n > 1) page.title = t('pageHeading', { heading: config.title, page: n });
      const context = blankContext(page);
      context.articles = views(list.slice((n - 1) * config.pageSize, n * config.pageSize));
      decorate?.(context);
      // Named for collision errors: 'section page "Business"', with "(page 2)" after the first.
      const name = kind === 'home' ? 'front page' : `${kind} page "${heading}"`;
      addPage(n > 1 ? `${name} (page ${n})` : name, 'list', context);
    }
  };
  return {
    articles,
    config,
    strings,
    t,
    urls,
    site,
    now,
    extras,
    sections,
    tags,
    authors,
    sectionLinks,
    profileOf,
    authorViews,
    terms,
    view,
    entries,
    pageEntries,
    viewOf,
    views,
    siteFeeds,
    alternatesOf,
    files,
    diagnostics,
    notes,
    blankContext,
    pageView,
    addPage,
    addListing,
  };
}

/** An author's view: their page, and what their profile (if any) says of them. */
export function authorView(urls: SiteUrls, author: Term<SiteArticle>, profile: SiteProfile | undefined): AuthorView {
  return { name: author.name, slug: author.slug, url: urls.path('authors', author.slug), role: profile?.role ?? null, image: profile?.photoUrl ?? null, sameAs: profile?.links ?? [] };
}

function sectionFeeds(urls: SiteUrls, section: LinkView, siteTitle: string, t: ThemeStrings['format']): AlternateLink[] {
  const title = `${siteTitle}: ${section.name}`;
  return [
    { type: 'application/atom+xml', title: t('feedAtom', { title }), url: `${section.url}feed.xml` },
    { type: 'application/feed+json', title: t('feedJson', { title }), url: `${section.url}feed.json` },
  ];
}

/** A path as messages name it: relative to the working folder. */
function displayFile(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/') || file;
}

/** Each language's front page, the default first, as links; none for a site in one language. */
function languageHomes(config: Config, urls: SiteUrls): LanguageLinkView[] {
  if (config.siteLanguages.length < 2) return [];
  // The base path of the whole site: this language's, less its folder.
  const root = config.site.basePath.slice(0, config.site.basePath.length - encodePath(config.languagePrefix).length);
  return config.siteLanguages.map((language) => {
    const url = root + encodePath(language.prefix);
    return { language: language.code, name: language.name, url, absoluteUrl: urls.absolute(url), isDefault: language.isDefault, xDefault: language.isDefault, current: language.code === config.language };
  });
}
