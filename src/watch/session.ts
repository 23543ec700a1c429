import syncFs from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ArticleCache } from '../cache/article-cache.js';
import { BuildRecord } from '../cache/build-record.js';
import { loadConfig, resolveTemplatesDir, watchedConfigFile, watchedTemplatesDir, type Config, type ConfigFlags } from '../config/index.js';
import { generateSite } from '../generate.js';
import { cacheIdentity, markdownOptions } from '../build/identity.js';
import type { GeneratedSite } from '../build/model.js';
import type { BuildProgress } from '../report/progress.js';
import type { OutputFile } from '../site/model.js';
import { ArticleEdits, type ArticleEdit } from './article-edits.js';
import { ImageStore } from '../images/image-store.js';
import { MarkdownPool } from '../markdown/pool.js';
import { isWithin, resolveInside } from '../safe-path.js';
import { sha1 } from '../hash.js';
import { OutputManifest, type ManifestEntry } from '../output/manifest.js';
import { inputFingerprint, pruneEmptyDirs, writeSite } from '../output/write-site.js';
import { RealFolders } from '../output/real-folders.js';
import { tempFileIn } from '../output/temp-files.js';
import { buildKeepingSite } from '../build.js';
import { GazetteError, type Diagnostic } from '../report/diagnostics.js';
import { recordFile } from '../cache/build-record.js';
import { stampOf } from '../stamp.js';
import { stageTimer } from '../build/timing.js';
import { listInputs, recordSession } from './session-record.js';
import { PageFingerprints } from '../site/fingerprint.js';
import { SCHEDULE_DUE, siteCounts, type RebuildResult } from './rebuild.js';
import { pushAll } from '../push-all.js';
import { collectGarbage, limitHeapGrowth } from './heap-growth.js';


/** What is on disk for one output file, as this session last wrote it. */
interface WrittenFile {
  /** Fingerprint of the inputs (pages) or of the bytes (other files). */
  inputs: string;
  /** Hash of the bytes written, or the copy source's stamp. */
  bytes: string;
  /** Hash of the bytes written, null for copies (as the output manifest has it). */
  hash: string | null;
  /** The file's size and modification time as written: the output manifest's stamp, kept rather than stat'ed again when it is saved. */
  size: number;
  mtimeMs: number;
}

/** A manifest entry as the session keeps it. */
function writtenFile(entry: ManifestEntry): WrittenFile {
  return { inputs: entry.f, bytes: entry.h ?? entry.f, hash: entry.h, size: entry.size, mtimeMs: entry.mtimeMs };
}

/** How long after the last rebuild the persistent cache is brought up to date (and at the latest when the session closes). */
const SAVE_DELAY_MS = 2000;

/**
 * A long-lived build for `watch` and `serve`. It starts as `gazette build`
 * does, from the persistent cache (with nothing changed it renders and writes
 * nothing), and keeps the last site and every article's front matter and
 * rendered body at hand: a rebuild re-reads only the files reported as
 * changed, renders only the pages whose inputs changed, writes only the
 * files whose bytes changed and deletes the ones no longer produced — so the
 * output always equals a clean build of the same sources. The cache on disk
 * and the output manifest are brought up to date shortly after each rebuild
 * and when the session closes, so the next start is quick too.
 * A failed rebuild throws and leaves the last good output in place.
 */
/**
 * How long a rebuild waits, at most, for a changed article found empty to be written: an editor saving in
 * place empties the file, then writes it, and a change seen in between would fail the rebuild on an empty
 * article (the page showing the error). On a loaded machine the editor's write can come 100 ms or more after
 * the emptying, so the file is looked at again every `MID_WRITE_POLL_MS` until then.
 */
const MID_WRITE_MAX_MS = 1000;
const MID_WRITE_POLL_MS = 20;

