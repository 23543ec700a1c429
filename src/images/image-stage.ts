import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha1 } from '../hash.js';
import { assetUrl } from '../markdown/resolve-url.js';
import type { ImageStore } from './image-store.js';
import { cropBox, SOCIAL_RATIOS, SOCIAL_WIDTH, variantWidths, type FocalPoint, type ImageRecord, type SocialImage } from './record.js';
import type { ImageSettings, ModernFormat } from './settings.js';
import { chooseVariants, type Variant } from './variant-choice.js';
import { EXTENSION_FORMATS, ImageProblem, type EncodeTarget, type ImageProbe, type OutputFormat } from './formats.js';

/** A file the site publishes as a copy of one the stage made (a variant or a crop in the image cache). */
export interface CopiedFile {
  type: 'copy';
  path: string;
  owner: string;
  from: string;
}

/** Formats re-encoded into responsive variants; GIF (animation) and SVG (vector) are copied as they are. */
const RASTER = new Set(['jpeg', 'png', 'webp', 'avif', 'tiff']);
const MIME: Record<OutputFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };
const EXTENSION: Record<OutputFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' };
/** Probes (a read, a hash and a header parse each) run this many at once. */
const PROBES_AT_ONCE = 8;

/** What the image stage needs to know of a site. */
export interface ImageStageInput {
  srcDir: string;
  basePath: string;
  /** Every non-Markdown source file (relative paths). */
  assets: string[];
  /** Images that need social crops: lead photos with their focal points, and the site's default image. */
  crops: { source: string; focus: FocalPoint }[];
  /** Images shown small as well, with the widths to make of them besides the configured ones (authors' photos). */
  smallWidths?: { source: string; widths: readonly number[] }[];
  display: (file: string) => string;
}

/** The images of a site: records for every image, the files to publish, and the encodes still running. */
export interface PreparedImages {
  /** Source path → record, for every image found (processed or copied). */
  records: Map<string, ImageRecord>;
  /** `socialKey(source, focus)` → the three crops. */
  social: Map<string, SocialImage[]>;
  /** Source paths of the processed images: their originals are not published (their metadata must not be). */
  processed: Set<string>;
  /** Encoded files to publish (copies out of the image cache). */
  files: CopiedFile[];
  /** The source path each of `files` was made from. */
  fileSources: Map<CopiedFile, string>;
  /** Source path → why the image cannot be used; filled as probes and encodes fail. */
  problems: Map<string, string>;
}

/** The key of a set of social crops in `PreparedImages.social`. */
export function socialKey(source: string, focus: FocalPoint): string {
  return `${source}\0${focus.x},${focus.y}`;
}

/** The centre of the picture: the focal point when front matter names none. */
export const CENTRE: FocalPoint = { x: 0.5, y: 0.5 };

/**
 * The image stage, run before Markdown: probe every image among the
 * sources (size, real format, pixel limit), decide every variant and crop
 * with its content-hashed name, and encode those not in the cache, a
 * bounded number at once on every core. The records are made once the
 * encodes are done: which variants are kept depends on their sizes.
 */
