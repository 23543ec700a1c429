import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { WatchSession } from '../lib/watch/session.js';
import { article, expectCleanBuild, listFiles, readHtml, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

/** exiftool reads what metadata survived; CI installs it (.ci/run), and without it these tests fail, never skip. */
function exiftool(args: string[]): string {
  try {
    return execFileSync('exiftool', args, { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('exiftool is not installed: install Debian package libimage-exiftool-perl (.ci/run does)');
    }
    throw error;
  }
}

/** A photo-like JPEG: left half red, right half blue, stored turned a quarter with EXIF orientation 6 and a GPS position. */
async function cameraJpeg(file: string, width: number, height: number): Promise<void> {
  const half = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width / 2}" height="${height}" fill="#d02020"/><rect x="${width / 2}" width="${width / 2}" height="${height}" fill="#2040d0"/></svg>`,
  );
  // Upright it is width × height; stored turned, as phones do, it is height × width with orientation 6.
  const stored = await sharp(await sharp(half).png().toBuffer()).rotate(-90).jpeg({ quality: 90 }).toBuffer();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stored);
  exiftool(['-q', '-overwrite_original', '-Orientation#=6', '-Make=TestCam', '-GPSLatitude=51.5', '-GPSLatitudeRef=N', '-GPSLongitude=0.12', '-GPSLongitudeRef=W', file]);
}

/** A PNG whose header claims `width` × `height` pixels, with no pixel data worth the name: a decompression bomb's shape. */
function claimedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const LEAD = 'articles/2024/img/harbour.jpg';

/** A site with a camera JPEG as lead photo, a PNG chart, a GIF, an SVG and a remote image in the body. */
async function photoSite(): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ url: 'https://example.org/news/', images: { widths: [200, 400, 800], defaultImage: 'img/default.png' } }),
    'articles/2024/harbour.md': article(
      { title: 'Harbour', date: '2024-03-01', image: 'img/harbour.jpg', imageAlt: 'The harbour', imageFocus: '0.1,0.5' },
      [
        'Text before.',
        '',
        '![A chart](img/chart.png)',
        '',
        '![An animation](img/spinner.gif)',
        '',
        '![A diagram](img/diagram.svg)',
        '',
        '![Remote](https://cdn.example.com/photo.jpg)',
        '',
        '<img src="/2024/img/chart.png" alt="Root-relative chart">',
        '',
        '[The photo in full](/2024/img/harbour.jpg) and [the chart file](img/chart.png#top).',
      ].join('\n'),
    ),
    'articles/2024/plain.md': article({ title: 'Plain', date: '2024-03-02' }, 'No photo here.'),
    'articles/2024/img/diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90"><rect width="120" height="90"/></svg>',
  });
  await cameraJpeg(path.join(dir, LEAD), 1000, 600);
  await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } }).png().toFile(path.join(dir, 'articles/2024/img/chart.png'));
  await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } }).gif().toFile(path.join(dir, 'articles/2024/img/spinner.gif'));
  fs.mkdirSync(path.join(dir, 'articles/img'), { recursive: true });
  await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#444444' } }).png().toFile(path.join(dir, 'articles/img/default.png'));
  return dir;
}

async function build(dir: string, args: string[] = []) {
  const result = await runCli(['build', '--verbose', ...args], dir);
  expect(result.code, result.stderr).toBe(0);
  const counts = /(\d+) images? encoded, (\d+) reused/.exec(result.stderr);
  expect(counts, result.stderr).not.toBeNull();
  return { encoded: Number(counts![1]), reused: Number(counts![2]), stderr: result.stderr };
}

