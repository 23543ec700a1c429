import path from 'node:path';
import { encodePath } from '../content/slug.js';

/** What relative URLs in articles can point to. */
export interface UrlResolver {
  basePath: string;
  /** Source path of an article ('2023/a.md') → its page URL (base path applied). */
  articleUrls: Map<string, string>;
  /** Source path of a non-Markdown file → the URL of its copy. */
  assetUrls: Map<string, string>;
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
  const trimmed = url.trim();
  if (!isRelative(trimmed)) return url;
  const cut = trimmed.search(/[?#]/);
  const rawPath = cut < 0 ? trimmed : trimmed.slice(0, cut);
  const suffix = cut < 0 ? '' : trimmed.slice(cut);
  let decoded: string;
  try {
    decoded = decodeURI(rawPath);
  } catch {
    return url;
  }
  if (decoded.startsWith('/')) {
    // Root-relative: relative to the site root, wherever the site is served.
    return resolver.basePath + rawPath.replace(/^\/+/, '') + suffix;
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

/** URL of a copied source file, e.g. '2023/images/port.svg' → '/news/2023/images/port.svg'. */
export function assetUrl(basePath: string, sourcePath: string): string {
  return basePath + encodePath(sourcePath);
}
