/** The placeholders a permalink pattern may hold. */
export const TOKENS = new Set(['yyyy', 'mm', 'dd', 'slug', 'section']);

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
