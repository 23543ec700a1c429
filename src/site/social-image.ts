import type { ArticleView, ImageView, MetaTag, SiteView, SocialImageView } from '../render/context.js';
import type { SocialImage } from '../images/record.js';
import type { SiteUrls } from './urls.js';

/** The image a page shows on social networks and in search: its crops (widest first) and its description. */
export interface PageImage {
  /** Absolute URLs of every crop, or of the one image when there are no crops. */
  urls: string[];
  /** The first crop's size, when known. */
  width: number | null;
  height: number | null;
  alt: string;
}

/** Social crops as templates see them. */
export function socialViews(crops: SocialImage[], urls: SiteUrls): SocialImageView[] {
  return crops.map(({ ratio, url, width, height }) => ({ ratio, url, absoluteUrl: urls.absolute(url), width, height }));
}

/**
 * The image of an article page for Open Graph, Twitter and JSON-LD: its
 * lead photo's crops; a lead image gazette did not crop (remote, GIF)
 * unless it is an SVG, which social networks do not show; else the site's
 * default image.
 */
export function articlePageImage(view: ArticleView, site: SiteView): PageImage | null {
  const image = view.image;
  if (image?.social.length) return fromCrops(image.social, image.alt);
  if (image && !isSvg(image)) return { urls: [image.absoluteUrl], width: null, height: null, alt: image.alt };
  return sitePageImage(site);
}

/** The site's default image, for pages without a photo of their own: its crops, or the file itself when it has none. */
export function sitePageImage(site: SiteView): PageImage | null {
  if (!site.image) return null;
  if (site.image.social.length) return fromCrops(site.image.social, '');
  return isSvg(site.image) ? null : { urls: [site.image.absoluteUrl], width: null, height: null, alt: '' };
}

/** `og:image` with its size and description (Open Graph shows the first, widest crop). */
export function openGraphImageTags(image: PageImage | null): MetaTag[] {
  if (!image) return [];
  const tags = [property('og:image', image.urls[0]!)];
  if (image.width !== null && image.height !== null) {
    tags.push(property('og:image:width', String(image.width)), property('og:image:height', String(image.height)));
  }
  if (image.alt) tags.push(property('og:image:alt', image.alt));
  return tags;
}

function fromCrops(crops: SocialImageView[], alt: string): PageImage {
  return { urls: crops.map((c) => c.absoluteUrl), width: crops[0]!.width, height: crops[0]!.height, alt };
}

function isSvg(image: Pick<ImageView, 'url'>): boolean {
  return /\.svgz?(?:[?#]|$)/i.test(image.url);
}

function property(name: string, content: string): MetaTag {
  return { name: null, property: name, content };
}
