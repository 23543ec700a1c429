/** The browser tests' static server behaves like a static host (and refuses to leave its folder). */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../helpers.js';
import { startStaticServer, type StaticServer } from '../static-server.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Send `rawPath` exactly as written (no client-side URL normalisation). */
function get(port: number, rawPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test static server', () => {
  let parent: string;
  let server: StaticServer;

  beforeAll(async () => {
    parent = tempDir('gazette-static-');
    writeFiles(parent, {
      'secret.txt': 'top secret',
      'site/index.html': '<!doctype html><title>home</title>',
      'site/404.html': '<!doctype html><title>not found page</title>',
      'site/story/index.html': '<!doctype html><title>story</title>',
      'site/assets/site.css': 'body{}',
      'site/assets/site.js': 'void 0;',
      'site/img/a.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'site/img/b.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      'site/feed.json': '{}',
      'site/feed.xml': '<feed/>',
      'site/authors/élodie/index.html': '<!doctype html><title>élodie</title>',
      'site/empty/.keep': '',
    });
    fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(parent, 'site', 'link.txt'));
    server = await startStaticServer(path.join(parent, 'site'), { prefix: '/news/' });
  });

  afterAll(async () => {
    await server?.close();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('should listen on 127.0.0.1 on a free port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/news/`);
  });

  it('should serve pretty URLs and redirect folder URLs without a slash', async () => {
    expect((await get(server.port, '/news/')).body).toContain('<title>home</title>');
    expect((await get(server.port, '/news/story/')).body).toContain('<title>story</title>');
    expect((await get(server.port, '/news/story/?q=1')).body).toContain('<title>story</title>');
    const redirect = await get(server.port, '/news/story?q=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/news/story/?q=1');
    const root = await get(server.port, '/news');
    expect(root.status).toBe(301);
    expect(root.headers.location).toBe('/news/');
    expect((await get(server.port, '/news/authors/%C3%A9lodie/')).body).toContain('élodie');
  });

  it('should send the right content types', async () => {
    const types: Record<string, string> = {
      '/news/': 'text/html',
      '/news/assets/site.css': 'text/css',
      '/news/assets/site.js': 'text/javascript',
      '/news/img/a.svg': 'image/svg+xml',
      '/news/img/b.png': 'image/png',
      '/news/feed.json': 'application/json',
      '/news/feed.xml': 'application/xml',
    };
    for (const [url, type] of Object.entries(types)) {
      const reply = await get(server.port, url);
      expect(reply.status, url).toBe(200);
      expect(reply.headers['content-type']?.split(';')[0], url).toBe(type);
    }
    const head = await get(server.port, '/news/assets/site.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(server.port, '/news/', 'POST')).status).toBe(405);
  });

  it("should answer missing files with 404 and the site's 404.html", async () => {
    for (const url of ['/news/nope/', '/news/nope', '/news/img/missing.png', '/news/empty', '/news/empty/', '/elsewhere/']) {
      const reply = await get(server.port, url);
      expect(reply.status, url).toBe(404);
      expect(reply.body, url).toContain('not found page');
    }
  });

  it('should refuse to serve anything outside the folder', async () => {
    for (const url of [
      '/news/../secret.txt',
      '/news/%2e%2e/secret.txt',
      '/news/%2E%2E%2Fsecret.txt',
      '/news/..%2fsecret.txt',
      '/news/..%5csecret.txt',
      '/news/img/../../secret.txt',
      '/news//etc/passwd',
      '/news/%00',
      '/news/link.txt',
    ]) {
      const reply = await get(server.port, url);
      expect([400, 403, 404], url).toContain(reply.status);
      expect(reply.body, url).not.toContain('top secret');
    }
    expect((await get(server.port, '/news/%E0%A4%A')).status).toBe(400);
  });
});