describe('responsive images', () => {
  let dir: string;
  let out: string;
  let first: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    exiftool(['-ver']);
    dir = await photoSite();
    out = path.join(dir, 'dist');
    first = await build(dir);
  });

  it('should give the lead photo a prioritised <picture> in AVIF, WebP and JPEG with its upright size', () => {
    const page = readHtml(out, '2024/03/harbour/index.html');
    const picture = page.querySelector('figure.lead-image picture')!;
    const sources = picture.querySelectorAll('source');
    expect(sources.map((s) => s.getAttribute('type'))).toEqual(['image/avif', 'image/webp']);
    const img = picture.querySelector('img')!;
    // Orientation 6 applied: the stored 600 × 1000 is shown 1000 × 600.
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['1000', '600']);
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.getAttribute('loading')).toBeUndefined();
    expect(img.getAttribute('sizes')).toBeTruthy();
    // Every configured width it reaches (it is wider than the largest); content-hashed names.
    const widths = (srcset: string) => srcset.split(', ').map((c) => c.split(' ')[1]);
    expect(widths(img.getAttribute('srcset')!)).toEqual(['200w', '400w', '800w']);
    expect(img.getAttribute('src')).toMatch(/^\/news\/2024\/img\/harbour-800w\.[0-9a-f]{10}\.jpg$/);
    // A modern format keeps the widths lighter than the wider ones (this flat two-colour photo: maybe only the widest).
    for (const source of sources) expect(['200w', '400w', '800w']).toEqual(expect.arrayContaining(widths(source.getAttribute('srcset')!)));
    expect(widths(sources[0]!.getAttribute('srcset')!)).toContain('800w');
    for (const candidate of [img.getAttribute('srcset')!, ...sources.map((s) => s.getAttribute('srcset')!)].join(', ').split(', ')) {
      const url = candidate.split(' ')[0]!;
      expect(fs.existsSync(path.join(out, decodeURI(url.replace('/news/', '')))), url).toBe(true);
    }
  });

  it('should make body images lazy pictures with their size, measure GIFs and SVGs, and leave remote images alone', () => {
    const body = readHtml(out, '2024/03/harbour/index.html').querySelector('.article-body')!;
    const chart = body.querySelectorAll('picture')[0]!;
    const img = chart.querySelector('img')!;
    expect(img.getAttribute('srcset')!.split(', ').map((c) => c.split(' ')[1])).toEqual(['200w', '300w']);
    expect([img.getAttribute('alt'), img.getAttribute('width'), img.getAttribute('height')]).toEqual(['A chart', '300', '200']);
    expect([img.getAttribute('loading'), img.getAttribute('decoding')]).toEqual(['lazy', 'async']);
    // A PNG with transparency keeps PNG as its fallback.
    expect(img.getAttribute('src')).toMatch(/chart-300w\.[0-9a-f]{10}\.png$/);
    const rootRelative = body.querySelectorAll('picture')[1]!.querySelector('img')!;
    expect([rootRelative.getAttribute('alt'), rootRelative.getAttribute('src')]).toEqual(['Root-relative chart', img.getAttribute('src')]);
    const gif = body.querySelector('img[alt="An animation"]')!;
    expect([gif.getAttribute('src'), gif.getAttribute('width'), gif.getAttribute('height')]).toEqual(['/news/2024/img/spinner.gif', '40', '30']);
    expect(gif.parentNode.tagName).not.toBe('PICTURE');
    const svg = body.querySelector('img[alt="A diagram"]')!;
    expect([svg.getAttribute('src'), svg.getAttribute('width'), svg.getAttribute('height')]).toEqual(['/news/2024/img/diagram.svg', '120', '90']);
    expect(body.querySelector('img[alt="Remote"]')!.getAttribute('src')).toBe('https://cdn.example.com/photo.jpg');
    expect(fs.readFileSync(path.join(out, '2024/img/spinner.gif')).equals(fs.readFileSync(path.join(dir, 'articles/2024/img/spinner.gif')))).toBe(true);
  });

  it('should point links to a processed photo, root-relative or relative, at its largest published variant', () => {
    const page = readHtml(out, '2024/03/harbour/index.html');
    const full = page.querySelector('.article-body a[href*="harbour"]')!.getAttribute('href')!;
    expect(full).toBe(page.querySelector('figure.lead-image img')!.getAttribute('src'));
    const chart = page.querySelector('.article-body a[href*="chart"]')!.getAttribute('href')!;
    expect(chart).toMatch(/^\/news\/2024\/img\/chart-300w\.[0-9a-f]{10}\.png#top$/);
    for (const href of [full, chart]) expect(fs.existsSync(path.join(out, href.replace('/news/', '').replace(/#.*/, ''))), href).toBe(true);
  });

  it('should publish no original photo and no EXIF, GPS or camera metadata', () => {
    const files = listFiles(out);
    expect(files).not.toContain('2024/img/harbour.jpg');
    expect(files).not.toContain('2024/img/chart.png');
    const images = files.filter((f) => /\.(jpg|png|webp|avif)$/.test(f)).map((f) => path.join(out, f));
    expect(images.length).toBeGreaterThan(20);
    // The source has them, so exiftool can see them where they are.
    expect(exiftool(['-s', '-GPSLatitude', '-Make', path.join(dir, LEAD)])).toMatch(/GPSLatitude[\s\S]*Make/);
    const found = JSON.parse(exiftool(['-json', '-G', '-a', ...images])) as Record<string, unknown>[];
    expect(found).toHaveLength(images.length);
    for (const tags of found) {
      const names = Object.keys(tags);
      expect(names.filter((n) => /GPS|^EXIF:|Make|Model|Orientation/.test(n)), String(tags.SourceFile)).toEqual([]);
    }
  });

  it('should give social cards 1200-pixel JPEG crops in 16:9, 4:3 and 1:1 around the focal point', async () => {
    const page = readHtml(out, '2024/03/harbour/index.html');
    const prop = (p: string) => page.querySelectorAll(`meta[property="${p}"]`).map((m) => m.getAttribute('content'));
    const [og] = prop('og:image');
    // The photo is only 1000 px wide: the crops are not upscaled.
    expect(og).toMatch(/^https:\/\/example\.org\/news\/2024\/img\/harbour-16x9\.[0-9a-f]{10}\.jpg$/);
    expect([prop('og:image:width'), prop('og:image:height')]).toEqual([['1000'], ['563']]);
    expect(page.querySelector('meta[name="twitter:image"]')!.getAttribute('content')).toBe(og);
    const [ld] = page.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(ld.image).toHaveLength(3);
    const sizes = [];
    for (const url of ld.image as string[]) {
      const file = path.join(out, url.replace('https://example.org/news/', ''));
      const { width, height, format } = await sharp(file).metadata();
      sizes.push(`${format} ${width}x${height}`);
    }
    expect(sizes).toEqual(['jpeg 1000x563', 'jpeg 800x600', 'jpeg 600x600']);
    // Focus 0.1 (the red left half): the square crop is all red.
    const square = await sharp(path.join(out, (ld.image[2] as string).replace('https://example.org/news/', ''))).stats();
    expect(square.channels[0]!.mean).toBeGreaterThan(150);
    expect(square.channels[2]!.mean).toBeLessThan(80);
  });

  it('should use the site default image for pages without a photo of their own', () => {
    for (const rel of ['2024/03/plain/index.html', 'index.html']) {
      const page = readHtml(out, rel);
      const og = page.querySelector('meta[property="og:image"]')!.getAttribute('content');
      expect(og, rel).toMatch(/^https:\/\/example\.org\/news\/img\/default-16x9\.[0-9a-f]{10}\.jpg$/);
      expect(page.querySelector('meta[property="og:image:width"]')!.getAttribute('content')).toBe('1200');
    }
  });

  it('should encode nothing when nothing changed, and only a replaced photo, re-rendering only its pages', async () => {
    expect(first.encoded).toBeGreaterThan(0);
    expect(first.reused).toBe(0);
    // An article edit: the build runs, every image comes from the cache.
    writeFiles(dir, { 'articles/2024/plain.md': article({ title: 'Plain, edited', date: '2024-03-02' }, 'No photo here.') });
    const edited = await build(dir);
    expect([edited.encoded, edited.reused]).toEqual([0, first.encoded]);
    // Nothing changed at all.
    expect((await build(dir)).encoded).toBe(0);

    const before = snapshotTree(out);
    await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff8800' } }).png().toFile(path.join(dir, 'articles/2024/img/chart.png'));
    const replaced = await build(dir);
    // The chart's variants only: two widths (200 and its own 300, never upscaled), three formats.
    expect(replaced.encoded).toBe(6);
    const after = snapshotTree(out);
    const changedPages = [...after.keys()].filter((f) => f.endsWith('.html') && !after.get(f)!.equals(before.get(f) ?? Buffer.alloc(0)));
    expect(changedPages).toEqual(['2024/03/harbour/index.html']);
    const clean = path.join(tempDir(), 'clean');
    const cleanRun = await build(dir, ['--no-cache', '-o', clean]);
    expect(cleanRun.encoded).toBe(first.encoded);
    const expected = snapshotTree(clean);
    expect([...after.keys()]).toEqual([...expected.keys()]);
    for (const [file, bytes] of expected) expect(after.get(file)!.equals(bytes), file).toBe(true);
  });
});

describe('bad images', () => {
  const cases: [string, string, () => Promise<Buffer> | Buffer, RegExp][] = [
    ['a truncated JPEG', 'cut.jpg', async () => (await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } }).jpeg().toBuffer()).subarray(0, 300), /cut\.jpg cannot be decoded: it is truncated or damaged/],
    ['PNG bytes named .jpg', 'fake.jpg', () => sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer(), /fake\.jpg is named \.jpg but its bytes are PNG/],
    ['a decompression bomb', 'bomb.png', () => claimedPng(50_000, 50_000), /bomb\.png is 50000 × 50000 pixels, more than the 100,000,000 pixels allowed/],
    ['bytes of no image format', 'noise.webp', () => Buffer.from('not an image at all'), /noise\.webp is not a readable image/],
  ];
  for (const [what, name, bytes, message] of cases) {
    it(`should fail on ${what} in a body, naming the article at the image and the file, and keep dist/`, async () => {
      const dir = tempDir();
      writeFiles(dir, {
        'articles/ok.md': article({ title: 'OK', date: '2024-01-01' }),
        'articles/story.md': article({ title: 'Story', date: '2024-01-02' }, 'Text.'),
      });
      expect((await runCli(['build'], dir)).code).toBe(0);
      const before = snapshotTree(path.join(dir, 'dist'));
      // (An image of no file at all is an error of its own, issue #25: the file and the reference come together.)
      writeFiles(dir, {
        [`articles/img/${name}`]: await bytes(),
        'articles/story.md': article({ title: 'Story', date: '2024-01-02' }, `Text.\n\n![Bad](img/${name})\n`),
      });
      const result = await runCli(['build'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`articles/story\\.md:7:1: error image articles/img/${message.source}`));
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const after = snapshotTree(path.join(dir, 'dist'));
      expect([...after.keys()]).toEqual([...before.keys()]);
    });
  }

  it('should report every bad and missing photo of an article, lead, body, figure and gallery, each at its place, and fail once', async () => {
    const dir = tempDir();
    const truncated = (await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } }).jpeg().toBuffer()).subarray(0, 300);
    writeFiles(dir, {
      'articles/ok.md': article({ title: 'OK', date: '2024-01-01' }),
      'articles/img/cut-lead.jpg': truncated,
      'articles/img/cut-figure.jpg': truncated,
      'articles/img/text.jpg': 'not a photo at all\n',
      'articles/story.md': article(
        { title: 'Story', date: '2024-01-02', image: 'img/cut-lead.jpg', imageAlt: 'Lead' },
        ['Text.', '', '![Text](img/text.jpg)', '', '![Gone](img/gone.jpg)', '', '::figure[Caption]{src="img/cut-figure.jpg" alt="Figure"}', '', ':::gallery{caption="G"}', '![G1](img/gone-too.jpg)', ':::'].join('\n'),
      ),
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => / \[[\w-]+\]$/.test(line)).map((line) => line.replace(/(damaged) \([^)]*\)/, '$1').replace(/; fix the path.*(?= \[)/, ''));
    expect(lines).toEqual([
      'articles/story.md:4:8: error lead image "img/cut-lead.jpg" (articles/img/cut-lead.jpg) cannot be decoded: it is truncated or damaged [image-invalid]',
      'articles/story.md:9:1: error image articles/img/text.jpg is not a readable image (its bytes are no image format gazette knows, or the file is damaged) [image-invalid]',
      'articles/story.md:11:1: error image "img/gone.jpg" leads nowhere: there is no file img/gone.jpg in the source folder [link-missing]',
      'articles/story.md:13:1: error image articles/img/cut-figure.jpg cannot be decoded: it is truncated or damaged [image-invalid]',
      'articles/story.md:16:1: error image "img/gone-too.jpg" leads nowhere: there is no file img/gone-too.jpg in the source folder [link-missing]',
    ]);
    expect(result.stderr.match(/Build failed/g)).toEqual(['Build failed']);
    expect(result.stderr).toContain('Build failed: 5 errors');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    // check decodes nothing, so it finds the file of no image format, not the truncated ones; and the missing files with it.
    const checked = await runCli(['check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr.split('\n').filter((line) => / \[[\w-]+\]$/.test(line))).toEqual([
      'articles/story.md:9:1: error image articles/img/text.jpg is not a readable image (its bytes are no image format gazette knows, or the file is damaged) [image-invalid]',
      'articles/story.md:11:1: error image "img/gone.jpg" leads nowhere: there is no file img/gone.jpg in the source folder [link-broken]',
      'articles/story.md:16:1: error image "img/gone-too.jpg" leads nowhere: there is no file img/gone-too.jpg in the source folder [link-broken]',
    ]);
    expect(checked.stderr).toContain(': 3 errors');
  });

  it('should name the article of a bad lead photo, and refuse an invalid focal point', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/lead.md': article({ title: 'Lead', date: '2024-01-01', image: 'bomb.png', imageAlt: 'x' }),
      'articles/bomb.png': claimedPng(50_000, 50_000),
      'articles/focus.md': article({ title: 'Focus', date: '2024-01-01', imageFocus: '1.5,0.2' }),
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('articles/lead.md:4:8: error lead image "bomb.png" (articles/bomb.png) is 50000 × 50000 pixels');
    expect(result.stderr).toMatch(/articles\/focus\.md:\d+:\d+: error "imageFocus" must be two numbers from 0 to 1/);
  });
});

