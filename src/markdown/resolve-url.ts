import path from 'node:path';
import { encodePath } from '../content/slug.js';
import type { ImageRecord, SocialImage } from '../images/record.js';

/** What relative URLs in articles can point to. */
export interface UrlResolver {
  basePath: string;
  /** Source path of an article ('2023/a.md') → its page URL (base path applied). */
  articleUrls: Map<string, string>;
  /** Source path of a non-Markdown file → the URL of its copy. */
  assetUrls: Map<string, string>;
  /** Source path of an image → its record (size, variants); empty when image processing is off. */
  images: Map<string, ImageRecord>;
  /** Social crops of lead images (see `socialKey`); not sent to Markdown workers. */
  social: Map<string, SocialImage[]>;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Whether a URL is relative to the article (or the site root), i.e. gazette may rewrite it. */
export function isRelative(url: string): boolean {
  const trimmed = url.trim();
  return !(trimmed === '' || trimmed.startsWith('#') || SCHEME.test(trimmed) || trimmed.startsWith('//'));
}

/**
 * Resolve a URL written in an article (body or front matter) to the URL it
 * should have in the built site. External URLs, in-page anchors and targets
 * gazette does not know are returned unchanged, so link checking can report them.
 * @param url The URL as written.
 * @param sourcePath The article's path relative to the source folder.
 */
export function resolveContentUrl(url: string, sourcePath: string, resolver: UrlResolver): string {
  const parts = relativeParts(url);
  if (!parts) return url;
  const { rawPath, suffix, decoded } = parts;
  if (decoded.startsWith('/')) {
    // Root-relative: relative to the site root, wherever the site is served. A file of the sources
    // is published under its own path, except a processed photo, whose original is not published.
    const asset = resolver.assetUrls.get(path.posix.normalize(decoded).replace(/^\/+/, ''));
    return (asset ?? resolver.basePath + rawPath.replace(/^\/+/, '')) + suffix;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(sourcePath), decoded));
  if (target.startsWith('../') || target === '..') return url;
  const article =
    resolver.articleUrls.get(target) ??
    resolver.articleUrls.get(`${target.replace(/\/$/, '')}/index.md`);
  if (article) return article + suffix;
  const asset = resolver.assetUrls.get(target);
  if (asset) return asset + suffix;
  return url;
}

/**
 * The source file a URL written in an article points to, for looking up an
 * image: a path relative to the article or to the site root, without its
 * query or fragment; null for external URLs and paths outside the sources.
 */
export function sourcePathOf(url: string, sourcePath: string): string | null {
  const parts = relativeParts(url);
  if (!parts) return null;
  const target = parts.decoded.startsWith('/')
    ? path.posix.normalize(parts.decoded).replace(/^\/+/, '')
    : path.posix.normalize(path.posix.join(path.posix.dirname(sourcePath), parts.decoded));
  return target.startsWith('../') || target === '..' || target === '' ? null : target;
}

/**
 * Whether resolving `url` depends on the site's articles and files (a path
 * relative to the article or to the site root) rather than on nothing (an
 * absolute URL, an anchor): what a cached body must check again.
 */
export function dependsOnSources(url: string): boolean {
  return relativeParts(url) !== null;
}

/**
 * A URL's path as the file names it spells: every escape decoded, `%23`, `%3F` and `%26` too (a
 * file named "Q&A #2?.pdf" can only be linked that way), which `decodeURI` leaves encoded; but an
 * encoded "/" stays encoded, since no file name holds one and it must not open a folder.
 * Throws URIError on a malformed escape.
 */
export function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => segment.split(/%2f/i).map(decodeURIComponent).join('%2F'))
    .join('/');
}

/** A relative URL split into path (as written and decoded) and query or fragment; null for other URLs and undecodable paths. */
function relativeParts(url: string): { rawPath: string; suffix: string; decoded: string } | null {
  const trimmed = url.trim();
  if (!isRelative(trimmed)) return null;
  const cut = trimmed.search(/[?#]/);
  const rawPath = cut < 0 ? trimmed : trimmed.slice(0, cut);
  try {
    return { rawPath, suffix: cut < 0 ? '' : trimmed.slice(cut), decoded: decodePath(rawPath) };
  } catch {
    return null;
  }
}

/** URL of a copied source file, e.g. '2023/images/port.svg' → '/news/2023/images/port.svg'. */
export function assetUrl(basePath: string, sourcePath: string): string {
  return basePath + encodePath(sourcePath);
}
