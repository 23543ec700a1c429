import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';

/** What chokidar is given about a file it found: the file's stats (followed through a link). */
interface FoundFile {
  nlink?: number;
}

type HandleFile = (file: string, stats: FoundFile, initialAdd: boolean) => unknown;

/** What chokidar's folder read is given about the folder (its WatchHelper). */
interface FolderHelper {
  filterPath?(entry: { fullPath: string; path: string; basename: string }): boolean;
  filterDir?(entry: { fullPath: string; path: string; basename: string }): boolean;
}

type ReadFolder = (directory: string, initialAdd: boolean, helper: FolderHelper, target: string | undefined, dir: string, depth: number, ...rest: unknown[]) => unknown;

/** The parts of chokidar's watcher this reaches into (chokidar 5), none of them public. */
interface ChokidarInternals {
  options?: { ignoreInitial?: boolean; usePolling?: boolean; followSymlinks?: boolean };
  closed?: boolean;
  _nodeFsHandler?: {
    _handleFile?: HandleFile;
    _handleRead?: ReadFolder;
    _addToNodeFs?(file: string, initialAdd: boolean, helper: FolderHelper, depth: number): unknown;
  };
  _getWatchedDir?(directory: string): { add?(item: string): void; has?(item: string): boolean | undefined };
  _incrReadyCount?(): number;
  _throttle?(action: string, key: string, ms: number): { clear(): number } | false;
}

/**
 * Whether a change to `file` is certain to be reported by the watch on its folder: on Linux a folder's
 * inotify watch reports writes to the files in it, but only those made through the folder. A symbolic link
 * (the file is elsewhere) or a file with a second name (a hard link, written through another folder) keeps
 * a watch of its own.
 */
function seenThroughFolder(file: string): boolean {
  try {
    const stat = lstatSync(file);
    return stat.isFile() && stat.nlink === 1;
  } catch {
    return false; // gone meanwhile: chokidar's own handling finds out
  }
}

/**
 * Have chokidar watch the files of its first scan through their folders' watches, not one watch each.
 *
 * For every file of a watched folder chokidar stats the file twice (once to list it, once to add it),
 * passes it twice through the `ignored` filter, and opens a native watcher on it (`fs.watch`: one inotify
 * watch, a handle and its listeners), on top of its folder's. At 100,000 articles that was most of the
 * start of `watch` and `serve`, and 100,000 of the inotify watches the system allows a user (often 8,192
 * to 128,000, for all programs). On Linux the folder's watch already reports a write to any file in it, and
 * any file created, deleted or renamed there, and the watcher's check of every raw event (watcher.ts) tells
 * a file's real change by its inode, size and time: a file's own watch adds nothing.
 *
 * - The first scan of a folder holding only regular files and folders lists it once (names and types),
 *   and has chokidar track each file that passes its filter by name, as its own scan would have: a deletion
 *   or a rename is reported as before. The folders in it are handed to chokidar as its scan would.
 * - A folder with anything else (a symbolic link, a file with a second name) is chokidar's own scan; its
 *   plain files there are tracked without a watch of their own all the same, the others keep theirs.
 * - Files added later are chokidar's, as before.
 *
 * Only on Linux, and should chokidar's internals not be as expected (another version), nothing is changed.
 */
export function watchFilesThroughFolders(watcher: FSWatcher, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') return;
  const internals = watcher as unknown as ChokidarInternals;
  const handler = internals._nodeFsHandler;
  const handle = handler?._handleFile;
  const read = handler?._handleRead;
  const add = handler?._addToNodeFs;
  const { _getWatchedDir: watchedDir, _incrReadyCount: countPending, _throttle: throttle } = internals;
  if (!handler || typeof handle !== 'function' || handle.length !== 3 || typeof read !== 'function' || typeof add !== 'function') return;
  if (typeof watchedDir !== 'function' || typeof countPending !== 'function' || typeof throttle !== 'function') return;
  if (internals.options?.ignoreInitial !== true || internals.options.usePolling || internals.options.followSymlinks === false) return;

  handler._handleFile = function (file: string, stats: FoundFile, initialAdd: boolean): unknown {
    // A file of the first scan is announced to no one (`ignoreInitial`): tracking it is all chokidar does then.
    if (!initialAdd || internals.closed || !seenThroughFolder(file)) return handle.call(handler, file, stats, initialAdd);
    watchedDir.call(internals, path.dirname(file)).add?.(path.basename(file));
    return undefined;
  };

  handler._handleRead = function (...args: Parameters<ReadFolder>): unknown {
    const [directory, initialAdd, helper, target, dir, depth] = args;
    // spread-ok: chokidar's own arguments for one folder's read, passed on as they came
    const chokidarsRead = () => read.apply(handler, args);
    // Reads after the first scan (a folder's names changed) and a symbolic link's target are chokidar's own.
    if (!initialAdd || target !== undefined || internals.closed || typeof helper?.filterPath !== 'function' || typeof helper.filterDir !== 'function') {
      return chokidarsRead();
    }
    const folder = path.join(directory, '');
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return chokidarsRead(); // chokidar reports what went wrong
    }
    const files: string[] = [];
    const folders: string[] = [];
    for (const entry of entries) {
      const fullPath = path.join(folder, entry.name);
      const found = { fullPath, path: entry.name, basename: entry.name };
      if (entry.isDirectory()) {
        if (helper.filterDir(found)) folders.push(fullPath);
      } else if (entry.isFile()) {
        if (!helper.filterPath(found)) continue;
        if (!seenThroughFolder(fullPath)) return chokidarsRead(); // a file of two names
        files.push(entry.name);
      } else if (helper.filterDir(found)) {
        return chokidarsRead(); // a symbolic link (or anything else) chokidar lets in
      }
    }
    // One read of a folder at a time, as chokidar's own.
    const throttled = throttle.call(internals, 'readdir', folder, 1000);
    if (!throttled) return undefined;
    const tracked = watchedDir.call(internals, folder);
    for (const name of files) tracked.add?.(name);
    for (const sub of folders) {
      if (tracked.has?.(path.basename(sub))) continue;
      // Each folder handed on counts towards chokidar's `ready`, as in its own read.
      countPending.call(internals);
      void add.call(handler, path.join(dir, path.relative(dir, sub)), initialAdd, helper, depth + 1);
    }
    throttled.clear();
    return undefined;
  };
}
