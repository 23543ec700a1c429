import fs from 'node:fs';
import path from 'node:path';
import type { GeneratedSite } from '../build/model.js';
import type { BuildProgress } from '../report/progress.js';
import { sha1 } from '../hash.js';
import { stampOf } from '../stamp.js';
import { PageFingerprints } from '../site/fingerprint.js';
import type { OutputFile } from '../site/model.js';
import { AtomicDir } from './atomic-dir.js';
import { keepInStore, STALE_PAGE, type FileDone } from './file-ops.js';
import { FileWriter } from './file-writer.js';
import { copyFile, mkdir, rename, stat, writeFile } from './fs-calls.js';
import { IoQueue } from './io-queue.js';
import { OutputManifest, type ManifestEntry } from './manifest.js';
import { dropStoredPages, openPageStore, pagePath, prunePageStore, type PageStore } from './page-store.js';
import { RealFolders } from './real-folders.js';
import { resolveInside } from '../safe-path.js';
import { tempFileIn } from './temp-files.js';
import { abandonWriteAhead, type WriteAhead } from './write-ahead.js';

/** How many files a write produced, and how many it could reuse from the previous site. */
export interface WriteResult {
  pages: number;
  rendered: number;
  reused: number;
  /** What was written for each output path: input fingerprint and content hash. */
  entries: Map<string, ManifestEntry>;
}

/**
 * Write every file of a generated site into `outDir`, through a staging
 * folder that replaces `outDir` only when all writes succeeded. With a cache
 * folder, files whose inputs are unchanged since the last build — or whose
 * new bytes equal the old ones — are taken over from the previous site
 * (hard-linked, not rewritten), or from the page store when the previous
 * site is not there (a CI job), and pages whose inputs are unchanged are not
 * even rendered.
 */
