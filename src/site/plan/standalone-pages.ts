import type { ArticleView, PageContext } from '../../render/context.js';
import type { SiteArticle } from '../model.js';
import { articlePageFields } from '../views.js';
import { articleContext } from './article-context.js';
import type { PlanContext } from './plan-context.js';

/** Standalone pages (kind "page"): their own template; every field derives from the site and the page's view. */
export function planStandalonePages(plan: PlanContext): void {
  for (const { article, view } of plan.pageEntries) plan.addPage(article.displayPath, 'page', standalonePageContext(plan, article, view));
}

/** A standalone page's context: the build plans each page with it, and watch an edited one. */
export function standalonePageContext(plan: PlanContext, article: SiteArticle, view: ArticleView): PageContext {
  const { fields, head } = articlePageFields(plan.site, view, plan.urls);
  const page = plan.pageView('page', article.title, article.url, view.summary, { ...fields, translations: view.translations }, head);
  const context = plan.blankContext(page);
  context.article = articleContext(view, article);
  return context;
}
