import path from 'node:path';
import type { Config } from './config/index.js';
import { ArticleCache, DamagedCacheError } from './cache/article-cache.js';
import type { MarkdownPool } from './markdown/pool.js';
import { BuildRecord } from './cache/build-record.js';
import { removeNoChange, saveNoChange, startNoChange } from './cache/no-change.js';
import { saveNextChange } from './cache/next-change.js';
import { cacheDamaged, takeCacheNotices } from './cache/cache-notices.js';
import { sourceFile } from './content/find-sources.js';
import { stampOf } from './stamp.js';
import { buildNow, type ScheduleEvent } from './site/schedule.js';
import type { GeneratedSite } from './build/model.js';
import type { BuildProgress } from './report/progress.js';
import type { GenerateOptions } from './build/options.js';
import { locateSources } from './build/sources.js';
import { stageTimer } from './build/timing.js';
import { ImageStore, type ImageCounts } from './images/image-store.js';
import { AtomicDir } from './output/atomic-dir.js';
import { removeStaleTempFiles } from './output/temp-files.js';
import { OutputManifest, type ManifestEntry } from './output/manifest.js';
import type { WriteResult } from './output/write-site.js';
import type { WriteAhead } from './output/write-ahead.js';
import { themeFiles } from './render/theme-files.js';
import { codeIdentity } from './version.js';
import { GazetteError, type Diagnostic } from './report/diagnostics.js';
import { diskError } from './report/disk-errors.js';
import { pushAll } from './push-all.js';
import { discardIndexStates, MissingIndexFile } from './search/index.js';


/** What a finished build reports. */
export interface BuildResult {
  articles: number;
  /** Standalone pages (kind "page") built. */
  standalone: number;
  /** Sources held back: drafts (without `--drafts`) and expired articles and pages (scheduled ones: see `scheduled`). */
  drafts: number;
  expired: number;
  /** HTML pages written. */
  pages: number;
  files: number;
  /** Pages rendered by this build; the others were unchanged. */
  rendered: number;
  /** Files taken over unchanged from the previous build. */
  reused: number;
  /** True when no input had changed since the last build, so nothing was read, rendered or written. */
  upToDate: boolean;
  /** Rendered bodies kept on disk, rather than in memory, until their pages were written. */
  bodiesOnDisk: number;
  /** Articles held back because they are dated after the build's now. */
  scheduled: number;
  /** When the next scheduled article is due, or an article expires (ISO 8601), or null. */
  nextDue: string | null;
  /** The earliest coming change of each kind (an article going live, one expiring, one no longer featured or breaking), earliest first; times in ISO 8601. */
  next: { at: string; kind: ScheduleEvent['kind']; title: string }[];
  /** Warnings; errors abort the build with a GazetteError instead. */
  diagnostics: Diagnostic[];
  /** Remarks for --verbose. */
  notes: string[];
  /** Articles whose Markdown this build rendered; the others came from the cache. */
  markdownRendered: number;
  /** Image files (variants and crops) encoded by this build, and taken from the image cache. */
  images: ImageCounts;
}

/**
 * Build the site described by `config` into `config.outDir`, atomically:
 * nothing in the output folder changes unless the whole build succeeds.
 * When the build cache shows that no input changed since the last
 * successful build and its output is intact, nothing is done at all.
 * @throws GazetteError listing every content problem found.
 */
export async function buildSite(config: Config, progress?: BuildProgress): Promise<BuildResult> {
  return (await buildKeepingSite(config, progress)).result;
}

/** What `watch` and `serve` lend a build so they can go on from it: their cache and threads. */
export interface LiveState {
  /** Makes the article cache the build uses (again, if a damaged one must be thrown away). */
  cache: () => ArticleCache;
  pool: MarkdownPool;
  /** Encoded images, kept across rebuilds. */
  images: ImageStore;
}

/**
 * `buildSite`, also returning the site it generated and the article cache it used, for `watch`
 * and `serve` to start from, as `build` does, from the persistent cache: the site is null when
 * nothing changed since the last build, so nothing was generated.
 */
export async function buildKeepingSite(config: Config, progress?: BuildProgress, live?: LiveState): Promise<KeptBuild> {
  try {
    return await buildAndRecord(config, progress, live);
  } catch (error) {
    throw diskError(error) ?? error;
  }
}

/** What `buildKeepingSite` gives: the result, and for watch what it keeps between builds (null when nothing had changed) and what the output was made from. */
type KeptBuild = {
  result: BuildResult;
  site: GeneratedSite | null;
  cache: ArticleCache | null;
  written: Map<string, ManifestEntry> | null;
  /**
   * The cache key of every article source the output was made from (source path → key); null when the last
   * build's quick answer found nothing changed: then they are the build record's, as is the output the manifest's.
   */
  keys: Map<string, string> | null;
};

