import fs from 'node:fs';
import path from 'node:path';
import { DamagedCacheError } from '../report/disk-errors.js';
import { readCacheFile, removeCacheFile, saveCacheFile, saveCacheText } from '../cache/cache-file.js';
import { cacheDamaged, cacheNotWritten } from '../cache/cache-notices.js';
import { sha1 } from '../hash.js';
import { codeIdentity } from '../version.js';
import { decodeIds, encodeIds, Universe } from './postings.js';

export const STATE_FORMAT = 'gazette-search-state-4';
const FORMAT = STATE_FORMAT;
/** Documents' postings are kept in this many files, by id, so an edit reads and writes one. */
export const SHARDS = 64;
/**
 * Shards read from the cache folder that a state keeps once watch edits have moved on (the ones
 * used last): the others are read again when an edit needs them. At 100,000 articles a shard is
 * about 9 MB in memory, so edits all over a large site would otherwise keep every shard.
 */
export const KEPT_SHARDS = 8;
/** The folders a full build of the index writes its postings to until its state is saved (see state-writer.ts). */
export const STAGED_PREFIX = 'staged-';

/**
 * Where a state's shards that are not in memory are read from: the files saved in `dir`, or,
 * for a state built whole and not saved yet, the folder `staged` its build wrote them to. Shared
 * by a state and the states updated from it, so all read the saved files once one is saved.
 * `lost`: a shard could not be written, so no postings are known and the next build indexes whole.
 */
export interface ShardFiles {
  dir: string;
  staged: string | null;
  lost: boolean;
}

/**
 * What a language's index was when it was last written, for the next build to update it:
 * each fragment's hash (its bytes are in the page store or the output folder), the dense-term
 * threshold and which fragments hold bitmaps (see postings.ts), each document's fingerprint, and, in shards read only when one of their
 * documents changed, each document's postings. Never changed in place: an update makes
 * a new state, so a build that fails leaves the last one whole (watch keeps it in memory).
 */
export class IndexState {
  constructor(
    readonly buckets: number,
    readonly threshold: number,
    readonly fragments: string[],
    /** The fragments holding a bitmap, whose bytes change when a document is added or removed before the last. */
    readonly bitmaps: ReadonlySet<number>,
    /** Documents by id, in increasing id. */
    readonly docs: Map<number, string>,
    private readonly shards: (Map<number, string> | null)[],
    /** Shards changed since the state was read or saved. */
    private readonly dirty: Set<number>,
    /** Where shards not in memory are; null without a cache folder (all are in memory then). */
    private readonly files: ShardFiles | null,
  ) {}

  /**
   * The build that saved this state (its start time), or null (not saved, or saved by watch): a
   * later build that knows which sources changed since that build fingerprints only their documents.
   */
  made: number | null = null;
  /** Digest of the names and slugs of the sections and tags the documents were indexed with (see `termsDigest`). */
  terms = '';
  /** The shards in memory, least recently used first. */
  private used: number[] = [];

  /** An empty state, to be filled by a full build of the index. */
  static empty(buckets: number, threshold: number, dir: string | null): IndexState {
    const files = dir ? { dir, staged: null, lost: false } : null;
    return new IndexState(buckets, threshold, [], new Set(), new Map(), Array.from({ length: SHARDS }, () => new Map()), new Set(Array.from({ length: SHARDS }, (_, i) => i)), files);
  }

  /** The state saved in `dir` by the last build of this gazette, or null. */
  static load(dir: string): IndexState | null {
    type Saved = { identity: string; buckets: number; threshold: number; fragments: string[]; bitmaps: number[]; ids: string; fingerprints: string; made: number | null; terms: string };
    const file = path.join(dir, 'state.json');
    const saved = readCacheFile<Saved>(
      file,
      FORMAT,
      (d) => typeof d.buckets === 'number' && typeof d.threshold === 'number' && Array.isArray(d.fragments) && Array.isArray(d.bitmaps) && typeof d.ids === 'string' && typeof d.fingerprints === 'string' && (d.made === null || typeof d.made === 'number') && typeof d.terms === 'string',
    );
    if (!saved || saved.identity !== codeIdentity() || saved.fragments.length !== saved.buckets) return null;
    const docs = savedDocs(saved.ids, saved.fingerprints);
    if (!docs) {
      cacheDamaged(file, 'its documents do not read back');
      return null;
    }
    const state = new IndexState(saved.buckets, saved.threshold, saved.fragments, new Set(saved.bitmaps), docs, Array.from({ length: SHARDS }, () => null), new Set(), { dir, staged: null, lost: false });
    state.made = saved.made;
    state.terms = saved.terms;
    return state;
  }

  /** A document's postings as the last build indexed them (`term value term value …`), or null. */
  postingsOf(id: number): string | null {
    if (this.files?.lost) return null;
    return this.shard(id).get(id) ?? null;
  }

