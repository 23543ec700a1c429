import path from 'node:path';
import type { Config } from '../config/index.js';
import { encodePath } from '../content/slug.js';
import { truncate } from '../content/text.js';
import { zonedParts } from '../content/dates.js';
import type {
  LanguageLinkView,
  AlternateLink,
  ArchiveYearView,
  ArticleView,
  AuthorView,
  CorrectionEntryView,
  LinkView,
  PageContext,
  PageKind,
  PageView,
  SiteView,
} from '../render/context.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { languageSwitcher } from './listing-translations.js';
import { isolateAddresses } from './ltr-islands.js';
import { resolveMenus } from './menus.js';
import type { OutputFile, SiteArticle, SiteProfile } from './model.js';
import type { ThemeStrings } from '../render/strings.js';
import type { SocialImage } from '../images/record.js';
import { socialViews } from './social-image.js';
import { relatedArticles } from './related.js';
import { groupTerms, termKey, type Term } from './taxonomy.js';
import { textDirection } from '../render/strings.js';
import { SiteUrls } from './urls.js';
import { articlePageFields, articleView, commonMetaTags, personJsonLd, webSiteJsonLd, withHeadData, type HeadData, type TermLinks } from './views.js';
import { pushAll } from '../push-all.js';
import { curatedOrder, orderedSections, planFront } from './front-page.js';
import { breakingNews } from './breaking.js';
import { liveBodyParts, withLiveBlog } from './live-blog.js';
import { buildNow } from './schedule.js';

/** Related articles shown on an article page. */
export const RELATED_LIMIT = 4;

/** Everything the listing pages, feeds and sitemaps are made from. */
export interface SitePlan {
  files: OutputFile[];
  site: SiteView;
  /** Articles newest first, with their views. */
  entries: { article: SiteArticle; view: ArticleView }[];
  sections: Term<SiteArticle>[];
  urls: SiteUrls;
  /** Standalone pages with their views, by source path. */
  pages: { article: SiteArticle; view: ArticleView }[];
  /** Every correction of the site, newest first. */
  corrections: CorrectionEntryView[];
  /** Problems found while planning (a menu entry pointing at nothing). */
  diagnostics: Diagnostic[];
  /** Things worth saying with --verbose (a profile no article names). */
  notes: string[];
  /** The theme's texts in the site's language, for headings, descriptions and feed titles. */
  strings: ThemeStrings;
}

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
  menuTargets?: { pages: Map<string, string>; articles: Map<string, string>; titles: Map<string, string> };
  /** Social crops of the default image (config "images.defaultImage"); none when absent. */
  defaultImage?: SocialImage[];
  /** The build's "now", which decides what is featured and breaking; default: `config.now`, else the clock. */
  now?: number;
}

/**
 * Plan every page of the site from its articles: article pages, the paginated
 * front page, section, tag and author pages, the archive, the tags index,
 * search and 404. Articles must already be sorted newest first.
 * @param related Each article's related articles (see `relatedArticles`), when known already.
 */
