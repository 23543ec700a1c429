import { sha1 } from '../hash.js';
import type { SiteArticle } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import type { KeptFingerprints } from './documents.js';
import type { IndexState } from './index-state.js';

/**
 * What a build knows of its sources against the build that saved an index's state, so the index
 * fingerprints again only the documents that may have changed. Sound only as the build record
 * gives it: the same code and settings, a "now" in the span where the same sources give the same
 * site, every input but article sources unchanged (theme, data, config, assets), and `sources`
 * naming every article source that is new or whose stamp changed.
 */
export interface SourceChanges {
  /** The build compared with (its start time): an index state saved by another is not used so. */
  since: number;
  /** Source paths ('/'-separated, relative to the source folder) whose items may differ. */
  sources: ReadonlySet<string>;
}

/**
 * What `searchDocuments` may keep of `previous`, or null (every document is fingerprinted): the
 * state must be the one the build `changes` compares with, and made with the same sections and
 * tags. Those are the inputs of a document that depend on other items than its own: a section's
 * or tag's name is the spelling most of its items use, and a section's slug, which a story's URL
 * may hold, is told apart from those of the sections whose names slug alike.
 */
export function keptFingerprints(previous: IndexState | null, changes: SourceChanges | null | undefined, terms: string): KeptFingerprints | null {
  if (!previous || !changes || previous.made !== changes.since || previous.terms !== terms) return null;
  const { sources } = changes;
  return { docs: previous.docs, mayDiffer: (article: SiteArticle) => sources.has(article.sourcePath) };
}

/** A digest of the names and slugs of a plan's sections and tags (a few hundred on a large site). */
export function termsDigest(plan: SitePlan): string {
  let text = '';
  for (const term of plan.sections) text += `${term.name}\0${term.slug}\0`;
  text += '\0';
  for (const term of plan.context.tags) text += `${term.name}\0${term.slug}\0`;
  return sha1(text);
}
