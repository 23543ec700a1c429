import type { Element, ElementContent } from 'hast';
import type { ImageRecord } from '../images/record.js';

/**
 * `sizes` of an image in an article body: the body column is at most about
 * 40rem wide (68ch of the body font in the default theme), the full
 * viewport on a phone.
 */
export const BODY_IMAGE_SIZES = '(min-width: 44rem) 40rem, 100vw';

/**
 * `sizes` of an image in a `:::gallery`: the default theme's grid has cells
 * at least 12rem wide, so the 40rem column holds three of about 13rem, a
 * phone's column two from about 26rem of viewport, and one below that.
 * With the column's `sizes` a browser would fetch three times the pixels shown.
 */
export const GALLERY_IMAGE_SIZES = '(min-width: 44rem) 13rem, (min-width: 26rem) 50vw, 100vw';

/**
 * Turn an `<img>` of a processed image into a `<picture>` in place: one
 * `<source>` per modern format, then the `<img>` with the fallback format's
 * `srcset` and the author's attributes (alt, title, class, and the size
 * `sizeImage` completed, so the text does not jump when it loads).
 */
export function toPicture(element: Element, record: ImageRecord, sizes = BODY_IMAGE_SIZES): void {
  const img: Element = {
    type: 'element',
    tagName: 'img',
    properties: { ...element.properties, src: record.src, srcSet: record.srcset, sizes },
    children: [],
    position: element.position,
  };
  const sources: ElementContent[] = record.sources.map((source) => ({
    type: 'element',
    tagName: 'source',
    properties: { type: source.type, srcSet: source.srcset, sizes },
    children: [],
  }));
  element.tagName = 'picture';
  element.properties = {};
  element.children = [...sources, img];
}
