import fs from 'node:fs';
import path from 'node:path';
import { readCacheFile, removeCacheFile, saveCacheFile } from './cache-file.js';

const FORMAT = 'gazette-build-record-2';
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
  stamps: Record<string, string | null>;
  /** Cache key of every article source read (source path → key). */
  keys: Record<string, string>;
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
 * The record of the last successful build, kept in the build cache. It is
 * removed when a build starts and written when one succeeds, so it never
 * describes a half-finished output folder.
 */
export class BuildRecord<Result> {
  private constructor(private readonly data: BuildRecordData<Result>) {}

  static load<Result>(cacheDir: string | null): BuildRecord<Result> | null {
    if (!cacheDir) return null;
    const data = readCacheFile<BuildRecordData<Result>>(recordFile(cacheDir), FORMAT, (data) => isRecordData(data as Partial<BuildRecordData<Result>>));
    return data ? new BuildRecord(data) : null;
  }

  static remove(cacheDir: string | null): void {
    if (cacheDir) removeCacheFile(recordFile(cacheDir));
  }

  static save<Result>(cacheDir: string | null, data: BuildRecordData<Result>): void {
    // Without a record the next build simply checks everything.
    if (cacheDir) saveCacheFile(recordFile(cacheDir), { format: FORMAT, ...data });
  }

  get result(): Result {
    return this.data.result;
  }

  /** Cache key of every article source that build read (source path → key). */
  get keys(): Map<string, string> {
    return new Map(Object.entries(this.data.keys));
  }

  /**
   * Whether `stamps` (the same input files, stamped now) show that no input
   * changed since this record, and `now` is still in the span where they give
   * the same site (no scheduled article has come due, none has expired).
   */
  unchangedSince(identity: string, stamps: Map<string, string | null>, now: number): boolean {
    if (identity !== this.data.identity) return false;
    const { since, until } = this.data.window;
    if ((since !== null && now < since) || (until !== null && now >= until)) return false;
    const recorded = Object.keys(this.data.stamps);
    if (recorded.length !== stamps.size) return false;
    for (const file of recorded) {
      if (!stamps.has(file) || !this.trusted(file, stamps.get(file)!)) return false;
    }
    return true;
  }

  /**
   * Cache keys of the articles whose source is unchanged since this record
   * (source path → key), so a build can skip reading them.
   */
  unchangedKeys(keyIdentity: string, stamps: Map<string, string | null>, articleFile: (sourcePath: string) => string): Map<string, string> {
    const keys = new Map<string, string>();
    if (keyIdentity !== this.data.keyIdentity) return keys;
    for (const [sourcePath, key] of Object.entries(this.data.keys)) {
      const file = articleFile(sourcePath);
      const now = stamps.get(file);
      if (now !== undefined && this.trusted(file, now)) keys.set(sourcePath, key);
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
    if (identity !== this.data.identity) return null;
    const { since, until } = this.data.window;
    if ((since !== null && now < since) || (until !== null && now >= until)) return null;
    const sources = new Set<string>();
    const articleFiles = new Set<string>();
    for (const sourcePath of articles) {
      const file = articleFile(sourcePath);
      articleFiles.add(file);
      if (!this.trusted(file, stamps.get(file) ?? null)) sources.add(sourcePath);
    }
    for (const [file, stamp] of stamps) if (!articleFiles.has(file) && !this.trusted(file, stamp)) return null;
    // A file gone since may only be an article source (its documents are gone too).
    let read: Set<string> | null = null;
    for (const file of Object.keys(this.data.stamps)) {
      if (stamps.has(file)) continue;
      read ??= new Set(Object.keys(this.data.keys).map(articleFile));
      if (!read.has(file)) return null;
    }
    return { since: this.data.startedAt, sources };
  }

  /**
   * The articles whose rendered links the recorded build checked (by cache
   * key), with the digest of what it checked them against; null when that
   * build ran with other code or settings.
   */
  checked(identity: string): { resolverDigest: string; keys: Set<string> } | null {
    if (identity !== this.data.identity) return null;
    return { resolverDigest: this.data.resolverDigest, keys: new Set(Object.values(this.data.keys)) };
  }

  /** A stamp is trusted when it is unchanged and the file had not changed shortly before the recorded build began. */
  private trusted(file: string, now: string | null): boolean {
    const then = this.data.stamps[file];
    return then !== undefined && then === now && stampTrusted(then, this.data.startedAt);
  }
}

/** Whether a stamp taken by a build that started at `startedAt` may be trusted: the file had not changed shortly before. */
export function stampTrusted(stamp: string | null, startedAt: number): boolean {
  if (stamp === null) return false;
  const ctimeMs = Number(stamp.split(':')[2]);
  return ctimeMs + (ctimeMs % 1000 === 0 ? RACY_MS_COARSE : RACY_MS_FINE) < startedAt;
}

/** Whether `data` has every field of a build record, of the right types. */
function isRecordData(data: Partial<BuildRecordData<unknown>>): boolean {
  return (
    typeof data.identity === 'string' &&
    typeof data.keyIdentity === 'string' &&
    typeof data.startedAt === 'number' &&
    isStringRecord(data.stamps, true) &&
    isStringRecord(data.keys, false) &&
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

function isStringRecord(value: unknown, nullable: boolean): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string' || (nullable && v === null));
}
