// The kinds of image a blog carries, made at bench time from a seed (the same bytes on every run):
// camera photos (JPEG with grain and EXIF), palette PNG charts and full-colour PNG screenshots.
// Used by the photo benchmark (photos.mjs) and the codec table (photo-codecs.mjs).

/** A JPEG that compresses like a photo: a soft scene, then sensor-like grain, then camera EXIF. */
export async function cameraPhoto(file, seed, sharp, width = 4000, height = 3000) {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="750"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},35%,35%)"/></linearGradient><filter id="b"><feGaussianBlur stdDeviation="3"/></filter></defs><rect width="1000" height="750" fill="url(#s)"/><g filter="url(#b)">${Array.from({ length: 40 }, (_, k) => `<circle cx="${(k * 131 + seed * 17) % 1000}" cy="${300 + ((k * 71 + seed * 29) % 450)}" r="${20 + ((k * 37) % 90)}" fill="hsl(${(hue + k * 23) % 360},50%,${30 + (k % 5) * 10}%)"/>`).join('')}</g></svg>`;
  const scene = await sharp(Buffer.from(svg)).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const grain = await sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 0, sigma: 6 } } }).raw().toBuffer();
  for (let p = 0; p < scene.length; p++) scene[p] = Math.max(0, Math.min(255, scene[p] + grain[p]));
  await sharp(scene, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Bench', Model: 'Camera' } })
    .toFile(file);
}

/** A palette PNG like an exported survey chart: a few flat colours, bars, gridlines and labels. */
export async function paletteChart(file, seed, sharp, width = 1400, height = 1200) {
  const colours = ['#1d5c8c', '#e07b39', '#5a9e4b', '#b8b8b8'];
  const bars = Array.from({ length: 10 }, (_, k) => {
    const h = 100 + ((k * 97 + seed * 13) % (height - 300));
    return `<rect x="${120 + k * ((width - 200) / 10)}" y="${height - 120 - h}" width="${(width - 200) / 14}" height="${h}" fill="${colours[(k + seed) % 4]}"/>`;
  }).join('');
  const grid = Array.from({ length: 8 }, (_, k) => `<line x1="100" x2="${width - 40}" y1="${120 + k * 120}" y2="${120 + k * 120}" stroke="#dddddd" stroke-width="2"/>`).join('');
  const labels = Array.from({ length: 10 }, (_, k) => `<text x="${130 + k * ((width - 200) / 10)}" y="${height - 70}" font-family="sans-serif" font-size="28" fill="#333333">Q${k + 1}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#ffffff"/>${grid}${bars}${labels}<text x="100" y="70" font-family="sans-serif" font-size="44" fill="#111111">Survey ${seed}: answers by quarter</text></svg>`;
  await sharp(Buffer.from(svg)).png({ palette: true, colours: 64 }).toFile(file);
}

/** A full-colour PNG like a screenshot: a window with text-like lines, a sidebar and a photo in it. */
export async function screenshot(file, seed, sharp, width = 1920, height = 1080) {
  const lines = Array.from({ length: 28 }, (_, k) => `<rect x="420" y="${150 + k * 30}" width="${300 + ((k * 211 + seed * 37) % 900)}" height="12" rx="4" fill="#3a3a3a"/>`).join('');
  const side = Array.from({ length: 14 }, (_, k) => `<rect x="30" y="${140 + k * 56}" width="${120 + ((k * 53 + seed) % 180)}" height="16" rx="5" fill="#6b7280"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="t" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#2b4f81"/><stop offset="1" stop-color="#4a7dbf"/></linearGradient></defs><rect width="${width}" height="${height}" fill="#f7f7f8"/><rect width="${width}" height="80" fill="url(#t)"/><rect x="0" y="80" width="380" height="${height - 80}" fill="#ececef"/>${side}${lines}<text x="40" y="52" font-family="sans-serif" font-size="30" fill="#ffffff">Dashboard ${seed}</text></svg>`;
  const base = await sharp(Buffer.from(svg)).removeAlpha().png().toBuffer();
  const photoW = Math.round(width * 0.3);
  const photoH = Math.round(height * 0.35);
  const photo = await sharp({ create: { width: photoW, height: photoH, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .blur(2)
    .png()
    .toBuffer();
  await sharp(base)
    .composite([{ input: photo, left: width - photoW - 60, top: height - photoH - 60 }])
    .png()
    .toFile(file);
}
