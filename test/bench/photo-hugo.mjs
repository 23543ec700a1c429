// Hugo's image processing on the photo benchmark's images (photos.mjs), where a hugo binary is found.
//
// The bench writes a small Hugo site into its work folder: the images as assets (hard links to the
// bench's own files), one page per image (as gazette's corpus has one article per image) and a layout
// that resizes each image to the widths gazette makes of it, as WebP and in its own format. Hugo
// renders pages in parallel, so its encodes are spread over the cores as gazette's are.
// Hugo 0.111 encodes JPEG, PNG, WebP, GIF, TIFF and BMP: no AVIF. Its settings, as close to gazette's
// defaults as Hugo allows: WebP quality 75, JPEG quality 80 (Go's own JPEG encoder: no mozjpeg),
// PNG by Go's encoder (a palette source stays a palette, as in gazette), Lanczos resampling (sharp's
// default kernel is Lanczos 3), hint "photo" (Hugo's default; libwebp's "default" preset, which
// sharp uses, cannot be chosen in Hugo).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * A hugo binary, if one is here: on PATH, in the peers folder or the shared bench folder. The photo
 * bench does not install it.
 * @returns Its path and version, or null.
 */
export function findHugo(peersDir, root) {
  const onPath = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout?.trim();
  const candidates = [onPath, path.join(peersDir, 'hugo', 'hugo'), path.join(peersDir, 'bin', 'hugo'), path.resolve(root, '..', 'shared', 'bench', 'peers', 'hugo', 'hugo')];
  const bin = candidates.find((c) => c && fs.existsSync(c));
  if (!bin) return null;
  const r = spawnSync(bin, ['version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const version = /v(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1] ?? r.stdout.trim();
  // Only the extended edition has a WebP encoder.
  return { bin, version, extended: /\+extended|extended/.test(r.stdout) };
}

/** Whether GNU time is here: it reports the CPU time and peak RSS of the command it runs (wait4's rusage). */
function hasGnuTime() {
  return fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * Write the Hugo site: config, layouts, one page per image and the images as assets.
 * @param images `{ file, width }` of each image, the widths to make of it in `widths`.
 */
export function writeHugoSite(site, images, settings) {
  for (const sub of ['assets', 'content', 'layouts', 'public', 'resources', 'cache']) fs.rmSync(path.join(site, sub), { recursive: true, force: true });
  fs.mkdirSync(path.join(site, 'assets', 'photos'), { recursive: true });
  fs.mkdirSync(path.join(site, 'content'), { recursive: true });
  fs.mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
  const config = {
    baseURL: 'https://example.org/',
    title: 'Photo bench',
    disableKinds: ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404'],
    // Hugo's module and file caches default to a folder outside the site: kept in it, so a cold run starts empty.
    cacheDir: path.resolve(site, 'cache'),
    imaging: { quality: settings.quality.jpeg, resampleFilter: 'Lanczos', hint: 'photo' },
  };
  fs.writeFileSync(path.join(site, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  // Each width as WebP, then in the image's own format (its quality applies to JPEG only).
  const layout = `{{ $src := resources.Get .Params.image }}
{{ range .Params.widths }}
<img src="{{ ($src.Resize (printf "%dx webp q${settings.quality.webp}" (int .))).RelPermalink }}" alt="">
<img src="{{ ($src.Resize (printf "%dx q${settings.quality.jpeg}" (int .))).RelPermalink }}" alt="">
{{ end }}
`;
  fs.writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), layout);
  fs.writeFileSync(path.join(site, 'layouts', 'index.html'), '<p>Photo bench</p>\n');
  images.forEach(({ file, widths }, i) => {
    const name = path.basename(file);
    const asset = path.join(site, 'assets', 'photos', name);
    try {
      fs.linkSync(file, asset);
    } catch {
      fs.copyFileSync(file, asset);
    }
    const front = { title: `Story ${i}`, image: `photos/${name}`, widths };
    fs.writeFileSync(path.join(site, 'content', `story-${i}.md`), `${JSON.stringify(front, null, 2)}\n\nParagraph of story ${i}.\n`);
  });
}

/** Run hugo on the site under GNU time (when it is here); returns wall time, CPU time, peak RSS and output. */
function runHugo(hugo, site, timing) {
  const timeFile = path.join(site, 'time.txt');
  const args = ['--source', site];
  const [cmd, cmdArgs] = timing ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, hugo.bin, ...args]] : [hugo.bin, args];
  // Hugo reads HUGO_* variables as settings: none of the caller's may change what is measured.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HUGO_')));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, cmdArgs, { cwd: site, env });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    child.stdout.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`hugo exited ${code}:\n${output.trim().split('\n').slice(-10).join('\n')}`));
      // GNU time's last line (an earlier one says when the command failed): user s, system s, max RSS KiB.
      const m = timing ? /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(fs.readFileSync(timeFile, 'utf8')) : null;
      resolve({
        ms,
        cpuMs: m ? Math.round((Number(m[1]) + Number(m[2])) * 1000) : null,
        peakMiB: m ? Number(m[3]) / 1024 : null,
        output,
      });
    });
  });
}

/** The files of a folder, each with its modification time. */
function filesOf(dir) {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(fs.readdirSync(dir, { recursive: true }).flatMap((f) => {
    const stat = fs.statSync(path.join(dir, f));
    return stat.isFile() ? [[f, stat.mtimeMs]] : [];
  }));
}

/**
 * Time Hugo cold (no public folder, no resources cache) and again with nothing changed (its cache).
 * @returns The two runs, each with `encoded` (files written into Hugo's image cache), and the output folder.
 */
export async function benchHugo(hugo, site) {
  const timing = hasGnuTime();
  const cache = path.join(site, 'resources', '_gen', 'images');
  for (const sub of ['public', 'resources', 'cache']) fs.rmSync(path.join(site, sub), { recursive: true, force: true });
  const cold = await runHugo(hugo, site, timing);
  const made = filesOf(cache);
  cold.encoded = made.size;
  const again = await runHugo(hugo, site, timing);
  again.encoded = [...filesOf(cache)].filter(([f, mtime]) => made.get(f) !== mtime).length;
  return { cold, again, timing, public: path.join(site, 'public') };
}
