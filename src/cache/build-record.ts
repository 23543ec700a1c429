import fs from 'node:fs';
import path from 'node:path';
import { readCacheFile, removeCacheFile, saveCacheFile } from './cache-file.js';

const FORMAT = 'gazette-build-record-3';
/**
 * A file whose last change is this close to the start of the build that
 * recorded it may have changed again within one tick of the file system's
 * clock, unseen; its stamp is not trusted. Timestamps in whole seconds may
 * come from a file system that counts in seconds or two (FAT, HFS+); finer
 * ones tick at most every few milliseconds.
 */
const RACY_MS_COARSE = 2000;
const RACY_MS_FINE = 100;

/** What the last successful build saw and produced, to recognise a build with nothing to do. */
export interface BuildRecordData<Result> {
  /** Everything besides input files that decides the output: gazette, Node.js, config, working folder. */
  identity: string;
  /** What article cache keys depend on besides the text: pipeline options, working and source folders. */
  keyIdentity: string;
  /** When that build started, before it looked at any input. */
  startedAt: number;
  /** Every input file (absolute path) and its stamp, taken before it was read. */
  stamps: Map<string, string | null>;
  /** Cache key of every article source read (source path → key). */
  keys: Map<string, string>;
  /** Digest of the URLs the build resolved article links against (see `generateSite`). */
  resolverDigest: string;
  /**
   * The span of "now" over which the same sources give the same site: from the
   * last publication or expiry time at or before the build's now, to the next
   * one after it (null: unbounded on that side).
   */
  window: { since: number | null; until: number | null };
  result: Result;
}

/**
 * The file's form: the stamps and keys as lists side by side rather than objects keyed by path,
 * which at 100,000 articles cost several times as much to parse and to write, and to look up in
 * with paths made by the build. A stamp the recording build could not trust is kept as null.
 */
interface RecordFile<Result> extends Omit<BuildRecordData<Result>, 'stamps' | 'keys'> {
  files: string[];
  stamps: (string | null)[];
  sources: string[];
  keys: string[];
}

/** How the stamps of this build's inputs compare with the record's: what changed, found in one pass. */
interface StampChanges {
  /** Input files listed now whose stamp is not the one recorded and trusted (new files included). */
  changed: Set<string>;
  /** Files the record has that are not listed now. */
  gone: string[];
}

/**
 * The record of the last successful build, kept in the build cache. It is
 * removed when a build starts and written when one succeeds, so it never
 * describes a half-finished output folder.
 */
export class BuildRecord<Result> {
  /** The last comparison made, by the stamps it was made with: a build asks several questions of the same stamps. */
  private compared: { stamps: Map<string, string | null>; changes: StampChanges } | null = null;

  private constructor(
    private readonly data: Omit<BuildRecordData<Result>, 'stamps' | 'keys'>,
    /** Trusted stamps only: one the recording build could not trust is null. */
    private readonly stamps: Map<string, string | null>,
    private readonly sourceKeys: Map<string, string>,
  ) {}

  static load<Result>(cacheDir: string | null): BuildRecord<Result> | null {
    if (!cacheDir) return null;
    const data = readCacheFile<RecordFile<Result>>(recordFile(cacheDir), FORMAT, (data) => isRecordFile(data as Partial<RecordFile<Result>>));
    if (!data) return null;
    const { files, stamps: stampList, sources, keys: keyList, ...rest } = data;
    const stamps = new Map<string, string | null>();
    for (let i = 0; i < files.length; i++) stamps.set(files[i]!, stampList[i]!);
    const keys = new Map<string, string>();
    for (let i = 0; i < sources.length; i++) keys.set(sources[i]!, keyList[i]!);
    return new BuildRecord(rest, stamps, keys);
  }

  static remove(cacheDir: string | null): void {
    if (cacheDir) removeCacheFile(recordFile(cacheDir));
  }

  static save<Result>(cacheDir: string | null, data: BuildRecordData<Result>): void {
    // Without a record the next build simply checks everything.
    if (!cacheDir) return;
    const { stamps, keys, ...rest } = data;
    const file: RecordFile<Result> & { format: string } = { format: FORMAT, ...rest, files: [...stamps.keys()], stamps: [], sources: [...keys.keys()], keys: [...keys.values()] };
    // Whether a stamp may be trusted depends only on it and this build's start: decided once, here.
    for (const stamp of stamps.values()) file.stamps.push(stampTrusted(stamp, data.startedAt) ? stamp : null);
    saveCacheFile(recordFile(cacheDir), file);
  }

  /** When the recorded build's site holds: from its "now" until the next scheduled change. */
  get window(): { since: number | null; until: number | null } {
    return this.data.window;
  }

  get result(): Result {
    return this.data.result;
  }

  /** Cache key of every article source that build read (source path → key). */
  get keys(): Map<string, string> {
    return new Map(this.sourceKeys);
  }

  /**
   * Whether `stamps` (the same input files, stamped now) show that no input
   * changed since this record, and `now` is still in the span where they give
   * the same site (no scheduled article has come due, none has expired).
   */
  unchangedSince(identity: string, stamps: Map<string, string | null>, now: number): boolean {
    if (identity !== this.data.identity || !this.inWindow(now)) return false;
    // Usually answered by the first file that differs, without the whole comparison.
    if (this.stamps.size !== stamps.size) return false;
    const { changed, gone } = this.changes(stamps);
    return changed.size === 0 && gone.length === 0;
  }

  /**
   * How many article sources the recorded build read. Not only those of a build keyed alike (see
   * `unchangedKeys`): a CI job's checkout may be in another folder than the last build's, and its
   * articles' cache entries still found (their keys name the sources relative to the working folder).
   */
  get recordedSources(): number {
    return this.sourceKeys.size;
  }

