/**
 * `gazette serve`: the real CLI in a child process on a temp site, asked over real HTTP.
 * Pretty URLs, content types and the 404 page as a static host would serve them; nothing from
 * outside the output folder, however the path is spelt; live reload over Server-Sent Events;
 * falling back to the next port when the asked one is taken.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, tempDir, writeFiles } from './helpers.js';
import { LiveCli } from './live-cli.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-OUTPUT-FOLDER';


/** Start `gazette serve` and return it with the URL it announced. */
async function startServe(site: string, args: string[]): Promise<{ cli: LiveCli; url: string }> {
  const cli = new LiveCli(['serve', ...args], site);
  const match = await cli.waitFor(/serving (?:\S+ )?on (http:\/\/\S+)/i, 0, 20_000);
  await cli.waitFor(/^Watching /m);
  return { cli, url: match[1]! };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalise '..' away before sending). */
function rawGet(origin: string, rawPath: string, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface SseEvent {
  event: string;
  data: string;
}

/** A Server-Sent Events client that records every event (and comment) it receives. */
function openEvents(url: string) {
  const events: SseEvent[] = [];
  let buffer = '';
  const req = http.get(url, { agent: false });
  const opened = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  void opened.then((res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) event = 'comment';
          else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        events.push({ event, data: data.join('\n') });
      }
    });
  });
  return {
    events,
    opened,
    async waitFor(name: string, from = 0, timeout = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = events.slice(from).find((e) => e.event === name);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No "${name}" event within ${timeout} ms; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => req.destroy(),
  };
}

