import fs from 'node:fs';
import type { Config } from './config/index.js';
import { sourceFile } from './content/find-sources.js';
import { ArticleCache } from './cache/article-cache.js';
import { MarkdownPool } from './markdown/pool.js';
import { GazetteError, type Diagnostic } from './report/diagnostics.js';
import { buildNow } from './site/schedule.js';
import { findCollisions } from './site/output-checks.js';
import type { ThemeStrings } from './render/strings.js';
import type { GeneratedSite, Loaded, Scheduled, StageContext } from './build/model.js';
import type { GenerateOptions } from './build/options.js';
import { locateSources } from './build/sources.js';
import { cacheIdentity, markdownOptions } from './build/identity.js';
import { breathe, failOnErrors, stageTimer } from './build/timing.js';
import { loadStage } from './build/load.js';
import { scheduleStage } from './build/schedule.js';
import { placeStage } from './build/place.js';
import { imageProblems, imageStage } from './build/images.js';
import { markdownStage } from './build/markdown.js';
import { planStage } from './build/plan.js';
import { emitStage } from './build/emit.js';
import { sourceLinkStage } from './build/links.js';
import { hostStage } from './build/host.js';
import { pushAll } from './push-all.js';


/**
 * Load, parse and plan the whole site described by `config`, writing nothing: the stages of
 * `build/`, one after another (see docs/internals/architecture.md).
 * @throws GazetteError listing every content problem found.
 */
