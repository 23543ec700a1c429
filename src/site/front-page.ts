import type { Config } from '../config/index.js';
import { labelIn, type FrontLayout } from '../config/front.js';
import type { ThemeStrings } from '../render/strings.js';
import type { SiteArticle } from './model.js';
import { featuredAt } from './schedule.js';
import { termKey, type Term } from './taxonomy.js';
import type { SiteUrls } from './urls.js';
import type { FrontBlockView, FrontView } from '../render/context.js';


/**
 * A listing with the stories featured at `now` on top (higher priority
 * first, then newest), then the others in their order. The list itself when
 * none is featured, so listings without curation stay as they were.
 * @param list Newest first.
 */
export function curatedOrder(list: SiteArticle[], now: number): SiteArticle[] {
  const featured = list.filter((a) => featuredAt(a, now));
  if (featured.length === 0) return list;
  // A stable sort: equal priorities keep their newest-first order.
  featured.sort((a, b) => b.curation!.priority - a.curation!.priority);
  const top = new Set(featured);
  return [...featured, ...list.filter((a) => !top.has(a))];
}

/**
 * The sections in the configured order (`sections`), the others after
 * them in their own (alphabetical) order, each with its label in the
 * plan's language.
 */
export function orderedSections<T>(sections: Term<T>[], config: Pick<Config, 'sections' | 'language'>): { term: Term<T>; label: string }[] {
  const byKey = new Map(sections.map((s) => [termKey(s.name), s]));
  const ordered: { term: Term<T>; label: string }[] = [];
  const placed = new Set<Term<T>>();
  for (const setting of config.sections) {
    const term = byKey.get(termKey(setting.name));
    if (!term || placed.has(term)) continue;
    placed.add(term);
    ordered.push({ term, label: labelIn(setting.label, config.language) ?? term.name });
  }
  for (const term of sections) if (!placed.has(term)) ordered.push({ term, label: term.name });
  return ordered;
}

/**
 * Fill the configured blocks of the front page: each takes the first
 * stories of its pool (the whole site's, or a section's, featured first)
 * that no earlier block shows, up to its size. A block left empty is
 * dropped.
 * @param articles The plan's articles, newest first.
 * @returns The blocks, the stories they show, and notes for --verbose.
 */
export function planFront(
  articles: SiteArticle[],
  sections: Term<SiteArticle>[],
  config: Config,
  now: number,
  urls: SiteUrls,
  strings: ThemeStrings,
): { front: FrontView; articles: SiteArticle[]; notes: string[] } {
  const blocks: FrontBlockView[] = [];
  const shown: SiteArticle[] = [];
  const seen = new Set<SiteArticle>();
  const notes: string[] = [];
  const ordered = orderedSections(sections, config);
  const sectionOf = new Map(ordered.map((s) => [termKey(s.term.name), s]));
  const site = curatedOrder(articles, now);
  const fill = (pool: SiteArticle[], size: number, title: string | null, layout: FrontLayout, url: string | null) => {
    const indexes: number[] = [];
    for (const article of pool) {
      if (indexes.length >= size) break;
      if (seen.has(article)) continue;
      seen.add(article);
      indexes.push(shown.push(article) - 1);
    }
    if (indexes.length) blocks.push({ title, layout, url, indexes });
  };
  const sectionBlock = (entry: { term: Term<SiteArticle>; label: string }, size: number, title: string | null, layout: FrontLayout) =>
    fill(curatedOrder(entry.term.items, now), size, title ?? entry.label, layout, urls.path('section', entry.term.slug));
  for (const block of config.front!.blocks) {
    const title = labelIn(block.title, config.language);
    if (block.type === 'lead') fill(site, block.size, title, block.layout, null);
    else if (block.type === 'latest') fill(site, block.size, title ?? strings.format('moreStories'), block.layout, null);
    else if (block.type === 'sections') for (const entry of ordered) sectionBlock(entry, block.size, null, block.layout);
    else {
      const entry = sectionOf.get(termKey(block.section!));
      if (entry) sectionBlock(entry, block.size, title, block.layout);
      else notes.push(`The front page's block of section "${block.section}" shows nothing: no published ${config.language} story is in that section`);
    }
  }
  return { front: { blocks, archiveUrl: urls.path('archive') }, articles: shown, notes };
}