describe('bad photos nothing uses', () => {
  it('should leave them out with a warning naming each, publish the rest as always, and fail once an article shows one, in build, check and watch', async () => {
    const dir = tempDir();
    const truncated = (await sharp({ create: { width: 400, height: 300, channels: 3, background: '#123456' } }).jpeg().toBuffer()).subarray(0, 300);
    writeFiles(dir, {
      'articles/a.md': article({ title: 'A', date: '2024-01-01' }, 'Text.'),
      'articles/spare/cut.jpg': truncated,
      'articles/spare/text.jpg': 'not a photo at all\n',
      'articles/spare/notes.txt': 'notes\n',
      'articles/_data/authors.yml': '- name: Ana Reyes\n  bio: "Reporter."\n',
    });
    await sharp({ create: { width: 200, height: 100, channels: 3, background: '#00aa00' } }).jpeg().toFile(path.join(dir, 'articles/spare/good.jpg'));
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => / \[[\w-]+\]$/.test(line)).map((line) => line.replace(/(damaged) \([^)]*\)/, '$1'));
    expect(warnings).toEqual([
      'articles/spare/cut.jpg: warning cannot be decoded: it is truncated or damaged; nothing on the site uses it, so it is left out [image-invalid]',
      'articles/spare/text.jpg: warning is not a readable image (its bytes are no image format gazette knows, or the file is damaged); nothing on the site uses it, so it is left out [image-invalid]',
    ]);
    // Unused files are published as always (a photo as its variants, its original never; another file as it is); a bad photo has nothing to publish.
    const out = path.join(dir, 'dist');
    const spare = listFiles(out).filter((f) => f.startsWith('spare/'));
    expect(spare.filter((f) => !/^spare\/good-200w\.\w+\.(avif|webp|jpg)$/.test(f))).toEqual(['spare/notes.txt']);
    expect(spare).toHaveLength(4);
    await expectCleanBuild(dir, out, 'unused bad photos');
    const checked = await runCli(['check'], dir);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stderr).toContain('articles/spare/text.jpg: warning is not a readable image');

    // Shown by an article, or named as the default image, it is an error as before.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, dir);
      try {
        const before = snapshotTree(out);
        const file = path.join(dir, 'articles/a.md');
        fs.writeFileSync(file, article({ title: 'A', date: '2024-01-01' }, 'Text.\n\n![Cut](spare/cut.jpg)'));
        const error = await session.rebuild([file]).then(
          () => null,
          (e: { diagnostics: { message: string; severity: string }[] }) => e,
        );
        expect(error?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.replace(/(damaged) \([^)]*\)/, '$1'))).toEqual(['image articles/spare/cut.jpg cannot be decoded: it is truncated or damaged']);
        const after = snapshotTree(out);
        expect([...after.keys()]).toEqual([...before.keys()]);
        const build = await runCli(['build', '--no-cache', '-o', path.join(tempDir(), 'clean')], dir);
        expect(build.code).toBe(1);
        expect(build.stderr).toMatch(/articles\/a\.md:7:1: error image articles\/spare\/cut\.jpg cannot be decoded/);
        // Shown no more: a warning again, and the site a clean build writes.
        fs.writeFileSync(file, article({ title: 'A', date: '2024-01-01' }, 'Text.'));
        await session.rebuild([file]);
        await expectCleanBuild(dir, out, 'mended');
        // An author's bio showing one (a data file naming it) fails too, in watch as in a build.
        const authors = path.join(dir, 'articles/_data/authors.yml');
        fs.writeFileSync(authors, '- name: Ana Reyes\n  bio: "Reporter. ![Ana](spare/text.jpg)"\n');
        const inBio = await session.rebuild([authors]).then(
          () => null,
          (e: { diagnostics: { message: string; severity: string }[] }) => e,
        );
        expect(inBio?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(/^is not a readable image/)]);
        expect((await runCli(['build', '--no-cache', '-o', path.join(tempDir(), 'clean')], dir)).code).toBe(1);
        fs.writeFileSync(authors, '- name: Ana Reyes\n  bio: "Reporter."\n');
        await session.rebuild([authors]);
        await expectCleanBuild(dir, out, 'bio mended');
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ images: { defaultImage: 'spare/text.jpg' } }) });
    const named = await runCli(['build'], dir);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('articles/spare/text.jpg: error is not a readable image');
  });
});

