import type { ArticleView, PageContext } from '../../render/context.js';
import type { SiteArticle } from '../model.js';
import { articlePageFields } from '../views.js';
import { articleContext } from './article-context.js';
import { ArticlePageFile, type ArticlePageParts } from './article-page-file.js';
import { withLiveBlog } from '../live-blog.js';
import type { PlanContext } from './plan-context.js';

/**
 * One page per article, with its chronological neighbours across the whole site and its related
 * articles. Every field of an article page derives from the site and the article's view (see ARTICLE_VIEW).
 * Each page's context is made when first read (see ArticlePageFile): most pages of a build with
 * the cache are fingerprinted from their parts and never rendered.
 */
export function planArticlePages(plan: PlanContext, related: Map<SiteArticle, SiteArticle[]>): void {
  const make = (parts: ArticlePageParts) => articlePageFromParts(plan, parts);
  plan.articles.forEach((article, index) => {
    const parts = articlePageParts(plan, index, plan.views(related.get(article) ?? []));
    plan.files.push(new ArticlePageFile(plan.urls.outputPath(article.url), article.displayPath, parts, make));
  });
}

/** The page of the article at `index` (newest first) of the plan, showing `related`: watch plans an edited one with it. */
export function articlePageContext(plan: PlanContext, index: number, related: ArticleView[]): PageContext {
  return articlePageFromParts(plan, articlePageParts(plan, index, related));
}

/** What the page of the article at `index` (newest first) shows, as the plan has it now. */
function articlePageParts(plan: PlanContext, index: number, related: ArticleView[]): ArticlePageParts {
  const { articles, viewOf } = plan;
  const article = articles[index]!;
  return {
    site: plan.site,
    article,
    view: viewOf.get(article)!,
    next: index > 0 ? viewOf.get(articles[index - 1]!)! : null,
    previous: index < articles.length - 1 ? viewOf.get(articles[index + 1]!)! : null,
    related,
  };
}

/** An article page's context, from its parts and the plan's fixed parts only (never its lists, which watch changes). */
function articlePageFromParts(plan: PlanContext, parts: ArticlePageParts): PageContext {
  const { urls, config, strings } = plan;
  const { site, article, view } = parts;
  const { fields, head } = articlePageFields(site, view, urls);
  const alternates = article.section ? plan.alternatesOf(article.section) : plan.siteFeeds;
  const page = plan.pageView('article', article.title, article.url, view.summary, { ...fields, alternates, translations: view.translations }, head);
  const context = plan.blankContext(page);
  context.article = articleContext(view, article);
  if (article.live) withLiveBlog(context, article, view, { config, strings, urls, site });
  context.next = parts.next;
  context.previous = parts.previous;
  context.related = parts.related;
  return context;
}
