import fs from 'node:fs';
import path from 'node:path';
import { cacheNotWritten } from '../cache/cache-notices.js';
import { removeCacheFile } from '../cache/cache-file.js';
import { IndexState, SHARD_END, SHARD_START, shardEntry, SHARDS, shardName, shardOf, STAGED_PREFIX, type ShardFiles } from './index-state.js';

/** Postings held before they are appended to their shard files, in characters: a few megabytes. */
const FLUSH_AT = 4 << 20;
/** Staged folders made by this process, for unique names. */
let staged = 0;

/**
 * The state of an index built whole, its documents' postings written out as they are made rather
 * than kept until the site is written (at 100,000 articles they were about 600 MB of the main
 * thread's heap through the write). They go to a folder of their own in the state's folder, since
 * the saved shards are the last build's until this state is saved (a build that fails must leave
 * them whole, and watch may still read them); `IndexState.save` moves them into place. Without a
 * cache folder the postings are kept in memory, as the state is then only watch's.
 */
export class StateWriter {
  private readonly files: ShardFiles | null;
  /** Each shard's entries not yet appended to its file. */
  private readonly pending: string[][] = Array.from({ length: SHARDS }, () => []);
  /** Whether each shard's file has an entry yet (the next is written after a comma). */
  private readonly started = new Uint8Array(SHARDS);
  private held = 0;
  private readonly kept = new Map<number, string>();

  /** @param dir The state's folder in the cache, or null. */
  constructor(dir: string | null) {
    this.files = dir ? { dir, staged: path.join(dir, `${STAGED_PREFIX}${process.pid}-${++staged}`), lost: false } : null;
    if (!this.files) return;
    const folder = this.files.staged!;
    try {
      // A folder of this name can only be a stopped build's, of a process with the same id.
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder, { recursive: true });
      for (let at = 0; at < SHARDS; at++) fs.writeFileSync(path.join(folder, shardName(at)), SHARD_START);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Document `id`'s postings (`term value term value …`). */
  add(id: number, postings: string): void {
    if (!this.files) {
      this.kept.set(id, postings);
      return;
    }
    if (this.files.lost) return;
    this.pending[shardOf(id)]!.push(shardEntry(id, postings));
    this.held += postings.length;
    if (this.held > FLUSH_AT) this.flush();
  }

  /** The state of the index: its fragments' hashes, those holding bitmaps, and its documents' fingerprints, in increasing id. */
  state(buckets: number, threshold: number, fragments: string[], bitmaps: ReadonlySet<number>, docs: Map<number, string>): IndexState {
    if (!this.files) return IndexState.empty(buckets, threshold, null).update(fragments, bitmaps, docs, this.kept);
    this.flush(true);
    return new IndexState(buckets, threshold, fragments, bitmaps, docs, Array.from({ length: SHARDS }, () => null), new Set(), this.files);
  }

  /** Append what is held to the shard files (`end`: and close their JSON). */
  private flush(end = false): void {
    const files = this.files!;
    if (files.lost) return;
    try {
      for (let at = 0; at < SHARDS; at++) {
        const entries = this.pending[at]!;
        let text = entries.length ? (this.started[at] ? ',' : '') + entries.join(',') : '';
        if (entries.length) this.started[at] = 1;
        if (end) text += SHARD_END;
        if (text) fs.appendFileSync(path.join(files.staged!, shardName(at)), text);
        this.pending[at] = [];
      }
    } catch (error) {
      this.fail(error);
    }
    this.held = 0;
  }

  /** A shard could not be written: no postings are kept (the state says so, and the next build indexes whole). */
  private fail(error: unknown): void {
    cacheNotWritten(error);
    const files = this.files!;
    files.lost = true;
    for (let at = 0; at < SHARDS; at++) this.pending[at] = [];
    removeCacheFile(files.staged!, { recursive: true });
  }
}
