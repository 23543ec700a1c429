#!/usr/bin/env node
// gazette photo benchmark: `npm run bench -- --photos N` (or `node test/bench/photos.mjs N`).
//
// Makes a corpus at bench time: N articles, each with a camera-sized JPEG lead photo (4000 × 3000,
// smooth scene plus sensor-like grain, EXIF with GPS), and one body PNG (2400 × 1600) every fourth
// article. Then, in one run and on the same files:
//   gazette cold   `gazette build` with an empty cache: every variant and social crop encoded;
//   gazette warm   `gazette build` after an article edit: the images come from .gazette-cache;
//   eleventy-img   @11ty/eleventy-img (installed at bench time into the peers folder, never a
//                  dependency of gazette) making the same widths and formats of the same images,
//                  cold, then again over its own output (its disk cache).
// Both use widths 400/800/1200/1600, AVIF (quality 50, effort 4), WebP (75) and the original
// format (JPEG 80 with mozjpeg, or PNG). gazette also makes three 1200-px social crops per lead
// photo, which eleventy-img does not: counted in gazette's time, not in the images per second.
// Peak RSS is the child process's own high-water mark (VmHWM) and CPU time the user+system time of
// all its threads, printed at its exit. On a shared machine wall time depends on what else runs:
// images per CPU-second compares the work each tool does, whoever else is busy.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'bin', 'gazette.js');
const MAX_RSS = path.join(HERE, 'max-rss.mjs');
const ELEVENTY_IMG = '6.0.4';
const WIDTHS = [400, 800, 1200, 1600];

const log = (line) => process.stderr.write(`${line}\n`);

/** Make the corpus: articles, photos and charts, seeded so every run has the same bytes. */
async function makeCorpus(dir, count, sharp) {
  const articles = path.join(dir, 'articles');
  fs.mkdirSync(path.join(articles, 'photos'), { recursive: true });
  const images = [];
  for (let i = 0; i < count; i++) {
    const photo = path.join(articles, 'photos', `photo-${i}.jpg`);
    if (!fs.existsSync(photo)) await cameraPhoto(photo, i, sharp);
    images.push(photo);
    let body = `Paragraph one of story ${i}.\n\nParagraph two, with more words in it.\n`;
    if (i % 4 === 3) {
      const chart = path.join(articles, 'photos', `chart-${i}.png`);
      if (!fs.existsSync(chart)) await screenshotPng(chart, i, sharp);
      images.push(chart);
      body += `\n![Chart ${i}](photos/chart-${i}.png)\n`;
    }
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    fs.writeFileSync(
      path.join(articles, `story-${i}.md`),
      `---\ntitle: "Story ${i}"\ndate: ${date}\nimage: photos/photo-${i}.jpg\nimageAlt: "Photo ${i}"\n---\n${body}`,
    );
  }
  fs.writeFileSync(
    path.join(dir, 'gazette.config.json'),
    JSON.stringify({ title: 'Photo bench', url: 'https://example.org/', images: { widths: WIDTHS, formats: ['avif', 'webp'], quality: { avif: 50, webp: 75, jpeg: 80 }, avifEffort: 4 } }),
  );
  return images;
}

/** A 4000 × 3000 JPEG that compresses like a photo: a soft scene, then grain, then camera EXIF. */
async function cameraPhoto(file, seed, sharp) {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="750"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},35%,35%)"/></linearGradient><filter id="b"><feGaussianBlur stdDeviation="3"/></filter></defs><rect width="1000" height="750" fill="url(#s)"/><g filter="url(#b)">${Array.from({ length: 40 }, (_, k) => `<circle cx="${(k * 131 + seed * 17) % 1000}" cy="${300 + ((k * 71 + seed * 29) % 450)}" r="${20 + ((k * 37) % 90)}" fill="hsl(${(hue + k * 23) % 360},50%,${30 + (k % 5) * 10}%)"/>`).join('')}</g></svg>`;
  const scene = await sharp(Buffer.from(svg)).resize(4000, 3000).removeAlpha().raw().toBuffer();
  const grain = await sharp({ create: { width: 4000, height: 3000, channels: 3, noise: { type: 'gaussian', mean: 0, sigma: 6 } } }).raw().toBuffer();
  for (let p = 0; p < scene.length; p++) scene[p] = Math.max(0, Math.min(255, scene[p] + grain[p] - 0));
  await sharp(scene, { raw: { width: 4000, height: 3000, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Camera' } })
    .toFile(file);
}

/** A 2400 × 1600 PNG like a screenshot or a chart: flat areas and sharp edges. */
async function screenshotPng(file, seed, sharp) {
  const bars = Array.from({ length: 12 }, (_, k) => `<rect x="${100 + k * 180}" y="${1500 - ((k * 97 + seed * 13) % 1200)}" width="120" height="${(k * 97 + seed * 13) % 1200}" fill="#1d5c8c"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1600"><rect width="2400" height="1600" fill="#fcfbf7"/>${bars}</svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}

/** Run a node script with the max-RSS reporter loaded; returns wall time, peak RSS and output. */
function runNode(args, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(MAX_RSS).href, ...args], { cwd, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}:\n${stderr}`));
      const rss = /\[max-rss\] (\d+)/.exec(stderr);
      const cpu = /\[cpu-ms\] (\d+)/.exec(stderr);
      resolve({ ms, peakMiB: rss ? Number(rss[1]) / 1024 : null, cpuMs: cpu ? Number(cpu[1]) : null, stderr });
    });
  });
}

