import type { PlanContext } from './plan-context.js';

/** Each tag's listing. */
export function planTagPages(plan: PlanContext): void {
  for (const tag of plan.tags) {
    plan.addListing('tag', tag.name, plan.urls.path('tags', tag.slug), plan.t('tagDescription', { tag: tag.name }), tag.items);
  }
}

/** The tags index: every tag, most used first. */
export function planTagsIndex(plan: PlanContext): void {
  const { t, urls, config } = plan;
  const page = plan.blankContext(plan.pageView('tags', t('tagsHeading'), urls.path('tags'), t('tagsDescription', { site: config.title })));
  page.tags = plan.tags
    .map((t) => ({ name: t.name, slug: t.slug, url: urls.path('tags', t.slug), count: t.items.length }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  plan.addPage('tags index', 'tags', page);
}