describe('image processing turned off', () => {
  it('should copy images as they are, as before', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ images: { process: false } }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01', image: 'p.jpg', imageAlt: 'P' }, '![P](p.jpg)'),
    });
    await cameraJpeg(path.join(dir, 'articles/p.jpg'), 300, 200);
    const { encoded } = await build(dir);
    expect(encoded).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist/p.jpg')).equals(fs.readFileSync(path.join(dir, 'articles/p.jpg')))).toBe(true);
    const page = readHtml(path.join(dir, 'dist'), '2024/01/a/index.html');
    expect(page.querySelectorAll('picture')).toHaveLength(0);
    expect(page.querySelector('.article-body img')!.getAttribute('src')).toBe('/p.jpg');
  });

  it('should show the default image as it is on pages without a photo, and refuse one that is not there', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/news/', images: { process: false, defaultImage: 'cards/default.jpg' } }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01' }, 'No photo here.'),
    });
    await cameraJpeg(path.join(dir, 'articles/cards/default.jpg'), 300, 200);
    const { encoded } = await build(dir);
    expect(encoded).toBe(0);
    // The setting was once ignored without a word when photos were not processed: no social image anywhere.
    const card = 'https://example.org/news/cards/default.jpg';
    for (const file of ['index.html', '2024/01/a/index.html']) {
      const page = readHtml(path.join(dir, 'dist'), file);
      expect(page.querySelector('meta[property="og:image"]')?.getAttribute('content'), file).toBe(card);
      // Its size is not read when photos are not processed: none is claimed.
      expect(page.querySelector('meta[property="og:image:width"]'), file).toBeNull();
    }
    const jsonLd = JSON.parse(readHtml(path.join(dir, 'dist'), '2024/01/a/index.html').querySelector('script[type="application/ld+json"]')!.text);
    expect(jsonLd.image).toEqual([card]);

    fs.rmSync(path.join(dir, 'articles/cards/default.jpg'));
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gazette.config.json: error "images.defaultImage" must be a photo (JPEG, PNG, WebP, AVIF or TIFF) in the source folder; there is none at articles/cards/default.jpg');
  });

  it('should refuse invalid image settings', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ images: { widths: [0, 'wide'] } }), 'articles/a.md': article({ title: 'A', date: '2024-01-01' }) });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"images" "widths" must be a non-empty list of whole numbers from 16 to 8192');
  });

  it('should refuse a default image that is not a photo in the source folder', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ images: { defaultImage: 'cards/missing.jpg' } }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01' }),
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gazette.config.json: error "images.defaultImage" must be a photo (JPEG, PNG, WebP, AVIF or TIFF) in the source folder; there is none at articles/cards/missing.jpg');
  });
});