/** Whether any of `files` (absolute) is an article source that is empty right now. */
function emptiedSource(files: string[]): boolean {
  return files.some((file) => {
    if (!/\.md$/i.test(file)) return false;
    try {
      return syncFs.statSync(file, { throwIfNoEntry: false })?.size === 0;
    } catch {
      return false;
    }
  });
}

/** Wait while one of `files` is an empty article, `MID_WRITE_MAX_MS` at most: an article left empty is then reported, as a build would. */
async function waitForEmptiedSources(files: string[]): Promise<void> {
  const until = performance.now() + MID_WRITE_MAX_MS;
  while (emptiedSource(files) && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, MID_WRITE_POLL_MS));
}

/** Sources read to warm the renderer thread after a start from the cache (see `warmPool`). */
const WARM_UP_SOURCES = 120;

export class WatchSession {
  private written = new Map<string, WrittenFile>();
  private configStale = false;
  /** The last good site, kept so article edits can patch it instead of rebuilding it. */
  private last: { site: GeneratedSite; edits: ArticleEdits | null } | null = null;
  /** The cache key of every article source as last read (source path → key): what a full rebuild need not read again. */
  private keys = new Map<string, string>();
  private cache: ArticleCache;
  private pool: MarkdownPool;
  /** What the pool's threads were started with: a change (plugins, shortcode partials, timeout) needs new threads. */
  private poolOptions: string;
  /** Encoded images, kept across rebuilds: a replaced photo is encoded again, the others are not. */
  private readonly images: ImageStore;
  /** The site of a start that found nothing changed, being generated in the background for the quick path. */
  private priming: Promise<void> | null = null;
  /** The cache keys of the article sources the output was made from, for checking the site being primed (see `prime`). */
  private outputKeys = new Map<string, string>();
  /** Whether the last build's record and output manifest are still to be read (see `readLastBuild`). */
  private lastBuildUnread = false;
  private saveTimer: NodeJS.Timeout | null = null;
  /** Whether the output folder changed since the manifest was saved. */
  private manifestStale = false;
  /** When the last site built next changes by itself (see `nextDue`), also known before a start's site is primed. */
  private due: number | null = null;
  /** Rebuilds begun, and under way: a build record is written only for an output no rebuild is changing. */
  private rebuilds = 0;
  private rebuilding = 0;
  /** The rebuilds (by count) the build record on disk describes, or has been judged unable to (see `leaveBuildRecord`). */
  private recordedRebuilds = 0;
  /** A rebuild failed on something else than content (a disk error): what is on disk is not sure until a full rebuild writes it. */
  private outputInDoubt = false;
  /** The build record's stamp as this session last saw it: another build since, and the session writes none. */
  private recordStamp: string | null = null;
  /** Why the last attempt to write a build record wrote none, or null (for tests). */
  lastRecordRefusal: string | null = null;

  private constructor(
    private readonly flags: ConfigFlags,
    private readonly cwd: string,
    public config: Config,
  ) {
    this.cache = this.newCache();
    this.pool = WatchSession.poolFor(config);
    this.poolOptions = WatchSession.poolKey(config);
    this.images = new ImageStore(config.cacheDir);
  }

  /** The renderer threads a config asks for. */
  private static poolFor(config: Config): MarkdownPool {
    return new MarkdownPool(markdownOptions(config), { timeout: config.markdownTimeout, longLived: true });
  }

  /** What a pool is made from, as text to compare. */
  private static poolKey(config: Config): string {
    return JSON.stringify([markdownOptions(config), config.markdownTimeout]);
  }

  /**
   * The article cache: in the cache folder unless caching is off. A source known unchanged is taken
   * by its key (`keys`) without being read, so no source's text is kept between rebuilds.
   */
  private newCache(): ArticleCache {
    return new ArticleCache(this.config.cacheDir, cacheIdentity(this.config), { longLived: true });
  }