export async function writeSite(
  outDir: string,
  site: GeneratedSite,
  options: { progress?: BuildProgress; cacheDir?: string | null; manifest?: OutputManifest; ahead?: WriteAhead | null } = {},
): Promise<WriteResult> {
  const cacheDir = options.cacheDir ?? null;
  const manifest = options.manifest ?? OutputManifest.load(cacheDir, outDir);
  let ahead = options.ahead ?? null;
  await manifest.settled();
  const fingerprints = new PageFingerprints(site.theme.id);
  const store = openPageStore(cacheDir);
  if (manifest.entries.size > 0 && fs.existsSync(outDir)) {
    if (ahead) {
      // An output folder appeared since the write began ahead (none was there): updated in place after all.
      await abandonWriteAhead(ahead);
      ahead = null;
    }
    const updated = await updateInPlace(outDir, site, manifest, fingerprints, store);
    if (updated) {
      OutputManifest.save(cacheDir, outDir, updated.entries);
      if (store) dropStoredPages(store, droppedHashes(manifest.recorded, updated.entries));
      return updated;
    }
  }
  const next = new Map<string, ManifestEntry>();
  const out = ahead?.out ?? (await AtomicDir.open(outDir));
  // Pages are rendered here while another thread writes them: the two overlap on two cores.
  const writer = ahead?.writer ?? new FileWriter(site.files.length);
  const result: WriteResult = { pages: 0, rendered: 0, reused: 0, entries: new Map() };
  let done = 0;
  let failure: unknown = null;
  const tasks: Promise<void>[] = [];
  // With GAZETTE_TIMING=1, where this thread's time goes in the write (for profiling, not for users).
  const clock = process.env.GAZETTE_TIMING ? { rendering: 0, fingerprints: 0, waiting: 0 } : null;
  const track = (file: OutputFile, fingerprint: string, operation: Promise<FileDone>) => {
    const task = operation.then(
      (written) => {
        if (written.reused) result.reused++;
        next.set(file.path, { f: fingerprint, h: written.hash, size: written.size, mtimeMs: written.mtimeMs });
        options.progress?.stage('writing', ++done, site.files.length);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    tasks.push(task);
  };
  // Files the write begun ahead may have taken (the index into its files), claimed once it says which it took.
  const aheadIndex = ahead ? new Map(ahead.files.map((file, i) => [file, i])) : null;
  const claims: { file: Extract<OutputFile, { type: 'page' | 'text' }>; fingerprint: string; index: number }[] = [];
  const fromStore = (file: Extract<OutputFile, { type: 'page' | 'text' }>, target: string, hash: string, fingerprint: string, store: PageStore) => {
    const stored = writer.run({ kind: 'stored', file: target, hash, store }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== STALE_PAGE) throw error;
      // Changed or gone there since: rendered after all.
      if (file.type === 'page') result.rendered++;
      return writer.run({ kind: 'write', file: target, data: encodedContent(file, site), same: null, store });
    });
    track(file, fingerprint, stored);
  };
  try {
    if (ahead) {
      // Pages taken ahead that the site no longer has: gone before any file is written where one of their folders stands.
      const produced = new Set(site.files.map((file) => file.path));
      const gone = ahead.files.filter((file) => !produced.has(file)).map((file) => out.path(file));
      if (gone.length) {
        tasks.push(
          writer.run({ kind: 'drop', root: out.staging, files: gone }).then(
            () => undefined,
            (error: unknown) => {
              failure ??= error;
            },
          ),
        );
      }
    }
    for (const file of site.files) {
      if (failure) throw failure;
      const previousFile = resolveInside(outDir, file.path);
      const target = out.path(file.path);
      const started = clock ? performance.now() : 0;
      const fingerprint = inputFingerprint(file, fingerprints);
      if (file.type === 'page') result.pages++;
      const previous = manifest.reusable(file.path, previousFile);
      if (clock) clock.fingerprints += performance.now() - started;
      const recorded = store && file.type !== 'copy' ? manifest.recorded.get(file.path) : undefined;
      if (previous && previous.f === fingerprint) {
        track(file, fingerprint, writer.run({ kind: 'link', file: target, from: previousFile }).then((w) => ({ ...w, hash: previous.h })));
      } else if (file.type === 'copy') {
        track(file, fingerprint, writer.run({ kind: 'copy', file: target, from: file.from }));
      } else if (store && recorded?.h && recorded.f === fingerprint) {
        // Made from the same inputs by the last build, which kept it: taken from the store, not rendered.
        const index = aheadIndex?.get(file.path);
        if (index !== undefined && ahead!.hashes[index] === recorded.h) claims.push({ file, fingerprint, index });
        else fromStore(file, target, recorded.h, fingerprint, store);
      } else {
        // Rendering is this thread's work; hashing and writing are the writer's.
        const rendering = clock ? performance.now() : 0;
        const data = encodedContent(file, site);
        if (file.type === 'page') result.rendered++;
        const same = previous?.h ? { hash: previous.h, from: previousFile } : null;
        track(file, fingerprint, writer.run({ kind: 'write', file: target, data, same, store }));
        const waiting = clock ? performance.now() : 0;
        await writer.room();
        if (clock) {
          clock.rendering += waiting - rendering;
          clock.waiting += performance.now() - waiting;
        }
      }
    }
    const draining = clock ? performance.now() : 0;
    if (claims.length) {
      // Taken ahead: claimed here, with no operation each; a page not taken is taken (or rendered) now.
      const taken = await ahead!.taken;
      for (const { file, fingerprint, index } of claims) {
        const size = taken ? taken[2 * index]! : NaN;
        if (Number.isNaN(size)) {
          fromStore(file, out.path(file.path), ahead!.hashes[index]!, fingerprint, store!);
          continue;
        }
        result.reused++;
        next.set(file.path, { f: fingerprint, h: ahead!.hashes[index]!, size, mtimeMs: taken![2 * index + 1]! });
        options.progress?.stage('writing', ++done, site.files.length);
      }
    }
    await Promise.all(tasks);
    if (clock) {
      clock.waiting += performance.now() - draining;
      const ms = (n: number) => `${Math.round(n)} ms`;
      process.stderr.write(`[timing]   write: rendering ${ms(clock.rendering)}, fingerprints ${ms(clock.fingerprints)}, waiting for the disk ${ms(clock.waiting)}\n`);
    }
    if (failure) throw failure;
    await out.commit();
  } catch (error) {
    await Promise.all(tasks);
    await out.abort();
    throw out.named(error);
  } finally {
    await writer.close();
  }
  if (claims.length) {
    // In the site's order: claims and operations settle in an order that depends on the writer's pace.
    const settled = new Map(next);
    next.clear();
    for (const file of site.files) {
      const entry = settled.get(file.path);
      if (entry) next.set(file.path, entry);
    }
  }
  OutputManifest.save(cacheDir, outDir, next);
  // A build through a staging folder looks at the whole store: a failed one may have left pages there.
  if (store) prunePageStore(store, hashesOf(next));
  result.entries = next;
  return result;
}

