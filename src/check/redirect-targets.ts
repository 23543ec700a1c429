import type { SiteUrl } from '../config/site-url.js';
import type { RedirectEntry } from '../content/redirects-file.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { resolveRef, type Resolution } from './resolve.js';

/**
 * Follow the redirects file's entries whose new URL is a path on the site (`/section/sport/`): one
 * that leads to no page or file of the site sends every visitor of the old URL to the 404 page, so it
 * is reported at its line, as a broken link is. Entries naming a source are checked by the build,
 * and `http(s)` URLs are not followed.
 * @param exists Whether the site has an output file at one of these paths.
 * @param ignored The `check.ignore` patterns, for paths another system serves on the domain.
 * @param pageUrls The site's page URLs, for a "did you mean".
 */
export function checkRedirectTargets(
  entries: readonly RedirectEntry[],
  site: SiteUrl,
  exists: (candidates: string[]) => boolean,
  ignored: (raw: string, resolution: Resolution) => boolean,
  pageUrls: Iterable<string>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    if (!entry.to.startsWith('/') || entry.to.startsWith('//')) continue;
    // Taken under the base path, as the build writes it (see site/redirects.ts).
    const url = site.basePath + entry.to.slice(1);
    const resolution = resolveRef(url, site.basePath, site);
    if (resolution.kind !== 'internal' || ignored(url, resolution) || exists(resolution.candidates)) continue;
    const near = closest(url, pageUrls);
    // Named as the file names paths: below the base path.
    const hint = near?.startsWith(site.basePath) ? `; did you mean /${near.slice(site.basePath.length)}?` : '';
    diagnostics.push(
      diagnostic(entry.file, `${entry.from} leads to ${entry.to}, where the site has no page or file${hint}`, 'link-broken', { position: entry.position }),
    );
  }
  return diagnostics;
}
