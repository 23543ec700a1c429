#!/usr/bin/env node
// The codec table behind gazette's image defaults: `node test/bench/photo-codecs.mjs [--efforts 0,1,2,3,4]`.
//
// For each kind of image a blog carries (a camera photo, a palette chart, a screenshot; see
// photo-samples.mjs), decodes it once at 1600 px as the build does, then encodes every width of the
// default theme (400/800/1200/1600) in every format, one encode at a time on one libvips thread, and
// prints per format: encodes per CPU-second, bytes, and SSIM against the source scaled to the same
// width (luma, 8 × 8 windows every 4 pixels; 1 is identical). CPU time is the process's own, all
// threads, so a busy machine slows the wall clock, not the figures.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cameraPhoto, paletteChart, screenshot } from './photo-samples.mjs';

const WIDTHS = [400, 800, 1200, 1600];

/** SSIM of two same-sized rasters (3 or 4 channels each), on luma. */
export function ssim(a, aChannels, b, bChannels, width, height) {
  const luma = (buf, channels) => {
    const y = new Float64Array(width * height);
    for (let i = 0, p = 0; i < y.length; i++, p += channels) y[i] = 0.299 * buf[p] + 0.587 * buf[p + 1] + 0.114 * buf[p + 2];
    return y;
  };
  const x = luma(a, aChannels);
  const z = luma(b, bChannels);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  let n = 0;
  for (let top = 0; top + 8 <= height; top += 4) {
    for (let left = 0; left + 8 <= width; left += 4) {
      let mx = 0, mz = 0, xx = 0, zz = 0, xz = 0;
      for (let r = top; r < top + 8; r++) {
        for (let c = left; c < left + 8; c++) {
          const u = x[r * width + c];
          const v = z[r * width + c];
          mx += u; mz += v; xx += u * u; zz += v * v; xz += u * v;
        }
      }
      mx /= 64; mz /= 64;
      const vx = xx / 64 - mx * mx;
      const vz = zz / 64 - mz * mz;
      const cov = xz / 64 - mx * mz;
      sum += ((2 * mx * mz + c1) * (2 * cov + c2)) / ((mx * mx + mz * mz + c1) * (vx + vz + c2));
      n++;
    }
  }
  return sum / n;
}

function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function codecTable({ efforts = [0, 1, 2, 3, 4], work = path.join(os.tmpdir(), 'gazette-bench', 'codecs') } = {}) {
  const { default: sharp } = await import('sharp');
  sharp.cache(false);
  sharp.concurrency(1);
  fs.mkdirSync(work, { recursive: true });
  const samples = [
    ['photo', path.join(work, 'photo.jpg'), (f) => cameraPhoto(f, 3, sharp)],
    ['chart', path.join(work, 'chart.png'), (f) => paletteChart(f, 3, sharp)],
    ['screenshot', path.join(work, 'screenshot.png'), (f) => screenshot(f, 3, sharp)],
  ];
  const encoders = [
    ...efforts.map((effort) => [`avif effort ${effort}`, (p) => p.avif({ quality: 50, effort })]),
    ['webp', (p) => p.webp({ quality: 75 })],
    ['jpeg (mozjpeg)', (p) => p.jpeg({ quality: 80, mozjpeg: true })],
    ['png', (p) => p.png()],
    ['png palette', (p) => p.png({ palette: true, compressionLevel: 9, effort: 10 })],
  ];
  const rows = [];
  for (const [kind, file, make] of samples) {
    if (!fs.existsSync(file)) await make(file);
    const source = await sharp(file).rotate().resize({ width: 1600, withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: source.info.width, height: source.info.height, channels: source.info.channels } };
    const references = new Map();
    for (const width of WIDTHS.filter((w) => w <= source.info.width)) {
      references.set(width, await sharp(source.data, raw).resize({ width }).raw().toBuffer({ resolveWithObject: true }));
    }
    for (const [name, encode] of encoders) {
      if (kind === 'photo' && name.startsWith('png')) continue;
      let ms = 0, bytes = 0, quality = 0, worst = 1;
      for (const [width, ref] of references) {
        const before = cpuMs();
        const out = await encode(sharp(source.data, raw).resize({ width })).toBuffer();
        ms += cpuMs() - before;
        bytes += out.length;
        const back = await sharp(out).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        const s = ssim(ref.data, ref.info.channels, back.data, back.info.channels, ref.info.width, ref.info.height);
        quality += s;
        worst = Math.min(worst, s);
      }
      rows.push({ kind, format: name, encodes: references.size, cpuMs: ms, bytes, ssim: quality / references.size, worstSsim: worst });
    }
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const at = process.argv.indexOf('--efforts');
  const efforts = at > 0 ? process.argv[at + 1].split(',').map(Number) : undefined;
  const rows = await codecTable({ efforts });
  process.stdout.write('| image | format | encodes per CPU-second | bytes (4 widths) | SSIM mean | SSIM worst |\n|---|---|---|---|---|---|\n');
  for (const r of rows) {
    process.stdout.write(`| ${r.kind} | ${r.format} | ${(r.encodes / (r.cpuMs / 1000)).toFixed(2)} | ${r.bytes.toLocaleString('en')} | ${r.ssim.toFixed(4)} | ${r.worstSsim.toFixed(4)} |\n`);
  }
}
