import { zonedParts } from '../content/dates.js';
import { encodePath } from '../content/slug.js';


export interface PermalinkValues {
  date: number;
  slug: string;
  sectionSlug: string | null;
  timeZone: string;
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
