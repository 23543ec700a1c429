import syncFs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EVENTS_PATH, LiveReload, injectClient } from './live-reload.js';
import { contentType, isHtml, notFoundPage, resolveRequest } from './static.js';

export interface DevServerOptions {
  /** The output folder to serve. */
  root: string;
  /** The site's base path ('/' or e.g. '/news/'); read on every request, so a config change applies at once. */
  basePath: () => string;
  host: string;
  /** Port to try first; 0 picks any free port. */
  port: number;
  /** How many following ports to try when `port` is taken (default 20). */
  fallbackPorts?: number;
}

export interface DevServer {
  /** The port listened on. */
  port: number;
  /** e.g. 'http://127.0.0.1:4000/news/' */
  url: () => string;
  live: LiveReload;
  close(): Promise<void>;
}

/** Serve `root` under its base path with live reload. Tries up to `fallbackPorts` ports after `port` if it is in use. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const root = path.resolve(options.root);
  const live = new LiveReload();
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // The error's text may name local paths: the response says nothing of it.
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const cut = url.search(/[?#]/);
    const rawPath = cut === -1 ? url : url.slice(0, cut);
    const search = cut === -1 ? '' : url.slice(cut).replace(/#.*$/, '');
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(req, res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
    }
    if (rawPath === EVENTS_PATH) return live.connect(req, res);

    const resolved = await resolveRequest(root, options.basePath(), rawPath, search);
    switch (resolved.kind) {
      case 'file':
        return sendFile(req, res, 200, resolved.file);
      case 'redirect':
        res.setHeader('Location', resolved.location);
        return send(req, res, resolved.status, 'text/plain; charset=utf-8', `Redirecting to ${resolved.location}\n`);
      case 'bad-request':
        return send(req, res, 400, 'text/plain; charset=utf-8', 'Bad Request\n');
      case 'forbidden':
        return send(req, res, 403, 'text/plain; charset=utf-8', 'Forbidden\n');
      case 'not-found': {
        const page = await notFoundPage(root, resolved.folders);
        if (page) return sendFile(req, res, 404, page);
        // No site yet (its first build failed): a bare page that still shows errors and reloads when fixed.
        const html = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>' +
          '<body><h1>Not found</h1><p>Nothing has been built at this address (yet).</p></body></html>\n';
        return send(req, res, 404, 'text/html; charset=utf-8', injectClient(html));
      }
    }
  }

  async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, status: number, file: string): Promise<void> {
    let body: Buffer;
    try {
      // Read synchronously, like the lookup (see static.ts): not queued behind the watcher's scan.
      body = syncFs.readFileSync(file);
    } catch {
      // Removed by a rebuild between resolving and reading.
      return send(req, res, 404, 'text/plain; charset=utf-8', 'Not Found\n');
    }
    const type = contentType(file);
    if (isHtml(file)) body = Buffer.from(injectClient(body.toString('utf8')));
    send(req, res, status, type, body);
  }

  const port = await listen(server, options.host, options.port, options.port === 0 ? 0 : (options.fallbackPorts ?? 20));
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: () => `http://${host}:${port}${options.basePath()}`,
    live,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': payload.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

/** Listen on `port`, or on one of the next `fallbacks` ports if it is taken; returns the port. */
async function listen(server: http.Server, host: string, port: number, fallbacks: number): Promise<number> {
  const last = Math.min(port + fallbacks, 65535);
  for (let candidate = port; ; candidate++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, host);
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || candidate >= last) throw error;
    }
  }
}
