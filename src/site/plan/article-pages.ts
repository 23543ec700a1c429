import type { ArticleView, PageContext } from '../../render/context.js';
import type { SiteArticle } from '../model.js';
import { articlePageFields } from '../views.js';
import { articleContext } from './article-context.js';
import { withLiveBlog } from '../live-blog.js';
import type { PlanContext } from './plan-context.js';

/**
 * One page per article, with its chronological neighbours across the whole site and its related
 * articles. Every field of an article page derives from the site and the article's view (see ARTICLE_VIEW).
 */
export function planArticlePages(plan: PlanContext, related: Map<SiteArticle, SiteArticle[]>): void {
  plan.articles.forEach((article, index) => plan.addPage(article.displayPath, 'article', articlePageContext(plan, index, plan.views(related.get(article) ?? []))));
}

/** The page of the article at `index` (newest first) of the plan, showing `related`: the build plans each article page with it, and watch an edited one. */
export function articlePageContext(plan: PlanContext, index: number, related: ArticleView[]): PageContext {
  const { articles, viewOf, site, urls, config, strings } = plan;
  const article = articles[index]!;
  const view = viewOf.get(article)!;
  const { fields, head } = articlePageFields(site, view, urls);
  const alternates = article.section ? plan.alternatesOf(article.section) : plan.siteFeeds;
  const page = plan.pageView('article', article.title, article.url, view.summary, { ...fields, alternates, translations: view.translations }, head);
  const context = plan.blankContext(page);
  context.article = articleContext(view, article);
  if (article.live) withLiveBlog(context, article, view, { config, strings, urls, site });
  context.next = index > 0 ? viewOf.get(articles[index - 1]!)! : null;
  context.previous = index < articles.length - 1 ? viewOf.get(articles[index + 1]!)! : null;
  context.related = related;
  return context;
}
