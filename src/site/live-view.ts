import type { Config } from '../config/index.js';
import { isoInZone } from '../content/dates.js';
import type { LiveUpdate } from '../content/live-updates.js';
import type { LiveView } from '../render/context.js';
import { sha1 } from '../hash.js';
import type { SiteArticle } from './model.js';

/** The URL of a file beside a story's page: `/2024/03/vote/` → `/2024/03/vote/updates.json`; `/vote.html` → `/vote.updates.json`. */
export function besidePage(url: string, name: string): string {
  return url.endsWith('/') ? url + name : `${url.replace(/\.html?$/i, '')}.${name}`;
}

/** The updates of `article` out at `now`: time come (or all of them with `future`), newest first; later in the file first on a tie. */
export function updatesOut(article: Pick<SiteArticle, 'live'>, now: number, future: boolean): LiveUpdate[] {
  const out = article.live!.updates.filter((u) => future || u.time <= now);
  return out.reverse().sort((a, b) => b.time - a.time);
}

/** The `live` field of a live story's view at `now`, or null for any other article. */
export function liveView(article: SiteArticle, config: Pick<Config, 'timezone' | 'future'>, now: number): LiveView | null {
  const { live } = article;
  if (!live) return null;
  const out = updatesOut(article, now, config.future);
  const updates = out.map((u) => ({ id: u.anchor, time: isoInZone(u.time, config.timezone) }));
  const files = out.filter((u) => u.file !== null);
  return {
    active: now >= live.coverageStart && (live.coverageEnd === null || now < live.coverageEnd),
    coverageStart: isoInZone(live.coverageStart, config.timezone),
    coverageEnd: live.coverageEnd === null ? null : isoInZone(live.coverageEnd, config.timezone),
    latest: updates[0]?.time ?? null,
    updates,
    filesDigest: files.length ? sha1(files.map((u) => [u.anchor, u.file!.author ?? '', u.title, article.updateHtml.get(u) ?? ''].join('\0')).join('\0')) : '',
    updatesUrl: besidePage(article.url, 'updates.json'),
    feedUrl: besidePage(article.url, 'feed.xml'),
  };
}
