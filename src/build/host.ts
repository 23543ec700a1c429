import { displayPath, type Diagnostic } from '../report/diagnostics.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import type { SiteData } from '../content/data-files.js';
import type { OutputFile } from '../site/model.js';
import { planRedirects } from '../site/redirects.js';
import { rootEntryFiles } from '../site/root-entry.js';
import { queryHost, withHostFiles } from '../site/host-files.js';
import type { ThemeStrings } from '../render/strings.js';
import type { GeneratedSite, RenderedContent, SiteImages, StageContext } from './model.js';

/** The host stage's output: the site's files with redirect pages and the host's own files added. */
export interface HostedSite {
  files: OutputFile[];
  /** Problems with the redirects (errors fail the build). */
  redirects: Diagnostic[];
  /** Problems with the host's files (warnings). */
  host: Diagnostic[];
  /** For --verbose: redirects waiting for a scheduled source. */
  notes: string[];
}

/**
 * Old URLs lead to the new ones (a page at each, and the host's redirect file); a root with no page
 * of its own leads to the default language's (see `rootEntryFiles`); a named host (config
 * `deploy.host`) gets its files.
 * @param heldBack The sources held back, which redirects may lead to once they are published.
 * @param stringsFor The theme's strings in each of the site's languages, which redirect pages speak.
 */
export function hostStage(
  stage: StageContext,
  siteData: SiteData,
  content: RenderedContent,
  images: SiteImages,
  files: OutputFile[],
  resolver: UrlResolver,
  heldBack: GeneratedSite['heldBack'],
  stringsFor: (language: string) => ThemeStrings,
): HostedSite {
  const { config } = stage;
  const moved = planRedirects({
    items: [...content.articles, ...content.pages],
    entries: siteData.redirects,
    sourceUrls: resolver.articleUrls,
    heldBack,
    site: config.site,
    files,
    queryHost: queryHost(config.deploy.host),
    languages: { defaultLanguage: config.language, folders: config.siteLanguages, stringsFor },
  });
  const root = rootEntryFiles(config, [files, moved.files], () => stringsFor(config.language));
  const hosted = withHostFiles({
    host: config.deploy.host,
    basePath: config.site.basePath,
    origin: config.site.origin,
    files: [...files, ...moved.files, ...root.files],
    // Only the photos published: a withheld one's name must not appear in the host's files either.
    fingerprinted: publishedPaths(files, images.images?.files ?? []),
    rules: [...moved.rules, ...root.rules],
    configFile: config.configFile ? displayPath(config.configFile) : 'gazette.config.json',
  });
  return {
    files: hosted.files,
    redirects: moved.diagnostics,
    host: hosted.diagnostics,
    notes: moved.notes,
  };
}

/** The paths of `candidates` that are among the site's `files`. */
function publishedPaths(files: OutputFile[], candidates: OutputFile[]): Set<string> {
  const wanted = new Set(candidates.map((f) => f.path));
  const found = new Set<string>();
  for (const file of files) if (wanted.has(file.path)) found.add(file.path);
  return found;
}
