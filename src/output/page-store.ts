import fs from 'node:fs';
import path from 'node:path';
import { cacheNotWritten, isMissing } from '../cache/cache-notices.js';

/**
 * The pages of the last build, kept in the cache folder under their content hash: a second
 * name for each file of the output folder (a hard link, so no disk space locally). A build
 * whose output folder is empty or elsewhere — a CI job that restored its cache — takes every
 * page whose inputs are unchanged from here instead of rendering and writing it again, after
 * checking its bytes against the hash. Plain data, so the writer thread can be given it.
 */
export interface PageStore {
  dir: string;
}

const HASH = /^[0-9a-f]{40}$/;

/** The page store of `cacheDir`, or none without a cache. */
export function openPageStore(cacheDir: string | null): PageStore | null {
  return cacheDir ? { dir: path.join(cacheDir, 'pages') } : null;
}

/** Where the page of SHA-1 `hash` is kept: in one of 256 folders, so that none holds tens of thousands of files. */
export function pagePath(store: PageStore, hash: string): string {
  return path.join(store.dir, hash.slice(0, 2), hash);
}

/** Remove the stored pages of `hashes`, which no output file has now (found by the caller from what changed). */
export function dropStoredPages(store: PageStore, hashes: Iterable<string>): void {
  try {
    for (const hash of hashes) if (HASH.test(hash)) fs.rmSync(pagePath(store, hash), { force: true });
  } catch (error) {
    // A store that cannot be pruned only takes room; a page in it is checked before it is used.
    if (!isMissing(error)) cacheNotWritten(error);
  }
}

/**
 * Remove every stored file not in `kept` (the hashes of this build's files): after a build through
 * a staging folder, which may also leave pages of a failed build.
 */
export function prunePageStore(store: PageStore, kept: Set<string>): void {
  try {
    for (const shard of fs.readdirSync(store.dir)) {
      const dir = path.join(store.dir, shard);
      for (const name of fs.readdirSync(dir)) if (!kept.has(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  } catch (error) {
    // A store that cannot be pruned only takes room; a page in it is checked before it is used.
    if (!isMissing(error)) cacheNotWritten(error);
  }
}
