import { didYouMean } from '../report/suggest.js';
/** Modern formats gazette can add beside an image's own format, best first in `<picture>`. */
export const MODERN_FORMATS = ['avif', 'webp'] as const;
export type ModernFormat = (typeof MODERN_FORMATS)[number];

/** How photos are made for the web: the `images` object of `gazette.config.json`. */
export interface ImageSettings {
  /** Resize and re-encode raster images; false copies every image as it is. */
  process: boolean;
  /** Widths in pixels to make of each image (never wider than the image itself). */
  widths: number[];
  /** Formats made beside the image's own (which stays the fallback). */
  formats: ModernFormat[];
  /** Encoder quality (1-100) per output format. */
  quality: { avif: number; webp: number; jpeg: number };
  /** AVIF encoder effort, 0 (fastest) to 9 (smallest files); each step up costs more time than it saves bytes. */
  avifEffort: number;
  /** Largest image accepted, in pixels (width × height): a guard against decompression bombs. */
  maxPixels: number;
  /** Image (a path in the source folder) for social cards of pages without a lead photo; null for none. */
  defaultImage: string | null;
}

export const DEFAULT_IMAGE_SETTINGS: ImageSettings = {
  process: true,
  // The article's lead photo is at most 60rem (960 CSS px) wide; 1600 covers it on a 2x screen at 1.7x.
  widths: [400, 800, 1200, 1600],
  formats: ['avif', 'webp'],
  quality: { avif: 50, webp: 75, jpeg: 80 },
  // Effort 2 encodes AVIF about 7 times faster than 4 for photos about a third larger, as sharp as the eye
  // can tell (docs/internals/performance.md): a blog's cold build takes minutes instead of a quarter-hour.
  avifEffort: 2,
  // 100 megapixels: every camera's photo, far below the 2.5 gigapixels of a 50,000 × 50,000 bomb.
  maxPixels: 100_000_000,
  defaultImage: null,
};

/**
 * Widths an author's photo is also made in: the default theme shows it 8rem (128 CSS px) wide, so a
 * screen of 1, 2 or 3 device pixels per CSS pixel gets a file of its size instead of a 400 px one.
 */
export const PROFILE_PHOTO_WIDTHS: readonly number[] = [128, 256, 384];

const KEYS = Object.keys(DEFAULT_IMAGE_SETTINGS) as (keyof ImageSettings)[];

/** Complete image settings from a config file's (partial, validated) `images` object. */
export function imageSettings(fromFile: Partial<ImageSettings> | undefined): ImageSettings {
  const given = fromFile ?? {};
  return {
    ...DEFAULT_IMAGE_SETTINGS,
    ...given,
    quality: { ...DEFAULT_IMAGE_SETTINGS.quality, ...given.quality },
    widths: [...new Set(given.widths ?? DEFAULT_IMAGE_SETTINGS.widths)].sort((a, b) => a - b),
  };
}

/**
 * Check a config file's `images` value.
 * @returns What is wrong, or null when it is valid.
 */
export function checkImageSettings(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object such as {"widths": [400, 800, 1200]}';
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!KEYS.includes(key as keyof ImageSettings)) return `has an unknown key "${key}"${didYouMean(key, KEYS)} (known: ${KEYS.join(', ')})`;
  }
  if (v.process !== undefined && typeof v.process !== 'boolean') return '"process" must be true or false';
  const widths = v.widths;
  if (
    widths !== undefined &&
    (!Array.isArray(widths) || widths.length === 0 || !widths.every((w) => Number.isInteger(w) && (w as number) >= 16 && (w as number) <= 8192))
  ) {
    return '"widths" must be a non-empty list of whole numbers from 16 to 8192';
  }
  const formats = v.formats;
  if (formats !== undefined && (!Array.isArray(formats) || !formats.every((f) => (MODERN_FORMATS as readonly unknown[]).includes(f)))) {
    return `"formats" must be a list of ${MODERN_FORMATS.map((f) => `"${f}"`).join(' and ')} (or empty)`;
  }
  const quality = v.quality;
  if (quality !== undefined) {
    if (typeof quality !== 'object' || quality === null || Array.isArray(quality)) return '"quality" must be an object such as {"avif": 50, "webp": 75, "jpeg": 80}';
    for (const [format, q] of Object.entries(quality)) {
      if (!['avif', 'webp', 'jpeg'].includes(format)) return `"quality" has an unknown format "${format}" (known: avif, webp, jpeg)`;
      if (!Number.isInteger(q) || (q as number) < 1 || (q as number) > 100) return `"quality.${format}" must be a whole number from 1 to 100`;
    }
  }
  if (v.avifEffort !== undefined && (!Number.isInteger(v.avifEffort) || (v.avifEffort as number) < 0 || (v.avifEffort as number) > 9)) {
    return '"avifEffort" must be a whole number from 0 to 9';
  }
  if (v.maxPixels !== undefined && (!Number.isInteger(v.maxPixels) || (v.maxPixels as number) < 1)) return '"maxPixels" must be a positive whole number';
  const image = v.defaultImage;
  if (image !== undefined && image !== null && (typeof image !== 'string' || image.trim() === '' || /^[a-z][a-z0-9+.-]*:|^\/|(^|\/)\.\.(\/|$)/i.test(image))) {
    return '"defaultImage" must be a path inside the source folder, e.g. "images/default.jpg", or null';
  }
  return null;
}
