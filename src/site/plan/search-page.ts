import type { PlanContext } from './plan-context.js';

/** The search page (its index is emitted with the feeds, see search-index.ts). */
export function planSearchPage(plan: PlanContext): void {
  const { t, urls, config } = plan;
  plan.addPage('search page', 'search', plan.blankContext(plan.pageView('search', t('searchHeading'), urls.path('search'), t('searchDescription', { site: config.title }))));
}

/** The 404 page, which search engines are told not to index. */
export function planNotFoundPage(plan: PlanContext): void {
  const { t, urls } = plan;
  plan.addPage('404 page', 'not-found', plan.blankContext(plan.pageView('not-found', t('notFoundHeading'), urls.path('404.html'), '', { robots: 'noindex' })));
}