describe('gazette serve', () => {
  let site: string;
  let out: string;
  let cli: LiveCli;
  let url: string;
  let origin: string;

  beforeAll(async () => {
    site = tempDir('gazette-serve-');
    out = path.join(site, 'dist');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Serve Gazette' }),
      'package.json': JSON.stringify({ name: SECRET }),
      'secret.txt': SECRET,
      'articles/2023/alpha.md': article({ title: 'Alpha story', date: '2023-03-01', tags: ['City'], image: 'img/chart.svg', imageAlt: 'A chart' }, 'Alpha body.'),
      'articles/2023/beta.md': article({ title: 'Beta story', date: '2023-04-01' }, 'Beta body.'),
      'articles/2023/img/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n',
    });
    ({ cli, url } = await startServe(site, ['--port', '0', '--base-url', '/news/']));
    origin = new URL(url).origin;
    // Symbolic links inside the output folder that lead out of it.
    fs.symlinkSync(path.join(site, 'secret.txt'), path.join(out, 'leak.txt'));
    fs.symlinkSync(site, path.join(out, 'leakdir'), 'dir');
  });

  afterAll(async () => {
    await cli?.stop();
  });

  it('should announce its URL under the base path and serve the front page as HTML', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/$/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('Alpha story');
  });

  it('should redirect to the base path and to pretty URLs with a trailing slash', async () => {
    const root = await fetch(origin + '/', { redirect: 'manual' });
    expect([301, 302]).toContain(root.status);
    expect(root.headers.get('location')).toBe('/news/');
    const bare = await fetch(origin + '/news', { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/news/');
    const page = await fetch(origin + '/news/2023/03/alpha?x=1', { redirect: 'manual' });
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe('/news/2023/03/alpha/?x=1');
    const pretty = await fetch(origin + '/news/2023/03/alpha/');
    expect(pretty.status).toBe(200);
    expect(await pretty.text()).toContain('<h1');
  });

  it('should send the right content types and answer HEAD like GET without a body', async () => {
    const types: Record<string, RegExp> = {
      'assets/css/site.css': /^text\/css/,
      'assets/js/site.js': /^text\/javascript/,
      '2023/img/chart.svg': /^image\/svg\+xml/,
      'feed.xml': /^application\/(atom\+)?xml/,
      'sitemap.xml': /^application\/xml/,
      'feed.json': /^application\/(feed\+)?json/,
      'search-index/meta.json': /^application\/json/,
      'robots.txt': /^text\/plain/,
    };
    for (const [rel, type] of Object.entries(types)) {
      const res = await fetch(url + rel);
      expect(res.status, rel).toBe(200);
      expect(res.headers.get('content-type'), rel).toMatch(type);
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(out, rel))), rel).toBe(true);
    }
    const get = await fetch(url);
    const getBody = await get.text();
    const head = await rawGet(origin, '/news/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(getBody));
    expect(head.body).toBe('');
  });

  it('should answer unknown paths with the site\'s 404 page and status 404', async () => {
    const res = await fetch(url + 'no/such/page/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    const onDisk = fs.readFileSync(path.join(out, '404.html'), 'utf8');
    expect(body.startsWith(onDisk.slice(0, onDisk.toLowerCase().lastIndexOf('</body>')))).toBe(true);
    expect((await fetch(origin + '/elsewhere/x.html')).status).toBe(404);
  });

  it('should never serve a file from outside the output folder, however the path is spelt', async () => {
    const attempts = [
      '/news/../package.json',
      '/news/../secret.txt',
      '/news/2023/../../secret.txt',
      '/../secret.txt',
      '/news/%2e%2e/%2e%2e/etc/passwd',
      '/news/%2E%2E/secret.txt',
      '/news/.%2e/secret.txt',
      '/news/..%2fsecret.txt',
      '/news/..%2Fpackage.json',
      '/news/..%5csecret.txt',
      '/news/%5c..%5csecret.txt',
      '/news/..\\secret.txt',
      '/news/%252e%252e/secret.txt',
      '/news/index.html%00.txt',
      '/news//etc/passwd',
      '//etc/passwd',
      '/news/%c0%ae%c0%ae/secret.txt',
      '/news/leak.txt',
      '/news/leakdir/secret.txt',
      '/news/leakdir/package.json',
      '/news/leakdir',
      '/news/leakdir/',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(origin, attempt);
      expect([400, 403, 404], `${attempt} → ${res.status}`).toContain(res.status);
      expect(res.body, attempt).not.toContain(SECRET);
      expect(res.body, attempt).not.toMatch(/root:.*:0:0:/);
    }
  });

  it('should answer names the file system cannot hold with 404, naming no local path (#26)', async () => {
    const attempts = [
      `/news/${'a'.repeat(300)}`,
      `/news/${'a'.repeat(300)}/`,
      `/news/2023/${'b'.repeat(256)}/index.html`,
      `/news/${'%C3%A9'.repeat(200)}`,
      `/news/${'a/'.repeat(3000)}x`,
      '/news/feed.xml/x',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(origin, attempt);
      expect(res.status, attempt.slice(0, 40)).toBe(404);
      expect(res.body, attempt.slice(0, 40)).not.toContain(site);
      expect(res.body, attempt.slice(0, 40)).not.toMatch(/ENAMETOOLONG|ENOTDIR|Internal Server Error/);
    }
  });

  it('should add the live-reload script to served HTML but never to the files on disk', async () => {
    const served = await (await fetch(url + '2023/03/alpha/')).text();
    expect(served).toMatch(/<script>[^]*\/__gazette\/events[^]*<\/script><\/body>/);
    const onDisk = fs.readFileSync(path.join(out, '2023/03/alpha/index.html'), 'utf8');
    expect(onDisk).not.toContain('__gazette');
    for (const file of fs.readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (file.endsWith('.html') && !file.startsWith('leakdir')) {
        expect(fs.readFileSync(path.join(out, file), 'utf8'), file).not.toContain('__gazette');
      }
    }
  });

  it('should send "reload" after a good save and "error" with file:line:column after a broken one', async () => {
    const sse = openEvents(origin + '/__gazette/events');
    try {
      const res = await sse.opened;
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      await sse.waitFor('comment', 0, 2_000); // the stream opens at once

      let from = sse.events.length;
      fs.writeFileSync(path.join(site, 'articles/2023/beta.md'), article({ title: 'Beta edited', date: '2023-04-01' }, 'Beta body.'));
      await sse.waitFor('reload', from);
      expect(await (await fetch(url + '2023/04/beta/')).text()).toContain('Beta edited');

      from = sse.events.length;
      fs.writeFileSync(path.join(site, 'articles/2023/beta.md'), article({ title: 'Beta broken', date: '2023-02-30' }, 'Beta body.'));
      const error = await sse.waitFor('error', from);
      expect(error.data).toMatch(/articles\/2023\/beta\.md:3:7: error /);
      expect(error.data).toContain('> 3 | date: "2023-02-30"');
      // The last good page is still served.
      expect(await (await fetch(url + '2023/04/beta/')).text()).toContain('Beta edited');

      // A page opened while the build is broken learns it at once.
      const late = openEvents(origin + '/__gazette/events');
      try {
        expect((await late.waitFor('error')).data).toContain('beta.md:3:7');
      } finally {
        late.close();
      }

      from = sse.events.length;
      fs.writeFileSync(path.join(site, 'articles/2023/beta.md'), article({ title: 'Beta fixed', date: '2023-04-01' }, 'Beta body.'));
      await sse.waitFor('reload', from);
      expect(await (await fetch(url + '2023/04/beta/')).text()).toContain('Beta fixed');
    } finally {
      sse.close();
    }
  });

  it('should close the server and the open event streams and exit 0 on Ctrl-C', async () => {
    const sse = openEvents(origin + '/__gazette/events');
    await sse.opened;
    const code = await cli.stop();
    expect(code).toBe(0);
    expect(cli.output).toMatch(/Stopped serving\.\s*$/);
    sse.close();
  });
});