  /**
   * Cache keys of the articles whose source is unchanged since this record
   * (source path → key), so a build can skip reading them.
   */
  unchangedKeys(keyIdentity: string, stamps: Map<string, string | null>, articleFile: (sourcePath: string) => string): Map<string, string> {
    const keys = new Map<string, string>();
    if (keyIdentity !== this.data.keyIdentity) return keys;
    const { changed } = this.changes(stamps);
    for (const [sourcePath, key] of this.sourceKeys) {
      const file = articleFile(sourcePath);
      if (stamps.has(file) && !changed.has(file)) keys.set(sourcePath, key);
    }
    return keys;
  }

  /**
   * The article sources that may have changed since this record, when nothing else a build reads
   * did: the same identity (code, settings), `now` in the recorded span, every other input file
   * (theme, data, assets, config) unchanged and none gone. Sources new or not trusted unchanged are
   * listed (source paths); `since` names the recorded build. Null when that cannot be said.
   * @param articles The article sources listed now (source paths), whose files `stamps` has.
   */
  changedArticles(
    identity: string,
    stamps: Map<string, string | null>,
    now: number,
    articles: readonly string[],
    articleFile: (sourcePath: string) => string,
  ): { since: number; sources: Set<string> } | null {
    if (identity !== this.data.identity || !this.inWindow(now)) return null;
    const { changed, gone } = this.changes(stamps);
    const sources = new Set<string>();
    let articleChanges = 0;
    if (changed.size > 0) {
      for (const sourcePath of articles) {
        if (!changed.has(articleFile(sourcePath))) continue;
        sources.add(sourcePath);
        articleChanges++;
      }
    }
    // Any other input changed: not only articles.
    if (articleChanges !== changed.size) return null;
    // A file gone since may only be an article source (its documents are gone too).
    if (gone.length > 0) {
      const read = new Set<string>();
      for (const sourcePath of this.sourceKeys.keys()) read.add(articleFile(sourcePath));
      if (!gone.every((file) => read.has(file))) return null;
    }
    return { since: this.data.startedAt, sources };
  }

  /**
   * The input files listed now (`stamps`) whose stamp is not the one recorded and trusted (new ones
   * included), and the files the record has that are not listed now; null when `identity` or
   * `keyIdentity` is not the recorded build's. Watch asks it of the record it started from, to say
   * which of the files it read since (see `session-record.ts`).
   */
  movedSince(identity: string, keyIdentity: string, stamps: Map<string, string | null>): { changed: ReadonlySet<string>; gone: readonly string[] } | null {
    if (identity !== this.data.identity || keyIdentity !== this.data.keyIdentity) return null;
    return this.changes(stamps);
  }

  /** The cache key the recorded build read an article source with, if it read it. */
  keyOf(sourcePath: string): string | undefined {
    return this.sourceKeys.get(sourcePath);
  }

  /**
   * The articles whose rendered links the recorded build checked (by cache
   * key), with the digest of what it checked them against; null when that
   * build ran with other code or settings.
   */
  checked(identity: string): { resolverDigest: string; keys: Set<string> } | null {
    if (identity !== this.data.identity) return null;
    return { resolverDigest: this.data.resolverDigest, keys: new Set(this.sourceKeys.values()) };
  }

  private inWindow(now: number): boolean {
    const { since, until } = this.data.window;
    return (since === null || now >= since) && (until === null || now < until);
  }

  /** The input files changed or gone since this record: one pass over `stamps`, then kept for the other questions. */
  private changes(stamps: Map<string, string | null>): StampChanges {
    if (this.compared?.stamps === stamps) return this.compared.changes;
    const changed = new Set<string>();
    let matched = 0;
    for (const [file, stamp] of stamps) {
      const then = this.stamps.get(file);
      if (then !== undefined) matched++;
      // A stamp is trusted when it is unchanged and the file had not changed shortly before the recorded build began (null: it had).
      if (then === undefined || then === null || then !== stamp) changed.add(file);
    }
    const gone: string[] = [];
    if (matched < this.stamps.size) for (const file of this.stamps.keys()) if (!stamps.has(file)) gone.push(file);
    const changes = { changed, gone };
    this.compared = { stamps, changes };
    return changes;
  }
}

/** Whether a stamp taken by a build that started at `startedAt` may be trusted: the file had not changed shortly before. */
export function stampTrusted(stamp: string | null, startedAt: number): boolean {
  if (stamp === null) return false;
  const ctimeMs = Number(stamp.split(':')[2]);
  return ctimeMs + (ctimeMs % 1000 === 0 ? RACY_MS_COARSE : RACY_MS_FINE) < startedAt;
}

/** Whether `data` has every field of a build record's file, of the right types. */
function isRecordFile(data: Partial<RecordFile<unknown>>): boolean {
  return (
    typeof data.identity === 'string' &&
    typeof data.keyIdentity === 'string' &&
    typeof data.startedAt === 'number' &&
    isStringList(data.files, false) &&
    isStringList(data.stamps, true) &&
    data.stamps.length === data.files.length &&
    isStringList(data.sources, false) &&
    isStringList(data.keys, false) &&
    data.keys.length === data.sources.length &&
    typeof data.resolverDigest === 'string' &&
    typeof data.window === 'object' &&
    data.window !== null &&
    (data.window.since === null || typeof data.window.since === 'number') &&
    (data.window.until === null || typeof data.window.until === 'number') &&
    typeof data.result === 'object' &&
    data.result !== null
  );
}

export function recordFile(cacheDir: string): string {
  return path.join(cacheDir, 'build-record.json');
}

function isStringList(value: unknown, nullable: boolean): value is (string | null)[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || (nullable && v === null));
}
