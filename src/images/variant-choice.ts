/**
 * Which encoded variants of a photo are worth publishing: a file the
 * browser would pick must not be heavier than one it could have had with at
 * least as many pixels. Decided from the sizes of the encoded files, which
 * are the same bytes for the same source and settings, so the choice is the
 * same on every build and costs a `stat` when the files are cached.
 */

/** One encoded file of a photo, at one width, in one format. */
export interface Variant {
  width: number;
  url: string;
  /** Where it is in the image cache. */
  cached: string;
  /** Its path in the output folder. */
  out: string;
}

export interface VariantChoice<F extends string> {
  fallback: Variant[];
  /** The modern formats that kept at least one width, in the order given. */
  modern: { format: F; variants: Variant[] }[];
  /** Output paths of the variants left out. */
  dropped: string[];
}

/**
 * Keep, in each format, a width only when its file is smaller than the
 * narrowest kept file of that format above it (the largest fallback is
 * always kept); keep a modern-format file only when it is also smaller than
 * the fallback the browser would otherwise fetch at that width. A size that
 * is not known (the file was not encoded, as in `gazette check`) keeps the file.
 * @param fallback Variants of the fallback format, narrowest first.
 * @param sizeOf Bytes of an encoded file, or null when it is not there.
 */
export function chooseVariants<F extends string>(
  fallback: Variant[],
  modern: { format: F; variants: Variant[] }[],
  sizeOf: (file: string) => number | null,
): VariantChoice<F> {
  const dropped: string[] = [];
  const keptFallback = keepShrinking(fallback, sizeOf, () => Infinity, dropped);
  // The fallback the browser fetches for a width: the narrowest kept one at least that wide.
  const fallbackBytes = (width: number) => {
    const at = keptFallback.find((v) => v.width >= width);
    return at ? (sizeOf(at.cached) ?? Infinity) : Infinity;
  };
  const keptModern: { format: F; variants: Variant[] }[] = [];
  for (const { format, variants } of modern) {
    const kept = keepShrinking(variants, sizeOf, fallbackBytes, dropped);
    if (kept.length > 0) keptModern.push({ format, variants: kept });
  }
  return { fallback: keptFallback, modern: keptModern, dropped };
}

/** The variants (narrowest first) each smaller than the kept one above it and than `limit` at its width. */
function keepShrinking(variants: Variant[], sizeOf: (file: string) => number | null, limit: (width: number) => number, dropped: string[]): Variant[] {
  const kept: Variant[] = [];
  let above = Infinity;
  for (let i = variants.length - 1; i >= 0; i--) {
    const variant = variants[i]!;
    const bytes = sizeOf(variant.cached);
    if (bytes === null || (bytes < above && bytes < limit(variant.width))) {
      kept.unshift(variant);
      if (bytes !== null) above = bytes;
    } else dropped.push(variant.out);
  }
  return kept;
}
