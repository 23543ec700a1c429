/** Where the site lives: its origin (if known) and the path it is served under. */
export interface SiteUrl {
  /** `https://example.org` without a trailing slash, or '' when only a path is known. */
  origin: string;
  /** Always starts and ends with '/', e.g. '/' or '/news/'. */
  basePath: string;
}

/**
 * Split a configured site URL into origin and base path.
 * @param url `https://example.org/news/`, `/news/`, or null for the root of an unknown host.
 * @throws Error when the URL is neither an absolute http(s) URL nor a path.
 */
export function parseSiteUrl(url: string | null): SiteUrl {
  if (url === null || url === '' || url === '/') return { origin: '', basePath: '/' };
  if (url.startsWith('/')) {
    if (url.startsWith('//')) throw new Error(`"${url}" is a protocol-relative URL; give https://host/path/ or /path/`);
    return { origin: '', basePath: normaliseBasePath(url) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is neither an absolute URL (https://example.org/news/) nor a path (/news/)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`"${url}" must use http or https`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new Error(`"${url}" must not contain a query, fragment or credentials`);
  }
  return { origin: parsed.origin, basePath: normaliseBasePath(parsed.pathname) };
}

function normaliseBasePath(pathname: string): string {
  const segments = pathname.split('/').filter(Boolean);
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new Error(`"${pathname}" contains an invalid percent-encoding`);
    }
    if (decoded === '.' || decoded === '..' || /[\\\0?#]/.test(decoded)) {
      throw new Error(`"${pathname}" contains a forbidden path segment "${segment}"`);
    }
  }
  const encoded = segments.map((s) => encodeURIComponent(decodeURIComponent(s)));
  return encoded.length ? `/${encoded.join('/')}/` : '/';
}
