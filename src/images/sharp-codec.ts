// The codec: sharp and its libvips. Imported only by builds that have images (loading it costs about 40 ms).
import fs from 'node:fs';
import sharp from 'sharp';
import { EXTENSION_FORMATS, ImageProblem, type EncodeTarget, type ImageProbe, type OutputFormat } from './formats.js';
import { strippedPng } from './png-chunks.js';
import { cropBox } from './record.js';
import { svgSize } from './svg-size.js';

// libvips' operation cache keeps decoded images around for reuse; a build reads each photo once.
sharp.cache(false);
// One libvips thread per image: the build runs several images at once instead. It also keeps the output
// the same on every machine: the AVIF encoder makes other bytes with other thread counts.
sharp.concurrency(1);

/** The version of the encoders, part of every cache key: another libvips may make other bytes. */
export const CODEC_VERSION = `sharp ${sharp.versions.sharp} vips ${sharp.versions.vips}`;

/**
 * How PNG variants are encoded, part of their cache keys (other settings make other bytes). All are
 * lossless: they change the bytes, never the pixels. Full colour (a screenshot, an image with
 * transparency) is encoded once, unfiltered: a filter chosen for each row makes one with a photo in it
 * a third smaller but text on flat colours larger, and encoding both ways to keep the smaller cost 29 %
 * more CPU on a blog's cold build, over its time budget, for a fallback browsers seldom fetch (measured in
 * docs/internals/performance.md, "PNG variants").
 * A palette PNG is quantised (most of its CPU), then compressed at the highest level, unfiltered.
 */
export const PNG_OPTIONS = {
  fullColour: { adaptiveFiltering: false, compressionLevel: 6 },
  palette: { palette: true, compressionLevel: 9, effort: 10 },
} as const satisfies { fullColour: sharp.PngOptions; palette: sharp.PngOptions };

/** What gazette calls each format sharp reports ('heif' holds AVIF). */
const FORMAT_NAMES: Record<string, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heif: 'avif', tiff: 'tiff', gif: 'gif', svg: 'svg' };

/**
 * Read an image's header: its real format and its size. Refuses bytes that
 * are not the format the extension names, and images over `maxPixels`
 * before anything is decoded (a decompression bomb costs no memory).
 * @throws ImageProblem
 */
export async function probeImage(bytes: Buffer, extension: string, maxPixels: number): Promise<ImageProbe> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageProblem(`is not a readable image (its bytes are no image format gazette knows, or the file is damaged)`);
  }
  const format = FORMAT_NAMES[meta.format ?? ''] ?? meta.format ?? 'unknown';
  const expected = EXTENSION_FORMATS[extension.toLowerCase()];
  if (expected && format !== expected) {
    throw new ImageProblem(`is named .${extension} but its bytes are ${format.toUpperCase()}; rename it or export it again as ${expected.toUpperCase()}`);
  }
  const { width, height } = meta;
  if (!width || !height) throw new ImageProblem('has no width or height');
  if (width * height > maxPixels) {
    throw new ImageProblem(
      `is ${width} × ${height} pixels, more than the ${maxPixels.toLocaleString('en')} pixels allowed ("images.maxPixels"): a damaged or hostile file, or a photo to scale down first`,
    );
  }
  // librsvg counts an SVG's points and picas at 72 per inch; browsers show CSS pixels, 96 per inch.
  const shown = format === 'svg' ? svgSize(bytes.toString('utf8')) : null;
  if (shown) return { format, width: shown.width, height: shown.height, hasAlpha: meta.hasAlpha ?? false };
  // Orientations 5-8 turn the picture a quarter: width and height swap once it is displayed upright.
  const turned = (meta.orientation ?? 1) >= 5;
  return { format, width: turned ? height : width, height: turned ? width : height, hasAlpha: meta.hasAlpha ?? false };
}

/**
 * Decode an image once (upright, in sRGB, at the largest size any target
 * needs) and encode every target from those pixels, writing each file
 * through a temporary name. Metadata is not copied: no EXIF, GPS or camera
 * data leaves the source.
 * @param decodeWidth Width to decode at: the widest target (crops are cut from it).
 * @param parallel How many targets to encode at once (each on a thread of libuv's pool).
 * @throws ImageProblem when the file is damaged or truncated.
 */
