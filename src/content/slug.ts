import { sha1 } from '../hash.js';

/**
 * Turn any name into a URL-safe, filesystem-safe slug that keeps letters and
 * digits of every script: "Trade & Ports" → "trade-ports", "中国" → "中国".
 * Returns '' when nothing usable is left; callers decide the fallback.
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * A slug for a name with no letter or digit at all (a file `🎉.md` titled
 * "🎉"), so that such an article is published rather than stopping the build:
 * the code points of the name (`u1f389`), or, for a long name, a short hash of
 * the article's path. Both stay the same from build to build.
 * @param name The file name without `.md` (or the title when that is empty).
 * @param sourcePath The article's path in the source folder.
 */
export function fallbackSlug(name: string, sourcePath: string): string {
  const points = [...name.normalize('NFC')].map((c) => `u${c.codePointAt(0)!.toString(16)}`);
  if (points.length > 0 && points.length <= 8) return points.join('-');
  return `a-${sha1(sourcePath).slice(0, 10)}`;
}

/** A slug a writer may set explicitly: letters, digits, '-', '_' and inner '.'. */
export const EXPLICIT_SLUG = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}._-]*[\p{L}\p{M}\p{N}_-])?$/u;

/** Percent-encode one path segment so it is valid in an href. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** Percent-encode a '/'-separated path, segment by segment. */
export function encodePath(pathname: string): string {
  return pathname.split('/').map(encodeSegment).join('/');
}
