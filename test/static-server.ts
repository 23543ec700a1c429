/**
 * A tiny static file server for tests: serves a built site folder under a URL prefix (e.g. '/news/')
 * on 127.0.0.1, the way a static host would — pretty URLs, content types, the site's 404.html.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** The content type a static host would send for `file`. */
export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticServerOptions {
  /** URL path the folder is served under; '/' (default) or e.g. '/news/'. */
  prefix?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

export interface ServedRequest {
  method: string;
  url: string;
  status: number;
}

export interface StaticServer {
  /** The port actually listened on. */
  port: number;
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  /** Origin plus prefix, e.g. 'http://127.0.0.1:PORT/news/'. */
  baseUrl: string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

function normalisePrefix(prefix: string): string {
  let p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** `child` is `parent` or lies inside it. */
function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

type Resolved =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request' }
  | { kind: 'forbidden' };

/**
 * Map a request path (raw, still percent-encoded, without query) to a file under `root`.
 * Works on the raw path rather than a normalised URL so that '..' in any spelling is refused
 * instead of being quietly resolved.
 */
function resolvePath(root: string, prefix: string, rawPath: string, search: string): Resolved {
  if (rawPath + '/' === prefix) return { kind: 'redirect', location: prefix + search };
  if (!rawPath.startsWith(prefix)) return { kind: 'not-found' };
  const segments: string[] = [];
  for (const raw of rawPath.slice(prefix.length).split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad-request' };
    }
    if (seg === '..' || seg === '.' || /[\\/\0]/.test(seg)) return { kind: 'forbidden' };
    segments.push(seg);
  }
  // An empty segment is only allowed last ('/news/x/' → ['x', '']); '//' inside is refused.
  if (segments.slice(0, -1).some((s) => s === '')) return { kind: 'forbidden' };

  const trailingSlash = segments[segments.length - 1] === '';
  const target = path.resolve(root, ...segments.filter((s) => s !== ''));
  if (!inside(root, target)) return { kind: 'forbidden' };

  let file = trailingSlash ? path.join(target, 'index.html') : target;
  if (!trailingSlash && isDirectory(target)) {
    if (isFile(path.join(target, 'index.html'))) return { kind: 'redirect', location: `${rawPath}/${search}` };
    return { kind: 'not-found' };
  }
  if (!isFile(file)) return { kind: 'not-found' };
  // Symbolic links must not lead out of the folder either.
  try {
    file = fs.realpathSync(file);
    if (!inside(fs.realpathSync(root), file)) return { kind: 'forbidden' };
  } catch {
    return { kind: 'not-found' };
  }
  return { kind: 'file', file };
}

/** Serve the folder `root` on 127.0.0.1 under `prefix`. The folder may be (re)created after the start. */
export async function startStaticServer(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const prefix = normalisePrefix(options.prefix ?? '/');
  const absRoot = path.resolve(root);
  const requests: ServedRequest[] = [];

  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const send = (status: number, headers: Record<string, string | number>, body?: Buffer | string) => {
      requests.push({ method, url, status });
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(status, {
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...(payload ? { 'Content-Length': payload.length } : { 'Content-Length': 0 }),
        ...headers,
      });
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const plain = (status: number, text: string) => send(status, { 'Content-Type': 'text/plain; charset=utf-8' }, text + '\n');

    if (method !== 'GET' && method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method Not Allowed\n');
      return;
    }
    const cut = url.search(/[?#]/);
    const rawPath = cut === -1 ? url : url.slice(0, cut);
    const search = cut === -1 ? '' : url.slice(cut).replace(/#.*$/, '');
    if (!rawPath.startsWith('/')) return plain(400, 'Bad Request');

    const resolved = resolvePath(absRoot, prefix, rawPath, search);
    switch (resolved.kind) {
      case 'file': {
        let body: Buffer;
        try {
          body = fs.readFileSync(resolved.file);
        } catch {
          return plain(500, 'Internal Server Error');
        }
        return send(200, { 'Content-Type': contentType(resolved.file) }, body);
      }
      case 'redirect':
        return send(301, { Location: resolved.location, 'Content-Type': 'text/plain; charset=utf-8' }, 'Moved Permanently\n');
      case 'bad-request':
        return plain(400, 'Bad Request');
      case 'forbidden':
        return plain(403, 'Forbidden');
      case 'not-found': {
        const notFound = path.join(absRoot, '404.html');
        if (isFile(notFound)) return send(404, { 'Content-Type': CONTENT_TYPES['.html']! }, fs.readFileSync(notFound));
        return plain(404, 'Not Found');
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    baseUrl: origin + prefix,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
