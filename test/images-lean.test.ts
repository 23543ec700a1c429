import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, listFiles, readHtml, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

/** A survey chart: bars and grid lines in six colours on white, stored as a palette PNG, as chart tools export. */
async function paletteChart(file: string): Promise<void> {
  const [width, height] = [1400, 1200];
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
  let shapes = '';
  for (let y = 100; y < height; y += 100) shapes += `<rect x="80" y="${y}" width="${width - 160}" height="2" fill="#cccccc"/>`;
  for (let i = 0; i < 20; i++) {
    const barHeight = 150 + ((i * 397) % 850);
    shapes += `<rect x="${100 + i * 62}" y="${height - 100 - barHeight}" width="44" height="${barHeight}" fill="${colours[i % colours.length]}"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#ffffff"/>${shapes}</svg>`;
  await sharp(Buffer.from(svg)).png({ palette: true, colours: 16, dither: 0, compressionLevel: 9, effort: 10 }).toFile(file);
}

/** A screenshot: flat panels and rows of small glyph-like marks with hard edges, in full colour, with text metadata. */
async function screenshot(file: string): Promise<void> {
  const [width, height] = [1200, 800];
  let marks = '';
  for (let row = 0; row < 30; row++) {
    for (let col = 0; col < 60; col++) {
      if ((row * 7 + col * 13) % 5 === 0) continue;
      const w = 3 + ((row + col) % 7);
      marks += `<rect x="${260 + col * 15}" y="${80 + row * 22}" width="${w}" height="${8 + (col % 3) * 2}" fill="#202124"/>`;
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#f8f9fa"/>` +
    `<rect width="240" height="${height}" fill="#e8eaed"/><rect width="${width}" height="48" fill="#1a73e8"/>${marks}</svg>`;
  // Optimised harder than gazette encodes (filters per row and zlib's highest level), as a careful author's tool would.
  await sharp(Buffer.from(svg)).png({ adaptiveFiltering: true, compressionLevel: 9 }).withMetadata({ exif: { IFD0: { Software: 'SecretTool' } } }).toFile(file);
}

/** A photo: noise over a gradient, as a camera's JPEG at quality 90. */
async function noisyPhoto(file: string): Promise<void> {
  const [width, height] = [1000, 750];
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const x = Math.floor(i / 3) % width;
    pixels[i] = Math.min(255, Math.floor((x / width) * 180) + (seed % 70));
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
}

/** A 16 × 16 icon with transparency. */
async function icon(file: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="6" fill="#e8710a"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}

const IMAGES = ['chart.png', 'screen.png', 'photo.jpg', 'icon.png'];

async function leanSite(): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, {
    // The fastest AVIF effort keeps the test quick: which files are kept does not depend on it.
    'gazette.config.json': JSON.stringify({ images: { avifEffort: 0 } }),
    'articles/post.md': article({ title: 'Figures', date: '2024-05-01' }, IMAGES.map((name) => `![${name}](img/${name})`).join('\n\n')),
  });
  fs.mkdirSync(path.join(dir, 'articles/img'), { recursive: true });
  await paletteChart(path.join(dir, 'articles/img/chart.png'));
  await screenshot(path.join(dir, 'articles/img/screen.png'));
  await noisyPhoto(path.join(dir, 'articles/img/photo.jpg'));
  await icon(path.join(dir, 'articles/img/icon.png'));
  return dir;
}

/** Each `<picture>` of the page: its image's stem, and every candidate listed (URL and width) by format. */
function picturesOf(out: string): Map<string, { type: string; candidates: { url: string; width: number }[] }[]> {
  const page = readHtml(out, '2024/05/post/index.html');
  const found = new Map<string, { type: string; candidates: { url: string; width: number }[] }[]>();
  for (const picture of page.querySelectorAll('article picture')) {
    const img = picture.querySelector('img')!;
    const lists = [...picture.querySelectorAll('source'), img].map((el) => ({
      type: el.getAttribute('type') ?? 'fallback',
      candidates: el
        .getAttribute('srcset')!
        .split(',')
        .map((c) => {
          const [url, width] = c.trim().split(/\s+/);
          return { url: url!, width: Number(width!.replace('w', '')) };
        }),
    }));
    found.set(img.getAttribute('alt')!, lists);
  }
  return found;
}

describe('no variant heavier than its source', () => {
  let dir: string;
  let out: string;
  let stderr: string;
  beforeAll(async () => {
    dir = await leanSite();
    out = path.join(dir, 'dist');
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    stderr = result.stderr;
  });

  it('should publish no variant larger than its source, at any width', () => {
    const pictures = picturesOf(out);
    expect([...pictures.keys()].sort()).toEqual([...IMAGES].sort());
    for (const [name, lists] of pictures) {
      const sourceBytes = fs.statSync(path.join(dir, 'articles/img', name)).size;
      for (const { type, candidates } of lists) {
        for (const { url, width } of candidates) {
          const bytes = fs.statSync(path.join(out, url)).size;
          expect(bytes, `${name} ${type} ${width}w (${url}): ${bytes} B, source ${sourceBytes} B`).toBeLessThanOrEqual(sourceBytes);
        }
      }
    }
  });

  it('should keep in each format only widths lighter than the wider ones, and modern formats only when lighter than the fallback', () => {
    for (const [name, lists] of picturesOf(out)) {
      const size = (url: string) => fs.statSync(path.join(out, url)).size;
      const fallback = lists.find((l) => l.type === 'fallback')!;
      for (const { type, candidates } of lists) {
        expect(candidates.length, `${name} ${type}`).toBeGreaterThan(0);
        for (let i = 1; i < candidates.length; i++) expect(size(candidates[i - 1]!.url), `${name} ${type}`).toBeLessThan(size(candidates[i]!.url));
        if (type === 'fallback') continue;
        for (const { url, width } of candidates) {
          const instead = fallback.candidates.find((c) => c.width >= width)!;
          expect(size(url), `${name} ${type} ${width}w`).toBeLessThan(size(instead.url));
        }
      }
    }
  });

  it('should publish exactly the files the pages list, every one of them there', () => {
    const listed = new Set<string>();
    for (const lists of picturesOf(out).values()) for (const { candidates } of lists) for (const { url } of candidates) listed.add(url.replace(/^\//, ''));
    for (const url of listed) expect(fs.existsSync(path.join(out, url)), url).toBe(true);
    const published = listFiles(out).filter((rel) => rel.startsWith('img/'));
    expect(published.sort()).toEqual([...listed].sort());
  });

  it('should keep a palette PNG a small palette PNG, and publish a PNG lighter than its encoding as it is, without metadata', async () => {
    const pictures = picturesOf(out);
    const chart = pictures.get('chart.png')!.find((l) => l.type === 'fallback')!;
    const widest = chart.candidates[chart.candidates.length - 1]!;
    expect(widest.width).toBe(1400);
    const meta = await sharp(path.join(out, widest.url)).metadata();
    expect(meta.isPalette).toBe(true);
    // The screenshot's own width is its source's pixels, without the EXIF it carried.
    const screen = pictures.get('screen.png')!.find((l) => l.type === 'fallback')!;
    const own = screen.candidates.find((c) => c.width === 1200)!;
    const published = fs.readFileSync(path.join(out, own.url));
    const source = fs.readFileSync(path.join(dir, 'articles/img/screen.png'));
    expect(published.length).toBeLessThan(source.length);
    // Its compressed pixels are the source's own (gazette's encoder makes more bytes of this one).
    const idat = source.indexOf('IDAT');
    expect(published.includes(source.subarray(idat, idat + 200))).toBe(true);
    expect(published.includes('SecretTool')).toBe(false);
    expect((await sharp(published).metadata()).exif).toBeUndefined();
    const [a, b] = await Promise.all([published, source].map((x) => sharp(x).raw().toBuffer()));
    expect(a!.equals(b!)).toBe(true);
  });

  it('should say in --verbose what it left out, and leave out the same files again without encoding anything', async () => {
    const note = /(\d+) image variants? left out, no lighter than one with more pixels \(([^)]*)\)/.exec(stderr);
    expect(note, stderr).not.toBeNull();
    expect(Number(note![1])).toBeGreaterThan(0);
    expect(note![2]).toMatch(/img\/\w+-\d+w\.[0-9a-f]{10}\.(png|jpg|webp|avif)/);
    const before = snapshotTree(out);
    // A changed article forces a real rebuild; its photos' choices come from the cache.
    fs.appendFileSync(path.join(dir, 'articles/post.md'), '\nOne more line.\n');
    const again = await runCli(['build', '--verbose'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 images encoded/);
    expect(again.stderr).toContain(note![0]);
    const after = snapshotTree(out);
    for (const [file, bytes] of before) if (!file.endsWith('.html') && !file.endsWith('.json') && !file.endsWith('.xml')) expect(after.get(file)?.equals(bytes), file).toBe(true);
    // And a build without the cache makes the same choices.
    const clean = path.join(tempDir(), 'clean');
    const fresh = await runCli(['build', '--no-cache', '-o', clean], dir);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fs.readFileSync(path.join(clean, '2024/05/post/index.html'), 'utf8')).toBe(fs.readFileSync(path.join(out, '2024/05/post/index.html'), 'utf8'));
  });
});