describe('gazette serve port fallback', () => {
  it('should serve on the next port when the asked one is in use, and say so', async () => {
    const site = tempDir('gazette-serve-port-');
    writeFiles(site, { 'articles/a.md': article({ title: 'Port story', date: '2023-03-01' }) });
    const blocker = http.createServer((_req, res) => res.end('blocker'));
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    let cli: LiveCli | undefined;
    try {
      const started = await startServe(site, ['--port', String(taken), '--base-url', '/news/']);
      cli = started.cli;
      expect(cli.output).toContain(`Port ${taken} is in use; serving on http://127.0.0.1:${taken + 1}/news/`);
      expect(started.url).toBe(`http://127.0.0.1:${taken + 1}/news/`);
      expect((await fetch(started.url)).status).toBe(200);
    } finally {
      await cli?.stop();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('gazette serve in two languages', () => {
  it("should answer a missing page under a language's folder with that language's 404 page", async () => {
    const site = tempDir('gazette-serve-languages-');
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Serve Gazette', languages: { en: { name: 'English' }, ar: { name: 'العربية' } } }),
      'articles/a.md': article({ title: 'Port story', date: '2023-03-01' }),
      'articles/ar/a.md': article({ title: 'قصة الميناء', date: '2023-03-01' }),
    });
    let cli: LiveCli | undefined;
    try {
      const started = await startServe(site, ['--port', '0', '--base-url', '/news/']);
      cli = started.cli;
      const origin = new URL(started.url).origin;
      const language = async (rel: string) => {
        const res = await fetch(origin + rel);
        expect(res.status, rel).toBe(404);
        return /<html lang="([^"]+)"/.exec(await res.text())?.[1];
      };
      expect(await language('/news/ar/no/such/page/')).toBe('ar');
      expect(await language('/news/ar/missing.html')).toBe('ar');
      expect(await language('/news/no/such/page/')).toBe('en');
      expect(await language('/news/arabic/')).toBe('en');
      expect(await language('/elsewhere/')).toBe('en');
    } finally {
      await cli?.stop();
    }
  });
});
