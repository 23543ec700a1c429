import { articlePageFields } from '../views.js';
import { articleContext } from './article-context.js';
import type { PlanContext } from './plan-context.js';

/** Standalone pages (kind "page"): their own template; every field derives from the site and the page's view. */
export function planStandalonePages(plan: PlanContext): void {
  for (const { article, view } of plan.pageEntries) {
    const { fields, head } = articlePageFields(plan.site, view, plan.urls);
    const page = plan.pageView('page', article.title, article.url, view.summary, { ...fields, translations: view.translations }, head);
    const context = plan.blankContext(page);
    context.article = articleContext(view, article);
    plan.addPage(article.displayPath, 'page', context);
  }
}
