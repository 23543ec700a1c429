import { zonedParts } from '../content/dates.js';
import { encodePath } from '../content/slug.js';

export interface PermalinkValues {
  date: number;
  slug: string;
  sectionSlug: string | null;
  timeZone: string;
}

const TOKENS = new Set(['yyyy', 'mm', 'dd', 'slug', 'section']);

/**
 * Check a permalink pattern such as `/{yyyy}/{mm}/{slug}/` before any article uses it.
 * @returns A problem description, or null when the pattern is usable.
 */
export function checkPermalinkPattern(pattern: string): string | null {
  for (const match of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!TOKENS.has(match[1]!)) return `unknown placeholder {${match[1]}}; use {yyyy}, {mm}, {dd}, {slug} or {section}`;
  }
  if (!pattern.includes('{slug}')) return 'must contain {slug} so every article gets its own URL';
  if (!pattern.endsWith('/') && !pattern.endsWith('.html')) return 'must end with "/" (pretty URLs) or ".html"';
  const literal = pattern.replace(/\{[^}]*\}/g, 'x');
  if (/[\\\0?#%]/.test(literal)) return 'must not contain "\\", "?", "#", "%" or NUL';
  const segments = literal.split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..')) return 'must not contain "." or ".." segments';
  return null;
}

/**
 * Expand a permalink pattern for one article.
 * @returns `outputPath` relative to the output folder ('2023/02/slug/index.html')
 *   and `urlPath` relative to the base path, percent-encoded ('2023/02/slug/').
 */
export function expandPermalink(pattern: string, values: PermalinkValues): { outputPath: string; urlPath: string } {
  const parts = zonedParts(values.date, values.timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const replacements: Record<string, string> = {
    yyyy: String(parts.year).padStart(4, '0'),
    mm: pad(parts.month),
    dd: pad(parts.day),
    slug: values.slug,
    section: values.sectionSlug ?? 'news',
  };
  const expanded = pattern.replace(/\{(\w+)\}/g, (_, token: string) => replacements[token] ?? '');
  const segments = expanded.split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..' || /[\\\0]/.test(s))) {
    throw new Error(`permalink "${expanded}" would leave the output folder`);
  }
  const pretty = expanded.endsWith('/');
  const decoded = segments.join('/');
  return {
    outputPath: pretty ? (decoded ? `${decoded}/index.html` : 'index.html') : decoded,
    urlPath: encodePath(decoded) + (pretty && decoded ? '/' : ''),
  };
}
