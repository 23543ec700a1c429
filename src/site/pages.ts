import type { Config } from '../config/index.js';
import type { ArticleView, CorrectionEntryView, SiteView } from '../render/context.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { ThemeStrings } from '../render/strings.js';
import type { OutputFile, SiteArticle } from './model.js';
import { relatedArticles } from './related.js';
import type { Term } from './taxonomy.js';
import type { SiteUrls } from './urls.js';
import { planContext, type PlanContext, type SiteExtras } from './plan/plan-context.js';
import { planArticlePages } from './plan/article-pages.js';
import { planFrontPages } from './plan/front-pages.js';
import { planSectionPages } from './plan/section-pages.js';
import { planTagPages, planTagsIndex } from './plan/tag-pages.js';
import { planAuthorPages } from './plan/author-pages.js';
import { planStandalonePages } from './plan/standalone-pages.js';
import { planCorrectionsPage } from './plan/corrections-page.js';
import { planArchivePages } from './plan/archive-pages.js';
import { planNotFoundPage, planSearchPage } from './plan/search-page.js';


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
  /** What the pages were planned in, to plan edited items again (see plan/item-edits.ts). */
  context: PlanContext;
}

/**
 * Plan every page of the site from its articles, one kind of page after another (each kind's
 * function is in `site/plan/`; the order is the order of the files). Articles must already be
 * sorted newest first.
 * @param related Each article's related articles (see `relatedArticles`), when known already.
 */
export function planPages(
  articles: SiteArticle[],
  config: Config,
  strings: ThemeStrings,
  related: Map<SiteArticle, SiteArticle[]> = relatedArticles(articles, RELATED_LIMIT),
  extras: SiteExtras = { pages: [], profiles: [], data: {} },
): SitePlan {
  const plan = planContext(articles, config, strings, extras);
  planArticlePages(plan, related);
  planFrontPages(plan);
  planSectionPages(plan);
  planTagPages(plan);
  planAuthorPages(plan);
  planStandalonePages(plan);
  const corrections = planCorrectionsPage(plan);
  planTagsIndex(plan);
  planArchivePages(plan);
  planSearchPage(plan);
  planNotFoundPage(plan);
  const { files, site, entries, sections, urls, pageEntries: pages, diagnostics, notes } = plan;
  return { files, site, entries, sections, urls, pages, corrections, diagnostics, notes, strings, context: plan };
}
