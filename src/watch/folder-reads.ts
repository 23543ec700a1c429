import { statSync } from 'node:fs';
import type { FSWatcher } from 'chokidar';

/**
 * How long before a folder's read its modification time must lie for the read to be trusted to
 * have seen every entry: file systems stamp times in ticks (a few milliseconds on ext4, two
 * seconds on FAT), and an entry added in the same tick as a read, after it, leaves the time as
 * the read saw it.
 */
const SETTLED_MS = 3000;

/** The parts of chokidar's watcher this reaches into (chokidar 5), none of them public. */
interface ChokidarInternals {
  _readdirp?: (root: string, options: unknown) => unknown;
  _throttled?: Map<string, Map<string, { clear(): number }>>;
}

/**
 * Spare chokidar from reading a folder again when its entries have not changed.
 *
 * chokidar reads a watched folder whole (each entry listed, stat'ed and passed through the
 * `ignored` filter) after every event in it, and a save of a file in it is one: at 30,000
 * articles, 6,000 of them in a year's folder, each save made 21 MB of garbage that way, most of
 * it living long enough to be moved to the old generation, which grew the watcher's heap between
 * its full collections; at 100,000 articles the folders are three times as large. A read is what
 * finds entries added, removed or renamed, and each of those changes the folder's own
 * modification time, which a write into a file never does: a read is skipped when the folder's
 * inode and modification time are those the last trusted read found (see `SETTLED_MS`). The
 * watcher's own check of every raw event (watcher.ts) still sees each file that changed.
 *
 * Should chokidar's internals not be as expected (another version), nothing is changed.
 */
export function skipUnchangedFolderReads(watcher: FSWatcher): void {
  const internals = watcher as unknown as ChokidarInternals;
  const read = internals._readdirp;
  const throttled = internals._throttled;
  if (typeof read !== 'function' || !(throttled instanceof Map)) return;
  /** Each folder's inode and modification time, as the last read found them, when that read is trusted. */
  const seen = new Map<string, string>();
  internals._readdirp = function (this: ChokidarInternals, root: string, options: unknown): unknown {
    let stamp: string | null = null;
    try {
      const stat = statSync(root);
      if (stat.isDirectory()) stamp = `${stat.ino}:${stat.mtimeMs}`;
      // Stamped before the read: an entry changed during it changes the time from the one kept.
      if (stamp !== null && Date.now() - stat.mtimeMs < SETTLED_MS) stamp = null;
    } catch {
      stamp = null; // gone or unreadable: chokidar's read finds out what happened
    }
    // chokidar's read of a folder is throttled to one a second, and the throttle is let go when the
    // read ends: a skipped read lets it go now, so that the next event in the folder is looked at.
    const throttle = throttled.get('readdir')?.get(root);
    if (stamp !== null && throttle && seen.get(root) === stamp) {
      throttle.clear();
      return undefined;
    }
    if (stamp === null) seen.delete(root);
    else seen.set(root, stamp);
    return read.call(this, root, options);
  };
}
