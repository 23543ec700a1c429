import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';

/**
 * How long before a folder's read its modification time must lie for the read to be trusted to
 * have seen every entry: file systems stamp times in ticks (a few milliseconds on ext4, two
 * seconds on FAT), and an entry added in the same tick as a read, after it, leaves the time as
 * the read saw it.
 */
const SETTLED_MS = 3000;

/**
 * How long after an event in a folder whose entries may have changed its names are looked at: one
 * look for the several events of one save, and late enough that an editor's temporary file has
 * been renamed over the article (a look that still finds it reads the folder, as chokidar would).
 */
const LOOK_AFTER_MS = 100;

/** What chokidar's folder read is given about the folder (its WatchHelper). */
interface FolderHelper {
  path: string;
  filterDir?(entry: { fullPath: string; path: string; basename: string }): boolean;
}

type ReadFolder = (directory: string, initialAdd: boolean, helper: FolderHelper, target: string | undefined, ...rest: unknown[]) => unknown;

/** The parts of chokidar's watcher this reaches into (chokidar 5), none of them public. */
interface ChokidarInternals {
  closed?: boolean;
  _nodeFsHandler?: { _handleRead?: ReadFolder };
  _getWatchedDir?(directory: string): { items?: unknown };
}

/** A folder's inode and modification time, or null when it is gone or changed too recently to be trusted. */
function settledStamp(folder: string): string | null {
  try {
    const stat = statSync(folder);
    if (!stat.isDirectory() || Date.now() - stat.mtimeMs < SETTLED_MS) return null;
    return `${stat.ino}:${stat.mtimeMs}`;
  } catch {
    return null; // gone or unreadable: chokidar's read finds out what happened
  }
}

/**
 * Spare chokidar from reading a folder again when its entries have not changed.
 *
 * chokidar reads a watched folder whole (each entry listed, stat'ed and passed through the
 * `ignored` filter) after every event in it, and a save of a file in it is one: at 100,000
 * articles, 20,000 to a year's folder, those reads were most of what a save allocated, and took
 * a second or two each. A read is what finds entries added, removed or renamed; the watcher's
 * own check of every raw event (watcher.ts), on the folder's watch, sees the files that changed.
 *
 * - A save in place leaves the folder's modification time alone: no read while the folder's
 *   inode and time are those a trusted look found (see `SETTLED_MS`).
 * - A save that renames a temporary file over the article changes that time. The folder's names
 *   are then listed (names only, no stats) a moment later (`LOOK_AFTER_MS`), and compared with
 *   the names chokidar tracks there (those its filter lets in, kept by chokidar already): when
 *   they are the same, a read would find nothing to add or remove, and none is made.
 * - Any difference (an entry added, removed or renamed, a folder made or moved), and the first
 *   scan, is chokidar's own read, as before.
 *
 * Should chokidar's internals not be as expected (another version), nothing is changed.
 */
export function skipUnchangedFolderReads(watcher: FSWatcher): void {
  const internals = watcher as unknown as ChokidarInternals;
  const handler = internals._nodeFsHandler;
  const read = handler?._handleRead;
  const watchedDir = internals._getWatchedDir;
  if (!handler || typeof read !== 'function' || typeof watchedDir !== 'function') return;
  /** Each folder's stamp when the last read or look of it was trusted to have seen every entry. */
  const seen = new Map<string, string>();
  /** Folders with a look to come, and the arguments of the latest read asked for there. */
  const due = new Map<string, Parameters<ReadFolder>>();

  const readNow = (folder: string, args: Parameters<ReadFolder>): unknown => {
    // Stamped before the read: an entry changed during it changes the time from the one kept.
    const stamp = settledStamp(folder);
    if (stamp === null) seen.delete(folder);
    else seen.set(folder, stamp);
    // spread-ok: chokidar's own arguments for one folder's read, passed on as they came
    return read.apply(handler, args);
  };

  /** Whether the names in `folder` that chokidar's filter lets in are exactly those it tracks there. */
  const sameNames = (folder: string, helper: FolderHelper): boolean => {
    const tracked = watchedDir.call(internals, helper.path).items;
    if (!(tracked instanceof Set) || typeof helper.filterDir !== 'function') return false;
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return false;
    }
    let matched = 0;
    for (const name of names) {
      if (tracked.has(name)) matched++;
      // Filtered by path alone (no stats), as chokidar filters a folder's entries.
      else if (helper.filterDir({ fullPath: path.join(folder, name), path: name, basename: name })) return false;
    }
    return matched === tracked.size;
  };

  const look = (folder: string): void => {
    const args = due.get(folder);
    due.delete(folder);
    if (!args || internals.closed) return;
    const stamp = settledStamp(folder);
    if (!sameNames(folder, args[2])) {
      readNow(folder, args);
      return;
    }
    if (stamp === null) seen.delete(folder);
    else seen.set(folder, stamp);
  };

  handler._handleRead = function (...args: Parameters<ReadFolder>): unknown {
    const [directory, initialAdd, , target] = args;
    const folder = path.resolve(directory);
    // The first scan, and the read for a symbolic link's target, are chokidar's own.
    if (initialAdd || target !== undefined || internals.closed) return readNow(folder, args);
    const stamp = settledStamp(folder);
    if (stamp !== null && seen.get(folder) === stamp) return undefined;
    if (!due.has(folder)) setTimeout(look, LOOK_AFTER_MS, folder).unref();
    due.set(folder, args);
    return undefined;
  };
}
