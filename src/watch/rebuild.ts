import type { Diagnostic } from '../report/diagnostics.js';

/**
 * Stands among the changed paths of a rebuild made because a scheduled time
 * came (a scheduled article is due, or one expires), not because a file changed.
 */
export const SCHEDULE_DUE = '\0scheduled time reached';

/** What one rebuild did. */
export interface RebuildResult {
  articles: number;
  /** Output files written because their bytes changed or they are new. */
  written: string[];
  /** Output files deleted because nothing produces them any more. */
  removed: string[];
  /** Warnings of this build (errors throw instead). */
  diagnostics: Diagnostic[];
  ms: number;
  /** True when the first build found nothing changed since the last build and its output intact. */
  upToDate?: boolean;
}
