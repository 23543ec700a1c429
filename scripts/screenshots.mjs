// Remake the theme's screenshots in docs/images/: the sample site's front page, a section, an
// article, an author page and the live blog, on a phone (390 px) and on a desktop (1280 px), each cropped to the
// first screen. Run by hand after changing the theme (not part of `npm test`):
//
//   npm run compile && node scripts/screenshots.mjs
//
// It builds the sample site (articles/ and gazette.config.json) into a temporary folder, serves it
// on 127.0.0.1 and drives Chromium (CHROMIUM, else /usr/bin/chromium) through playwright-core.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'docs', 'images');

const PAGES = [
  ['front', ''],
  ['section', 'section/business/'],
  ['article', '2023/02/shandong-foreign-trade-record/'],
  ['author', 'authors/lin-meiying/'],
  ['live-blog', '2024/10/storm-ilse-live/'],
];
const VIEWPORTS = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-screenshots-'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.avif': 'image/avif' };

try {
  for (const name of ['articles', 'gazette.config.json']) fs.cpSync(path.join(root, name), path.join(work, name), { recursive: true });
  // A fixed "now", so the same sources give the same pictures.
  const built = spawnSync(process.execPath, [path.join(root, 'bin', 'gazette.js'), 'build', '--no-cache', '--now', '2024-10-15T09:00'], { cwd: work, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the sample site failed:\n${built.stderr}`);
  const dist = path.join(work, 'dist');

  const server = http.createServer((request, response) => {
    let file = path.join(dist, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
    if (!file.startsWith(dist)) file = dist;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}/`;

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    for (const [device, viewport] of VIEWPORTS) {
      // At one device pixel per CSS pixel, to keep the files small.
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      for (const [name, rel] of PAGES) {
        await page.goto(base + rel, { waitUntil: 'load' });
        const file = path.join(out, `${name}-${device}.png`);
        await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
        console.log(`${path.relative(root, file)} (${viewport.width}×${viewport.height}, ${Math.round(fs.statSync(file).size / 1024)} KB)`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
