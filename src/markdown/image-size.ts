import type { Element } from 'hast';

/** Widest an image shows in an article body, in CSS pixels: the column is 40rem (see `BODY_IMAGE_SIZES`). */
export const BODY_COLUMN_PX = 640;

/** Why a size an author wrote on an `<img>` was changed, for a warning at the image. */
export type SizeWarning = (reason: string) => void;

/**
 * Check and complete the `width` and `height` an author wrote on an `<img>`.
 * Both are whole CSS pixels in HTML: `300px` or `300.5` is corrected to
 * `300`/`301`; a percentage, a negative number or anything else is dropped.
 * The missing dimension comes from the image's ratio; both come from the
 * image when the author gave neither. Each correction is a warning.
 * @param intrinsic The image's own size, when known.
 * @returns The width the image is shown at, in CSS pixels, when the author set its size; null when the image's own size rules.
 */
export function sizeImage(img: Element, intrinsic: { width: number; height: number } | null, warn: SizeWarning): number | null {
  const width = dimension(img, 'width', intrinsic, warn);
  const height = dimension(img, 'height', intrinsic, warn);
  const known = intrinsic !== null && intrinsic.width > 0 && intrinsic.height > 0 ? intrinsic : null;
  if (width !== null && height === null && known) img.properties.height = Math.max(1, Math.round((width * known.height) / known.width));
  if (height !== null && width === null && known) img.properties.width = Math.max(1, Math.round((height * known.width) / known.height));
  if (width === null && height === null && known) {
    img.properties.width = known.width;
    img.properties.height = known.height;
    return null;
  }
  const shown = img.properties.width;
  return typeof shown === 'number' ? shown : null;
}

/** `sizes` for an image the author sized `width` CSS pixels: its box, or the viewport when that is narrower. */
export function sizesFor(width: number, column: string): string {
  return width >= BODY_COLUMN_PX ? column : `(max-width: ${width}px) 100vw, ${width}px`;
}

/** One of the author's dimensions, corrected in place; null when absent or dropped. */
function dimension(img: Element, name: 'width' | 'height', intrinsic: { width: number } | null, warn: SizeWarning): number | null {
  const value = img.properties[name];
  if (value === undefined || value === null) return null;
  const written = String(value);
  // hast reads a plain number as one; a unit, a percentage or a word stays text.
  const match = typeof value === 'number' ? null : /^\s*(\d+(?:\.\d+)?)\s*px\s*$/i.exec(written);
  const number = typeof value === 'number' ? value : match ? Number(match[1]) : NaN;
  if (Number.isFinite(number) && number >= 1) {
    const whole = Math.round(number);
    if (typeof value !== 'number' || whole !== value) {
      warn(`<img> ${name}="${written}" is not a whole number of CSS pixels, as HTML requires: written as ${name}="${whole}"`);
    }
    img.properties[name] = whole;
    return whole;
  }
  delete img.properties[name];
  const instead = intrinsic && intrinsic.width > 0 ? 'taken from the image' : 'left out';
  warn(`<img> ${name}="${written}" is not a size in CSS pixels (write a whole number such as ${name}="300"; CSS sizes the image otherwise): ${instead}`);
  return null;
}