/** Install eleventy-img into the peers folder (not a dependency of gazette), once. */
function ensureEleventyImg(peersDir) {
  const prefix = path.join(peersDir, 'eleventy-img');
  const pkg = path.join(prefix, 'node_modules', '@11ty', 'eleventy-img', 'package.json');
  const version = () => {
    try {
      return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
    } catch {
      return null;
    }
  };
  if (version() !== ELEVENTY_IMG) {
    log(`installing @11ty/eleventy-img ${ELEVENTY_IMG} into ${prefix}`);
    fs.mkdirSync(prefix, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `@11ty/eleventy-img@${ELEVENTY_IMG}`], { stdio: ['ignore', 2, 2] });
    if (r.status !== 0 || version() !== ELEVENTY_IMG) throw new Error('could not install @11ty/eleventy-img');
  }
  const sharpVersion = JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules', 'sharp', 'package.json'), 'utf8')).version;
  return { prefix, version: version(), sharpVersion };
}

/** The eleventy-img run: every image at the same widths and formats, all queued at once (its own queue limits concurrency). */
function eleventyScript(prefix, images, outDir) {
  return `
import Image from ${JSON.stringify(path.join(prefix, 'node_modules', '@11ty', 'eleventy-img', 'img.js'))};
const images = ${JSON.stringify(images)};
await Promise.all(images.map((src) => Image(src, {
  widths: ${JSON.stringify(WIDTHS)},
  formats: ['avif', 'webp', 'auto'],
  outputDir: ${JSON.stringify(outDir)},
  sharpAvifOptions: { quality: 50, effort: 4 },
  sharpWebpOptions: { quality: 75 },
  sharpJpegOptions: { quality: 80, mozjpeg: true },
})));
`;
}

function countFiles(dir, pattern) {
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (pattern.test(e.name)) n++;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return n;
}

/** Run the photo benchmark; prints a table to stdout and returns the numbers. */
export async function benchPhotos({ count = 20, work = '/tmp/gazette-bench/photos', peersDir = process.env.PEERS || '/tmp/peers' } = {}) {
  const { default: sharp } = await import('sharp');
  const corpus = path.join(work, `corpus-${count}`);
  fs.mkdirSync(corpus, { recursive: true });
  log(`making ${count} articles with camera photos in ${corpus}`);
  const images = await makeCorpus(corpus, count, sharp);
  const eleventy = ensureEleventyImg(peersDir);

  const results = {};
  // gazette cold: no cache, no output.
  fs.rmSync(path.join(corpus, '.gazette-cache'), { recursive: true, force: true });
  fs.rmSync(path.join(corpus, 'dist'), { recursive: true, force: true });
  log('gazette cold build');
  results.gazetteCold = await runNode([CLI, 'build', '--verbose'], corpus);
  results.gazetteCold.encoded = Number(/(\d+) images? encoded/.exec(results.gazetteCold.stderr)?.[1]);
  // gazette warm: an article edited, so the build runs; every image should come from the cache.
  const story = path.join(corpus, 'articles', 'story-0.md');
  fs.appendFileSync(story, '\nOne more line.\n');
  log('gazette warm build (one article edited)');
  results.gazetteWarm = await runNode([CLI, 'build', '--verbose'], corpus);
  results.gazetteWarm.encoded = Number(/(\d+) images? encoded/.exec(results.gazetteWarm.stderr)?.[1]);

  const out = path.join(work, 'eleventy-img-out');
  fs.rmSync(out, { recursive: true, force: true });
  const script = path.join(work, 'eleventy-img-run.mjs');
  fs.writeFileSync(script, eleventyScript(eleventy.prefix, images, out));
  log('eleventy-img cold');
  results.eleventyCold = await runNode([script], work);
  results.eleventyCold.files = countFiles(out, /\.(avif|webp|jpe?g|png)$/);
  log('eleventy-img again over its output');
  results.eleventyWarm = await runNode([script], work);

  const perSecond = (r) => `${(images.length / (r.ms / 1000)).toFixed(2)} images/s, ${r.cpuMs ? (images.length / (r.cpuMs / 1000)).toFixed(3) : '?'} per CPU-s (${r.cpuMs ? (r.cpuMs / 1000).toFixed(1) : '?'} CPU-s)`;
  const mib = (r) => (r.peakMiB === null ? '?' : `${Math.round(r.peakMiB)} MiB`);
  const lines = [
    `photo benchmark: ${count} articles, ${images.length} source images (${count} JPEG 4000x3000, ${images.length - count} PNG 2400x1600); widths ${WIDTHS.join('/')}; AVIF+WebP+original`,
    `  gazette cold       ${(results.gazetteCold.ms / 1000).toFixed(1)} s  ${perSecond(results.gazetteCold)}  ${results.gazetteCold.encoded} files encoded (incl. ${count * 3} social crops)  peak RSS ${mib(results.gazetteCold)}`,
    `  gazette warm       ${(results.gazetteWarm.ms / 1000).toFixed(1)} s  ${perSecond(results.gazetteWarm)}  ${results.gazetteWarm.encoded} files encoded  peak RSS ${mib(results.gazetteWarm)}`,
    `  eleventy-img cold  ${(results.eleventyCold.ms / 1000).toFixed(1)} s  ${perSecond(results.eleventyCold)}  ${results.eleventyCold.files} files written  peak RSS ${mib(results.eleventyCold)}  (eleventy-img ${eleventy.version}, sharp ${eleventy.sharpVersion})`,
    `  eleventy-img again ${(results.eleventyWarm.ms / 1000).toFixed(1)} s  ${perSecond(results.eleventyWarm)}  peak RSS ${mib(results.eleventyWarm)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { count, images: images.length, results, eleventy };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 20);
  benchPhotos({ count }).catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  });
}