/**
 * The content hashes the last build's files had and no file of this build has: the stored pages to
 * drop. Found from the files whose hash changed (a few, after an edit) rather than from sets of every
 * hash of both builds (279,000 files at 100,000 articles).
 */
function droppedHashes(before: Map<string, ManifestEntry>, after: Map<string, ManifestEntry>): Set<string> {
  const dropped = new Set<string>();
  for (const [file, entry] of before) if (entry.h && after.get(file)?.h !== entry.h) dropped.add(entry.h);
  // A hash another file still has (two files with the same bytes) is kept.
  if (dropped.size > 0) for (const entry of after.values()) if (entry.h) dropped.delete(entry.h);
  return dropped;
}

/** The content hashes of the files in `entries`. */
function hashesOf(entries: Map<string, ManifestEntry>): Set<string> {
  const hashes = new Set<string>();
  for (const entry of entries.values()) if (entry.h) hashes.add(entry.h);
  return hashes;
}

/** What a file is made from: page inputs, text bytes (or what stands for them), or a copied file's stamp. */
export function inputFingerprint(file: OutputFile, fingerprints: PageFingerprints): string {
  if (file.type === 'page') return fingerprints.ofFile(file);
  if (file.type === 'text') return file.fingerprint ?? sha1(file.content);
  return fileStamp(file.from);
}

/**
 * A generated file's bytes: a page rendered, or a text file's content. Encoded
 * once here, since both the hash and the write need bytes, and hashing or
 * writing a string would each encode it again.
 */
function encodedContent(file: Extract<OutputFile, { type: 'page' | 'text' }>, site: GeneratedSite): Buffer {
  return Buffer.from(file.type === 'page' ? site.theme.render(file.template, file.context) : file.content, 'utf8');
}

/** Identifies a copied file's source and its current bytes (see `stampOf`). */
export function fileStamp(file: string): string {
  return `${file}\0${stampOf(file)}`;
}

/**
 * The incremental path, taken when the last build's manifest describes the
 * output folder: everything is rendered in memory first (a content or
 * template error stops the build before any write), then the changed files
 * are written beside their targets and renamed over them, and files no
 * longer produced are removed. Unchanged files are not touched at all,
 * which on a large site saves tens of thousands of file operations.
 * Returns null, having written nothing, when a file must replace a folder
 * or the reverse, or a symbolic link stands in the way; the caller then
 * builds through a staging folder.
 */
