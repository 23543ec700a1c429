import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';

/** What chokidar is given about a file it found: the file's stats (followed through a link). */
interface FoundFile {
  nlink?: number;
}

type HandleFile = (file: string, stats: FoundFile, initialAdd: boolean) => unknown;

/** The parts of chokidar's watcher this reaches into (chokidar 5), none of them public. */
interface ChokidarInternals {
  options?: { ignoreInitial?: boolean; usePolling?: boolean };
  closed?: boolean;
  _nodeFsHandler?: { _handleFile?: HandleFile };
  _getWatchedDir?(directory: string): { add?(item: string): void };
}

/**
 * Whether a change to `file` is certain to be reported by the watch on its folder: on Linux a folder's
 * inotify watch reports writes to the files in it, but only those made through the folder. A symbolic link
 * (the file is elsewhere) or a file with a second name (a hard link, written through another folder) keeps
 * a watch of its own.
 */
function seenThroughFolder(file: string, stats: FoundFile): boolean {
  if (stats?.nlink !== 1) return false;
  try {
    return !lstatSync(file).isSymbolicLink();
  } catch {
    return false; // gone meanwhile: chokidar's own handling finds out
  }
}

/**
 * Have chokidar watch the files of its first scan through their folders' watches, not one watch each.
 *
 * chokidar opens a native watcher for every file it finds (`fs.watch`: one inotify watch, one handle and
 * its listeners each), on top of the one of the file's folder. On Linux the folder's watch already reports
 * a write to any file in it, and a file created, deleted or renamed there, and the watcher's check of
 * every raw event (watcher.ts) tells a file's real change by its inode, size and time; a file's own watch
 * adds nothing there. At 100,000 articles those watches were most of the watcher's start and 100,000 of
 * the machine's inotify watches (many systems allow 8,192 to 128,000 a user, for all programs).
 *
 * The file is still tracked by chokidar as found (its folder's list of names), so a deletion or a rename
 * is reported as before. Files added later, symbolic links and files with more than one name keep their
 * own watch. Only on Linux, and should chokidar's internals not be as expected (another version), nothing
 * is changed.
 */
export function watchFilesThroughFolders(watcher: FSWatcher, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') return;
  const internals = watcher as unknown as ChokidarInternals;
  const handler = internals._nodeFsHandler;
  const handle = handler?._handleFile;
  const watchedDir = internals._getWatchedDir;
  if (!handler || typeof handle !== 'function' || handle.length !== 3 || typeof watchedDir !== 'function') return;
  if (internals.options?.ignoreInitial !== true || internals.options.usePolling) return;
  handler._handleFile = function (file: string, stats: FoundFile, initialAdd: boolean): unknown {
    // A file of the first scan is announced to no one (`ignoreInitial`): tracking it is all chokidar does then.
    if (!initialAdd || internals.closed || !seenThroughFolder(file, stats)) return handle.call(handler, file, stats, initialAdd);
    const folder = watchedDir.call(internals, path.dirname(file));
    if (typeof folder.add !== 'function') return handle.call(handler, file, stats, initialAdd);
    folder.add(path.basename(file));
    return undefined;
  };
}
