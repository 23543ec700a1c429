import { sourceFile } from '../content/find-sources.js';
import { sourcePathOf } from '../markdown/resolve-url.js';
import { displayPath } from '../report/diagnostics.js';
import { themeFiles } from '../render/theme.js';
import type { OutputFile } from '../site/model.js';
import { correctionFeedFiles } from '../site/corrections-feed.js';
import { feedFiles } from '../site/feeds.js';
import { liveBlogFiles } from '../site/live-files.js';
import { SEARCH_RECORDS_FILE, searchIndex, themeReadsRecords } from '../site/search-index.js';
import { sitemapFiles } from '../site/sitemaps.js';
import { mentionTexts, publishedFiles, withheldAssets, type AssetClaims } from '../site/published-assets.js';
import { openPageStore, pagePath } from '../output/page-store.js';
import { SearchIndexes, type SourceChanges } from '../search/index.js';
import { pushAll } from '../push-all.js';
import type { PlannedSite, RenderedContent, Scheduled, SiteImages, StageContext } from './model.js';

/** The emit stage's output: every file of the site but redirects and the host's files. */
export interface EmittedSite {
  files: OutputFile[];
  /** The source files held-back items claim, and those left out of the site for them. */
  assets: AssetClaims;
  /** The full-text indexes the files came from: saved once they are written, and updated from next time. */
  search: SearchIndexes;
}

/** Source files the site uses besides what its live articles and pages show: the default image and authors' photos. */
export function keptFiles({ config }: StageContext, profiles: readonly { photo: string | null }[]): (string | null)[] {
  return [config.images.defaultImage, ...profiles.map((p) => (p.photo ? sourcePathOf(p.photo, 'authors.md') : null))];
}

/** The texts that may name a source file for templates to use: the theme's, the config's, a module's and the data files'. */
export function mentionsOf({ config, sources }: StageContext, themeTexts: () => string[] = () => mentionTexts(themeFiles(config.templatesDir))): () => string[] {
  return () => [...themeTexts(), ...mentionTexts([config.configFile, ...(config.module?.files ?? []), ...sources.data.map((rel) => sourceFile(config.srcDir, rel))])];
}

/**
 * Emit: every planned page, then each language's search index, feeds and corrections feeds, the
 * sitemaps, the theme's assets, and the source files published (files only held-back items use are
 * left out: issue #25).
 */
export function emitStage(
  stage: StageContext,
  scheduled: Scheduled,
  images: SiteImages,
  content: RenderedContent,
  planned: PlannedSite,
  index: { cacheDir: string | null; previous?: SearchIndexes; changes?: SourceChanges | null },
): EmittedSite {
  const { config, sources } = stage;
  const { articles, pages, profiles } = content;
  const keep = keptFiles(stage, profiles);
  let theme: string[] | null = null;
  const themeTexts = () => (theme ??= mentionTexts(themeFiles(config.templatesDir)));
  const mentioned = mentionsOf(stage, themeTexts);
  const assets = { claimed: scheduled.claimed, withheld: withheldAssets(scheduled.claimed, [...articles, ...pages], keep, mentioned) };
  const files: OutputFile[] = [];
  // The full-text index is updated from the last one's state: the page store (or the output) has its files.
  const store = openPageStore(index.cacheDir);
  // The headline search file only for a theme that reads it: a theme change makes a whole build, which decides again.
  const records = themeReadsRecords(themeTexts());
  const search = new SearchIndexes(index.cacheDir, store ? (hash) => pagePath(store, hash) : null, config.outDir, index.previous, records, index.changes);
  for (const { plan, config: languageSettings, language } of planned.plans) {
    pushAll(files, plan.files);
    if (records) files.push({ type: 'text', path: plan.urls.outputPath(plan.urls.path(SEARCH_RECORDS_FILE)), owner: 'search index', content: searchIndex(plan) });
    pushAll(files, search.filesFor(plan, language.code));
    pushAll(files, feedFiles(plan, languageSettings));
    pushAll(files, correctionFeedFiles(plan, languageSettings));
    pushAll(files, liveBlogFiles(plan, languageSettings));
  }
  pushAll(files, sitemapFiles(planned.plans.map((p) => p.plan), config));
  for (const [rel, from] of planned.theme.assets) files.push({ type: 'copy', path: `assets/${rel}`, owner: displayPath(from), from });
  pushAll(files, publishedFiles([...images.assetFiles, ...(images.images?.files ?? [])], assets.withheld, (file) => images.assetSources.get(file)));
  return { files, assets, search };
}
