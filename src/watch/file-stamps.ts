import type { FSWatcher } from 'chokidar';

/** What chokidar keeps of a watched file's stats to tell a change from an access (chokidar 5). */
interface FileStamp {
  mtimeMs: number;
  ino: number;
}

type HandleFile = (file: string, stats: FileStamp, initialAdd: boolean) => unknown;

/** The part of chokidar's watcher this reaches into (chokidar 5), not public. */
interface ChokidarInternals {
  options?: { ignoreInitial?: boolean };
  _nodeFsHandler?: { _handleFile?: HandleFile };
}

/**
 * Have chokidar keep two numbers of each file found by its first scan rather than the file's whole `fs.Stats`.
 *
 * chokidar watches every file by itself and keeps, in the closure of that file's listener, the stats it
 * was found with, to compare a later event's modification time and inode with (nothing else of them is
 * read). A `fs.Stats` holds fourteen numbers and four `Date`s: about 800 bytes a file, 80 MB of the
 * watcher's heap at 100,000 articles. A file of the first scan is announced to no one (`ignoreInitial`),
 * so its stats go nowhere else; a file added later is announced with its stats, and keeps them.
 *
 * Should chokidar's internals not be as expected (another version), nothing is changed.
 */
export function keepFileStampsOnly(watcher: FSWatcher): void {
  const internals = watcher as unknown as ChokidarInternals;
  const handler = internals._nodeFsHandler;
  const handle = handler?._handleFile;
  if (!handler || typeof handle !== 'function' || handle.length !== 3 || internals.options?.ignoreInitial !== true) return;
  handler._handleFile = function (file: string, stats: FileStamp, initialAdd: boolean): unknown {
    const stamp = initialAdd && stats ? { mtimeMs: stats.mtimeMs, ino: stats.ino } : stats;
    return handle.call(handler, file, stamp, initialAdd);
  };
}
