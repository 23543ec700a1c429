import { safeJson } from '../render/helpers.js';
import type { SitePlan } from './pages.js';

/**
 * The client-side search index: one compact record per article (title, URL,
 * date, section, tags, summary), newest first. Short keys keep it small; the
 * theme's search script reads exactly these.
 */
export function searchIndex(plan: SitePlan): string {
  const articles = plan.entries.map(({ view }) => ({
    t: view.title,
    u: view.url,
    d: view.date.slice(0, 10),
    s: view.section?.name ?? null,
    g: view.tags.map((t) => t.name),
    x: view.summary,
  }));
  return `${safeJson({ version: 1, articles })}\n`;
}