async function updateInPlace(
  outDir: string,
  site: GeneratedSite,
  manifest: OutputManifest,
  fingerprints: PageFingerprints,
  store: PageStore | null,
): Promise<WriteResult | null> {
  const result: WriteResult = { pages: 0, rendered: 0, reused: 0, entries: new Map() };
  const changes: { path: string; target: string; content: Buffer | null; from: string | null; fingerprint: string; hash: string | null }[] = [];
  for (const file of site.files) {
    const target = resolveInside(outDir, file.path);
    const fingerprint = inputFingerprint(file, fingerprints);
    if (file.type === 'page') result.pages++;
    const previous = manifest.reusable(file.path, target);
    if (previous && previous.f === fingerprint) {
      result.entries.set(file.path, previous);
      result.reused++;
      continue;
    }
    if (file.type === 'copy') {
      changes.push({ path: file.path, target, content: null, from: file.from, fingerprint, hash: null });
      continue;
    }
    const content = encodedContent(file, site);
    if (file.type === 'page') result.rendered++;
    const hash = sha1(content);
    if (previous && previous.h === hash) {
      result.entries.set(file.path, { ...previous, f: fingerprint });
      result.reused++;
      continue;
    }
    changes.push({ path: file.path, target, content, from: null, fingerprint, hash });
  }
  const produced = new Set(site.files.map((f) => f.path));
  const stale = [...manifest.entries.keys()].filter((p) => !produced.has(p)).map((p) => resolveInside(outDir, p));
  const staleSet = new Set(stale);
  // A symbolic link among the folders a write or delete goes through would take it outside the output
  // folder: damage, which a full build repairs (its new folder has none, and the old one goes whole, links unfollowed).
  const folders = new RealFolders(outDir);
  if (!changes.every((change) => folders.leadsTo(change.target)) || !stale.every((file) => folders.leadsTo(file))) return null;
  // A folder where a file must go, or a file (still produced) where a folder must go: leave it to a full build.
  for (const change of changes) {
    const stat = fs.statSync(change.target, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return null;
    for (let dir = path.dirname(change.target); dir.length > outDir.length; dir = path.dirname(dir)) {
      const parent = fs.statSync(dir, { throwIfNoEntry: false });
      if (parent && !parent.isDirectory() && !staleSet.has(dir)) return null;
      if (parent) break;
    }
  }

  const temps = new Map(changes.map((change) => [change, tempFileIn(outDir)]));
  const temp = (change: (typeof changes)[number]) => temps.get(change)!;
  const io = new IoQueue();
  const made = new Map<string, Promise<unknown>>();
  const ensureDir = (dir: string) => {
    let pending = made.get(dir);
    if (!pending) made.set(dir, (pending = mkdir(dir, { recursive: true })));
    return pending;
  };
  try {
    // Stale files first: one may stand where a new folder is needed.
    for (const file of stale) await io.add(() => fs.promises.rm(file, { force: true }));
    await io.drain();
    for (const change of changes) {
      await io.add(async () => {
        await ensureDir(path.dirname(change.target));
        if (change.from !== null) await copyFile(change.from, temp(change));
        else await writeFile(temp(change), change.content!);
      });
    }
    await io.drain();
  } catch (error) {
    await Promise.all(changes.map((c) => fs.promises.rm(temp(c), { force: true })));
    throw error;
  }
  for (const change of changes) {
    await io.add(async () => {
      await rename(temp(change), change.target);
      const stats = await stat(change.target);
      result.entries.set(change.path, { f: change.fingerprint, h: change.hash, size: stats.size, mtimeMs: stats.mtimeMs });
    });
  }
  await io.drain();
  // Few files as a rule (those that changed): linked into the page store one by one, on this thread.
  const storeDirs = new Set<string>();
  if (store) for (const change of changes) if (change.hash) keepInStore(change.target, pagePath(store, change.hash), storeDirs);
  for (const file of stale) await pruneEmptyDirs(path.dirname(file), outDir);
  return result;
}

/** Remove now-empty folders from `dir` up to (not including) `root`. */
export async function pruneEmptyDirs(dir: string, root: string): Promise<void> {
  for (let current = dir; current.startsWith(root + path.sep); current = path.dirname(current)) {
    try {
      await fs.promises.rmdir(current);
    } catch {
      return;
    }
  }
}