async function buildAndRecord(config: Config, progress: BuildProgress | undefined, live: LiveState | undefined): Promise<KeptBuild> {
  const startedAt = Date.now();
  const timing = stageTimer();
  takeCacheNotices(null); // what an earlier build of this process noted is its own
  // A build first asks what the last one left for exactly this question, its output files
  // stat'ed on threads from the start, while this one lists and stamps the sources.
  const quick = startNoChange<BuildResult>(config.cacheDir, config.outDir);
  // Staging folders of builds that were killed (kill -9, a power cut) would stay beside the output forever.
  const tidied = AtomicDir.removeStale(config.outDir).length;
  const tidyNotes = tidied ? [`Removed ${tidied} staging ${tidied === 1 ? 'folder' : 'folders'} left beside the output by interrupted builds`] : [];
  // So would the temporary files of in-place writes.
  const temps = removeStaleTempFiles(config.outDir).length;
  if (temps) tidyNotes.push(`Removed ${temps} temporary ${temps === 1 ? 'file' : 'files'} left in the output by interrupted builds`);
  const sources = await locateSources(config).catch((error: unknown) => {
    quick?.stop();
    throw error;
  });
  const articleFile = (sourcePath: string) => sourceFile(config.srcDir, sourcePath);
  // Stamped before anything is read: a file changed after this is never taken for unchanged.
  const stamps = stampInputs(config, [...sources.articles, ...sources.assets, ...sources.data].map(articleFile));
  const identity = recordIdentity(config);
  // One "now" for the whole build: what is published, and whether the last build still holds.
  const now = buildNow(config.now);
  const lastResult = await quick?.unchanged(identity, stamps, now);
  if (lastResult) {
    timing('nothing changed');
    // Watch goes on from the record's keys and the manifest's files: it reads them once it is watching (see WatchSession).
    if (config.cacheDir) saveNextChange(config.cacheDir, lastResult.nextDue);
    return { result: upToDate(lastResult, tidyNotes, config), site: null, cache: null, written: null, keys: null };
  }
  // The last build's output files are stat'ed on a thread while its record is read (see `prefetch`).
  const manifest = OutputManifest.load(config.cacheDir, config.outDir);
  manifest.prefetch(config.outDir, undefined, quick?.outputStamps());
  const record = BuildRecord.load<BuildResult>(config.cacheDir);
  const inputsUnchanged = record?.unchangedSince(identity, stamps, now) ?? false;
  if (inputsUnchanged) await manifest.settled();
  if (record && inputsUnchanged && manifest.intact(config.outDir)) {
    timing('nothing changed');
    // The check file did not answer (gone, or the record's or manifest's own stamps moved, as a copy or a link of the
    // cache folder moves them): written again, so that the next build with nothing to do need not parse both again.
    if (!live) saveNoChange(config.cacheDir, { identity, startedAt, window: record.window, outDir: config.outDir, stamps, written: manifest.entries, result: record.result });
    if (config.cacheDir) saveNextChange(config.cacheDir, record.result.nextDue);
    return { result: upToDate(record.result, tidyNotes, config), site: null, cache: null, written: null, keys: record.keys };
  }
  BuildRecord.remove(config.cacheDir);
  removeNoChange(config.cacheDir);
  // Loaded only now: a build with nothing to do never needs them (hundreds of modules: Markdown, Handlebars...).
  const { cacheIdentity } = await import('./build/identity.js');
  const keyIdentity = recordKeyIdentity(config, cacheIdentity(config));
  const unchanged = record?.unchangedKeys(keyIdentity, stamps, articleFile) ?? new Map<string, string>();
  const checked = record?.checked(identity) ?? undefined;
  const movedSources = Math.max(0, (record?.recordedSources ?? 0) - unchanged.size);
  // Which articles the full-text index fingerprints again: those whose sources changed since the record.
  const searchChanges = record?.changedArticles(identity, stamps, now, sources.articles, articleFile) ?? null;
  timing('check inputs');
  // A CI build's write begins now, on its thread, while this one loads and plans (watch keeps its own output).
  const ahead = live ? null : await (await import('./output/write-ahead.js')).startWriteAhead(config.outDir, config.cacheDir, manifest);

  let result: BuildResult;
  let site: GeneratedSite;
  let written: Map<string, ManifestEntry>;
  const newCache = live?.cache ?? (() => new ArticleCache(config.cacheDir, cacheIdentity(config)));
  let cache = newCache();
  const pool = live?.pool;
  const images = live?.images ?? new ImageStore(config.cacheDir);
  try {
    ({ result, site, written } = await buildWith(cache, config, { sources, unchanged, movedSources, checked, pool, now, images, searchChanges }, progress, manifest, ahead));
    const packs = cache.damaged.length;
    if (packs) cacheDamaged(path.join(config.cacheDir!, 'articles'), `${packs} ${packs === 1 ? 'pack' : 'packs'} did not match ${packs === 1 ? 'its' : 'their'} digest`);
  } catch (error) {
    if (!(error instanceof DamagedCacheError) || !config.cacheDir) throw error;
    discardIndexStates(config.cacheDir);
    if (error instanceof MissingIndexFile) {
      // The search index's state names a file that is gone: only the index is made whole again.
      cacheDamaged(path.join(config.cacheDir, 'search'), error.message);
    } else {
      // A stored body no longer matches its hash: start again, trusting nothing stored.
      cacheDamaged(path.join(config.cacheDir, 'articles'), 'a stored article body did not match its hash');
      cache.close();
      ArticleCache.discard(config.cacheDir);
      cache = newCache();
    }
    ({ result, site, written } = await buildWith(cache, config, { sources, pool, now, images }, progress));
  } finally {
    // With --no-cache the encoded files were only kept until written (watch keeps its store open).
    if (!live) images.close();
  }
  const saveTiming = stageTimer();
  // Only after a successful build: a failed one must not drop the files of images it did not reach.
  if (config.images.process) images.save();
  // The index states describe the files just written: saved only now.
  site.search.save(startedAt);
  saveTiming('save search index');
  recordOutput(config, { identity, keyIdentity, startedAt, stamps, keys: site.sourceKeys }, site, written, result, saveTiming);
  // Said by this build only, not by the record of it.
  if (tidyNotes.length) result = { ...result, notes: [...tidyNotes, ...result.notes] };
  return { result: withCacheNotices(result, config), site, cache, written, keys: site.sourceKeys };
}

