import type { Article } from '../content/article.js';

/** What the build's "now" held back, and when that changes next. */
export interface Schedule {
  /** Articles dated after now (held back unless `--future`). */
  scheduled: number;
  /** Articles whose `expires` time has passed. */
  expired: number;
  /** The next instant at which an article is published or taken down, or null. */
  nextDue: number | null;
  /** The last such instant at or before now, or null: between it and `nextDue` the site stays the same. */
  since: number | null;
}

/**
 * Hold back what is not live at `now`: articles (and pages) dated after it,
 * unless `future` is set, and whatever has expired. The same sources and the
 * same `now` always give the same site.
 * @param items Parsed sources, drafts already left out.
 */
export function applySchedule<T extends Pick<Article, 'date' | 'dated' | 'expires'>>(items: T[], now: number, future: boolean): { live: T[]; schedule: Schedule } {
  const live: T[] = [];
  const schedule: Schedule = { scheduled: 0, expired: 0, nextDue: null, since: null };
  const event = (at: number) => {
    if (at > now) schedule.nextDue = schedule.nextDue === null ? at : Math.min(schedule.nextDue, at);
    else schedule.since = schedule.since === null ? at : Math.max(schedule.since, at);
  };
  for (const item of items) {
    if (item.dated && !future) event(item.date);
    if (item.expires !== null) event(item.expires);
    if (item.dated && !future && item.date > now) schedule.scheduled++;
    else if (item.expires !== null && item.expires <= now) schedule.expired++;
    else live.push(item);
  }
  return { live, schedule };
}

/**
 * The build's "now": `--now` (config `now`) when given, else the
 * `SOURCE_DATE_EPOCH` environment variable (seconds), else the clock.
 */
export function buildNow(configNow: number | null): number {
  return configNow ?? Date.now();
}
