import type { Article } from '../content/article.js';
import type { Config } from '../config/index.js';
import type { AuthorProfile } from '../content/profiles.js';

/** What an edit is judged against besides the item itself. */
export interface StructureContext {
  /** The "now" the last site was planned at. */
  now: number;
  config: Pick<Config, 'future' | 'siteLanguages'>;
  /** Whether a menu entry shows the item's title (see `menuSources`). */
  inMenus(item: Article): boolean;
}

/**
 * Whether an edited article or standalone page keeps its place in the site:
 * nothing that decides URLs, which listings show it and in what order, the
 * files made for it, the site's schedule or what every page shows differs.
 * Then only the pages showing it, and the generated files listing it, can
 * change, and watch patches the last site (see article-edits.ts); anything
 * else is a full rebuild. Every field of an item that can move it is judged
 * here, in one place (as are the author profiles, see `sameAuthors`); the
 * one test made after rendering, whether the item uses another file a
 * held-back item claims, is `changesClaims` (site/published-assets.ts).
 */
export function sameStructure(old: Article, next: Article, context: StructureContext): boolean {
  return (
    old.kind === next.kind &&
    old.date === next.date &&
    old.dated === next.dated &&
    old.updated === next.updated &&
    old.section === next.section &&
    old.slug === next.slug &&
    old.urlPath === next.urlPath &&
    old.draft === next.draft &&
    old.expires === next.expires &&
    old.lang === next.lang &&
    old.translationKey === next.translationKey &&
    // A live story's updates still to come are the schedule's events; update files are merged into it by the load stage.
    sameLive(old, next, context) &&
    // Featured and breaking stories shape the front page and the banner on every page: a full rebuild places them.
    sameCuration(old, next) &&
    // Aliases make redirect pages and host redirect lines: a full rebuild writes them.
    sameList(old.aliases, next.aliases) &&
    // Another lead photo or focal point needs its social crops made: a full rebuild makes them.
    old.image?.src === next.image?.src &&
    old.image?.focus?.x === next.image?.focus?.x &&
    old.image?.focus?.y === next.image?.focus?.y &&
    sameList(old.authors, next.authors) &&
    // Corrections show on the corrections page and its feeds, and decide whether that page exists.
    old.corrections.length === next.corrections.length &&
    old.corrections.every((c, i) => c.date === next.corrections[i]!.date && c.text === next.corrections[i]!.text) &&
    sameList(old.tags, next.tags) &&
    // In a site of several languages, a menu entry naming an item shows its title, on every page of that language.
    !(old.title !== next.title && context.config.siteLanguages.length > 1 && context.inMenus(old))
  );
}

/**
 * Whether edited author profiles keep the site's authors: the same names in the same order (each
 * has a page, and bylines are matched to them), the same slugs (their pages' URLs) and the same
 * photos (the image stage makes a photo's variants).
 */
export function sameAuthors(old: AuthorProfile[], next: AuthorProfile[]): boolean {
  return old.length === next.length && next.every((p, i) => p.name === old[i]!.name && p.slug === old[i]!.slug && p.photo === old[i]!.photo);
}

function sameLive(old: Article, next: Article, { now, config }: StructureContext): boolean {
  const a = old.live;
  const b = next.live;
  if (a === null || b === null) return a === b;
  if ([...a.updates, ...b.updates].some((u) => u.file !== null)) return false;
  if (a.coverageStart !== b.coverageStart || a.coverageEnd !== b.coverageEnd) return false;
  if (config.future) return true;
  // An update added, moved or removed among those still to come changes when the site next changes by itself.
  const coming = (updates: { time: number }[]) =>
    updates
      .filter((u) => u.time > now)
      .map((u) => u.time)
      .sort((x, y) => x - y);
  return sameList(coming(a.updates), coming(b.updates));
}

function sameCuration(old: Article, next: Article): boolean {
  const a = old.curation;
  const b = next.curation;
  if (a === null || b === null) return a === b;
  // The banner shows a breaking story's title on every page.
  if ((a.breaking || b.breaking) && old.title !== next.title) return false;
  return a.featured === b.featured && a.priority === b.priority && a.featuredUntil === b.featuredUntil && a.breaking === b.breaking && a.breakingUntil === b.breakingUntil;
}

/** The source paths the configured menus' entries name as their page or article. */
export function menuSources(menus: Record<string, unknown[]>): Set<string> {
  const named = new Set<string>();
  for (const entries of Object.values(menus)) {
    for (const entry of entries) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { page, article } = entry as { page?: unknown; article?: unknown };
      for (const target of [page, article]) if (typeof target === 'string') named.add(target.trim().replace(/^\/+/, ''));
    }
  }
  return named;
}

function sameList<T>(a: T[], b: T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
