import type { Article } from '../content/article.js';
import { unknownBylines } from '../content/bylines.js';
import { changesAfterNow } from '../content/future-changes.js';
import { applySchedule } from '../site/schedule.js';
import { claimedAssets } from '../site/published-assets.js';
import { pushAll } from '../push-all.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { Loaded, Scheduled, StageContext } from './model.js';

/** Publish: what is live at the build's `now` (scheduled and expired items are held back), newest first. */
export function scheduleStage(stage: StageContext, loaded: Loaded, now: number): Scheduled {
  const { config, sources } = stage;
  const { content, textOf } = loaded;
  const { live, heldBack, schedule } = applySchedule(content.items, now, config.future);
  // What is held back (drafts too) claims its files: they are published only if something live uses them as well.
  const held = [...content.drafts, ...heldBack.map((h) => h.item)].map((a) => ({ sourcePath: a.sourcePath, text: textOf(a) ?? '' }));
  const claimed = claimedAssets(held, sources.assets, sources.articles);
  // A byline naming no profile, where profiles exist, is most often a misspelling (what is live or still to come).
  const bylined = [...live, ...heldBack.filter((h) => h.reason === 'scheduled').map((h) => h.item)];
  const diagnostics: Diagnostic[] = [];
  // A profile refused for an error of its own is still in the file: its bylines are checked once the file reads, not called unknown.
  const { profiles, profilesFile } = content.siteData;
  const refused = content.siteData.diagnostics.some((d) => d.severity === 'error' && d.file === profilesFile);
  if (!refused) pushAll(diagnostics, unknownBylines(bylined, profiles, profilesFile, textOf));
  // A correction (or "updated") still to come is shown at once, dated in the future; --future previews such dates.
  if (!config.future) pushAll(diagnostics, changesAfterNow(live, now, config.timezone, textOf));
  const articles = live.filter((a) => a.kind === 'article');
  articles.sort((a, b) => b.date - a.date || bySourcePath(a, b));
  const pages = live.filter((a) => a.kind === 'page').sort(bySourcePath);
  return { now, live, articles, pages, heldBack, schedule, claimed, diagnostics };
}

function bySourcePath(a: Article, b: Article): number {
  return a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0;
}
