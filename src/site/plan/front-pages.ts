import { pushAll } from '../../push-all.js';
import { curatedOrder, planFront } from '../front-page.js';
import type { PlanContext } from './plan-context.js';

/**
 * The front page: the configured blocks on one page when the front is curated (the archive and section
 * pages have the rest), else every article, featured ones first, over as many pages as it takes.
 */
export function planFrontPages(plan: PlanContext): void {
  const { articles, sections, config, now, urls, strings, t } = plan;
  if (config.front) {
    const curated = planFront(articles, sections, config, now, urls, strings);
    pushAll(plan.notes, curated.notes);
    const context = plan.blankContext(plan.pageView('home', t('homeHeading'), urls.path(), config.description, { front: curated.front }));
    context.articles = plan.views(curated.articles);
    plan.addPage('front page', 'list', context);
  } else {
    plan.addListing('home', t('homeHeading'), urls.path(), config.description, curatedOrder(articles, now));
  }
}
