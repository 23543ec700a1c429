#!/usr/bin/env node
// Makes the sample site's photos (committed under articles/): photo-like JPEGs and a PNG chart,
// drawn with sharp, then given camera EXIF with a GPS position by exiftool, so the sample site
// shows gazette resizing them, applying their orientation and stripping that metadata.
// Run from the repository root: node test/tools/make-sample-photos.mjs (needs exiftool).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import sharp from 'sharp';

/** A seeded random generator, so the photos are the same on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A scene: sky gradient, a horizon, soft shapes, then film grain. */
async function photo(file, { width, height, seed, sky, ground, shapes, orientation = 1 }) {
  const rand = random(seed);
  const horizon = Math.round(height * 0.58);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient>
    <linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${ground[0]}"/><stop offset="1" stop-color="${ground[1]}"/></linearGradient>
    <filter id="soft"><feGaussianBlur stdDeviation="6"/></filter>
  </defs>
  <rect width="${width}" height="${horizon}" fill="url(#sky)"/>
  <rect y="${horizon}" width="${width}" height="${height - horizon}" fill="url(#ground)"/>
  <g filter="url(#soft)">`;
  for (let i = 0; i < shapes.count; i++) {
    const w = 40 + rand() * shapes.size;
    const h = 30 + rand() * shapes.size * 1.4;
    const x = rand() * width;
    const y = horizon - h * rand() * 0.9;
    const colour = shapes.colours[Math.floor(rand() * shapes.colours.length)];
    svg += `<rect x="${x.toFixed(0)}" y="${y.toFixed(0)}" width="${w.toFixed(0)}" height="${h.toFixed(0)}" rx="${(w / 10).toFixed(0)}" fill="${colour}" opacity="${(0.55 + rand() * 0.45).toFixed(2)}"/>`;
  }
  svg += `</g></svg>`;
  const scene = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  // Grain: a little noise on every pixel, as a camera sensor leaves.
  const { data, info } = scene;
  for (let i = 0; i < data.length; i++) {
    if (i % info.channels === 3) continue;
    data[i] = Math.max(0, Math.min(255, data[i] + Math.round((rand() - 0.5) * 14)));
  }
  let image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).removeAlpha();
  // Stored turned a quarter, with the EXIF orientation that turns it back, as phones often do.
  if (orientation === 6) image = sharp(await image.rotate(-90).jpeg({ quality: 95 }).toBuffer());
  await image.jpeg({ quality: 72, mozjpeg: true }).toFile(file);
  exif(file, orientation);
}

function exif(file, orientation) {
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    '-Make=Gazette Camera Co.',
    '-Model=Newsroom One',
    '-DateTimeOriginal=2024:06:14 09:30:00',
    `-Orientation#=${orientation}`,
    '-GPSLatitude=51.5072',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=0.1276',
    '-GPSLongitudeRef=W',
    file,
  ]);
}

async function chart(file) {
  const values = [38, 52, 61, 79, 96, 118];
  const bars = values
    .map((v, i) => `<rect x="${90 + i * 120}" y="${460 - v * 3}" width="80" height="${v * 3}" fill="#1d5c8c"/><text x="${130 + i * 120}" y="495" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#222">${2019 + i}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="840" height="520"><rect width="840" height="520" fill="#fcfbf7"/><line x1="70" y1="460" x2="810" y2="460" stroke="#222" stroke-width="2"/>${bars}</svg>`;
  await sharp(Buffer.from(svg)).png({ palette: true }).toFile(file);
}

fs.mkdirSync('articles/images', { recursive: true });
await photo('articles/2024/images/stadium-open-roof.jpg', {
  width: 1200,
  height: 800,
  seed: 7,
  sky: ['#2b3f6b', '#f3a65a'],
  ground: ['#2f7a3a', '#1c4424'],
  shapes: { count: 70, size: 140, colours: ['#dfe6ee', '#3c64a8', '#ffffff', '#9aa7b8'] },
});
await photo('articles/2024/images/parcels-warehouse.jpg', {
  width: 1200,
  height: 800,
  seed: 11,
  sky: ['#d9d4c7', '#f4efe4'],
  ground: ['#8a7a66', '#5b4d3e'],
  shapes: { count: 90, size: 120, colours: ['#b98a55', '#c99c66', '#8c6a44', '#e1c59a'] },
});
await photo('articles/2022/images/night-market-lanterns.jpg', {
  width: 1200,
  height: 800,
  seed: 23,
  sky: ['#0b1026', '#2a2350'],
  ground: ['#1d1a2a', '#0d0b14'],
  shapes: { count: 80, size: 90, colours: ['#ffb347', '#ff6f3c', '#ffd27f', '#e2483d'] },
  orientation: 6,
});
await chart('articles/2024/images/parcel-volumes.png');
await photo('articles/images/gazette-default.jpg', {
  width: 1200,
  height: 800,
  seed: 3,
  sky: ['#fcfbf7', '#e8e2d4'],
  ground: ['#c9bfa8', '#a89c82'],
  shapes: { count: 12, size: 200, colours: ['#7a1f1f', '#222222'] },
});
