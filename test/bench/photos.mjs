#!/usr/bin/env node
// gazette photo benchmark: `npm run bench -- --photos N` (or `node test/bench/photos.mjs N`).
//
// Makes a blog-like photo set at bench time (photo-samples.mjs; seeded, the same bytes on every run):
// N images in the mix of a real blog's, 3 in 16 camera JPEGs (4000 × 3000 or 2400 × 1600, grain,
// EXIF), 6 in 16 palette PNG charts (1400 × 1200) and 7 in 16 full-colour PNG screenshots (1280 to
// 2560 px wide), each in an article of its own (the JPEGs as lead photos, so with social crops).
// Then, in one run and on the same files:
//   gazette cold        `gazette build` with an empty cache, gazette's default image settings;
//   gazette one photo   one JPEG replaced by another picture: only its files are encoded;
//   gazette no change   the same build again: nothing is encoded;
//   eleventy-img        @11ty/eleventy-img (installed at bench time into the peers folder, never a
//                       dependency of gazette) making the same widths and formats of the same images
//                       with the same encoder settings, cold, then again over its own output;
//   Hugo                only where a hugo binary is found (it is not installed by the bench):
//                       its image processing in a small generated site making the same widths of
//                       the same images, as WebP and in their own format (Hugo has no AVIF encoder),
//                       cold, then again with its resources cache (photo-hugo.mjs).
// Bytes in (sources by kind) and out (published files by format) are counted for every tool.
// For node, peak RSS is the child process's own high-water mark (VmHWM) and CPU time the user+system
// time of all its threads, printed at its exit; for hugo, both come from GNU time (wait4's rusage of
// hugo, which time forks and execs: its peak is hugo's own, not the bench's). On a shared machine
// wall time depends on what else runs: CPU-seconds compare the work each tool does, whoever else is busy.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchHugo, findHugo, writeHugoSite } from './photo-hugo.mjs';
import { cameraPhoto, paletteChart, screenshot } from './photo-samples.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'bin', 'gazette.js');
const MAX_RSS = path.join(HERE, 'max-rss.mjs');
const ELEVENTY_IMG = '6.0.4';
/** The blog's mix, repeated: J a camera JPEG, C a palette chart, S a screenshot. */
const MIX = 'JCSCSSCJSCSCSJCS';
const SCREENS = [
  [1920, 1080],
  [1280, 800],
  [2560, 1440],
];

const log = (line) => process.stderr.write(`${line}\n`);