/** What a build reports when nothing changed since the last one, whose result was `last`. */
function upToDate(last: BuildResult, tidyNotes: string[], config: Config): BuildResult {
  const images = { encoded: 0, reused: (last.images?.encoded ?? 0) + (last.images?.reused ?? 0), dropped: last.images?.dropped ?? 0, droppedExamples: last.images?.droppedExamples ?? [] };
  const result = { ...last, rendered: 0, reused: last.files, upToDate: true, bodiesOnDisk: 0, markdownRendered: 0, images, notes: [...tidyNotes, ...(last.notes ?? [])] };
  return withCacheNotices(result, config);
}

/** `result` with warnings about the cache added: a damaged file ignored, a folder that could not be written (#26). */
function withCacheNotices(result: BuildResult, config: Config): BuildResult {
  const notices = takeCacheNotices(config.cacheDir);
  return notices.length ? { ...result, diagnostics: [...result.diagnostics, ...notices] } : result;
}

/** What the inputs of an output were, as its build record keeps them (see `recordOutput`). */
export interface RecordedInputs {
  /** `recordIdentity` of the config the output was made with. */
  identity: string;
  /** `recordKeyIdentity` of that config. */
  keyIdentity: string;
  /** When the stamps began to be taken, before any input was read. */
  startedAt: number;
  /** Every input file's stamp (see `stampInputs`). */
  stamps: Map<string, string | null>;
  /** The cache key of every article source the output was made from (source path → key). */
  keys: Map<string, string>;
}

/**
 * Leave what the next build compares, once `site` is written as `written` and the output manifest and the
 * search index's states are saved: the build record, then the no-change check, which digests the record's
 * and the manifest's own stamps. Used by a build, and by watch for the output its session left (see
 * `session-record.ts`).
 */
export function recordOutput(
  config: Config,
  inputs: RecordedInputs,
  site: Pick<GeneratedSite, 'schedule' | 'resolverDigest'>,
  written: Map<string, ManifestEntry>,
  result: BuildResult,
  timing: (stage: string) => void = () => undefined,
): void {
  const { identity, keyIdentity, startedAt, stamps, keys } = inputs;
  const window = { since: site.schedule.since, until: site.schedule.nextDue };
  BuildRecord.save(config.cacheDir, { identity, keyIdentity, startedAt, stamps, keys, resolverDigest: site.resolverDigest, window, result });
  timing('save record');
  saveNoChange(config.cacheDir, { identity, startedAt, window, outDir: config.outDir, stamps, written, result });
  if (config.cacheDir) saveNextChange(config.cacheDir, result.nextDue);
  timing('save no-change check');
}

/** What article cache keys depend on besides the text (`cache`: `cacheIdentity(config)`): a settings change (a title, say) leaves them as they were. */
export function recordKeyIdentity(config: Config, cache: string): string {
  return JSON.stringify({ cache, cwd: process.cwd(), src: config.srcDir });
}

