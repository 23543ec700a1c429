import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readCacheFile, saveCacheFile } from '../cache/cache-file.js';
import { outputPathProblem, resolveInside } from '../safe-path.js';

/** What gazette knows about one file it wrote: its input fingerprint, content hash and disk stamp. */
export interface ManifestEntry {
  /** Fingerprint of everything the file was made from. */
  f: string;
  /** Hash of the bytes written (null for copied files). */
  h: string | null;
  size: number;
  mtimeMs: number;
}

const FORMAT = 'gazette-output-manifest-2';

/**
 * The file's form: each field of the entries as one list, in the order of `paths`. At 100,000
 * articles (279,000 files) an object per file keyed by its path cost several times as much to
 * parse and to write.
 */
interface ManifestFile {
  outDir: unknown;
  paths: string[];
  f: string[];
  h: (string | null)[];
  size: number[];
  mtimeMs: number[];
}
/** Below this many files, stat'ing them on the main thread costs less than starting a thread. */
const PREFETCH_MIN_FILES = 2000;

type DiskStamp = { size: number; mtimeMs: number } | null;

/**
 * The record of the last successful build's output files, kept in the build
 * cache. It lets the next build reuse a file whose inputs are unchanged (or
 * whose new bytes equal the old ones) instead of rendering and rewriting it,
 * but only while the file on disk still has the size and time recorded, so
 * a hand-edited or deleted output file is always rebuilt.
 */
export class OutputManifest {
  /** Stamps read ahead by `prefetch`: the paths, and [size, mtimeMs] for each (NaN: gone). */
  private prefetched: { files: string[]; stamps: Promise<Float64Array | null> } | null = null;
  /** Those stamps once read, by output path. */
  private stamps: Map<string, DiskStamp> | null = null;
  /** Whether `prefetch` found no output folder at all. */
  private outputGone = false;

  private constructor(
    /** The files the last build wrote into this output folder (none when it wrote another folder). */
    readonly entries: Map<string, ManifestEntry>,
    /** The files the last build wrote, into whichever folder: what its stored pages were made from (see PageStore). */
    readonly recorded: Map<string, ManifestEntry>,
  ) {}

  /**
   * Load the manifest for `outDir` from `cacheDir`; a missing or foreign one is empty, and so is
   * a damaged one: one entry that is not what gazette writes (a path that would lead out of the
   * output folder, say) and none of it is trusted, since files are deleted by its paths.
   */
  static load(cacheDir: string | null, outDir: string): OutputManifest {
    const file = cacheDir ? manifestFile(cacheDir) : null;
    const data = file ? readCacheFile<ManifestFile>(file, FORMAT, isManifestData) : null;
    if (!data) return new OutputManifest(new Map(), new Map());
    const recorded = new Map<string, ManifestEntry>();
    for (let i = 0; i < data.paths.length; i++) recorded.set(data.paths[i]!, { f: data.f[i]!, h: data.h[i]!, size: data.size[i]!, mtimeMs: data.mtimeMs[i]! });
    return new OutputManifest(data.outDir === outDir ? recorded : new Map(), recorded);
  }

  /** A manifest of files known to be in the output folder as `entries` describe them (a watcher's record of what it wrote). */
  static of(entries: Map<string, ManifestEntry>): OutputManifest {
    return new OutputManifest(entries, new Map());
  }

  /** The previous entry for `relative`, if the file it describes is still on disk unchanged. */
  reusable(relative: string, absolute: string): ManifestEntry | null {
    const entry = this.entries.get(relative);
    if (!entry) return null;
    if (this.outputGone) return null;
    let stamp = this.stamps?.get(relative);
    if (stamp === undefined) stamp = diskStamp(absolute);
    return sameStamp(stamp, entry) ? entry : null;
  }