  /** The next state: these fragments, documents and postings (undefined postings: the document is gone). */
  update(fragments: string[], bitmaps: ReadonlySet<number>, docs: Map<number, string>, postings: Map<number, string | undefined>): IndexState {
    const shards = [...this.shards];
    const dirty = new Set(this.dirty);
    const copied = new Set<number>();
    for (const [id, value] of postings) {
      const at = shardOf(id);
      if (!copied.has(at)) shards[at] = new Map(this.shardAt(at));
      copied.add(at);
      dirty.add(at);
      if (value === undefined) shards[at]!.delete(id);
      else shards[at]!.set(id, value);
    }
    const next = new IndexState(fragments.length, this.threshold, fragments, bitmaps, docs, shards, dirty, this.files);
    next.terms = this.terms;
    next.used = [...this.used];
    if (docs === this.docs) next.ids = this.ids;
    return next;
  }

  /** The documents' ids, which bitmaps index (made once per state: a hundred thousand at most a few milliseconds). */
  universe(): Universe {
    this.ids ??= new Universe(Float64Array.from(this.docs.keys()).sort());
    return this.ids;
  }

  private ids: Universe | null = null;

  /**
   * The next state after documents `changed` (id → fingerprint) were edited: like `update`, but
   * the map of documents is taken over and changed in place, since copying it on every watch
   * save would cost time in proportion to the site. This state is not to be used again.
   */
  handOn(fragments: string[], bitmaps: ReadonlySet<number>, changed: Map<number, string>, postings: Map<number, string | undefined>): IndexState {
    const next = this.update(fragments, bitmaps, this.docs, postings);
    for (const [id, fingerprint] of changed) this.docs.set(id, fingerprint);
    next.trim();
    return next;
  }

  /** Every document's postings: for a full build of the index with another count of fragments. */
  allPostings(): Map<number, string> {
    const all = new Map<number, string>();
    for (let i = 0; i < SHARDS; i++) for (const [id, value] of this.shardAt(i)) all.set(id, value);
    return all;
  }

  /**
   * Write what changed to the cache folder (nothing without one): the shards a full build staged
   * moved into place, the shards changed since, then the state naming them. The saved state is
   * removed first and written last, only once every shard is: a build stopped or a disk full in
   * between leaves no state rather than one whose postings are not those of its fragments.
   * @param made The build saving it (its start time), when the build record it saves names the same (see `made`).
   */
  save(made: number | null = null): void {
    const files = this.files;
    if (!files) return;
    const stateFile = path.join(files.dir, 'state.json');
    removeCacheFile(stateFile);
    if (files.staged && !files.lost) {
      try {
        for (let at = 0; at < SHARDS; at++) fs.renameSync(path.join(files.staged, shardName(at)), path.join(files.dir, shardName(at)));
        files.staged = null;
      } catch (error) {
        cacheNotWritten(error);
        files.lost = true;
      }
    }
    // Folders staged by builds that failed or were stopped, and this one's once moved.
    removeStaged(files.dir);
    let saved = !files.lost;
    for (const at of [...this.dirty].sort((a, b) => a - b)) {
      if (!saved) break;
      const shard = this.shards[at]!;
      saved = saveCacheText(path.join(files.dir, shardName(at)), shardText(shard));
    }
    this.dirty.clear();
    this.trim();
    if (!saved) return;
    const { ids, fingerprints } = docsToSave(this.docs);
    const bitmaps = [...this.bitmaps].sort((a, b) => a - b);
    saveCacheFile(stateFile, { format: FORMAT, identity: codeIdentity(), buckets: this.buckets, threshold: this.threshold, fragments: this.fragments, bitmaps, ids, fingerprints, made, terms: this.terms });
  }

  /**
   * Let go of the shards beyond the `KEPT_SHARDS` used last that the cache folder has as they are
   * (not changed since it was saved or staged), to be read again when needed: a watch session's
   * memory then does not grow with how spread its edits are. Not during a build, which reads
   * shards in turn, each once.
   */
  private trim(): void {
    const files = this.files;
    if (!files || files.lost) return;
    let over = this.used.length - KEPT_SHARDS;
    for (let i = 0; over > 0 && i < this.used.length; ) {
      const at = this.used[i]!;
      if (this.dirty.has(at) || this.shards[at] === null) {
        i++;
        continue;
      }
      this.shards[at] = null;
      this.used.splice(i, 1);
      over--;
    }
  }

  private shard(id: number): Map<number, string> {
    return this.shardAt(shardOf(id));
  }

  private shardAt(at: number): Map<number, string> {
    if (this.used[this.used.length - 1] !== at) {
      const place = this.used.indexOf(at);
      if (place >= 0) this.used.splice(place, 1);
      this.used.push(at);
    }
    let shard = this.shards[at];
    // No postings known: what the state's documents had is not asked of it (`postingsOf`), so nothing is merged into a shard it does not have.
    if (!shard && this.files!.lost) shard = this.shards[at] = new Map();
    if (!shard) {
      const file = path.join(this.files!.staged ?? this.files!.dir, shardName(at));
      const saved = readCacheFile<{ docs: Record<string, string> }>(file, FORMAT, (d) => typeof d.docs === 'object' && d.docs !== null);
      // A shard gone missing with the state still there: nothing in it can be trusted to undo.
      if (!saved) throw new MissingIndexFile(`${file} is missing or damaged`);
      shard = new Map(Object.entries(saved.docs).map(([id, value]) => [Number(id), value]));
      this.shards[at] = shard;
    }
    return shard;
  }
}