  /** Load the config and make the first build, as `gazette build` would (atomic, from the cache). */
  static async start(flags: ConfigFlags, cwd: string, progress?: BuildProgress): Promise<{ session: WatchSession; result: RebuildResult }> {
    const started = performance.now();
    // A watcher outlives many full rebuilds, each leaving a site's worth of garbage: collect it sooner.
    limitHeapGrowth();
    const config = await loadConfig(flags, cwd);
    const session = new WatchSession(flags, cwd, config);
    const { result, site, cache, written, keys } = await buildKeepingSite(config, progress, { cache: () => session.newCache(), pool: session.pool, images: session.images });
    if (cache) session.cache = cache;
    if (keys === null) {
      // The build's quick answer: nothing changed, and neither the record nor the manifest was read (see `readLastBuild`).
      session.lastBuildUnread = true;
    } else {
      // What is on disk: as this build wrote it, or, when it found nothing to do, as the last build's manifest records it.
      for (const [file, entry] of written ?? OutputManifest.load(config.cacheDir, config.outDir).entries) session.written.set(file, writtenFile(entry));
      session.outputKeys = keys;
    }
    session.due = result.nextDue === null ? null : Date.parse(result.nextDue);
    session.recordStamp = session.recordFileStamp();
    if (site) {
      session.adopt(site);
      session.warmPool(site);
    } else {
      // Nothing changed: the output is whole already. The site the quick path patches is made in the
      // background once the watcher is ready (see `watching`), not while `serve` sends its first pages.
    }
    return {
      session,
      result: {
        articles: result.articles,
        site: siteCounts(result),
        written: site ? site.files.map((f) => f.path) : [],
        removed: [],
        diagnostics: result.diagnostics,
        ms: performance.now() - started,
        upToDate: result.upToDate,
      },
    };
  }

  /** Keep `site` as the last good one, for the quick path and the next full rebuild. */
  private adopt(site: GeneratedSite): void {
    // The partials rendered for the pages just written serve no later write (each starts by forgetting them).
    site.theme.forgetRendered();
    const last = { site, edits: null as ArticleEdits | null };
    this.last = last;
    this.keys = new Map(site.sourceKeys);
    this.due = site.schedule.nextDue;
    // What the quick path finds items by is made while nothing is saved, not on the first save (one to three
    // seconds at 30,000 articles). Should that fail, the first save makes it again and reports why.
    setImmediate(() => {
      if (this.last !== last || last.edits) return;
      try {
        const edits = new ArticleEdits(site, this.config.srcDir);
        edits.prepare(this.config);
        last.edits = edits;
      } catch {
        // Left to the first save.
      }
    }).unref();
  }

  /** The watcher is ready: after a start that found nothing to do, make the site the quick path patches. */
  watching(): void {
    if (this.last || this.priming) return;
    this.priming = this.prime().catch(() => undefined);
  }

  /**
   * What the output holds and the sources it was made from, as the last build's manifest and record have them,
   * after a start that the build's quick answer found nothing to do in: read once the watcher is ready or a
   * rebuild comes, not before the session says it is watching (at 100,000 articles, 279,000 files and 100,000
   * keys: seconds). The quick answer checked that both are the ones saved with the output.
   */
  private readLastBuild(): void {
    if (!this.lastBuildUnread) return;
    this.lastBuildUnread = false;
    const { cacheDir, outDir } = this.config;
    for (const [file, entry] of OutputManifest.load(cacheDir, outDir).entries) this.written.set(file, writtenFile(entry));
    this.outputKeys = BuildRecord.load<unknown>(cacheDir)?.keys ?? new Map();
  }

  /** Generate the site from the cache without writing, for a start that found nothing to do. */
  private async prime(): Promise<void> {
    // Begun once the watcher is ready, it runs after `watch` or `serve` has said so: reading the last build is seconds at 100,000 articles.
    await new Promise((resolve) => setImmediate(resolve));
    this.readLastBuild();
    const site = await generateSite(this.config, { cache: this.cache, pool: this.pool, images: this.images });
    this.cache.prune();
    if (sameKeys(site.sourceKeys, this.outputKeys)) this.adopt(site);
    else {
      // An article saved, added or removed since the start checked the sources is in this site but not in the
      // output, and the quick path writes only what differs from the site it patches: the next rebuild is a full
      // one, which compares every file with what is on disk. It need read only the sources changed since.
      this.keys = new Map(site.sourceKeys);
      this.due = site.schedule.nextDue;
    }
    this.outputKeys = new Map();
    this.warmPool(site);
  }