export async function prepareImages(
  input: ImageStageInput,
  settings: ImageSettings,
  store: ImageStore,
  encode: boolean,
  onProgress?: (done: number, total: number) => void,
): Promise<PreparedImages> {
  const records = new Map<string, ImageRecord>();
  const social = new Map<string, SocialImage[]>();
  const processed = new Set<string>();
  const files: CopiedFile[] = [];
  const fileSources = new Map<CopiedFile, string>();
  const problems = new Map<string, string>();
  const targeted = new Set<string>();
  const jobs: (() => Promise<void>)[] = [];
  // Which variants are kept depends on their encoded sizes: records are made once the encodes are done.
  const planned: { rel: string; probe: ImageProbe; fallback: Variant[]; modern: { format: ModernFormat; variants: Variant[] }[] }[] = [];

  const images = input.assets.filter((rel) => EXTENSION_FORMATS[extensionOf(rel)] !== undefined);
  // A site without images never loads the codec.
  const codec = images.length > 0 ? await import('./sharp-codec.js') : null;
  const probes = new Map<string, { hash: string; probe: ImageProbe }>();
  let next = 0;
  const probeNext = async (): Promise<void> => {
    while (next < images.length) {
      const rel = images[next++]!;
      const file = path.join(input.srcDir, ...rel.split('/'));
      try {
        const { hash, bytes } = store.hashOf(file);
        let probe = store.probeOf(hash);
        if (!probe) {
          probe = await codec!.probeImage(bytes ?? fs.readFileSync(file), extensionOf(rel), settings.maxPixels);
          store.rememberProbe(hash, probe);
        }
        probes.set(rel, { hash, probe });
      } catch (error) {
        if (!(error instanceof ImageProblem)) throw error;
        // An SVG gazette cannot measure is still a fine file for browsers: it is copied without a size.
        if (extensionOf(rel) !== 'svg') problems.set(rel, error.message);
      }
    }
  };
  await Promise.all(Array.from({ length: PROBES_AT_ONCE }, probeNext));

  const cropsBySource = new Map<string, FocalPoint[]>();
  for (const { source, focus } of input.crops) {
    const list = cropsBySource.get(source) ?? [];
    if (!list.some((f) => f.x === focus.x && f.y === focus.y)) list.push(focus);
    cropsBySource.set(source, list);
  }

  const smallWidths = new Map<string, number[]>();
  for (const { source, widths } of input.smallWidths ?? []) smallWidths.set(source, [...(smallWidths.get(source) ?? []), ...widths]);

  for (const rel of images) {
    const found = probes.get(rel);
    if (!found && !problems.has(rel)) continue;
    if (!found) {
      // A bad image still gets a record, so the articles showing it are found and named.
      const digest = sha1(`bad\0${problems.get(rel)}`);
      records.set(rel, { source: rel, width: 0, height: 0, src: assetUrl(input.basePath, rel), srcset: '', sources: [], digest });
      continue;
    }
    const { hash, probe } = found;
    if (!RASTER.has(probe.format)) {
      records.set(rel, record(rel, probe, assetUrl(input.basePath, rel), '', []));
      continue;
    }
    processed.add(rel);
    const file = path.join(input.srcDir, ...rel.split('/'));
    const owner = input.display(file);
    const dir = path.posix.dirname(rel);
    const stem = path.posix.basename(rel).replace(/\.[^.]+$/, '');
    const outputPath = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
    const targets: EncodeTarget[] = [];
    const place = (spec: unknown, extension: string, name: (short: string) => string) => {
      const key = sha1(JSON.stringify([codec!.CODEC_VERSION, hash, spec]));
      const cached = store.fileFor(key, extension);
      const out = outputPath(name(key.slice(0, 10)));
      // Photos with the same bytes (one picture in two folders) share their encodes: only the first encodes each,
      // or two jobs would write the same file at once.
      const missing = !store.has(cached) && !targeted.has(cached);
      if (missing) targeted.add(cached);
      return { cached, out, owner, url: assetUrl(input.basePath, out), missing };
    };

    const small = smallWidths.get(rel);
    const widths = variantWidths(probe.width, small ? [...new Set([...small, ...settings.widths])].sort((a, b) => a - b) : settings.widths);
    const fallback: OutputFormat = probe.format === 'png' || probe.hasAlpha ? 'png' : 'jpeg';
    const variantsOf = (format: OutputFormat): Variant[] =>
      widths.map((width) => {
        const quality = format === 'png' ? 0 : settings.quality[format];
        const effort = format === 'avif' ? settings.avifEffort : 0;
        // A PNG keeps its source's palette, and at its own width may be the source itself (see encodeTarget).
        const asIs = format === 'png' && probe.format === 'png' && width === probe.width;
        // Whether the source has a palette is known only at encode time: a PNG's key holds both encoder settings.
        const spec = format === 'png' ? { width, format, quality, effort, lean: 1, asIs, png: codec!.PNG_OPTIONS } : { width, format, quality, effort };
        const placed = place(spec, EXTENSION[format], (short) => `${stem}-${width}w.${short}.${EXTENSION[format]}`);
        if (placed.missing) targets.push({ kind: 'resize', width, format, quality, effort, file: placed.cached, asIs });
        return { width, url: placed.url, cached: placed.cached, out: placed.out };
      });
    planned.push({ rel, probe, fallback: variantsOf(fallback), modern: settings.formats.map((format) => ({ format, variants: variantsOf(format) })) });

    let decodeWidth = widths[widths.length - 1]!;
    for (const focus of cropsBySource.get(rel) ?? []) {
      const crops: SocialImage[] = [];
      for (const [ratio, value] of SOCIAL_RATIOS) {
        const box = cropBox(probe.width, probe.height, value, focus);
        const width = Math.min(SOCIAL_WIDTH, box.width);
        const height = Math.max(1, Math.round(width / value));
        const quality = settings.quality.jpeg;
        const placed = place({ crop: ratio, focus, width, height, quality }, 'jpg', (short) => `${stem}-${ratio.replace(':', 'x')}.${short}.jpg`);
        const output: CopiedFile = { type: 'copy', path: placed.out, owner, from: placed.cached };
        files.push(output);
        fileSources.set(output, rel);
        if (placed.missing) targets.push({ kind: 'crop', ratio: value, width, height, focus, quality, file: placed.cached });
        crops.push({ ratio, url: placed.url, width, height });
        // Decode wide enough that the crop, cut from the decoded pixels, is not upscaled.
        decodeWidth = Math.max(decodeWidth, Math.ceil((probe.width * width) / box.width));
      }
      social.set(socialKey(rel, focus), crops);
    }
    const total = widths.length * (settings.formats.length + 1) + 3 * (cropsBySource.get(rel)?.length ?? 0);
    store.reused += total - targets.length;
    if (targets.length === 0 || !encode) continue;
    for (const target of targets) store.prepareFor(target.file);
    const width = Math.min(probe.width, decodeWidth);
    jobs.push(async () => {
      try {
        // Two encodes of one photo at once once the Markdown threads are done: with one job per core,
        // libuv's four threads stay busy while one encode waits on a write.
        await codec!.encodeImage(file, width, settings.maxPixels, targets, 2);
        store.encoded += targets.length;
      } catch (error) {
        problems.set(rel, error instanceof ImageProblem ? error.message : `cannot be encoded (${(error as Error).message})`);
      }
    });
  }

  // The Markdown stage waits for the records, so the encodes have every core.
  const queue = runQueue(jobs, cores(), onProgress);
  await queue.done;
  const sizeOf = (file: string) => {
    try {
      return fs.statSync(file).size;
    } catch {
      return null;
    }
  };
  for (const { rel, probe, fallback, modern } of planned) {
    const owner = input.display(path.join(input.srcDir, ...rel.split('/')));
    // A photo that failed to encode has no sizes to weigh: its record lists every variant (the build fails on it anyway).
    const chosen = chooseVariants(fallback, modern, problems.has(rel) ? () => null : sizeOf);
    for (const variant of [...chosen.fallback, ...chosen.modern.flatMap((m) => m.variants)]) {
      const output: CopiedFile = { type: 'copy', path: variant.out, owner, from: variant.cached };
      files.push(output);
      fileSources.set(output, rel);
    }
    store.noteDropped(chosen.dropped);
    const sources = chosen.modern.map(({ format, variants }) => ({ type: MIME[format], srcset: srcsetText(variants) }));
    records.set(rel, record(rel, probe, chosen.fallback[chosen.fallback.length - 1]!.url, srcsetText(chosen.fallback), sources));
  }
  // A photo that failed to encode has no files to publish (the build fails on it, or it is left out unused).
  const made = problems.size === 0 ? files : files.filter((file) => !problems.has(fileSources.get(file)!));
  return {
    records,
    social,
    processed,
    files: made,
    fileSources,
    problems,
  };
}

