import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { Article } from './article.js';
import { parseDate } from './dates.js';
import { FrontMatterError, parseFrontMatter } from './front-matter.js';

/** The rule of an `updated` time or a correction dated after the build's now. */
export const DATE_AFTER_NOW = 'date-after-now';

/**
 * The `updated` times and corrections of published items dated after the build's now: unlike a
 * story or a live update, they are not held back, so the page shows the note at once and the
 * item's modified time (JSON-LD, feeds, the sitemap's lastmod) lies in the future. Most often a
 * mistyped date. Each is a warning at its date in the front matter.
 * @param sourceOf The item's source text, to find the dates; null when it cannot be read.
 */
export function changesAfterNow(items: Article[], now: number, timeZone: string, sourceOf: (item: Article) => string | null): Diagnostic[] {
  const found: Diagnostic[] = [];
  const shown = new Date(now).toISOString();
  for (const item of items) {
    // `updated` is the latest of the field and the corrections: nothing to look at when it is not ahead.
    if (item.updated === null || item.updated <= now) continue;
    const source = sourceOf(item);
    if (source === null) continue;
    let front;
    try {
      front = parseFrontMatter(source);
    } catch (error) {
      if (error instanceof FrontMatterError) continue;
      throw error;
    }
    const after = (value: unknown) => {
      const parsed = typeof value === 'string' ? parseDate(value, timeZone) : null;
      return parsed !== null && !('error' in parsed) && parsed.epochMs > now;
    };
    const warn = (what: string, path: (string | number)[]) =>
      found.push(
        diagnostic(item.displayPath, `${what} is dated after the build's now (${shown}), yet shows at once, and the article's modified time (JSON-LD, feeds, sitemap) lies in the future; check the date`, DATE_AFTER_NOW, {
          position: front.positionAt(path),
          source,
          severity: 'warning',
        }),
      );
    if (after(front.data.updated)) warn('"updated"', ['updated']);
    const corrections = front.data.corrections;
    if (Array.isArray(corrections)) {
      corrections.forEach((note, index) => {
        if (typeof note === 'object' && note !== null && after((note as Record<string, unknown>).date)) warn(`correction ${index + 1}`, ['corrections', index, 'date']);
      });
    }
  }
  return found;
}