  /**
   * After a start that rendered too few articles to warm the thread edits are
   * rendered on (see MarkdownPool.warmFor), warm it with some of the site's
   * sources, read whole: front matter is Markdown enough to compile the parser.
   */
  private warmPool(site: GeneratedSite): void {
    if (this.pool.warm || site.articles.length === 0) return;
    const step = Math.max(1, Math.floor(site.articles.length / WARM_UP_SOURCES));
    const jobs = [];
    for (let i = 0; i < site.articles.length && jobs.length < WARM_UP_SOURCES; i += step) {
      const { sourcePath, displayPath } = site.articles[i]!;
      try {
        jobs.push({ body: syncFs.readFileSync(path.join(this.config.srcDir, ...sourcePath.split('/')), 'utf8'), sourcePath, displayPath });
      } catch {
        // Gone since: another source will do.
      }
    }
    this.pool.warmFor(jobs, site.resolver);
  }

  /** Folders and files whose changes matter: sources, templates, the config file and the local files a config module imports. */
  watchedPaths(): string[] {
    const paths = [this.config.srcDir, watchedTemplatesDir(this.flags.templates, this.cwd)];
    paths.push(this.config.configFile ?? watchedConfigFile(this.flags.config, this.cwd));
    pushAll(paths, this.config.module?.files.slice(1) ?? []);
    return paths;
  }

  /**
   * Rebuild after `changed` paths changed (any of sources, templates, config).
   * @throws GazetteError for content errors; nothing is written then.
   */
  async rebuild(changedPaths: string[]): Promise<RebuildResult> {
    this.rebuilds++;
    this.rebuilding++;
    this.manifestStale = true;
    // Saved once it is done: a save in the middle would take the manifest for saved with half the rebuild's writes.
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    try {
      return await this.rebuildNow(changedPaths);
    } catch (error) {
      // A content error writes nothing; anything else may have stopped a write half way.
      if (!(error instanceof GazetteError)) this.outputInDoubt = true;
      throw error;
    } finally {
      this.rebuilding--;
      this.manifestStale = true;
      this.scheduleSave();
    }
  }

  private async rebuildNow(changedPaths: string[]): Promise<RebuildResult> {
    const started = performance.now();
    this.readLastBuild();
    if (this.priming) {
      await this.priming;
      this.priming = null;
    }
    // A scheduled time that came changes no file, but what the site publishes: plan it again.
    const due = changedPaths.includes(SCHEDULE_DUE);
    const changed = changedPaths.filter((p) => p !== SCHEDULE_DUE);
    await waitForEmptiedSources(changed.map((p) => path.resolve(this.cwd, p)));
    const changes = changedPaths.filter((p) => !this.cameAndWent(p));
    const quick = due ? null : await this.applyArticleEdits(changed);
    if (quick) return { ...quick, changes, ms: performance.now() - started };
    let full: Omit<RebuildResult, 'ms'>;
    try {
      full = await this.rebuildAll(changed);
    } finally {
      // What the rebuild made and let go of (the replaced site's bodies, the pages rendered for the write, or all
      // that a failed rebuild made) is collected once its files are written, not after the next changes have grown
      // the heap past it (see `collectGarbage`).
      collectGarbage();
    }
    return { ...full, changes, ms: performance.now() - started };
  }

