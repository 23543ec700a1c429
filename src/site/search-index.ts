import { safeJson } from '../render/helpers.js';
import type { ArticleView } from '../render/context.js';
import type { SitePlan } from './pages.js';

// Each article's record, serialized once per view: watch rebuilds reuse all but the edited one.
const records = new WeakMap<ArticleView, string>();

/** The file of every article's record, for custom themes: the default theme searches the full-text index. */
export const SEARCH_RECORDS_FILE = 'search-index.json';

/**
 * Whether the site's theme reads `search-index.json`: written only then, as it is large (30 MB at
 * 100,000 articles) and the default theme's search does not use it. `themeTexts` are the texts of
 * the theme's files (templates, partials, assets), as the emit stage reads them to find what
 * source files the theme names.
 */
export function themeReadsRecords(themeTexts: string[]): boolean {
  return themeTexts.some((text) => text.includes(SEARCH_RECORDS_FILE));
}

/**
 * The headline search file `search-index.json`: one compact record per article (title, URL,
 * date, section, tags, summary), newest first. Short keys keep it small; a custom theme's
 * search script reads exactly these.
 */
export function searchIndex(plan: SitePlan): string {
  const parts = plan.entries.map(({ view }) => searchRecord(view));
  return `{"version":1,"articles":[${parts.join(',')}]}\n`;
}

/** One article's record in the search index, as JSON. */
export function searchRecord(view: ArticleView): string {
  let record = records.get(view);
  if (record === undefined) {
    record = safeJson({
      t: view.title,
      u: view.url,
      d: view.date.slice(0, 10),
      s: view.section?.name ?? null,
      g: view.tags.map((t) => t.name),
      x: view.summary,
    });
    records.set(view, record);
  }
  return record;
}