  /**
   * Start reading the stamps of the listed files in `outDir` on a thread of its own, for
   * `reusable` to find ready once `prefetched` resolves: a build works for a second or more
   * before it writes, and 17,600 `stat` calls took about 190 ms of the main thread in a
   * one-article rebuild. Same semantics as stat'ing at write time: an output file changed by
   * hand before the build is rebuilt; one changed during the build races it either way.
   * @param known Those stamps being read already, for this many files in this manifest's order.
   */
  prefetch(outDir: string, minFiles = PREFETCH_MIN_FILES, known: { count: number; stamps: Promise<Float64Array | null> } | null = null): void {
    if (this.entries.size === 0 || this.prefetched) return;
    // A CI build's empty output folder: nothing to reuse, nor to stat file by file.
    this.outputGone = !fs.existsSync(outDir);
    if (this.outputGone || this.entries.size < minFiles) return;
    const files = [...this.entries.keys()];
    // Stat'ed already by the no-change check's threads, in this order (see `NoChangeCheck.outputStamps`): not again.
    const found = known?.count === files.length ? known.stamps : null;
    // Without the stamps, `reusable` stats each file itself.
    this.prefetched = { files, stamps: found ? found.then((stamps) => stamps ?? statOutputs(outDir, files).stamps) : statOutputs(outDir, files).stamps };
  }

  /** Wait for the stamps `prefetch` is reading (at once without a prefetch). */
  async settled(): Promise<void> {
    if (!this.prefetched || this.stamps) return;
    const stamps = await this.prefetched.stamps;
    if (!stamps) return;
    this.stamps = new Map();
    this.prefetched.files.forEach((file, i) => {
      const size = stamps[i * 2]!;
      this.stamps!.set(file, Number.isNaN(size) ? null : { size, mtimeMs: stamps[i * 2 + 1]! });
    });
  }

  /** Whether every file this manifest lists is still on disk as written (and it lists any). */
  intact(outDir: string): boolean {
    if (this.entries.size === 0 || this.outputGone) return false;
    try {
      for (const [relative, entry] of this.entries) {
        // A stamp read ahead needs no path built (a no-change build asks this of every output file).
        const stamp = this.stamps?.get(relative);
        if (stamp !== undefined ? !sameStamp(stamp, entry) : !this.reusable(relative, resolveInside(outDir, relative))) return false;
      }
    } catch {
      return false; // a path that does not belong in the output folder: this manifest is not ours
    }
    return true;
  }

  /** Save `entries` as the record of the build that just finished. */
  static save(cacheDir: string | null, outDir: string, entries: Map<string, ManifestEntry>): void {
    // Without a manifest the next build simply renders everything.
    if (!cacheDir) return;
    const data: ManifestFile & { format: string } = { format: FORMAT, outDir, paths: [...entries.keys()], f: [], h: [], size: [], mtimeMs: [] };
    for (const entry of entries.values()) {
      data.f.push(entry.f);
      data.h.push(entry.h);
      data.size.push(entry.size);
      data.mtimeMs.push(entry.mtimeMs);
    }
    saveCacheFile(manifestFile(cacheDir), data);
  }
}

/** Where the output manifest of a cache folder is kept. */
export function manifestFile(cacheDir: string): string {
  return path.join(cacheDir, 'output-manifest.json');
}

/**
 * Stat `files` ('/'-separated paths in `outDir`, never leading out of it) on a thread of their own:
 * [size, mtimeMs] for each, in order, NaN for a file that is gone; null if the thread failed or was
 * stopped.
 */
export function statOutputs(outDir: string, files: string[]): { stamps: Promise<Float64Array | null>; stop: () => void } {
  let worker: Worker;
  const stamps = new Promise<Float64Array | null>((resolve) => {
    worker = new Worker(new URL('./stat-thread.js', import.meta.url), { workerData: { root: path.resolve(outDir) + path.sep, files } });
    worker.once('message', resolve);
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { stamps, stop: () => void worker.terminate() };
}

function isManifestData(data: Record<string, unknown>): boolean {
  const { paths, f, h, size, mtimeMs } = data as Partial<ManifestFile>;
  if (!Array.isArray(paths) || ![f, h, size, mtimeMs].every((list) => Array.isArray(list) && list.length === paths.length)) return false;
  for (let i = 0; i < paths.length; i++) {
    const relative = paths[i];
    if (typeof relative !== 'string' || outputPathProblem(relative) !== null) return false;
    if (typeof f![i] !== 'string' || (h![i] !== null && typeof h![i] !== 'string') || typeof size![i] !== 'number' || typeof mtimeMs![i] !== 'number') return false;
  }
  return true;
}

/** Whether a file on disk has the size and time `entry` recorded. */
function sameStamp(stamp: DiskStamp, entry: ManifestEntry): boolean {
  return stamp !== null && stamp.size === entry.size && stamp.mtimeMs === entry.mtimeMs;
}

function diskStamp(file: string): DiskStamp {
  try {
    const stat = fs.statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}