  /**
   * Whether `changed` is a temporary file that came and went among the sources (editors and `sed -i` write
   * one, then rename it over the file): no source of the last site, and gone now.
   */
  private cameAndWent(changed: string): boolean {
    if (!this.last) return false;
    const file = path.resolve(this.cwd, changed);
    if (!file.startsWith(this.config.srcDir + path.sep)) return false;
    this.last.edits ??= new ArticleEdits(this.last.site, this.config.srcDir);
    return !this.last.edits.knowsFile(file) && !syncFs.existsSync(file);
  }

  /** A full rebuild: the site generated again, from memory where the sources are unchanged, and what changed written. */
  private async rebuildAll(changed: string[]): Promise<Omit<RebuildResult, 'ms'>> {
    if (this.configStale || this.touchesConfig(changed)) {
      // Until a broken config is fixed, every rebuild fails on it, as `build` would.
      this.configStale = true;
      const config = await loadConfig(this.flags, this.cwd);
      this.configStale = false;
      const identityChanged = cacheIdentity(config) !== cacheIdentity(this.config) || config.cacheDir !== this.config.cacheDir;
      this.config = config;
      if (identityChanged) {
        this.cache.close();
        this.cache = this.newCache();
        this.keys.clear();
      }
    } else if (this.flags.templates === undefined && changed.some((p) => isWithin(path.resolve(this.cwd, p), watchedTemplatesDir(undefined, this.cwd)))) {
      // templates/ made, or taken away: the theme switches between it and the default one.
      const templatesDir = resolveTemplatesDir(undefined, this.cwd);
      if (templatesDir !== this.config.templatesDir) this.config = { ...this.config, templatesDir };
    }
    this.forget(changed);
    // The full-text index is updated from the last site's, not built again.
    const search = this.last?.site.search;
    this.last = null;
    // Before the new site grows the heap: what the engine measures its next margin from is then what is kept.
    collectGarbage();
    // The threads were made with the old settings (trustHtml, the time budget) and took the config
    // module's plugins and the shortcode partials when they started: a change needs new threads.
    const poolKey = WatchSession.poolKey(this.config);
    if (poolKey !== this.poolOptions) {
      await this.pool.close();
      this.pool = WatchSession.poolFor(this.config);
      this.poolOptions = poolKey;
    }
    const site = await generateSite(this.config, { cache: this.cache, pool: this.pool, unchanged: this.keys, images: this.images, search });
    const out = this.config.outDir;
    // A symbolic link among the output's folders would take a write or delete outside it: a full write repairs it.
    const folders = new RealFolders(out);
    const produced = new Set(site.files.map((f) => f.path));
    const stale = [...this.written.keys()].filter((old) => !produced.has(old)).map((old) => [old, resolveInside(out, old)] as const);
    const next = new Map<string, WrittenFile>();
    const written = stale.every(([, target]) => folders.leadsTo(target)) ? await this.writeChanged(site, site.files, next, folders) : null;
    let outcome: { written: string[]; removed: string[] };
    if (written === null) outcome = await this.writeWhole(site);
    else {
      outcome = { written, removed: [] };
      for (const [old, target] of stale) {
        await fs.rm(target, { force: true });
        await pruneEmptyDirs(path.dirname(target), out);
        outcome.removed.push(old);
      }
      this.written = next;
    }
    this.adopt(site);
    this.cache.prune();
    // Every file was compared with what the session wrote, and written where it differed.
    this.outputInDoubt = false;
    return { articles: site.articles.length, site: siteCounts(site), ...outcome, diagnostics: site.diagnostics };
  }