/**
 * The documents as state.json keeps them: their ids as one string of gaps (see `encodeIds`) and
 * their fingerprints (base-64, never holding a space) joined by spaces, in the same order. Every
 * build with the cache reads it: two strings parse in a fraction of the time of 10,000 pairs.
 */
function docsToSave(docs: ReadonlyMap<number, string>): { ids: string; fingerprints: string } {
  let entries = [...docs];
  if (entries.some(([id], i) => i > 0 && id <= entries[i - 1]![0])) entries = entries.sort((a, b) => a[0] - b[0]);
  return { ids: encodeIds(entries.map(([id]) => id)), fingerprints: entries.map(([, fingerprint]) => fingerprint).join(' ') };
}

/** The documents `docsToSave` wrote, in increasing id; null when the two lists do not match. */
function savedDocs(ids: string, fingerprints: string): Map<number, string> | null {
  let list: number[];
  try {
    list = decodeIds(ids);
  } catch {
    return null;
  }
  const prints = fingerprints === '' ? [] : fingerprints.split(' ');
  if (prints.length !== list.length || list.some((id, i) => i > 0 && id <= list[i - 1]!) || prints.some((p) => p === '')) return null;
  const docs = new Map<number, string>();
  list.forEach((id, i) => docs.set(id, prints[i]!));
  return docs;
}

export function shardOf(id: number): number {
  return id % SHARDS;
}

/**
 * A shard file's text, as both its writers make it (a state's `save`, and a whole build's
 * `StateWriter` entry by entry): `SHARD_START`, then each document's entry (`shardEntry`) joined by
 * commas, then `SHARD_END`; the JSON of `{ format, docs: { id: postings } }`.
 */
export const SHARD_START = `{"format":${JSON.stringify(FORMAT)},"docs":{`;
export const SHARD_END = '}}';

export function shardEntry(id: number, postings: string): string {
  return `${JSON.stringify(String(id))}:${JSON.stringify(postings)}`;
}

function shardText(shard: ReadonlyMap<number, string>): string {
  const entries: string[] = [];
  for (const [id, postings] of shard) entries.push(shardEntry(id, postings));
  return `${SHARD_START}${entries.join(',')}${SHARD_END}`;
}

/** The file of shard `at`, in a state's folder or a staged one. */
export function shardName(at: number): string {
  return `postings-${String(at).padStart(2, '0')}.json`;
}

/** Remove every staged folder in a state's folder. */
function removeStaged(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(STAGED_PREFIX)) removeCacheFile(path.join(dir, name), { recursive: true });
}

/** Where a language's index state is kept in the cache folder. */
export function stateDir(cacheDir: string, language: string): string {
  return path.join(cacheDir, 'search', encodeURIComponent(language));
}

/** Forget every saved index state (the cache was found damaged). */
export function discardIndexStates(cacheDir: string | null): void {
  if (cacheDir) removeCacheFile(path.join(cacheDir, 'search'), { recursive: true });
}

/**
 * Where the bytes of a file the last build wrote are found again: in the page store, or in the
 * output folder, checked against their hash either way.
 */
export class WrittenFiles {
  /**
   * @param storedPage Where the page store keeps the file of a hash, or null without one.
   * @param outDir The output folder.
   */
  constructor(
    private readonly storedPage: ((hash: string) => string) | null,
    private readonly outDir: string,
  ) {}

  /** The text of output file `file` whose bytes hash to `hash`, or null when neither place has it. */
  find(file: string, hash: string): string | null {
    const places = [...(this.storedPage ? [this.storedPage(hash)] : []), path.join(this.outDir, ...file.split('/'))];
    for (const place of places) {
      try {
        const text = fs.readFileSync(place, 'utf8');
        if (sha1(text) === hash) return text;
      } catch {
        // Not there: the next place.
      }
    }
    return null;
  }

  /** Like `find`, for a file the writer was told is unchanged: not finding it is cache damage. */
  read(file: string, hash: string): string {
    const text = this.find(file, hash);
    if (text === null) throw new MissingIndexFile(`the search index file ${file} it names is in neither the page store nor the output folder`);
    return text;
  }
}

/** A file the index's state names is gone: the build makes the index whole again. */
export class MissingIndexFile extends DamagedCacheError {}

/**
 * An output text file whose bytes the last build wrote: its hash (its fingerprint) is known,
 * its text read again only if the writer needs it.
 */
export class KeptText {
  readonly type = 'text' as const;
  readonly owner = 'search index';

  constructor(
    readonly path: string,
    readonly fingerprint: string,
    private readonly written: WrittenFiles,
  ) {}

  get content(): string {
    return this.written.read(this.path, this.fingerprint);
  }
}