export async function encodeImage(source: string, decodeWidth: number, maxPixels: number, targets: EncodeTarget[], parallel = 1): Promise<void> {
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await sharp(source, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .resize({ width: decodeWidth, withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageProblem(`cannot be decoded: it is truncated or damaged (${oneLine(error)})`);
  }
  const { data, info } = decoded;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const origin = await sourceTraits(source, targets);
  let next = 0;
  const encodeNext = async (): Promise<void> => {
    while (next < targets.length) await encodeTarget(data, raw, info, targets[next++]!, origin);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, targets.length)) }, encodeNext));
}

/** What PNG targets need to know of their source: whether it has a palette, and its bytes without metadata. */
interface SourceTraits {
  palette: boolean;
  /** The source file, stripped of metadata, when a target may publish it as it is (null when it cannot be). */
  stripped: Buffer | null;
}

async function sourceTraits(source: string, targets: EncodeTarget[]): Promise<SourceTraits> {
  if (!targets.some((t) => t.kind === 'resize' && t.format === 'png')) return { palette: false, stripped: null };
  const bytes = fs.readFileSync(source);
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const asIs = targets.some((t) => t.kind === 'resize' && t.asIs === true);
  return { palette: meta.format === 'png' && meta.isPalette === true, stripped: asIs && meta.format === 'png' ? strippedPng(bytes) : null };
}

/**
 * Encode one target from the decoded pixels, through a temporary file
 * renamed into place. A PNG at its source's own width is the source itself,
 * metadata stripped, when that is smaller and draws exactly the same pixels
 * (no EXIF turn or colour profile lost with the metadata): a well-optimised
 * PNG is not made heavier by gazette's encoder.
 */
async function encodeTarget(data: Buffer, raw: sharp.SharpOptions, info: sharp.OutputInfo, target: EncodeTarget, origin: SourceTraits): Promise<void> {
  let pipeline = sharp(data, raw);
  if (target.kind === 'resize') {
    if (target.width < info.width) pipeline = pipeline.resize({ width: target.width });
    if (target.format === 'png') {
      const encoded = await encodePng(pipeline, origin.palette);
      const asIs = target.asIs && origin.stripped && target.width === info.width ? origin.stripped : null;
      const lighter = asIs !== null && asIs.length < encoded.length && (await samePixels(asIs, data, info));
      writeInPlace(target.file, lighter ? asIs : encoded);
      return;
    }
    pipeline = withFormat(pipeline, target.format, target.quality, target.effort);
  } else {
    const box = cropBox(info.width, info.height, target.ratio, target.focus);
    pipeline = pipeline
      .extract(box)
      .resize({ width: target.width, height: target.height, fit: 'cover' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: target.quality, mozjpeg: true });
  }
  const temp = `${target.file}.${process.pid}.tmp`;
  await pipeline.toFile(temp);
  fs.renameSync(temp, target.file);
}

/**
 * A PNG of a pipeline's pixels (see PNG_OPTIONS). A palette source (a chart, a diagram) stays a palette
 * PNG: a quarter of the bytes of full colour, or less.
 */
function encodePng(pipeline: sharp.Sharp, palette: boolean): Promise<Buffer> {
  return pipeline.png(palette ? PNG_OPTIONS.palette : PNG_OPTIONS.fullColour).toBuffer();
}

/** Whether an image decodes to exactly these pixels (as the source was decoded: sRGB, same channels). */
async function samePixels(image: Buffer, data: Buffer, info: sharp.OutputInfo): Promise<boolean> {
  const other = await sharp(image).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return other.info.width === info.width && other.info.height === info.height && other.info.channels === info.channels && other.data.equals(data);
}

function writeInPlace(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, file);
}

function withFormat(pipeline: sharp.Sharp, format: Exclude<OutputFormat, 'png'>, quality: number, effort: number): sharp.Sharp {
  switch (format) {
    case 'avif':
      return pipeline.avif({ quality, effort });
    case 'webp':
      return pipeline.webp({ quality });
    case 'jpeg':
      return pipeline.jpeg({ quality, mozjpeg: true });
  }
}

/** The first line of an error's message, for a writer rather than a developer. */
function oneLine(error: unknown): string {
  return String((error as Error).message ?? error)
    .split('\n')[0]!
    .trim();
}
