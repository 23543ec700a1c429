#!/usr/bin/env node
// The PNG encoder settings behind gazette's PNG variants: `node test/bench/photo-png.mjs [--runs 3]`.
//
// Screenshots (full colour, at the three sizes the photo bench makes; see photo-samples.mjs),
// screenshots of text only (made here) and palette charts, each decoded once as the build does (at the
// widest width it gets), then encoded at every width gazette makes of it (400/800/1200/1600, and its
// own width when narrower than 1600) with each set of sharp PNG options, one encode at a time on one libvips thread. Prints, per kind
// and option set (or sets: each encoded, the smallest file kept), the bytes of all widths and the CPU
// time of the encodes (the process's own, the median of --runs runs), the bytes saved per CPU-second
// spent beyond the first row of the kind, and whether every file decodes to the first row's pixels.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paletteChart, screenshot } from './photo-samples.mjs';

const WIDTHS = [400, 800, 1200, 1600];

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Option sets by kind; the first of each kind is the baseline, `samePixels` those that must decode to its pixels. */
const OPTIONS = {
  screenshot: [
    ['default (level 6, no filter)', {}],
    ['level 9', { compressionLevel: 9 }],
    ['adaptive filtering, level 6', { adaptiveFiltering: true }],
    ['adaptive filtering, level 7', { adaptiveFiltering: true, compressionLevel: 7 }],
    ['adaptive filtering, level 8', { adaptiveFiltering: true, compressionLevel: 8 }],
    ['adaptive filtering, level 9', { adaptiveFiltering: true, compressionLevel: 9 }],
    ['smaller of level 6 and adaptive filtering, level 7 (gazette)', [{ compressionLevel: 6 }, { adaptiveFiltering: true, compressionLevel: 7 }]],
    ['smaller of level 9 and adaptive filtering, level 7', [{ compressionLevel: 9 }, { adaptiveFiltering: true, compressionLevel: 7 }]],
  ],
  'text screenshot': null,
  chart: [
    ['palette, effort 10, level 9 (gazette)', { palette: true, compressionLevel: 9, effort: 10 }],
    ['palette, effort 10, level 6', { palette: true, compressionLevel: 6, effort: 10 }],
    ['palette, effort 10, level 9, adaptive filtering', { palette: true, compressionLevel: 9, effort: 10, adaptiveFiltering: true }],
    ['palette, effort 10, level 6, adaptive filtering', { palette: true, compressionLevel: 6, effort: 10, adaptiveFiltering: true }],
    ['palette, effort 7, level 9 (may quantise otherwise)', { palette: true, compressionLevel: 9, effort: 7 }],
    ['palette, effort 4, level 9 (may quantise otherwise)', { palette: true, compressionLevel: 9, effort: 4 }],
  ],
};

