import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';
import { aliasText, parseAlias } from './alias.js';
import type { DataDocument } from './yaml-data.js';

/** One moved URL from the redirects file (`_data/redirects.yml`). */
export interface RedirectEntry {
  /** The old URL, validated, as written ('/2019/05/old-url/', '/?p=123'). */
  from: string;
  /** Where it leads: a path on the site ('/2023/05/new/'), an http(s) URL, or a Markdown source ('2023/new.md'). */
  to: string;
  /** The file as messages name it, and where the entry is in it. */
  file: string;
  position: Position | null;
}

/**
 * Validate the redirects file: a mapping of old URLs to new ones,
 * `/2019/05/old-url/: /2023/05/new-url/`. The new one is a path on the site
 * (under its base path, like a root-relative link), an http(s) URL, or the
 * Markdown source of an article or page (`2023/new.md`), which leads to
 * wherever that is published.
 */
export function parseRedirects(doc: DataDocument, display: string, source: string): { redirects: RedirectEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, position: Position | null) =>
    diagnostics.push(diagnostic(display, message, 'redirects-invalid', { position: position ?? { line: 1, column: 1 }, source }));
  const value = doc.value;
  if (value === null) return { redirects: [], diagnostics };
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('must map old URLs to new ones, one "/old/url/: /new/url/" per line', doc.positionAt([]));
    return { redirects: [], diagnostics };
  }
  const redirects: RedirectEntry[] = [];
  for (const [from, to] of Object.entries(value as Record<string, unknown>)) {
    const position = doc.positionAt([from]);
    const alias = parseAlias(from);
    if ('problem' in alias) {
      fail(`old URL ${JSON.stringify(from)} ${alias.problem}`, position);
      continue;
    }
    const problem = targetProblem(to);
    if (problem) {
      fail(`the new URL of ${JSON.stringify(from)} ${problem}`, position);
      continue;
    }
    redirects.push({ from: aliasText(alias), to: (to as string).trim(), file: display, position });
  }
  return { redirects, diagnostics };
}

/** Why a redirect target cannot be used, or null. */
function targetProblem(to: unknown): string | null {
  const shape = 'must be a path such as /2023/05/new-url/, an http(s) URL, or an article\'s source such as 2023/new-url.md';
  if (typeof to !== 'string' || to.trim() === '') return shape;
  const text = to.trim();
  if (/[\s\\<>"`\p{Cc}]/u.test(text)) return 'must not contain spaces, quotes, angle brackets, backslashes or control characters';
  if (/^https?:\/\/[^/]/i.test(text)) {
    try {
      new URL(text);
      return null;
    } catch {
      return `${JSON.stringify(text)} is not a valid URL`;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return `${shape}, not ${JSON.stringify(text)}`;
  if (text.startsWith('//')) return 'must not be protocol-relative (//host/…): give https://host/…';
  const pathPart = text.split(/[?#]/)[0]!;
  if (pathPart.split('/').some((s) => s === '..' || s === '.')) {
    return 'must not contain "." or ".." segments';
  }
  if (text.startsWith('/')) return null;
  if (/\.md$/i.test(text)) return null;
  return shape;
}
