import path from 'node:path';
import type { Article } from '../content/article.js';
import { sourceFile } from '../content/find-sources.js';
import { parseFrontMatter } from '../content/front-matter.js';
import { assetUrl, sourcePathOf, type UrlResolver } from '../markdown/resolve-url.js';
import { ImageStore } from '../images/image-store.js';
import { PROFILE_PHOTO_WIDTHS } from '../images/settings.js';
import { CENTRE, prepareImages, type PreparedImages } from '../images/image-stage.js';
import { prepareSvgs } from '../images/svg-stage.js';
import { imageDiagnostics } from '../images/image-diagnostics.js';
import { diagnostic, displayPath, type Diagnostic } from '../report/diagnostics.js';
import type { OutputFile } from '../site/model.js';
import { pushAll } from '../push-all.js';
import { withheldAssets } from '../site/published-assets.js';
import { keptFiles, mentionsOf } from './emit.js';
import type { PlacedSite, RenderedContent, SiteImages, StageContext } from './model.js';

/** How the image stage runs: the store kept across builds, and whether it encodes at all. */
export interface ImageOptions {
  /** Encoded images kept across builds; default: the cache folder's, or a temporary one without a cache. */
  store?: ImageStore;
  /** False to probe images and name their variants without encoding them (`gazette check`). */
  encode: boolean;
}

/**
 * Images: probe every one, name every variant and crop, and encode those not cached; every other
 * source file is copied (an SVG sanitized, unless raw HTML is trusted). Completes the URL resolver
 * the markdown stage resolves relative links with.
 */
export async function imageStage(stage: StageContext, placed: PlacedSite, profiles: readonly { photo: string | null }[], options: ImageOptions): Promise<SiteImages> {
  const { config, sources } = stage;
  const display = displayPath;
  const diagnostics: Diagnostic[] = [];
  const { encode } = options;
  const resolver: UrlResolver = { basePath: config.site.basePath, articleUrls: placed.articleUrls, assetUrls: new Map(), images: new Map(), social: new Map() };
  const store = config.images.process ? (options.store ?? new ImageStore(encode ? config.cacheDir : null)) : null;
  const articles = placed.placed.map((p) => p.article);
  const images = store ? await prepareSiteImages(stage, articles, profiles, store, encode) : null;
  const assetFiles: OutputFile[] = [];
  const assetSources = new Map<OutputFile, string>(images?.fileSources);
  // SVGs run their scripts in the site's origin when opened: each is published sanitized, unless raw HTML is trusted.
  const svgs = config.trustHtml ? null : prepareSvgs({ srcDir: config.srcDir, assets: sources.assets, cacheDir: config.cacheDir, write: encode, display });
  if (svgs) pushAll(diagnostics, svgs.diagnostics);
  for (const rel of sources.assets) {
    const record = images?.records.get(rel);
    // A processed photo is published only as its variants: the original keeps its metadata (GPS).
    resolver.assetUrls.set(rel, record && images!.processed.has(rel) ? record.src : assetUrl(config.site.basePath, rel));
    // A bad image is never published: one shown fails the build, and the original of one nothing uses may hold metadata.
    if (images?.processed.has(rel) || images?.problems.has(rel)) continue;
    const copy: OutputFile = { type: 'copy', path: rel, owner: display(sourceFile(config.srcDir, rel)), from: svgs?.files.get(rel) ?? sourceFile(config.srcDir, rel) };
    assetFiles.push(copy);
    assetSources.set(copy, rel);
  }
  if (images) {
    for (const [source, record] of images.records) resolver.images.set(source, record);
    for (const [key, crops] of images.social) resolver.social.set(key, crops);
  }
  const defaultImage = config.images.defaultImage;
  // Photos not processed: the default image is published as it is, and must be there all the same.
  const missing = images ? !images.processed.has(defaultImage ?? '') && !images.problems.has(defaultImage ?? '') : !sources.assets.includes(defaultImage ?? '');
  if (defaultImage && missing) {
    diagnostics.push(
      diagnostic(
        config.configFile ? display(config.configFile) : 'gazette.config.json',
        `"images.defaultImage" must be a photo (JPEG, PNG, WebP, AVIF or TIFF) in the source folder; there is none at ${display(path.join(config.srcDir, ...defaultImage.split('/')))}`,
        'config-invalid',
      ),
    );
  }
  return { images, store, assetFiles, assetSources, resolver, diagnostics };
}

/**
 * Run the image encoder over the sources: every image, social crops for lead photos and the default
 * image, and authors' photos in the small widths they are shown at too.
 */
async function prepareSiteImages(
  stage: StageContext,
  articles: Article[],
  profiles: readonly { photo: string | null }[],
  store: ImageStore,
  encode: boolean,
): Promise<PreparedImages> {
  const { config, sources, progress } = stage;
  store.startBuild();
  const crops = articles.flatMap((article) => {
    const source = article.image ? sourcePathOf(article.image.src, article.sourcePath) : null;
    return source === null ? [] : [{ source, focus: article.image!.focus ?? CENTRE }];
  });
  if (config.images.defaultImage) crops.push({ source: config.images.defaultImage, focus: CENTRE });
  const smallWidths = profiles.flatMap((p) => {
    const source = p.photo ? sourcePathOf(p.photo, 'authors.md') : null;
    return source === null ? [] : [{ source, widths: PROFILE_PHOTO_WIDTHS }];
  });
  return prepareImages(
    { srcDir: config.srcDir, basePath: config.site.basePath, assets: sources.assets, crops, smallWidths, display: displayPath },
    config.images,
    store,
    encode,
    (done, total) => progress?.stage('encoding photos', done, total, true),
  );
}

/**
 * Bad images, each named with the articles that show it (known once their bodies are rendered). One
 * that nothing uses (no live article or page, the default image, an author's photo, nor a theme, config
 * or data file naming it) is only a warning: it is left out of the site (see `imageStage`).
 */
export function imageProblems(stage: StageContext, images: SiteImages, placed: PlacedSite, content: RenderedContent): Diagnostic[] {
  const prepared = images.images;
  if (!prepared || prepared.problems.size === 0) return [];
  const shown = placed.placed.map((p, i) => ({ article: p.article, rendered: content.bodies[i] ?? { images: [] } }));
  // Found as the files only held-back items use are (see site/published-assets.ts).
  const unused = withheldAssets(new Set(prepared.problems.keys()), [...content.articles, ...content.pages], keptFiles(stage, content.profiles), mentionsOf(stage));
  const leadPosition = (article: Article) => {
    try {
      return parseFrontMatter(stage.readText(sourceFile(stage.config.srcDir, article.sourcePath))).positionOf('image');
    } catch {
      return null; // unreadable or gone since: named without a position
    }
  };
  return imageDiagnostics(prepared.problems, shown, stage.config, displayPath, { leadPosition, unused });
}
