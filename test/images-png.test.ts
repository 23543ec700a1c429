import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { article, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

// A screenshot with a photo in it (a soft gradient with grain), where a filter chosen per row pays.
async function photoScreenshot(file: string): Promise<void> {
  const [width, height] = [1000, 640];
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 99;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inPhoto = x > 400 && y > 120;
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = inPhoto ? (seed % 9) - 4 : 0;
      pixels[i] = inPhoto ? 60 + Math.floor((x / width) * 120) + grain : 236;
      pixels[i + 1] = inPhoto ? 90 + Math.floor((y / height) * 100) + grain : 238;
      pixels[i + 2] = inPhoto ? 140 + grain : 242;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(file);
}

// A screenshot of text: antialiased words on white, where no filter at all compresses best.
async function textScreenshot(file: string): Promise<void> {
  const words = ['const', 'build', 'return', 'images', 'await', 'settings', 'width'];
  let lines = '';
  for (let k = 0; k < 28; k++) {
    const line = Array.from({ length: 3 + (k % 6) }, (_, j) => words[(k * 3 + j * 5) % words.length]).join(' ');
    lines += `<text x="${40 + (k % 3) * 24}" y="${40 + k * 22}" font-family="monospace" font-size="15" fill="${['#1f2328', '#0550ae', '#8250df'][k % 3]}">${line}</text>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="660"><rect width="1000" height="660" fill="#ffffff"/>${lines}</svg>`;
  await sharp(Buffer.from(svg)).removeAlpha().png().toFile(file);
}

// A palette chart: flat bars on white in a few colours.
async function paletteChart(file: string): Promise<void> {
  const bars = Array.from({ length: 12 }, (_, i) => `<rect x="${60 + i * 70}" y="${600 - (100 + ((i * 173) % 400))}" width="40" height="${100 + ((i * 173) % 400)}" fill="${['#1f77b4', '#ff7f0e', '#2ca02c'][i % 3]}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="700"><rect width="1000" height="700" fill="#ffffff"/>${bars}</svg>`;
  await sharp(Buffer.from(svg)).png({ palette: true, colours: 8, dither: 0 }).toFile(file);
}

const IMAGES: Record<string, (file: string) => Promise<void>> = { 'photo-screen.png': photoScreenshot, 'text-screen.png': textScreenshot, 'chart.png': paletteChart };

/** The source's pixels as the build decodes them (sRGB, at the widest variant) and then scales them to `width`. */
async function scaled(source: string, widest: number, width: number): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  const decoded = await sharp(source).rotate().resize({ width: widest, withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels } };
  let pipeline = sharp(decoded.data, raw);
  if (width < decoded.info.width) pipeline = pipeline.resize({ width });
  return pipeline.raw().toBuffer({ resolveWithObject: true });
}

describe('PNG variants', () => {
  let dir: string;
  let fallbacks: Map<string, { url: string; width: number }[]>;
  beforeAll(async () => {
    dir = tempDir();
    writeFiles(dir, {
      // Only the PNG fallbacks are looked at: no other format is made.
      'gazette.config.json': JSON.stringify({ images: { formats: [], widths: [400, 800] } }),
      'articles/post.md': article({ title: 'Figures', date: '2024-05-01' }, Object.keys(IMAGES).map((name) => `![${name}](img/${name})`).join('\n\n')),
    });
    fs.mkdirSync(path.join(dir, 'articles/img'), { recursive: true });
    for (const [name, make] of Object.entries(IMAGES)) await make(path.join(dir, 'articles/img', name));
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    fallbacks = new Map();
    for (const img of readHtml(path.join(dir, 'dist'), '2024/05/post/index.html').querySelectorAll('article img')) {
      const candidates = img
        .getAttribute('srcset')!
        .split(',')
        .map((c) => {
          const [url, width] = c.trim().split(/\s+/);
          return { url: url!, width: Number(width!.replace('w', '')) };
        });
      fallbacks.set(img.getAttribute('alt')!, candidates);
    }
  });

  const variant = (name: string, width: number) => path.join(dir, 'dist', fallbacks.get(name)!.find((c) => c.width === width)!.url);

  it('should draw exactly the pixels the earlier encoder drew, in full colour and with a palette', async () => {
    for (const name of Object.keys(IMAGES)) {
      const source = path.join(dir, 'articles/img', name);
      const widths = fallbacks.get(name)!.map((c) => c.width);
      expect(widths, name).toEqual([400, 800]);
      for (const width of widths) {
        const pixels = await scaled(source, 800, width);
        const raw = { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } };
        // The earlier encoder: sharp's defaults for full colour, the palette settings for a palette source.
        const earlier = name === 'chart.png' ? await sharp(pixels.data, raw).png({ palette: true, compressionLevel: 9, effort: 10 }).toBuffer() : await sharp(pixels.data, raw).png().toBuffer();
        const published = fs.readFileSync(variant(name, width));
        if (name === 'chart.png') expect((await sharp(published).metadata()).isPalette, name).toBe(true);
        const [now, before] = await Promise.all([published, earlier].map((bytes) => sharp(bytes).raw().toBuffer({ resolveWithObject: true })));
        expect(now!.info, `${name} ${width}w`).toEqual(before!.info);
        expect(now!.data.equals(before!.data), `${name} ${width}w`).toBe(true);
      }
    }
  });

  it('should make full-colour PNGs no larger than sharp defaults, text screenshots included', async () => {
    for (const width of [400, 800]) {
      for (const name of ['photo-screen.png', 'text-screen.png']) {
        const pixels = await scaled(path.join(dir, `articles/img/${name}`), 800, width);
        const raw = { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } };
        const plain = (await sharp(pixels.data, raw).png().toBuffer()).length;
        expect(fs.statSync(variant(name, width)).size, `${name} ${width}w`).toBeLessThanOrEqual(plain);
      }
      // Per-row filters alone would make the text screenshot larger: the reason they are not used alone.
      const text = await scaled(path.join(dir, 'articles/img/text-screen.png'), 800, width);
      const textRaw = { raw: { width: text.info.width, height: text.info.height, channels: text.info.channels } };
      const filtered = (await sharp(text.data, textRaw).png({ adaptiveFiltering: true, compressionLevel: 7 }).toBuffer()).length;
      expect(fs.statSync(variant('text-screen.png', width)).size, `text-screen ${width}w`).toBeLessThan(filtered);
    }
  });

  it('should encode nothing again when nothing changed', async () => {
    fs.appendFileSync(path.join(dir, 'articles/post.md'), '\nOne more line.\n');
    const again = await runCli(['build', '--verbose'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 images encoded/);
  });
});
