import { encodePath } from './slug.js';

/** An old URL that should lead to a new one, validated. */
export interface Alias {
  /** The path as written, decoded: '/2019/05/old-url/' (no base path). */
  path: string;
  /** The path percent-encoded, as a URL or a host's redirect file writes it. */
  encodedPath: string;
  /** The query (`p=123`, without '?') when the old URL had one, else null: only a host redirect can serve such a URL. */
  query: string | null;
}

/** One `name=value` pair of an old URL's query, kept as written (already URL-encoded). */
// No "*" or ":": redirect files read those as splats and placeholders.
const QUERY_PAIR = /^[A-Za-z0-9\-._~%+!$'(),;@/]+=[A-Za-z0-9\-._~%+!$'(),;@/]*$/;

/**
 * Read an old URL given in front matter `aliases` or in the redirects file:
 * a path from the site's root (`/2019/05/old-url/`, `/old.html`), optionally
 * with a query (`/?p=123`). No scheme, host, fragment, `.`/`..` segment,
 * backslash, space or control character; percent-escapes must decode.
 * @returns The alias, or why it cannot be one (a phrase to follow the alias in a message).
 */
export function parseAlias(raw: unknown): Alias | { problem: string } {
  if (typeof raw !== 'string') return { problem: 'must be a path such as /2019/05/old-url/' };
  const text = raw.trim();
  if (text.length > 2000) return { problem: 'is longer than 2000 characters' };
  if (!text.startsWith('/') || text.startsWith('//')) return { problem: 'must be a path starting with a single "/" (no scheme or host), e.g. /2019/05/old-url/' };
  if (/[\s\\\p{Cc}\u2028\u2029]/u.test(text)) return { problem: 'must not contain spaces, backslashes or control characters (percent-encode them)' };
  if (text.includes('#')) return { problem: 'must not contain "#": browsers never send a fragment to the server' };
  const at = text.indexOf('?');
  const rawPath = at < 0 ? text : text.slice(0, at);
  let query: string | null = null;
  if (at >= 0) {
    query = text.slice(at + 1);
    if (!query.split('&').every((pair) => QUERY_PAIR.test(pair))) {
      return { problem: 'has a query that is not name=value pairs joined by "&", e.g. /?p=123' };
    }
  }
  const segments = rawPath.slice(1).split('/');
  const decoded: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === '' && !last) return { problem: 'has an empty segment ("//")' };
    let plain: string;
    try {
      plain = decodeURIComponent(segment);
    } catch {
      return { problem: `has a "%" that is not a valid percent-escape in "${segment}"` };
    }
    if (plain === '.' || plain === '..' || segment === '.' || segment === '..') return { problem: 'must not contain "." or ".." segments' };
    if (/[/\\\p{Cc}]/u.test(plain)) return { problem: 'must not encode "/", "\\" or control characters' };
    decoded.push(plain.normalize('NFC'));
  }
  const path = `/${decoded.join('/')}`;
  if (path === '/' && query === null) return { problem: 'is the front page, which belongs to the site' };
  return { path, encodedPath: `/${encodePath(decoded.join('/'))}`, query };
}

/** The alias as it is shown and compared: path and query, as written. */
export function aliasText(alias: Alias): string {
  return alias.encodedPath + (alias.query === null ? '' : `?${alias.query}`);
}

/**
 * The file a path alias is served from, relative to the output folder: the
 * path itself when it names an HTML file, else `index.html` in its folder.
 */
export function aliasOutputPath(alias: Alias): string {
  const rel = alias.path.slice(1);
  if (/\.html?$/i.test(rel)) return rel;
  return `${rel.replace(/\/+$/, '')}${rel === '' ? '' : '/'}index.html`;
}