  /**
   * The quick path for the most common change, saving existing articles: when
   * the edits leave the site's structure alone, patch the last site and write
   * only what shows the edited articles. Returns null when a full rebuild is needed.
   */
  private async applyArticleEdits(changed: string[]): Promise<Omit<RebuildResult, 'ms'> | null> {
    if (!this.last || this.configStale || this.touchesConfig(changed)) return null;
    const srcDir = this.config.srcDir;
    // A Set, so that the files of a folder reported (added below) are each looked at once.
    const files = new Set(changed.map((p) => path.resolve(this.cwd, p)));
    const edits: ArticleEdit[] = [];
    this.last.edits ??= new ArticleEdits(this.last.site, this.config.srcDir);
    for (const file of files) {
      const inSources = file.startsWith(srcDir + path.sep);
      // A temporary file that came and went among the sources (editors and `sed -i` write one, then
      // rename it) changes nothing; a template or config file that went away does.
      if (inSources && this.cameAndWent(file)) continue;
      if (!inSources) return null;
      if (syncFs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
        // A folder is no source: reported with the files the last site was made from there (as a renamed
        // folder is, the last of its files seconds later), its articles are read below to see whether they
        // changed (a file beside them reports its own change); any other folder is a full rebuild.
        const inFolder = this.last.edits.knownFilesIn(file);
        if (!inFolder) return null;
        for (const known of inFolder) if (this.last.edits.knows(path.relative(srcDir, known).split(path.sep).join('/'))) files.add(known);
        continue;
      }
      // An article, a standalone page or the author profiles the last site has: anything else is a full rebuild.
      const sourcePath = path.relative(srcDir, file).split(path.sep).join('/');
      if (!this.last.edits.knows(sourcePath)) return null;
      let text: string;
      try {
        text = syncFs.readFileSync(file, 'utf8');
      } catch {
        return null; // deleted or renamed: a full rebuild handles it
      }
      const displayPath = path.relative(process.cwd(), file).split(path.sep).join('/') || '.';
      const cacheKey = this.cache.key(sourcePath, displayPath, text);
      // The text the last site was made from: an event that came after the rebuild that read it (a folder's
      // files still reported after its rename, a while later) or a save that changed nothing.
      if (this.keys.get(sourcePath) === cacheKey) continue;
      edits.push({ sourcePath, displayPath, text, cacheKey });
    }
    if (edits.length === 0) {
      return { articles: this.last.site.articles.length, site: siteCounts(this.last.site), written: [], removed: [], diagnostics: this.last.site.diagnostics, nothingChanged: true };
    }
    const site = this.last.site;
    // Until the edits are applied, their sources' keys are unknown: a full rebuild after a failed edit reads them again.
    const previous = edits.map((edit) => this.keys.get(edit.sourcePath));
    for (const edit of edits) this.keys.delete(edit.sourcePath);
    const affected = await this.last.edits.apply(edits, this.config, this.cache, this.pool);
    if (!affected) return null;
    edits.forEach((edit, i) => {
      // Data files are read by every build, not kept in the article cache.
      if (this.last!.edits!.isProfiles(edit.sourcePath)) return;
      this.keys.set(edit.sourcePath, edit.cacheKey);
      // The quick path never prunes the cache: drop the entry of the text this edit replaced, or every save would add one (issue #12).
      const before = previous[i];
      if (before !== undefined && before !== edit.cacheKey) this.cache.forget(before);
    });
    const written = await this.writeChanged(site, affected, this.written, new RealFolders(this.config.outDir));
    const outcome = written === null ? await this.writeWhole(site) : { written, removed: [] };
    return { articles: site.articles.length, site: siteCounts(site), ...outcome, diagnostics: site.diagnostics };
  }