export async function generateSite(config: Config, options: GenerateOptions = {}): Promise<GeneratedSite> {
  const cache = options.cache ?? new ArticleCache(null, cacheIdentity(config));
  const sources = options.sources ?? (await locateSources(config));
  const stage: StageContext = { config, sources, ...SOURCE_READERS, progress: options.progress };
  const timing = stageTimer();
  const markdown = markdownOptions(config);
  const pool = options.pool ?? new MarkdownPool(markdown, { timeout: config.markdownTimeout });
  const expected = sources.articles.length - (options.unchanged?.size ?? 0);
  // Threads started now are ready when the Markdown stage begins. For sources that likely need none
  // (see `movedSources`) one is (a build that edited one article), the rest once the load knows: a
  // CI build that finds every body in the cache starts no thread per core for nothing.
  const moved = Math.min(options.movedSources ?? 0, expected);
  pool.warmUp(Math.max(expected - moved, Math.min(moved, 1)));

  const loaded = loadStage(stage, cache, options.unchanged);
  const scheduled = scheduleStage(stage, loaded, options.now ?? buildNow(config.now));
  if (moved > 0) pool.warmUp(withoutBody(loaded, scheduled));
  const diagnostics = [...loaded.content.diagnostics, ...scheduled.diagnostics];
  timing('load');
  await breathe();
  const placed = placeStage(stage, scheduled);
  pushAll(diagnostics, placed.diagnostics);
  timing('place');
  await breathe();
  const images = await imageStage(stage, placed, loaded.content.siteData.profiles, { store: options.images, encode: options.encodeImages ?? true });
  pushAll(diagnostics, images.diagnostics);
  timing('images');
  await breathe();
  const content = await markdownStage(stage, loaded, placed, images, { pool, closePool: !options.pool, markdown, cache, checked: options.checked });
  pushAll(diagnostics, content.diagnostics);
  // A bad photo still has a record, so its pages can be planned: its errors wait for the link check, and a
  // build names the missing files of an article with its damaged ones, failing once.
  const photoErrors = imageProblems(stage, images, placed, content);
  const failWithPhotos = () => failOnErrors(pushAll(diagnostics, photoErrors));
  if (hasErrors(diagnostics)) failWithPhotos();
  timing('markdown');
  await breathe();
  const planned = planStage(stage, loaded, images, content, scheduled, cache.persistent ? config.cacheDir : null);
  if (hasErrors(pushAll(diagnostics, planned.diagnostics))) failWithPhotos();
  const emitted = emitStage(stage, scheduled, images, content, planned, { cacheDir: cache.persistent ? config.cacheDir : null, previous: options.search, changes: options.searchChanges });
  const heldBack = heldBackSources(loaded, scheduled);
  if (options.sourceLinks ?? true) pushAll(diagnostics, sourceLinkStage(stage, content, emitted.files, heldBack));
  // gazette check goes on to the pages' links with its bad photos.
  if (options.returnPhotoErrors && !hasErrors(diagnostics)) pushAll(diagnostics, photoErrors);
  else failWithPhotos();
  timing('plan');
  await breathe();
  // The image stage finished its encodes before Markdown (which variants are kept depends on their sizes).
  images.store?.finishBuild();
  const hosted = hostStage(stage, loaded.content.siteData, content, images, emitted.files, images.resolver, heldBack, (language) => planned.theme.stringsFor(language));
  pushAll(pushAll(diagnostics, hosted.redirects), hosted.host);
  failOnErrors(diagnostics, hosted.redirects);
  const collisions = findCollisions(hosted.files);
  if (collisions.length) throw new GazetteError('Build failed: some outputs cannot be written', { diagnostics: [...diagnostics, ...collisions] });

  // Photos are published as variants made from them: their sources are inputs too; so are the files held back, which a later build may publish,
  // and the bad photos left out unused, which a later build may show.
  const badImages = new Set(images.images?.problems.keys() ?? []);
  const unprocessed = [...badImages].filter((rel) => !images.images?.processed.has(rel));
  const inputs = [...sources.articles, ...sources.data, ...(images.images?.processed ?? []), ...unprocessed, ...emitted.assets.withheld].map((rel) => sourceFile(config.srcDir, rel));
  const { plans, theme } = planned;
  return {
    articles: content.articles,
    pages: content.pages,
    profiles: content.profiles,
    plan: plans[0]!.plan,
    plans,
    resolver: images.resolver,
    files: hosted.files,
    theme,
    diagnostics,
    sourceKeys: loaded.content.sourceKeys,
    resolverDigest: content.resolverDigest,
    schedule: scheduled.schedule,
    assets: emitted.assets,
    heldBack,
    drafts: loaded.content.drafts.length,
    inputs,
    notes: [...config.siteLanguages.flatMap((l) => stringNotes(theme.stringsFor(l.code))), ...plans.flatMap((p) => p.plan.notes), ...hosted.notes],
    markdownRendered: content.markdownRendered,
    images: images.store?.counts() ?? { encoded: 0, reused: 0, dropped: 0, droppedExamples: [] },
    search: emitted.search,
    redirects: loaded.content.siteData.redirects,
    badImages,
  };
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** How many of the live items the cache holds no rendered body for (one held back was never rendered). */
function withoutBody(loaded: Loaded, scheduled: Scheduled): number {
  let count = 0;
  for (const item of scheduled.live) if (!loaded.stored(item).markdown) count++;
  return count;
}

/** How the stages read sources: the file's bytes for a cache key, its text to parse or render. */
const SOURCE_READERS: Pick<StageContext, 'readText' | 'readSource'> = {
  readText: (file) => fs.readFileSync(file, 'utf8'),
  readSource: (file) => fs.readFileSync(file),
};

/** The sources held back (drafts, scheduled and expired items): source path → why, and the item's date. */
function heldBackSources(loaded: Loaded, scheduled: Scheduled): GeneratedSite['heldBack'] {
  return new Map([
    ...loaded.content.drafts.map((a) => [a.sourcePath, { reason: 'draft' as const, date: a.date }] as const),
    ...scheduled.heldBack.map(({ item, reason }) => [item.sourcePath, { reason, date: item.date }] as const),
  ]);
}

/** A --verbose note naming the theme strings the site's language has no text for. */
function stringNotes(strings: ThemeStrings): string[] {
  const { missing, language } = strings;
  if (missing.length === 0) return [];
  const listed = missing.slice(0, 8).join(', ') + (missing.length > 8 ? ` and ${missing.length - 8} more` : '');
  return [`The theme has no ${language} text for ${missing.length} ${missing.length === 1 ? 'string' : 'strings'} (${listed}): shown in English. Add them to templates/strings/${language}.json.`];
}
