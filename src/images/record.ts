/**
 * What the Markdown stage and the templates know of one image: plain data,
 * safe to send to worker threads, to cache and to hash.
 */
export interface ImageRecord {
  /** Path of the source file, relative to the source folder. */
  source: string;
  /** Intrinsic size in pixels, EXIF orientation applied. */
  width: number;
  height: number;
  /** URL for `<img src>`: the largest variant in the fallback format, or the copied file when not processed. */
  src: string;
  /** `srcset` of the fallback format; '' for an image that is copied as it is (GIF, SVG). */
  srcset: string;
  /** One `<source>` per modern format, best first; empty for a copied image. */
  sources: ImageSource[];
  /** Digest of every field above: a body or page that shows the image changes exactly when it does. */
  digest: string;
}

/** One `<source>` of a `<picture>`. */
export interface ImageSource {
  /** MIME type, e.g. 'image/avif'. */
  type: string;
  srcset: string;
}

/** A 1200-pixel JPEG crop for social cards and search results. */
export interface SocialImage {
  /** Aspect ratio: '16:9', '4:3' or '1:1'. */
  ratio: string;
  url: string;
  width: number;
  height: number;
}

/** The aspect ratios Google asks for, widest first: the first is the one Open Graph shows. */
export const SOCIAL_RATIOS: readonly [string, number][] = [
  ['16:9', 16 / 9],
  ['4:3', 4 / 3],
  ['1:1', 1],
];

/** Width of a social crop when the photo is large enough (never upscaled). */
export const SOCIAL_WIDTH = 1200;

/** A focal point: where the subject is, as fractions of the width and height (0,0 is the top left). */
export interface FocalPoint {
  x: number;
  y: number;
}

/**
 * The region of a `width` × `height` image to crop for `ratio`: as large as
 * possible, centred on `focus` but kept inside the image.
 */
export function cropBox(width: number, height: number, ratio: number, focus: FocalPoint): { left: number; top: number; width: number; height: number } {
  let cropWidth = width;
  let cropHeight = Math.round(width / ratio);
  if (cropHeight > height) {
    cropHeight = height;
    cropWidth = Math.min(width, Math.round(height * ratio));
  }
  const clamp = (value: number, max: number) => Math.min(Math.max(0, Math.round(value)), max);
  return {
    left: clamp(focus.x * width - cropWidth / 2, width - cropWidth),
    top: clamp(focus.y * height - cropHeight / 2, height - cropHeight),
    width: cropWidth,
    height: cropHeight,
  };
}

/**
 * The widths to make of an image `width` pixels wide: every configured width
 * it reaches, and its own width when it is narrower than the largest, so no
 * variant is ever upscaled and the sharpest one available is offered.
 */
export function variantWidths(width: number, widths: number[]): number[] {
  const fitting = widths.filter((w) => w <= width);
  const largest = widths[widths.length - 1] ?? width;
  if (width < largest && !fitting.includes(width)) fitting.push(width);
  return fitting;
}
