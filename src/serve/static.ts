import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/** The Content-Type to send for `file`; Atom feeds (feed.xml) get their own type. */
export function contentType(file: string): string {
  if (path.basename(file).toLowerCase() === 'feed.xml') return 'application/atom+xml; charset=utf-8';
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}

/** How a request path maps onto the output folder. */
export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string; status: 301 | 302 }
  /** `folders`: the path's segments below the base path, whose closest 404.html answers (none: the root's). */
  | { kind: 'not-found'; folders?: string[] }
  | { kind: 'bad-request' }
  | { kind: 'forbidden' };

/**
 * Map a raw request path (still percent-encoded, no query) to a file inside `root`, served under `basePath`.
 *
 * Anything that could name a file outside the folder is refused before touching the disk:
 * '.' and '..' segments (plain or percent-encoded), encoded slashes and backslashes, NUL,
 * backslashes and malformed encodings. The file finally chosen is checked again after
 * resolving symbolic links, against the real path of the folder.
 * @param search The query string (with '?') to keep on redirects.
 */
export async function resolveRequest(root: string, basePath: string, rawPath: string, search = ''): Promise<Resolution> {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('\0')) return { kind: 'bad-request' };
  // Encoded '.', '/', '\' and NUL have no business in a URL of a static site: never decode them.
  if (/%(2e|2f|5c|00)/i.test(rawPath)) return { kind: 'bad-request' };
  const rawSegments = rawPath.split('/').slice(1);
  if (rawSegments.some((s) => s === '.' || s === '..')) return { kind: 'forbidden' };

  // To the site's base path: temporary, since another `serve` on this port may use another base path.
  if (basePath !== '/' && rawPath === '/') return { kind: 'redirect', location: basePath + search, status: 302 };
  if (rawPath + '/' === basePath) return { kind: 'redirect', location: basePath + search, status: 302 };
  if (!rawPath.startsWith(basePath)) return { kind: 'not-found' };

  const segments: string[] = [];
  for (const raw of rawPath.slice(basePath.length).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad-request' };
    }
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return { kind: 'forbidden' };
    segments.push(segment);
  }
  // An empty segment is allowed only last ('x/' → ['x', '']); 'a//b' names nothing.
  if (segments.slice(0, -1).includes('')) return { kind: 'not-found' };
  const trailingSlash = segments[segments.length - 1] === '';
  const parts = segments.filter((s) => s !== '');

  const absRoot = path.resolve(root);
  const target = path.join(absRoot, ...parts);
  if (!inside(absRoot, target)) return { kind: 'forbidden' };

  const stat = statOrNull(target);
  if (!stat) return { kind: 'not-found', folders: parts };
  let file = target;
  if (stat.isDirectory()) {
    file = path.join(target, 'index.html');
    if (!isFile(file)) return { kind: 'not-found', folders: parts };
    // Pretty URLs end in a slash, so relative links in the page resolve the way they will when published.
    if (!trailingSlash) return (await realInside(absRoot, file)) ? { kind: 'redirect', location: `${rawPath}/${search}`, status: 301 } : { kind: 'forbidden' };
  } else if (trailingSlash || !stat.isFile()) {
    return { kind: 'not-found', folders: parts };
  }
  const real = await realInside(absRoot, file);
  return real ? { kind: 'file', file: real } : { kind: 'forbidden' };
}

/**
 * The not-found page for a path below `folders`: the closest `404.html` up the folder tree, as
 * Cloudflare Pages finds it (a site in several languages has one per language: `ar/404.html`), else
 * the root's; null when the output has none.
 */
export async function notFoundPage(root: string, folders: string[] = []): Promise<string | null> {
  const absRoot = path.resolve(root);
  for (let depth = folders.length; depth >= 0; depth--) {
    const page = await realInside(absRoot, path.join(absRoot, ...folders.slice(0, depth), '404.html'));
    if (page) return page;
  }
  return null;
}

/** The real path of `file` if it lies inside the real `root` (symbolic links resolved), else null. */
export async function realInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = [fs.realpathSync.native(root), fs.realpathSync.native(file)];
    return inside(realRoot, realFile) && realFile !== realRoot ? realFile : null;
  } catch {
    return null;
  }
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

function isFile(file: string): boolean {
  return statOrNull(file)?.isFile() ?? false;
}

/**
 * Synchronous on purpose: a local server's few small reads must not wait in
 * libuv's thread pool behind the watcher's scan of a large site (thousands of
 * stat calls), which held the first page of `serve` back by a second.
 */
function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    // A name over the file system's limit (ENAMETOOLONG), a file where a folder is expected (ENOTDIR),
    // a loop of links: nothing the site can have published there.
    return null;
  }
}
