import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCacheFile, saveCacheFile } from '../cache/cache-file.js';
import { cacheNotWritten } from '../cache/cache-notices.js';
import { sha1 } from '../hash.js';
import { stampOf } from '../stamp.js';
import type { ImageProbe } from './formats.js';

// 2: SVG sizes in CSS pixels (points, picas, inches… converted).
const FORMAT = 'gazette-image-index-2';
/** Temporary folders of stores without a cache folder, removed when the process ends if not closed before. */
const temporaryDirs = new Set<string>();
let cleanupRegistered = false;
/** A file changed this recently may change again within the clock's tick, unseen: its hash is not remembered. */
const RACY_MS = 2000;

/** How many dropped variants --verbose names. */
const DROPPED_EXAMPLES = 3;

/** Image files encoded by a build, found in the cache, and left out as heavier than a larger one. */
export interface ImageCounts {
  encoded: number;
  reused: number;
  dropped: number;
  droppedExamples: string[];
}

interface IndexData {
  /** Source file (absolute path) → its stamp when hashed, and the hash of its bytes. */
  sources: Record<string, { stamp: string; hash: string }>;
  /** Hash of a source's bytes → what probing it found. */
  probes: Record<string, ImageProbe>;
}

/**
 * Encoded images kept across builds, in `<cache>/images/`: each file is
 * named by a key that hashes the source's bytes and every setting that
 * shapes it, so a file found there is the file the build would make. An
 * index remembers each source's hash (by its stamp, so an unchanged photo
 * is not read again) and what probing it found. Without a cache folder
 * (`--no-cache`) the files go to a temporary folder removed by `close`.
 */
export class ImageStore {
  readonly dir: string;
  private readonly temporary: boolean;
  private index: IndexData = { sources: {}, probes: {} };
  private readonly used = new Set<string>();
  /** Whether the files marked used are all a finished build needs (see `finishBuild`). */
  private settled = false;
  /** Image files encoded, and found already made, since the counters were last reset. */
  encoded = 0;
  reused = 0;
  /** Variants left out of the output as heavier than one with more pixels (see variant-choice.ts), and a few of their paths. */
  dropped = 0;
  droppedExamples: string[] = [];

  constructor(cacheDir: string | null) {
    // Encoded files are what the site's images are copied from: a cache folder that cannot take them
    // (read-only, say) is not used at all, and the images are encoded again into a temporary one.
    const usable = cacheDir !== null && writable(path.join(cacheDir, 'images'));
    this.temporary = !usable;
    this.dir = usable ? path.join(cacheDir, 'images') : fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-images-'));
    if (!this.temporary) this.index = readIndex(path.join(this.dir, 'index.json'));
    else {
      temporaryDirs.add(this.dir);
      if (!cleanupRegistered) {
        cleanupRegistered = true;
        process.once('exit', () => {
          for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
        });
      }
    }
  }

  /** The hash of a source file's bytes; the bytes too when they had to be read. */
  hashOf(file: string): { hash: string; bytes: Buffer | null } {
    const stamp = stampOf(file);
    const known = this.index.sources[file];
    if (stamp !== null && known && known.stamp === stamp) return { hash: known.hash, bytes: null };
    const bytes = fs.readFileSync(file);
    const hash = sha1(bytes);
    const mtime = fs.statSync(file).mtimeMs;
    if (stamp !== null && Date.now() - mtime > RACY_MS) this.index.sources[file] = { stamp, hash };
    else delete this.index.sources[file];
    return { hash, bytes };
  }

  /** Count variants left out (output paths), keeping the first few as examples for --verbose. */
  noteDropped(paths: string[]): void {
    this.dropped += paths.length;
    for (const out of paths) if (this.droppedExamples.length < DROPPED_EXAMPLES) this.droppedExamples.push(out);
  }

  /** What this build did with images, for --verbose. */
  counts(): ImageCounts {
    return { encoded: this.encoded, reused: this.reused, dropped: this.dropped, droppedExamples: [...this.droppedExamples] };
  }

  probeOf(hash: string): ImageProbe | null {
    return this.index.probes[hash] ?? null;
  }

  rememberProbe(hash: string, probe: ImageProbe): void {
    this.index.probes[hash] = probe;
  }

  /** Where the encoded file with `key` lives; marks it used by this build. */
  fileFor(key: string, extension: string): string {
    const name = `${key}.${extension}`;
    this.used.add(name);
    return path.join(this.dir, key.slice(0, 2), name);
  }

  /** Whether an encoded file is there (a partly written one never is: files are renamed into place). */
  has(file: string): boolean {
    return fs.existsSync(file);
  }

  /** Make the folder an encoded file goes to. */
  prepareFor(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  /**
   * Save the index and, after a build that finished its images, delete the
   * encoded files it did not use (photos replaced or removed, settings
   * changed), so the cache does not grow forever. A failed build deletes
   * nothing: it may not have reached every image. Watch saves after rebuilds.
   */
  save(): void {
    if (this.temporary) return;
    const sourcesUsed = new Set<string>();
    for (const [file, { hash }] of Object.entries(this.index.sources)) {
      if (fs.existsSync(file)) sourcesUsed.add(hash);
      else delete this.index.sources[file];
    }
    for (const hash of Object.keys(this.index.probes)) if (!sourcesUsed.has(hash)) delete this.index.probes[hash];
    saveCacheFile(path.join(this.dir, 'index.json'), { format: FORMAT, ...this.index });
    if (!this.settled) return;
    try {
      for (const shard of fs.readdirSync(this.dir, { withFileTypes: true })) {
        if (!shard.isDirectory()) continue;
        const folder = path.join(this.dir, shard.name);
        for (const name of fs.readdirSync(folder)) if (!this.used.has(name)) fs.rmSync(path.join(folder, name), { force: true });
      }
    } catch {
      // A cache that cannot be tidied only takes more room.
    }
  }

  /** Forget the files marked used (a new build starts marking). */
  startBuild(): void {
    this.used.clear();
    this.settled = false;
    this.encoded = 0;
    this.reused = 0;
    this.dropped = 0;
    this.droppedExamples = [];
  }

  /** Every image of the build is encoded or found: the files marked used are all it needs. */
  finishBuild(): void {
    this.settled = true;
  }

  /** Remove a temporary folder (with `--no-cache`); a cache folder stays. */
  close(): void {
    if (!this.temporary) return;
    fs.rmSync(this.dir, { recursive: true, force: true });
    temporaryDirs.delete(this.dir);
  }
}

function readIndex(file: string): IndexData {
  const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  // Missing or damaged: every source is hashed again.
  const data = readCacheFile<IndexData>(file, FORMAT, (data) => isObject(data.sources) && isObject(data.probes));
  return data ? { sources: data.sources, probes: data.probes } : { sources: {}, probes: {} };
}

/** Whether files can be made in `dir` (made if need be); if not, the cache is noted as unwritable. */
function writable(dir: string): boolean {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return true;
  } catch (error) {
    cacheNotWritten(error);
    return false;
  }
}