export function planPages(
  articles: SiteArticle[],
  config: Config,
  strings: ThemeStrings,
  related: Map<SiteArticle, SiteArticle[]> = relatedArticles(articles, RELATED_LIMIT),
  extras: SiteExtras = { pages: [], profiles: [], data: {} },
): SitePlan {
  const urls = new SiteUrls(config);
  const t = strings.format;
  const sections = groupTerms(articles, (a) => (a.section ? [a.section] : []), 'section');
  const tags = groupTerms(articles, (a) => a.tags, 'tag');
  // Authors with a profile keep its slug, and get a page even when no article names them.
  const authors = groupTerms(articles, (a) => a.authors, 'author', extras.profiles);
  const linkMap = (terms: Term<SiteArticle>[], root: string) => {
    const map = new Map(terms.map((t) => [termKey(t.name), { name: t.name, slug: t.slug, url: urls.path(root, t.slug) }]));
    return { get: (name: string) => map.get(termKey(name)) };
  };
  const sectionLinks = linkMap(sections, 'section');
  const tagLinks = linkMap(tags, 'tags');
  const profileOf = new Map(extras.profiles.map((p) => [termKey(p.name), p]));
  const authorViews = new Map(
    authors.map((t): [string, AuthorView] => {
      const profile = profileOf.get(termKey(t.name));
      return [
        termKey(t.name),
        { name: t.name, slug: t.slug, url: urls.path('authors', t.slug), role: profile?.role ?? null, image: profile?.photoUrl ?? null, sameAs: profile?.links ?? [] },
      ];
    }),
  );
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
    image: extras.defaultImage?.length ? { social: socialViews(extras.defaultImage, urls) } : null,
    breaking: breakingNews(articles, now),
  };
  /** The language switcher's links: the page itself, and each other language's version of it where it has one, else that language's front page. */
  const switcher = (url: string, translations: LanguageLinkView[]) => languageSwitcher(site.languages, url, urls.absolute(url), translations);

  const entries = articles.map((article) => ({ article, view: articleView(article, config, urls, terms, now) }));
  const pageEntries = extras.pages.map((article) => ({ article, view: articleView(article, config, urls, terms) }));
  const menus = resolveMenus(
    config.menus,
    {
      pages: extras.menuTargets?.pages ?? new Map(extras.pages.map((p) => [p.sourcePath, p.url])),
      articles: extras.menuTargets?.articles ?? new Map(articles.map((a) => [a.sourcePath, a.url])),
      sections: new Map(sections.map((t) => [t.name, urls.path('section', t.slug)])),
      basePath: config.site.basePath,
      titles: extras.menuTargets?.titles,
    },
    config.configFile ? displayFile(config.configFile) : 'the config',
    { language: config.language, languages: config.siteLanguages.map((l) => l.code) },
  );
  site.menus = menus.menus;
  pushAll(diagnostics, menus.diagnostics);
  const viewOf = new Map(entries.map((e) => [e.article, e.view]));
  const views = (list: SiteArticle[]) => list.map((a) => viewOf.get(a)!);
  const siteFeeds: AlternateLink[] = [
    { type: 'application/atom+xml', title: t('feedAtom', { title: config.title }), url: urls.path('feed.xml') },
    { type: 'application/feed+json', title: t('feedJson', { title: config.title }), url: urls.path('feed.json') },
  ];

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
  const pageView = (
    kind: PageKind,
    heading: string,
    url: string,
    description: string,
    extra: Partial<Omit<PageView, keyof HeadData>> = {},
    head?: () => HeadData,
  ): PageView => {
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

  /** A listing split into pages of `config.pageSize`; page 1 lives at `rootUrl`. */
  const addListing = (
    kind: PageKind,
    heading: string,
    rootUrl: string,
    description: string,
    list: SiteArticle[],
    extra: Partial<Omit<PageView, keyof HeadData>> = {},
    decorate?: (context: PageContext) => void,
  ) => {
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
      addPage(`${kind} page ${n}`, 'list', context);
    }
  };

  // Article pages: chronological neighbours across the whole site. Every field of an article page
  // derives from the site and the article's view (see ARTICLE_VIEW).
  // A section's feed links, made once: thousands of article pages share them.
  const sectionAlternates = new Map<string, AlternateLink[]>();
  const alternatesOf = (section: string) => {
    let links = sectionAlternates.get(section);
    if (!links) sectionAlternates.set(section, (links = [...siteFeeds, ...sectionFeeds(urls, sectionLinks.get(section)!, config.title, t)]));
    return links;
  };
  articles.forEach((article, index) => {
    const view = viewOf.get(article)!;
    const { fields, head } = articlePageFields(site, view, urls);
    const alternates = article.section ? alternatesOf(article.section) : siteFeeds;
    const page = pageView('article', article.title, article.url, view.summary, { ...fields, alternates, translations: view.translations }, head);
    const context = blankContext(page);
    context.article = articleContext(view, article);
    if (article.live) withLiveBlog(context, article, view, { config, strings, urls, site });
    context.next = index > 0 ? viewOf.get(articles[index - 1]!)! : null;
    context.previous = index < articles.length - 1 ? viewOf.get(articles[index + 1]!)! : null;
    context.related = views(related.get(article) ?? []);
    addPage(article.displayPath, 'article', context);
  });

  if (config.front) {
    // The curated front page: the configured blocks, one page; the archive and section pages have the rest.
    const curated = planFront(articles, sections, config, now, urls, strings);
    pushAll(notes, curated.notes);
    const context = blankContext(pageView('home', t('homeHeading'), urls.path(), config.description, { front: curated.front }));
    context.articles = views(curated.articles);
    addPage('home page 1', 'list', context);
  } else {
    addListing('home', t('homeHeading'), urls.path(), config.description, curatedOrder(articles, now));
  }
  for (const section of sections) {
    const link = sectionLinks.get(section.items[0]!.section!)!;
    addListing('section', section.name, link.url, t('sectionDescription', { section: section.name, site: config.title }), curatedOrder(section.items, now), {
      alternates: alternatesOf(section.items[0]!.section!),
    });
  }
  for (const tag of tags) {
    addListing('tag', tag.name, urls.path('tags', tag.slug), t('tagDescription', { tag: tag.name }), tag.items);
  }
  for (const author of authors) {
    const profile = profileOf.get(termKey(author.name));
    if (profile && author.items.length === 0) notes.push(`${author.name} has a profile but no published article: their page lists none`);
    const view = authorViews.get(termKey(author.name))!;
    const description = profile?.role ? t('authorRoleDescription', { role: profile.role, author: author.name }) : t('authorDescription', { author: author.name });
    addListing('author', author.name, view.url, description, author.items, {}, (context) => {
      if (!profile) return;
      context.profile = { name: profile.name, role: profile.role, bioHtml: profile.bioHtml, image: profile.photoUrl, imageSrcset: profile.photoSrcset, email: profile.email, sameAs: profile.links };
      const page = context.page;
      // The page's head derives from its fields and the profile, both in its fingerprint.
      withHeadData(page, () => ({
        metaTags: commonMetaTags(site, author.name, description, page.canonicalUrl, 'profile', page.translations),
        jsonLd: [
          {
            '@context': 'https://schema.org',
            '@type': 'ProfilePage',
            url: page.canonicalUrl,
            name: page.heading,
            inLanguage: site.language,
            mainEntity: { ...personJsonLd(view, urls), description: profile.bio ? truncate(plainText(profile.bioHtml), 300) : undefined },
          },
        ],
      }));
    });
  }

  // Standalone pages: their own template; every field derives from the site and the page's view.
  for (const { article, view } of pageEntries) {
    const { fields, head } = articlePageFields(site, view, urls);
    const page = pageView('page', article.title, article.url, view.summary, { ...fields, translations: view.translations }, head);
    const context = blankContext(page);
    context.article = articleContext(view, article);
    addPage(article.displayPath, 'page', context);
  }

  // Every correction of the site, newest first, on one page (with its own feeds, see corrections-feed.ts).
  const corrections: CorrectionEntryView[] = entries
    .flatMap(({ view }) => view.corrections.map((c) => ({ ...c, article: view, url: `${view.url}#${c.id}` })))
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (site.nav.corrections) {
    const correctionsPage = blankContext(
      pageView('corrections', t('correctionsHeading'), site.nav.corrections, t('correctionsDescription', { site: config.title }), {
        alternates: [...siteFeeds, ...correctionFeeds(urls, config.title, strings)],
      }),
    );
    correctionsPage.corrections = corrections;
    addPage('corrections page', 'corrections', correctionsPage);
  }

  const tagsPage = blankContext(pageView('tags', t('tagsHeading'), urls.path('tags'), t('tagsDescription', { site: config.title })));
  tagsPage.tags = tags
    .map((t) => ({ name: t.name, slug: t.slug, url: urls.path('tags', t.slug), count: t.items.length }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  addPage('tags index', 'tags', tagsPage);

  addArchive(articles, config, urls, site, t, pageView, blankContext, addPage, addListing);

  addPage('search page', 'search', blankContext(pageView('search', t('searchHeading'), urls.path('search'), t('searchDescription', { site: config.title }))));
  addPage(
    '404 page',
    'not-found',
    blankContext(pageView('not-found', t('notFoundHeading'), urls.path('404.html'), '', { robots: 'noindex' })),
  );

  return { files, site, entries, sections, urls, pages: pageEntries, corrections, diagnostics, notes, strings };
}

/** The corrections feeds' links. */
export function correctionFeeds(urls: SiteUrls, siteTitle: string, strings: ThemeStrings): AlternateLink[] {
  const title = strings.format('feedCorrections', { site: siteTitle });
  return [
    { type: 'application/atom+xml', title: strings.format('feedAtom', { title }), url: urls.path('corrections', 'feed.xml') },
    { type: 'application/feed+json', title: strings.format('feedJson', { title }), url: urls.path('corrections', 'feed.json') },
  ];
}

/** Text of an HTML fragment, for descriptions. */
function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** A path as messages name it: relative to the working folder. */
function displayFile(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/') || file;
}

/**
 * The view an article page's `article` was made from. A symbol key: neither
 * serialized nor seen by templates. Page fingerprints hash the view's digest
 * in place of the page's own fields, so everything `planPages` puts in an
 * article page must derive from the site and the article's view.
 */
export const ARTICLE_VIEW = Symbol('article view');

/** An article page's article: its view plus the body, read only when the page is rendered. */
export function articleContext(view: ArticleView, article: SiteArticle): NonNullable<PageContext['article']> {
  const context = { ...view, htmlHash: article.htmlHash, [ARTICLE_VIEW]: view };
  // Addresses shown as text read left to right in a right-to-left body (the language is in the view, so in the fingerprint).
  // A live story's page shows the body above its first update; the updates come one by one (see live-blog.ts).
  const body = article.live ? () => liveBodyParts(article).intro : () => article.rendered.html;
  const html = isRtl(article.language) ? () => isolateAddresses(body()) : body;
  return Object.defineProperty(context, 'html', { get: html, enumerable: false }) as unknown as NonNullable<PageContext['article']>;
}

const directions = new Map<string, boolean>();
function isRtl(language: string): boolean {
  let rtl = directions.get(language);
  if (rtl === undefined) directions.set(language, (rtl = textDirection(language) === 'rtl'));
  return rtl;
}

function sectionFeeds(urls: SiteUrls, section: LinkView, siteTitle: string, t: ThemeStrings['format']): AlternateLink[] {
  const title = `${siteTitle}: ${section.name}`;
  return [
    { type: 'application/atom+xml', title: t('feedAtom', { title }), url: `${section.url}feed.xml` },
    { type: 'application/feed+json', title: t('feedJson', { title }), url: `${section.url}feed.json` },
  ];
}

function addArchive(
  articles: SiteArticle[],
  config: Config,
  urls: SiteUrls,
  site: SiteView,
  t: ThemeStrings['format'],
  pageView: (kind: PageKind, heading: string, url: string, description: string) => PageView,
  blankContext: (page: PageView) => PageContext,
  addPage: (owner: string, template: string, context: PageContext) => void,
  addListing: (kind: PageKind, heading: string, rootUrl: string, description: string, list: SiteArticle[]) => void,
) {
  const byYear = new Map<number, Map<number, SiteArticle[]>>();
  for (const article of articles) {
    const { year, month } = zonedParts(article.date, config.timezone);
    let months = byYear.get(year);
    if (!months) byYear.set(year, (months = new Map()));
    let list = months.get(month);
    if (!list) months.set(month, (list = []));
    list.push(article);
  }
  const monthName = new Intl.DateTimeFormat(config.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const archive: ArchiveYearView[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => b - a)) {
    const months = byYear.get(year)!;
    const yearUrl = urls.path('archive', String(year));
    const monthViews = [...months.keys()]
      .sort((a, b) => b - a)
      .map((month) => ({
        month,
        label: monthName.format(Date.UTC(year, month - 1, 1)),
        url: urls.path('archive', String(year), String(month).padStart(2, '0')),
        count: months.get(month)!.length,
      }));
    archive.push({ year, url: yearUrl, count: monthViews.reduce((n, m) => n + m.count, 0), months: monthViews });
    const yearArticles = monthViews.flatMap((m) => months.get(m.month)!);
    addListing('archive-year', String(year), yearUrl, t('yearDescription', { year }), yearArticles);
    for (const m of monthViews) {
      addListing('archive-month', m.label, m.url, t('monthDescription', { month: m.label }), months.get(m.month)!);
    }
  }
  const page = blankContext(pageView('archive', t('archiveHeading'), urls.path('archive'), t('archiveDescription', { site: site.title })));
  page.archive = archive;
  addPage('archive', 'archive', page);
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