function record(source: string, probe: ImageProbe, src: string, srcset: string, sources: ImageRecord['sources']): ImageRecord {
  const fields = { source, width: probe.width, height: probe.height, src, srcset, sources };
  return { ...fields, digest: sha1(JSON.stringify(fields)) };
}

function srcsetText(candidates: { url: string; width: number }[]): string {
  return candidates.map(({ url, width }) => `${url} ${width}w`).join(', ');
}

function extensionOf(rel: string): string {
  const dot = rel.lastIndexOf('.');
  return dot < 0 ? '' : rel.slice(dot + 1).toLowerCase();
}

function cores(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}

/**
 * Run jobs, at most `limit` at once: each holds one decoded photo, so the
 * limit bounds memory too.
 */
function runQueue(jobs: (() => Promise<void>)[], limit: number, onProgress?: (done: number, total: number) => void) {
  let running = 0;
  let next = 0;
  let finished = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const pump = () => {
    while (running < limit && next < jobs.length) {
      const job = jobs[next++]!;
      running++;
      void job().finally(() => {
        running--;
        onProgress?.(++finished, jobs.length);
        if (finished === jobs.length) resolve();
        else pump();
      });
    }
  };
  if (jobs.length === 0) resolve();
  else {
    onProgress?.(0, jobs.length);
    pump();
  }
  return { done };
}
