import { siteResult, type BuildResult } from '../build.js';
import type { GeneratedSite } from '../build/model.js';
import type { Diagnostic } from '../report/diagnostics.js';

/**
 * Stands among the changed paths of a rebuild made because a scheduled time
 * came (a scheduled article is due, or one expires), not because a file changed.
 */
export const SCHEDULE_DUE = '\0scheduled time reached';

/** What `gazette build`'s summary says of the site: what it publishes and holds back, and its next scheduled changes. */
export type SiteCounts = Pick<BuildResult, 'articles' | 'standalone' | 'drafts' | 'expired' | 'pages' | 'files' | 'scheduled' | 'next'>;

/** What one rebuild did. */
export interface RebuildResult {
  articles: number;
  /** The site as built, as `gazette build` counts it, for the same summary. */
  site: SiteCounts;
  /** Output files written because their bytes changed or they are new. */
  written: string[];
  /** Output files deleted because nothing produces them any more. */
  removed: string[];
  /** Warnings of this build (errors throw instead). */
  diagnostics: Diagnostic[];
  ms: number;
  /** True when the first build found nothing changed since the last build and its output intact. */
  upToDate?: boolean;
  /** The reported paths that were changes: a temporary file that came and went among the sources is none; default: all reported. */
  changes?: string[];
  /** True when no reported path changed anything (a save of the same text, a file the last rebuild had read already). */
  nothingChanged?: boolean;
}

/** The counts of a build's result, or of a site a rebuild made (counted as a build counts it: see `siteResult`). */
export function siteCounts(from: BuildResult | GeneratedSite): SiteCounts {
  const result = 'standalone' in from ? from : siteResult(from, { pages: pagesOf(from), rendered: 0, reused: 0, bodiesOnDisk: 0 });
  const { articles, standalone, drafts, expired, pages, files, scheduled, next } = result;
  return { articles, standalone, drafts, expired, pages, files, scheduled, next };
}

/** A site's pages (HTML), counted once: the quick path's saves patch a site's files, but add or remove none. */
function pagesOf(site: GeneratedSite): number {
  let count = pageCounts.get(site);
  if (count === undefined) {
    count = 0;
    for (const file of site.files) if (file.type === 'page') count++;
    pageCounts.set(site, count);
  }
  return count;
}

const pageCounts = new WeakMap<GeneratedSite, number>();
