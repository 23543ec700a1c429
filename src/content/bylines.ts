import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import type { Article } from './article.js';
import { FrontMatterError, parseFrontMatter } from './front-matter.js';
import type { AuthorProfile } from './profiles.js';

/** The rule of a byline naming no profile: a warning in `build`, an error in `check` and with `--strict`. */
export const UNKNOWN_AUTHOR = 'author-unknown';

/**
 * Bylines that name no author profile, on a site that has profiles: most
 * often a misspelling, which would make a new person with a page of their own
 * ("Ana Reyess" beside "Ana Reyes"). Each is a warning at the name in front
 * matter, naming the closest profile. A site without profiles names anyone it likes.
 * @param profilesFile The profiles file as messages name it.
 * @param sourceOf The item's source text, to place the message; null when it cannot be read.
 */
export function unknownBylines(items: Article[], profiles: AuthorProfile[], profilesFile: string | null, sourceOf: (item: Article) => string | null): Diagnostic[] {
  if (profiles.length === 0 || profilesFile === null) return [];
  const known = new Set(profiles.map((p) => bylineKey(p.name)));
  const names = profiles.map((p) => p.name);
  const found: Diagnostic[] = [];
  for (const item of items) {
    const unknown = item.authors.filter((name) => !known.has(bylineKey(name)));
    if (unknown.length === 0) continue;
    const source = sourceOf(item);
    for (const name of unknown) {
      // Small slips only: a third of the name, at least two edits.
      const meant = closest(name, names, Math.max(2, Math.floor(name.length / 3)));
      const advice = meant ? `did you mean ${meant}?` : `add "- name: ${name}" there (a name alone will do), or check the spelling`;
      found.push(
        diagnostic(item.displayPath, `the byline "${name}" has no author profile in ${profilesFile}: ${advice}`, UNKNOWN_AUTHOR, {
          position: source === null ? null : namePosition(source, name),
          source: source ?? undefined,
          severity: 'warning',
        }),
      );
    }
  }
  return found;
}

/** Names compare as bylines and profiles are matched: in any case, compatibility forms alike. */
export function bylineKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/** Where `name` is written in the front matter's `author` (or `authors`) field. */
function namePosition(source: string, name: string): Position | null {
  let front;
  try {
    front = parseFrontMatter(source);
  } catch (error) {
    if (error instanceof FrontMatterError) return null;
    throw error;
  }
  for (const field of ['author', 'authors']) {
    const value = front.data[field];
    if (typeof value === 'string') return front.positionOf(field);
    if (!Array.isArray(value)) continue;
    const index = value.findIndex((v) => typeof v === 'string' && bylineKey(v.trim().replace(/\s+/g, ' ')) === bylineKey(name));
    return (index >= 0 ? front.positionAt([field, index]) : null) ?? front.positionOf(field);
  }
  return null;
}