describe('images in watch', () => {
  it('should re-encode a replaced photo and rewrite only the pages showing it, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'articles/a.md': article({ title: 'A', date: '2024-01-01', image: 'a.jpg', imageAlt: 'A photo' }, 'Text.'),
      'articles/b.md': article({ title: 'B', date: '2023-01-01' }, '![Chart](b.png)'),
      'articles/c.md': article({ title: 'C', date: '2022-01-01' }, 'Nothing.'),
    });
    await cameraJpeg(path.join(site, 'articles/a.jpg'), 300, 200);
    await sharp({ create: { width: 100, height: 50, channels: 3, background: '#00ff00' } }).png().toFile(path.join(site, 'articles/b.png'));
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      try {
        const chart = path.join(site, 'articles/b.png');
        await sharp({ create: { width: 100, height: 80, channels: 3, background: '#0000ff' } }).png().toFile(chart);
        const result = await session.rebuild([chart]);
        const pages = result.written.filter((f) => f.endsWith('.html')).sort();
        expect(pages).toEqual(['2023/01/b/index.html']);
        // The new chart's variants replace the old one's (a flat PNG keeps fewer than three: see variant-choice.ts).
        expect(result.written.filter((f) => f.startsWith('b-')).length).toBeGreaterThan(0);
        expect(result.removed.filter((f) => f.startsWith('b-')).length).toBeGreaterThan(0);
        expect(result.written.filter((f) => f.startsWith('b-') && f.endsWith('.png'))).toHaveLength(1);
        const clean = path.join(tempDir(), 'clean');
        expect((await runCli(['build', '--no-cache', '-o', clean], site)).code).toBe(0);
        const a = snapshotTree(path.join(site, 'dist'));
        const b = snapshotTree(clean);
        expect([...a.keys()]).toEqual([...b.keys()]);
        for (const [file, bytes] of b) expect(a.get(file)!.equals(bytes), file).toBe(true);
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('should drop from the image cache the files of a photo replaced while watching, and keep those in use', async () => {
    const site = tempDir();
    writeFiles(site, {
      'articles/a.md': article({ title: 'A', date: '2024-01-01', image: 'a.jpg', imageAlt: 'A photo' }, 'Text.'),
      'articles/b.md': article({ title: 'B', date: '2023-01-01' }, '![Chart](b.png)'),
    });
    await cameraJpeg(path.join(site, 'articles/a.jpg'), 300, 200);
    const chart = path.join(site, 'articles/b.png');
    await sharp({ create: { width: 100, height: 50, channels: 3, background: '#00ff00' } }).png().toFile(chart);
    const cached = () => listFiles(path.join(site, '.gazette-cache/images')).filter((f) => f !== 'index.json');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      const before = cached();
      try {
        // b.png's three variants are in the cache beside a.jpg's variants and crops.
        expect(before.length).toBeGreaterThan(3);
        await sharp({ create: { width: 100, height: 80, channels: 3, background: '#0000ff' } }).png().toFile(chart);
        await session.rebuild([chart]);
      } finally {
        await session.close();
      }
      const after = cached();
      // The same number of files: the old chart's three went, the new chart's three came; a.jpg's stayed.
      expect(after).toHaveLength(before.length);
      expect(after.filter((f) => !before.includes(f))).toHaveLength(3);
      // A build from that cache encodes nothing and equals a clean build.
      const again = await build(site);
      expect(again.encoded).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('one photo in several folders', () => {
  it('should encode its variants once and publish them for every copy', async () => {
    const dir = tempDir();
    const copies = 8;
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'T', url: 'https://example.org/', images: { widths: [160, 320], formats: ['webp', 'avif'] } }) };
    for (let i = 0; i < copies; i++) files[`articles/s${i}/index.md`] = `---\ntitle: Story ${i}\ndate: 2024-01-0${i + 1}\nimage: same.jpg\nimageAlt: The same picture\n---\nText.\n`;
    writeFiles(dir, files);
    const bytes = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2a6' } }).jpeg().toBuffer();
    for (let i = 0; i < copies; i++) fs.writeFileSync(path.join(dir, `articles/s${i}/same.jpg`), bytes);
    // Before, each copy's job encoded the same cache files at once, and one rename found its temporary file gone.
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    const pages = listFiles(path.join(dir, 'dist')).filter((f) => /^\d{4}\/.*index\.html$/.test(f));
    expect(pages.length).toBe(copies);
    for (const rel of pages) {
      const page = fs.readFileSync(path.join(dir, 'dist', rel), 'utf8');
      expect(page).toContain('same-');
      const srcs = [...page.matchAll(/(?:src|srcset)="([^"]+)"/g)].flatMap((m) => m[1]!.split(', ').map((c) => c.split(' ')[0]!));
      for (const src of srcs.filter((s) => s.includes('same-'))) expect(fs.existsSync(path.join(dir, 'dist', decodeURI(src).replace(/^\//, ''))), src).toBe(true);
    }
  });
});