/** Make the corpus: one article per image, each image made once. */
async function makeCorpus(dir, count, sharp) {
  const articles = path.join(dir, 'articles');
  fs.mkdirSync(path.join(articles, 'photos'), { recursive: true });
  const images = [];
  for (let i = 0; i < count; i++) {
    const kind = MIX[i % MIX.length];
    const name = kind === 'J' ? `photo-${i}.jpg` : kind === 'C' ? `chart-${i}.png` : `screen-${i}.png`;
    const file = path.join(articles, 'photos', name);
    if (!fs.existsSync(file)) {
      // Made under a temporary name: an interrupted run leaves no half-written image for the next.
      const temp = file.replace(/(\.\w+)$/, '.tmp$1');
      if (kind === 'J') await cameraPhoto(temp, i, sharp, ...(i % 2 ? [2400, 1600] : [4000, 3000]));
      else if (kind === 'C') await paletteChart(temp, i, sharp);
      else await screenshot(temp, i, sharp, ...SCREENS[i % SCREENS.length]);
      fs.renameSync(temp, file);
    }
    images.push({ file, kind });
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    const lead = kind === 'J' ? `image: photos/${name}\nimageAlt: "Photo ${i}"\n` : '';
    const body = `Paragraph one of story ${i}.\n\nParagraph two, with more words in it.\n${kind === 'J' ? '' : `\n![Figure ${i}](photos/${name})\n`}`;
    fs.writeFileSync(path.join(articles, `story-${i}.md`), `---\ntitle: "Story ${i}"\ndate: ${date}\n${lead}---\n${body}`);
  }
  // No `images` setting: the defaults are what is measured.
  fs.writeFileSync(path.join(dir, 'gazette.config.json'), JSON.stringify({ title: 'Photo bench', url: 'https://example.org/' }));
  return images;
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

/** The eleventy-img run: every image at the same widths, formats and encoder settings, all queued at once (its own queue limits concurrency). */
function eleventyScript(prefix, images, outDir, settings) {
  return `
import Image from ${JSON.stringify(path.join(prefix, 'node_modules', '@11ty', 'eleventy-img', 'img.js'))};
const images = ${JSON.stringify(images)};
await Promise.all(images.map((src) => Image(src, {
  widths: ${JSON.stringify(settings.widths)},
  formats: [...${JSON.stringify(settings.formats)}, 'auto'],
  outputDir: ${JSON.stringify(outDir)},
  sharpAvifOptions: { quality: ${settings.quality.avif}, effort: ${settings.avifEffort} },
  sharpWebpOptions: { quality: ${settings.quality.webp} },
  sharpJpegOptions: { quality: ${settings.quality.jpeg}, mozjpeg: true },
})));
`;
}

/** Files under `dir` and their bytes, by format: avif, webp, jpeg, png, and gazette's social crops apart. */
function bytesByFormat(dir) {
  const totals = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, e.name);
      if (e.isDirectory()) walk(file);
      else {
        const ext = /\.(avif|webp|jpe?g|png)$/i.exec(e.name)?.[1]?.toLowerCase();
        if (!ext) continue;
        const format = /-(16x9|4x3|1x1)\.[0-9a-f]{10}\.jpg$/.test(e.name) ? 'social crops' : ext === 'jpg' ? 'jpeg' : ext;
        const t = (totals[format] ??= { files: 0, bytes: 0 });
        t.files++;
        t.bytes += fs.statSync(file).size;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return totals;
}

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const files = (o) => Object.values(o).reduce((n, t) => n + t.files, 0);
const total = (o) => Object.values(o).reduce((n, t) => n + t.bytes, 0);
const cpu = (r) => (r.cpuMs === null ? '?' : `${(r.cpuMs / 1000).toFixed(1)} CPU-s`);
const mib = (r) => (r.peakMiB === null ? '?' : `${Math.round(r.peakMiB)} MiB`);
const rowOf = (label, r, what) => `  ${label.padEnd(20)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${cpu(r).padStart(12)}  peak RSS ${mib(r).padStart(8)}  ${what}`;
const byFormat = (o) =>
  Object.entries(o)
    .sort()
    .map(([f, t]) => `${f} ${t.files} files ${mb(t.bytes)}`)
    .join(', ');

/** The table rows of gazette's three builds (those not run yet left out). */
function gazetteRows(results, images) {
  const perCpuSecond = (r) => (r.cpuMs ? `${(images.length / (r.cpuMs / 1000)).toFixed(2)} images per CPU-s` : '');
  return [
    results.gazetteCold && rowOf('gazette cold', results.gazetteCold, `${results.gazetteCold.encoded} files encoded, ${perCpuSecond(results.gazetteCold)}`),
    results.gazetteOne && rowOf('gazette one photo', results.gazetteOne, `${results.gazetteOne.encoded} files encoded`),
    results.gazetteSame && rowOf('gazette no change', results.gazetteSame, `${results.gazetteSame.encoded} files encoded`),
  ];
}

/** Run the photo benchmark; prints a table to stdout and returns the numbers. */
export async function benchPhotos({ count = 20, work = '/tmp/gazette-bench/photos', peersDir = process.env.PEERS || '/tmp/peers' } = {}) {
  const { default: sharp } = await import('sharp');
  const { DEFAULT_IMAGE_SETTINGS: settings } = await import(pathToFileURL(path.join(ROOT, 'lib', 'images', 'settings.js')).href);
  const { variantWidths } = await import(pathToFileURL(path.join(ROOT, 'lib', 'images', 'record.js')).href);
  const corpus = path.join(work, `blog-${count}`);
  fs.mkdirSync(corpus, { recursive: true });
  log(`making ${count} blog-like images and their articles in ${corpus}`);
  const images = await makeCorpus(corpus, count, sharp);
  const eleventy = ensureEleventyImg(peersDir);
  const bytesIn = {};
  for (const { file, kind } of images) {
    const name = { J: 'JPEG photos', C: 'palette PNG charts', S: 'PNG screenshots' }[kind];
    const t = (bytesIn[name] ??= { files: 0, bytes: 0 });
    t.files++;
    t.bytes += fs.statSync(file).size;
  }

  const results = {};
  // Each result is logged as it comes (a run at hundreds of photos is long); the table follows at the end.
  const encodedIn = (r) => Number(/(\d+) images? encoded/.exec(r.stderr)?.[1]);
  // gazette cold: no cache, no output.
  fs.rmSync(path.join(corpus, '.gazette-cache'), { recursive: true, force: true });
  fs.rmSync(path.join(corpus, 'dist'), { recursive: true, force: true });
  log('gazette cold build');
  results.gazetteCold = await runNode([CLI, 'build', '--verbose'], corpus);
  results.gazetteCold.encoded = encodedIn(results.gazetteCold);
  results.gazetteCold.out = bytesByFormat(path.join(corpus, 'dist'));
  log(gazetteRows(results, images)[0]);
  // One photo changed: the first JPEG replaced by another picture (put back at the end, for the next run).
  const changed = images.find((i) => i.kind === 'J');
  const original = fs.readFileSync(changed.file);
  await cameraPhoto(changed.file, 1000 + count, sharp, 2400, 1600);
  log('gazette build, one photo changed');
  results.gazetteOne = await runNode([CLI, 'build', '--verbose'], corpus);
  results.gazetteOne.encoded = encodedIn(results.gazetteOne);
  log(gazetteRows(results, images)[1]);
  fs.writeFileSync(changed.file, original);
  log('gazette build, one photo put back');
  await runNode([CLI, 'build'], corpus);
  log('gazette build, no change');
  results.gazetteSame = await runNode([CLI, 'build', '--verbose'], corpus);
  results.gazetteSame.encoded = encodedIn(results.gazetteSame);
  log(gazetteRows(results, images)[2]);

  const out = path.join(work, 'eleventy-img-out');
  fs.rmSync(out, { recursive: true, force: true });
  const script = path.join(work, 'eleventy-img-run.mjs');
  fs.writeFileSync(script, eleventyScript(eleventy.prefix, images.map((i) => i.file), out, settings));
  log('eleventy-img cold');
  results.eleventyCold = await runNode([script], work);
  results.eleventyCold.out = bytesByFormat(out);
  log('eleventy-img again over its output');
  results.eleventyWarm = await runNode([script], work);

  // Hugo: the widths gazette makes of each image (its own width too when narrower than the largest).
  const hugo = findHugo(peersDir, ROOT);
  let hugoLines;
  if (!hugo) hugoLines = ['  Hugo image processing: not run: no hugo binary here (PATH, the peers folder, the shared bench folder)'];
  else if (!hugo.extended) hugoLines = [`  Hugo image processing: not run: hugo ${hugo.version} at ${hugo.bin} is not the extended edition (no WebP encoder)`];
  else {
    const sized = [];
    for (const { file } of images) sized.push({ file, widths: variantWidths((await sharp(file).metadata()).width, settings.widths) });
    const expected = sized.reduce((n, i) => n + 2 * i.widths.length, 0);
    const site = path.join(work, `hugo-site-${count}`);
    writeHugoSite(site, sized, settings);
    try {
      log('Hugo cold (no resources cache)');
      const run = await benchHugo(hugo, site);
      results.hugoCold = { ...run.cold, out: bytesByFormat(run.public) };
      results.hugoWarm = run.again;
      const made = files(results.hugoCold.out);
      hugoLines = [
        rowOf('Hugo cold', results.hugoCold, `${made} files${made === expected ? '' : ` (${expected} expected)`}${results.hugoCold.cpuMs ? `, ${(images.length / (results.hugoCold.cpuMs / 1000)).toFixed(2)} images per CPU-s` : ''} (hugo ${hugo.version})`),
        rowOf('Hugo again', results.hugoWarm, `${results.hugoWarm.encoded} files encoded, ${results.hugoCold.encoded} in its resources cache`),
        `  Hugo made WebP ${settings.quality.webp} + own format (JPEG ${settings.quality.jpeg} by Go's encoder, PNG by Go's, a palette kept) at gazette's widths, Lanczos resampling, hint photo; no AVIF (Hugo 0.111 has no AVIF encoder)${run.timing ? '' : '; CPU time and peak RSS unknown: no GNU time at /usr/bin/time'}`,
      ];
    } catch (error) {
      hugoLines = [`  Hugo image processing: failed: ${String(error.message).split('\n').join('\n    ')}`];
    }
    for (const line of hugoLines) log(line);
  }

  const lines = [
    `photo benchmark: ${images.length} images, ${mb(total(bytesIn))} in (${byFormat(bytesIn)})`,
    `  widths ${settings.widths.join('/')}, ${[...settings.formats, 'own format'].join(' + ')}, AVIF quality ${settings.quality.avif} effort ${settings.avifEffort}, WebP ${settings.quality.webp}, JPEG ${settings.quality.jpeg} (gazette's defaults, for gazette and eleventy-img)`,
    ...gazetteRows(results, images),
    rowOf('eleventy-img cold', results.eleventyCold, `${files(results.eleventyCold.out)} files, ${(images.length / (results.eleventyCold.cpuMs / 1000)).toFixed(2)} images per CPU-s (eleventy-img ${eleventy.version}, sharp ${eleventy.sharpVersion})`),
    rowOf('eleventy-img again', results.eleventyWarm, 'over its own output'),
    ...hugoLines,
    `  bytes out, gazette:      ${mb(total(results.gazetteCold.out))} (${byFormat(results.gazetteCold.out)})`,
    `  bytes out, eleventy-img: ${mb(total(results.eleventyCold.out))} (${byFormat(results.eleventyCold.out)})`,
    ...(results.hugoCold ? [`  bytes out, Hugo:         ${mb(total(results.hugoCold.out))} (${byFormat(results.hugoCold.out)})`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { count, images: images.length, bytesIn, settings, results, eleventy, hugo };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 20);
  benchPhotos({ count }).catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  });
}
