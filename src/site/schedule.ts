import type { Article } from '../content/article.js';

/** A change the clock will make to the site: an item going live, one taken down, or one leaving the top of the front page or the breaking-news banner. */
export interface ScheduleEvent {
  at: number;
  kind: 'goes live' | 'expires' | 'stops being featured' | 'stops being breaking news' | 'posts a live update' | 'starts live coverage' | 'ends live coverage';
  title: string;
  /** The item's source (when the items have theirs): watch's quick path, which edits titles in place, updates the title by it. */
  source?: string;
}

/** Why an item is not published at the build's "now". */
export type HeldBackReason = 'draft' | 'scheduled' | 'expired';

/** What the build's "now" held back, and when that changes next. */
export interface Schedule {
  /** Articles dated after now (held back unless `--future`). */
  scheduled: number;
  /** Articles whose `expires` time has passed. */
  expired: number;
  /** The next instant at which an article is published or taken down, stops being featured or stops being breaking news, or null. */
  nextDue: number | null;
  /** The earliest coming event of each kind (one going live, one expiring, one no longer featured or breaking), earliest first. */
  next: ScheduleEvent[];
  /** The last such instant at or before now, or null: between it and `nextDue` the site stays the same. */
  since: number | null;
}

/**
 * Hold back what is not live at `now`: articles (and pages) dated after it,
 * unless `future` is set, and whatever has expired. The same sources and the
 * same `now` always give the same site.
 * @param items Parsed sources, drafts already left out.
 * @returns The live items, the held-back ones with why, and the schedule.
 */
export function applySchedule<T extends Pick<Article, 'date' | 'dated' | 'expires' | 'title'> & Partial<Pick<Article, 'curation' | 'live' | 'sourcePath'>>>(
  items: T[],
  now: number,
  future: boolean,
): { live: T[]; heldBack: { item: T; reason: HeldBackReason }[]; schedule: Schedule } {
  const live: T[] = [];
  const heldBack: { item: T; reason: HeldBackReason }[] = [];
  const schedule: Schedule = { scheduled: 0, expired: 0, nextDue: null, next: [], since: null };
  const nextOf = new Map<ScheduleEvent['kind'], ScheduleEvent>();
  const event = (at: number, kind: ScheduleEvent['kind'], item: T) => {
    if (at > now) {
      schedule.nextDue = schedule.nextDue === null ? at : Math.min(schedule.nextDue, at);
      // Ties go to the first in source order, so the summary is the same from build to build.
      const known = nextOf.get(kind);
      if (!known || at < known.at) nextOf.set(kind, { at, kind, title: item.title, ...(item.sourcePath === undefined ? {} : { source: item.sourcePath }) });
    } else schedule.since = schedule.since === null ? at : Math.max(schedule.since, at);
  };
  for (const item of items) {
    if (item.dated && !future) event(item.date, 'goes live', item);
    if (item.expires !== null) event(item.expires, 'expires', item);
    if (item.dated && !future && item.date > now) {
      schedule.scheduled++;
      heldBack.push({ item, reason: 'scheduled' });
    } else if (item.expires !== null && item.expires <= now) {
      schedule.expired++;
      heldBack.push({ item, reason: 'expired' });
    } else {
      live.push(item);
      // A featured story leaves the top, and a breaking banner goes, at their end times: the site changes then too.
      if (item.curation?.featuredUntil != null) event(item.curation.featuredUntil, 'stops being featured', item);
      if (item.curation?.breakingUntil != null) event(item.curation.breakingUntil, 'stops being breaking news', item);
      // A live story's updates are held back until their time, and its badge goes when coverage ends.
      if (item.live) {
        if (!future) for (const update of item.live.updates) event(update.time, 'posts a live update', item);
        if (item.live.coverageStart > item.date) event(item.live.coverageStart, 'starts live coverage', item);
        if (item.live.coverageEnd !== null) event(item.live.coverageEnd, 'ends live coverage', item);
      }
    }
  }
  schedule.next = [...nextOf.values()].sort((a, b) => a.at - b.at);
  return { live, heldBack, schedule };
}

/**
 * The build's "now": `--now` (config `now`) when given, else the
 * `SOURCE_DATE_EPOCH` environment variable (seconds), else the clock.
 */
export function buildNow(configNow: number | null): number {
  return configNow ?? Date.now();
}

/** Whether an article is featured at `now` (see `Curation`). */
export function featuredAt(article: Pick<Article, 'curation'>, now: number): boolean {
  const c = article.curation;
  return c !== null && c.featured && (c.featuredUntil === null || c.featuredUntil > now);
}

/** Whether an article is breaking news at `now`. */
export function breakingAt(article: Pick<Article, 'curation'>, now: number): boolean {
  const c = article.curation;
  return c !== null && c.breaking && (c.breakingUntil === null || c.breakingUntil > now);
}