  /**
   * Render and write those of `files` whose inputs and bytes changed; record them in `record`.
   * @returns The files written, or null, having written no more, when a symbolic link stands among the folders of one (see `writeWhole`).
   */
  private async writeChanged(site: GeneratedSite, files: OutputFile[], record: Map<string, WrittenFile>, folders: RealFolders): Promise<string[] | null> {
    const out = this.config.outDir;
    const fingerprints = new PageFingerprints(site.theme.id);
    // An edit applied to the last site changes page contexts in place: output kept for them is stale.
    site.theme.forgetRendered();
    const written: string[] = [];
    for (const file of files) {
      const target = resolveInside(out, file.path);
      const previous = this.written.get(file.path);
      const inputs = inputFingerprint(file, fingerprints);
      // The session owns the output folder: what it wrote is assumed to be still there.
      if (previous && previous.inputs === inputs) {
        record.set(file.path, previous);
        continue;
      }
      const content = file.type === 'page' ? site.theme.render(file.template, file.context) : file.type === 'text' ? file.content : null;
      const hash = content === null ? null : sha1(content);
      const bytes = hash ?? inputs;
      if (!(previous && previous.bytes === bytes) && !folders.leadsTo(target)) return null;
      if (previous && previous.bytes === bytes) {
        record.set(file.path, { ...previous, inputs });
        continue;
      }
      // Write beside the target and rename over it, so the server never sends half a file.
      // Synchronously: a rebuild writes a handful of files, and the thread pool's queueing
      // would cost more than the writes themselves.
      const temp = tempFileIn(out);
      syncFs.mkdirSync(path.dirname(target), { recursive: true });
      if (file.type === 'copy') syncFs.copyFileSync(file.from, temp);
      else syncFs.writeFileSync(temp, content!);
      // Stamped as written (a rename keeps size and time): the manifest saved later need not stat the whole output.
      const { size, mtimeMs } = syncFs.statSync(temp);
      syncFs.renameSync(temp, target);
      record.set(file.path, { inputs, bytes, hash, size, mtimeMs });
      written.push(file.path);
    }
    // Kept until the next write, the partials of a full rebuild's pages were a tenth of the heap at rest.
    site.theme.forgetRendered();
    return written;
  }

  /**
   * Write the whole site as a build does when a symbolic link stands among the output's folders
   * (a folder replaced by a link to one elsewhere): through a staging folder, which holds real
   * folders only and replaces the output whole, so nothing is written or deleted through the link.
   * Files still as this session wrote them are taken over, not rendered again.
   */
  private async writeWhole(site: GeneratedSite): Promise<{ written: string[]; removed: string[] }> {
    const before = this.written;
    const result = await writeSite(this.config.outDir, site, { cacheDir: null, manifest: OutputManifest.of(this.onDisk()) });
    site.theme.forgetRendered();
    this.written = new Map();
    for (const [file, entry] of result.entries) this.written.set(file, writtenFile(entry));
    this.manifestStale = true;
    return {
      written: [...this.written].filter(([file, now]) => before.get(file)?.bytes !== now.bytes).map(([file]) => file),
      removed: [...before.keys()].filter((file) => !this.written.has(file)),
    };
  }

  /**
   * What this session wrote, as an output manifest has it, each file stamped as it was written. Not
   * stat'ed again (at 100,000 articles, 279,000 files took seconds, on every save of the cache and at
   * Ctrl-C): a file changed or deleted by hand since has another stamp, or none, so whoever reads the
   * manifest next (a build, or `writeWhole`) writes it again.
   */
  private onDisk(): Map<string, ManifestEntry> {
    const entries = new Map<string, ManifestEntry>();
    for (const [file, written] of this.written) entries.set(file, { f: written.inputs, h: written.hash, size: written.size, mtimeMs: written.mtimeMs });
    return entries;
  }

  /** When the site last built next changes by itself (a scheduled article due, one expiring), or null; never with a fixed --now. */
  nextDue(): number | null {
    if (this.config.now !== null) return null;
    return this.due;
  }

  /** Bring the cache and the manifest up to date, and stop the session's worker threads. */
  async close(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.save();
    await this.leaveBuildRecord();
    this.cache.close();
    await this.pool.close();
    this.images.close();
  }

  /** Whether a rebuild's cache and output manifest wait for their delayed save, or its build record for the session's end. */
  get unsaved(): boolean {
    return this.saveTimer !== null || (this.config.cacheDir !== null && this.recordedRebuilds !== this.rebuilds);
  }