/** A screenshot of text only (a code editor, a settings page): antialiased lines of words on flat panels, no photo. */
export async function textScreenshot(file, seed, sharp, width = 1600, height = 1000) {
  const words = ['const', 'build', 'return', 'images', 'await', 'settings', 'page', 'function', 'width', 'export'];
  const line = (k) => Array.from({ length: 4 + ((k * 7 + seed) % 8) }, (_, j) => words[(k * 3 + j * 5 + seed) % words.length]).join(' ');
  const text = Array.from({ length: Math.floor((height - 120) / 26) }, (_, k) => `<text x="${300 + ((k * 5) % 4) * 24}" y="${120 + k * 26}" font-family="monospace" font-size="17" fill="${['#1f2328', '#0550ae', '#8250df', '#116329'][k % 4]}">${line(k)}</text>`).join('');
  const side = Array.from({ length: 24 }, (_, k) => `<text x="24" y="${120 + k * 30}" font-family="sans-serif" font-size="15" fill="#57606a">${words[(k + seed) % words.length]}-${k}.ts</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#ffffff"/><rect width="${width}" height="56" fill="#24292f"/><text x="24" y="36" font-family="sans-serif" font-size="20" fill="#ffffff">Editor ${seed}</text><rect x="0" y="56" width="260" height="${height - 56}" fill="#f6f8fa"/>${side}${text}</svg>`;
  await sharp(Buffer.from(svg)).removeAlpha().png().toFile(file);
}

export async function pngTable({ runs = 3, work = path.join(os.tmpdir(), 'gazette-bench', 'png') } = {}) {
  const { default: sharp } = await import('sharp');
  sharp.cache(false);
  sharp.concurrency(1);
  fs.mkdirSync(work, { recursive: true });
  const samples = [
    ['screenshot', 'screen-1920.png', (f) => screenshot(f, 3, sharp, 1920, 1080)],
    ['screenshot', 'screen-1280.png', (f) => screenshot(f, 4, sharp, 1280, 800)],
    ['screenshot', 'screen-2560.png', (f) => screenshot(f, 5, sharp, 2560, 1440)],
    ['text screenshot', 'text-1600.png', (f) => textScreenshot(f, 1, sharp, 1600, 1000)],
    ['text screenshot', 'text-1280.png', (f) => textScreenshot(f, 2, sharp, 1280, 800)],
    ['text screenshot', 'text-2560.png', (f) => textScreenshot(f, 3, sharp, 2560, 1440)],
    ['chart', 'chart-1.png', (f) => paletteChart(f, 1, sharp)],
    ['chart', 'chart-2.png', (f) => paletteChart(f, 2, sharp)],
  ];
  const sources = [];
  for (const [kind, name, make] of samples) {
    const file = path.join(work, name);
    if (!fs.existsSync(file)) await make(file);
    const { width } = await sharp(file).metadata();
    const widths = WIDTHS.filter((w) => w <= width);
    if (width < WIDTHS[WIDTHS.length - 1] && !widths.includes(width)) widths.push(width);
    const decoded = await sharp(file).rotate().resize({ width: widths[widths.length - 1], withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels } };
    // The resized pixels each option set encodes (resizing is the same work whatever the options).
    const resized = [];
    for (const w of widths) resized.push(await sharp(decoded.data, raw).resize({ width: w }).raw().toBuffer({ resolveWithObject: true }));
    sources.push({ kind, name, resized });
  }
  const rows = [];
  for (const kind of Object.keys(OPTIONS)) {
    OPTIONS[kind] ??= OPTIONS.screenshot;
    const mine = sources.filter((s) => s.kind === kind);
    const baseline = new Map();
    for (const [label, options] of OPTIONS[kind]) {
      const times = [];
      let bytes = 0;
      let encodes = 0;
      let samePixels = true;
      for (let run = 0; run < runs; run++) {
        let ms = 0;
        bytes = 0;
        encodes = 0;
        for (const { name, resized } of mine) {
          for (const { data, info } of resized) {
            const before = cpuMs();
            // A list of option sets: each is encoded, the smallest file kept.
            let out = null;
            for (const set of [options].flat()) {
              const file = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png(set).toBuffer();
              if (!out || file.length < out.length) out = file;
            }
            ms += cpuMs() - before;
            bytes += out.length;
            encodes++;
            if (run === 0) {
              const pixels = await sharp(out).raw().toBuffer();
              const key = `${name}@${info.width}`;
              if (!baseline.has(key)) baseline.set(key, pixels);
              else if (!baseline.get(key).equals(pixels)) samePixels = false;
            }
          }
        }
        times.push(ms);
      }
      times.sort((a, b) => a - b);
      rows.push({ kind, label, encodes, bytes, cpuMs: times[Math.floor(times.length / 2)], samePixels });
    }
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const at = process.argv.indexOf('--runs');
  const rows = await pngTable({ runs: at > 0 ? Number(process.argv[at + 1]) : undefined });
  process.stdout.write('| image | PNG options | encodes | bytes | CPU ms | bytes saved per extra CPU-second | same pixels |\n|---|---|---|---|---|---|---|\n');
  const first = new Map();
  for (const r of rows) {
    if (!first.has(r.kind)) first.set(r.kind, r);
    const base = first.get(r.kind);
    const extra = r.cpuMs - base.cpuMs;
    const saved = base.bytes - r.bytes;
    const rate = r === base ? '' : extra <= 0 ? (saved >= 0 ? 'saves CPU too' : 'worse') : Math.round(saved / (extra / 1000)).toLocaleString('en');
    process.stdout.write(
      `| ${r.kind} | ${r.label} | ${r.encodes} | ${r.bytes.toLocaleString('en')} | ${Math.round(r.cpuMs).toLocaleString('en')} | ${rate} | ${r.samePixels ? 'yes' : 'no'} |\n`,
    );
  }
}
