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
