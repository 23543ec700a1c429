import { curatedOrder } from '../front-page.js';
import type { PlanContext } from './plan-context.js';

/** Each section's listing, featured articles first, linking the section's own feeds. */
export function planSectionPages(plan: PlanContext): void {
  const { t, config, now } = plan;
  for (const section of plan.sections) {
    const name = section.items[0]!.section!;
    const link = plan.sectionLinks.get(name)!;
    plan.addListing('section', section.name, link.url, t('sectionDescription', { section: section.name, site: config.title }), curatedOrder(section.items, now), {
      alternates: plan.alternatesOf(name),
    });
  }
}