/** Everything besides input files that decides a build's output and messages: gazette's code, Node.js, the settings, the working folder. */
export function recordIdentity(config: Config): string {
  // The build's now is not part of it: the record keeps the span of time over which the output holds.
  return JSON.stringify({ gazette: codeIdentity(), node: process.version, cwd: process.cwd(), config: { ...config, now: null } });
}

/** Stamps of every file a build reads: the sources, the theme, the config file and the local files a config module imports. */
export function stampInputs(config: Config, sourceFiles: string[]): Map<string, string | null> {
  const files = [...sourceFiles, ...themeFiles(config.templatesDir)];
  if (config.configFile) files.push(config.configFile);
  pushAll(files, config.module?.files.slice(1) ?? []);
  return new Map(files.map((file) => [file, stampOf(file)]));
}

async function buildWith(
  cache: ArticleCache,
  config: Config,
  known: Pick<GenerateOptions, 'sources' | 'unchanged' | 'movedSources' | 'checked' | 'pool' | 'now' | 'images' | 'searchChanges'>,
  progress?: BuildProgress,
  /** The last build's manifest, its stamps being read; default: loaded here. */
  manifest = OutputManifest.load(config.cacheDir, config.outDir),
  /** The write begun ahead (see `startWriteAhead`), which this build then owns. */
  ahead: WriteAhead | null = null,
): Promise<{ result: BuildResult; site: GeneratedSite; written: Map<string, ManifestEntry> }> {
  let site: GeneratedSite;
  let written: WriteResult;
  let handed = false;
  manifest.prefetch(config.outDir);
  const [{ generateSite }, { writeSite }] = await Promise.all([import('./generate.js'), import('./output/write-site.js')]);
  try {
    // A plain build checks where links written in content lead (cheap: from what rendering recorded);
    // --strict checks every link of every page instead.
    site = await generateSite(config, { progress, cache, ...known, sourceLinks: !config.strict });
    if (config.strict) {
      // --strict: warnings and broken links fail the build before anything is written.
      const { checkLinks } = await import('./check/links.js');
      const { menuPositions, readDisplayed } = await import('./check/menu-positions.js');
      const { articleSource } = await import('./check/unpublished-links.js');
      const problems = [...site.diagnostics, ...checkLinks(site, config, { sourceOf: articleSource(config.srcDir), menuPosition: menuPositions(config.configFile), textOf: readDisplayed })];
      if (problems.length) {
        throw new GazetteError(`Build failed (--strict): ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`, {
          diagnostics: problems.map((d) => ({ ...d, severity: 'error' as const })),
        });
      }
    }
    const timing = stageTimer();
    handed = true; // writeSite finishes or throws away the write begun ahead
    written = await writeSite(config.outDir, site, { progress, cacheDir: config.cacheDir, manifest, ahead });
    // The cards rendered for the write were kept for reuse within it (about 7 KB an article), not through the cache's save.
    site.theme.forgetRendered();
    timing('write');
  } catch (error) {
    if (ahead && !handed) await (await import('./output/write-ahead.js')).abandonWriteAhead(ahead);
    // Even a failed build keeps what it parsed and rendered for the next attempt.
    if (!(error instanceof DamagedCacheError)) cache.flush();
    throw error;
  }
  const timing = stageTimer();
  cache.prune();
  cache.flush();
  timing('save cache');
  const result = siteResult(site, { pages: written.pages, rendered: written.rendered, reused: written.reused, bodiesOnDisk: cache.spilledCount });
  return { result, site, written: written.entries };
}

/** What a build of `site` reports, its write having gone as `write` says. */
export function siteResult(
  site: Pick<GeneratedSite, 'articles' | 'pages' | 'drafts' | 'schedule' | 'files' | 'diagnostics' | 'notes' | 'markdownRendered' | 'images'>,
  write: Pick<BuildResult, 'pages' | 'rendered' | 'reused' | 'bodiesOnDisk'>,
): BuildResult {
  return {
    articles: site.articles.length,
    standalone: site.pages.length,
    drafts: site.drafts,
    expired: site.schedule.expired,
    pages: write.pages,
    files: site.files.length,
    rendered: write.rendered,
    reused: write.reused,
    upToDate: false,
    bodiesOnDisk: write.bodiesOnDisk,
    scheduled: site.schedule.scheduled,
    nextDue: site.schedule.nextDue === null ? null : new Date(site.schedule.nextDue).toISOString(),
    next: site.schedule.next.map((e) => ({ at: new Date(e.at).toISOString(), kind: e.kind, title: e.title })),
    diagnostics: site.diagnostics,
    notes: site.notes,
    markdownRendered: site.markdownRendered,
    images: site.images,
  };
}
