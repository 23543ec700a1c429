import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, listFiles, readHtml, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';
// The benchmark's blog-like images: a camera photo, a palette chart, a screenshot.
import { cameraPhoto, paletteChart, screenshot } from './bench/photo-samples.mjs';

/** Every `<img>` of every page of a built site, with the page it is on. */
function imagesOf(out: string) {
  return listFiles(out)
    .filter((rel) => rel.endsWith('.html'))
    .flatMap((rel) => readHtml(out, rel).querySelectorAll('img').map((img) => ({ rel, img })));
}

/** Each candidate of each `<picture>` on a page: the image's alt text, the format and the candidate. */
function candidatesOf(out: string, page: string) {
  return readHtml(out, page)
    .querySelectorAll('picture')
    .flatMap((picture) => {
      const alt = picture.querySelector('img')!.getAttribute('alt')!;
      return [...picture.querySelectorAll('source'), picture.querySelector('img')!].flatMap((el) =>
        el
          .getAttribute('srcset')!
          .split(',')
          .map((c) => {
            const [url, width] = c.trim().split(/\s+/);
            return { alt, type: el.getAttribute('type') ?? 'fallback', url: url!, width: Number(width!.replace('w', '')) };
          }),
      );
    });
}

// No `images` setting: what a new site gets.
describe('photos with the default settings', () => {
  let dir: string;
  let out: string;
  let stderr: string;
  const sources: Record<string, string> = { lead: 'photo.jpg', chart: 'chart.png', screen: 'screen.png', icon: 'icon.png', sized: 'photo.jpg' };

  beforeAll(async () => {
    dir = tempDir();
    writeFiles(dir, {
      'articles/post.md': article(
        { title: 'Figures', date: '2024-05-01', image: 'img/photo.jpg', imageAlt: 'lead' },
        '![chart](img/chart.png)\n\n![screen](img/screen.png)\n\n![icon](img/icon.png)\n\n<img src="img/photo.jpg" width="300" alt="sized">\n',
      ),
    });
    const img = path.join(dir, 'articles/img');
    fs.mkdirSync(img, { recursive: true });
    await cameraPhoto(path.join(img, 'photo.jpg'), 1, sharp, 1800, 1200);
    await paletteChart(path.join(img, 'chart.png'), 1, sharp);
    await screenshot(path.join(img, 'screen.png'), 1, sharp, 1280, 800);
    await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="6" fill="#e8710a"/></svg>'))
      .png()
      .toFile(path.join(img, 'icon.png'));
    out = path.join(dir, 'dist');
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    stderr = result.stderr;
  });

  it('should give every <img> on every page both dimensions', () => {
    const images = imagesOf(out);
    expect(images.length).toBeGreaterThan(5);
    for (const { rel, img } of images) {
      const where = `${rel}: ${img.toString()}`;
      expect(img.getAttribute('width'), where).toMatch(/^[1-9]\d*$/);
      expect(img.getAttribute('height'), where).toMatch(/^[1-9]\d*$/);
    }
  });

  it('should publish no variant larger than its source, the source width included', async () => {
    const candidates = candidatesOf(out, '2024/05/post/index.html');
    expect(new Set(candidates.map((c) => c.alt))).toEqual(new Set(Object.keys(sources)));
    const ownWidth = new Set<string>();
    for (const { alt, type, url, width } of candidates) {
      const source = path.join(dir, 'articles/img', sources[alt]!);
      const bytes = fs.statSync(path.join(out, url)).size;
      expect(bytes, `${alt} ${type} ${width}w`).toBeLessThanOrEqual(fs.statSync(source).size);
      if (width === (await sharp(source).metadata()).width) ownWidth.add(alt);
    }
    // The images no wider than the widest variant have one at their own width, where an encoder most often
    // makes more bytes than the source.
    expect([...ownWidth].sort()).toEqual(['chart', 'icon', 'screen']);
    // AVIF is still made by default, and kept for the photo.
    expect(candidates.some((c) => c.alt === 'lead' && c.type === 'image/avif')).toBe(true);
  });

  it('should not tell the progress of a few photos', () => {
    expect(stderr).toMatch(/\d+ images encoded, 0 reused/);
    expect(stderr).not.toContain('encoding photos');
  });

  it('should encode nothing and change nothing when nothing changed', async () => {
    const before = snapshotTree(out);
    const again = await runCli(['build', '--verbose'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/\b0 images encoded/);
    expect(again.stderr).not.toContain('encoding photos');
    expect(snapshotTree(out)).toEqual(before);
  });
});

describe('progress of the image stage', () => {
  const COUNT = 24;
  let dir: string;
  let twin: string;

  beforeAll(async () => {
    dir = tempDir();
    const body = Array.from({ length: COUNT }, (_, i) => `![photo ${i}](img/p${i}.jpg)`).join('\n\n');
    writeFiles(dir, { 'articles/post.md': article({ title: 'Many photos', date: '2024-05-02' }, body) });
    fs.mkdirSync(path.join(dir, 'articles/img'), { recursive: true });
    for (let i = 0; i < COUNT; i++) {
      const background = `#${((i * 0x0a3f51) & 0xffffff).toString(16).padStart(6, '0')}`;
      await sharp({ create: { width: 48, height: 32, channels: 3, background } })
        .jpeg()
        .toFile(path.join(dir, `articles/img/p${i}.jpg`));
    }
    // The same site in another folder, to be built without progress from a cache of its own.
    twin = tempDir();
    fs.cpSync(dir, twin, { recursive: true });
  });

  it('should tell in a log when it starts and ends encoding many photos, and be quiet with --quiet, for the same output', async () => {
    const told = await runCli(['build'], dir);
    expect(told.code, told.stderr).toBe(0);
    expect(told.stderr).toMatch(new RegExp(`^encoding photos 0/${COUNT}$`, 'm'));
    expect(told.stderr).toMatch(new RegExp(`^encoding photos ${COUNT}/${COUNT}$`, 'm'));
    expect(told.stderr.indexOf('encoding photos 0/')).toBeLessThan(told.stderr.indexOf('Built '));
    const quiet = await runCli(['build', '--quiet'], twin);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(snapshotTree(path.join(dir, 'dist'))).toEqual(snapshotTree(path.join(twin, 'dist')));
  });
});
