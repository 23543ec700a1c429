import type { Config } from '../config/index.js';
import { encodeSegment } from '../content/slug.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Builds the site's URLs; every URL it returns has the base path applied. */
export class SiteUrls {
  /**
   * @param config The site's URL; its base path is that of the language the
   *   URLs are for (`/news/zh-CN/`) when `languagePrefix` ('zh-CN/') says so.
   */
  constructor(private readonly config: Pick<Config, 'site'> & { languagePrefix?: string }) {}

  get basePath(): string {
    return this.config.site.basePath;
  }

  /** `segments` are raw names; each is percent-encoded. A trailing '/' is added unless the last looks like a file. */
  path(...segments: string[]): string {
    if (segments.length === 0) return this.basePath;
    const last = segments[segments.length - 1]!;
    const isFile = /\.(xml|json|txt|html)$/.test(last);
    return this.basePath + segments.map(encodeSegment).join('/') + (isFile ? '' : '/');
  }

  /**
   * Absolute URL when the site's origin is known, else the root-relative URL.
   * A path that is not root-relative is resolved as a browser would, against
   * `base` (the page it was written on; default: the site's root), so no path
   * is ever glued to the origin without its slash (`https://example.orgimages/x.jpg`).
   * @param base A root-relative URL, e.g. the page's own.
   */
  absolute(url: string, base: string = this.basePath): string {
    if (url.startsWith('/') && !url.startsWith('//')) return this.config.site.origin + url;
    if (SCHEME.test(url)) return url;
    const origin = this.config.site.origin;
    // Protocol-relative: another host, reached with the site's own scheme.
    if (url.startsWith('//')) return origin ? `${new URL(origin).protocol}${url}` : url;
    const resolved = new URL(url, `http://site.invalid${base.startsWith('/') ? base : `/${base}`}`);
    return origin + resolved.pathname + resolved.search + resolved.hash;
  }

  /** Page `n` (1-based) of a paginated listing rooted at `url`. */
  paginated(url: string, n: number): string {
    return n <= 1 ? url : `${url}page/${n}/`;
  }

  /** Output file for a root-relative URL: '/news/tags/x/' → 'tags/x/index.html'. */
  outputPath(url: string): string {
    const relative = url.slice(this.basePath.length);
    // The language's folder, below the output folder like its URLs below the base path.
    const decoded = (this.config.languagePrefix ?? '') + relative.split('/').map((s) => decodeURIComponent(s)).join('/');
    return decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  }
}