  /** Save the cache and the manifest once rebuilds have been quiet for a while: not on the path of a save. */
  private scheduleSave(): void {
    if (!this.config.cacheDir) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /**
   * Write the article cache's changed packs and an output manifest of what
   * this session wrote, so the next `build`, `watch` or `serve` reuses both.
   * The build record follows when the session closes (see `leaveBuildRecord`).
   */
  private save(): void {
    const { cacheDir, outDir } = this.config;
    if (!cacheDir) return;
    this.cache.flush();
    this.last?.site.search.save();
    // The encoded images the last full build did not use (a photo replaced or removed) go.
    if (this.config.images.process) this.images.save();
    if (!this.manifestStale) return;
    OutputManifest.save(cacheDir, outDir, this.onDisk());
    this.manifestStale = false;
  }

  /**
   * After `save`, when the session stops: a build record and a no-change check for the output as it is,
   * when they can say what a clean build would (see `recordSession`), so the next `build`, `watch` or
   * `serve` has nothing to do. Otherwise the record stays as the session found it: the sources changed
   * since have other stamps, so it never makes a later build skip them. Not at the delayed save: at
   * 100,000 articles it held the main thread for most of three seconds (listing and stamping the inputs, the
   * records read and written), which a save coming then would wait for.
   */
  private async leaveBuildRecord(): Promise<void> {
    const rebuilds = this.rebuilds;
    if (rebuilds === this.recordedRebuilds || !this.config.cacheDir) return;
    const timing = stageTimer();
    const refuse = (why: string) => {
      this.lastRecordRefusal = why;
      this.recordedRebuilds = rebuilds;
    };
    // Closed while a rebuild is under way (the watcher waits for it): its output is not settled.
    if (this.rebuilding > 0) return;
    if (this.outputInDoubt || this.configStale || !this.last) return refuse('the output is not that of a site');
    let listed;
    try {
      listed = await listInputs(this.config);
    } catch {
      return refuse('the sources could not be listed');
    }
    // A rebuild begun meanwhile: the listing may be older than its output.
    if (this.rebuilds !== rebuilds || this.rebuilding > 0 || !this.last) return;
    if (this.recordFileStamp() !== this.recordStamp) return refuse('another build wrote the build record');
    timing('watch: list and stamp inputs');
    const why = recordSession(this.config, listed, {
      site: this.last.site,
      keys: this.keys,
      written: this.onDisk(),
      key: (sourcePath, displayPath, bytes) => this.cache.key(sourcePath, displayPath, bytes),
      cacheIdentity: cacheIdentity(this.config),
    });
    timing(why === null ? 'watch: save record' : `watch: no record (${why})`);
    if (why === null) this.recordStamp = this.recordFileStamp();
    this.lastRecordRefusal = why;
    this.recordedRebuilds = rebuilds;
  }

  /** The build record's stamp, null without one. */
  private recordFileStamp(): string | null {
    if (!this.config.cacheDir) return null;
    try {
      return stampOf(recordFile(this.config.cacheDir));
    } catch {
      return null;
    }
  }

  /** Forget the keys of changed paths (and of everything below a changed folder): a full rebuild reads them again. */
  private forget(changed: string[]): void {
    const srcDir = this.config.srcDir;
    for (const p of changed) {
      const absolute = path.resolve(this.cwd, p);
      if (!isWithin(absolute, srcDir)) continue;
      const sourcePath = path.relative(srcDir, absolute).split(path.sep).join('/');
      if (this.keys.delete(sourcePath)) continue;
      const prefix = sourcePath === '' ? '' : `${sourcePath}/`;
      for (const known of this.keys.keys()) if (known.startsWith(prefix)) this.keys.delete(known);
    }
  }

  private touchesConfig(changed: string[]): boolean {
    const configFiles = new Set([this.config.configFile ?? watchedConfigFile(this.flags.config, this.cwd), ...(this.config.module?.files ?? [])]);
    return changed.some((p) => configFiles.has(path.resolve(this.cwd, p)));
  }
}

/** Whether two maps of source path → cache key are the same. */
function sameKeys(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [sourcePath, key] of a) if (b.get(sourcePath) !== key) return false;
  return true;
}
