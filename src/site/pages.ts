import type { Config } from '../config/index.js';
import { zonedParts } from '../content/dates.js';
import type {
  AlternateLink,
  ArchiveYearView,
  ArticleView,
  LinkView,
  PageContext,
  PageKind,
  PageView,
  SiteView,
} from '../render/context.js';
import type { ThemeStrings } from '../render/strings.js';
import type { OutputFile, SiteArticle } from './model.js';
import { relatedArticles } from './related.js';
import { groupTerms, termKey, type Term } from './taxonomy.js';
import { textDirection } from '../render/strings.js';
import { SiteUrls } from './urls.js';
import { articlePageFields, articleView, commonMetaTags, webSiteJsonLd, withHeadData, type HeadData, type TermLinks } from './views.js';

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
  /** The theme's texts in the site's language, for headings, descriptions and feed titles. */
  strings: ThemeStrings;
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
): SitePlan {
  const urls = new SiteUrls(config);
  const t = strings.format;
  const sections = groupTerms(articles, (a) => (a.section ? [a.section] : []), 'section');
  const tags = groupTerms(articles, (a) => a.tags, 'tag');
  const authors = groupTerms(articles, (a) => (a.author ? [a.author] : []), 'author');
  const linkMap = (terms: Term<SiteArticle>[], root: string) => {
    const map = new Map(terms.map((t) => [termKey(t.name), { name: t.name, slug: t.slug, url: urls.path(root, t.slug) }]));
    return { get: (name: string) => map.get(termKey(name)) };
  };
  const sectionLinks = linkMap(sections, 'section');
  const tagLinks = linkMap(tags, 'tags');
  const authorLinks = linkMap(authors, 'authors');
  const terms: TermLinks = {
    section: (name) => sectionLinks.get(name)!,
    tag: (name) => tagLinks.get(name)!,
    author: (name) => authorLinks.get(name)!,
  };

  const site: SiteView = {
    title: config.title,
    description: config.description,
    url: config.site.origin ? config.site.origin + config.site.basePath : '',
    basePath: config.site.basePath,
    language: config.language,
    direction: textDirection(config.language),
    timezone: config.timezone,
    author: config.author,
    nav: {
      home: urls.path(),
      sections: sections.map((s) => ({ name: s.name, slug: s.slug, url: urls.path('section', s.slug) })),
      tags: urls.path('tags'),
      archive: urls.path('archive'),
      search: urls.path('search'),
    },
  };

  const entries = articles.map((article) => ({ article, view: articleView(article, config, urls, terms) }));
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
    const page = { kind, title, heading, description, url, canonicalUrl, alternates: siteFeeds, pagination: null, robots: null, ...extra };
    return withHeadData(
      page,
      head ??
        (() => ({
          metaTags: commonMetaTags(site, kind === 'home' ? config.title : heading, description, canonicalUrl, 'website'),
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
      addPage(`${kind} page ${n}`, 'list', context);
    }
  };

  // Article pages: chronological neighbours across the whole site. Every field of an article page
  // derives from the site and the article's view (see ARTICLE_VIEW).
  articles.forEach((article, index) => {
    const view = viewOf.get(article)!;
    const { fields, head } = articlePageFields(site, view, urls);
    const alternates = article.section ? [...siteFeeds, ...sectionFeeds(urls, sectionLinks.get(article.section)!, config.title, t)] : siteFeeds;
    const page = pageView('article', article.title, article.url, view.summary, { ...fields, alternates }, head);
    const context = blankContext(page);
    context.article = articleContext(view, article);
    context.next = index > 0 ? viewOf.get(articles[index - 1]!)! : null;
    context.previous = index < articles.length - 1 ? viewOf.get(articles[index + 1]!)! : null;
    context.related = views(related.get(article) ?? []);
    addPage(article.displayPath, 'article', context);
  });

  addListing('home', t('homeHeading'), urls.path(), config.description, articles);
  for (const section of sections) {
    const link = sectionLinks.get(section.items[0]!.section!)!;
    addListing('section', section.name, link.url, t('sectionDescription', { section: section.name, site: config.title }), section.items, {
      alternates: [...siteFeeds, ...sectionFeeds(urls, link, config.title, t)],
    });
  }
  for (const tag of tags) {
    addListing('tag', tag.name, urls.path('tags', tag.slug), t('tagDescription', { tag: tag.name }), tag.items);
  }
  for (const author of authors) {
    addListing('author', author.name, urls.path('authors', author.slug), t('authorDescription', { author: author.name }), author.items);
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

  return { files, site, entries, sections, urls, strings };
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
  return Object.defineProperty(context, 'html', { get: () => article.rendered.html, enumerable: false }) as unknown as NonNullable<PageContext['article']>;
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
