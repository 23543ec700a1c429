import fs from 'node:fs';
import path from 'node:path';

/**
 * Temporary files of in-place writes (an incremental build, a watcher's
 * rebuild): each file is written whole under a temporary name, then renamed
 * over its target, so a reader never sees half a file. They are made in the
 * output folder's top level, not beside their targets: a build killed midway
 * leaves them where the next one finds them with one listing, instead of
 * walking every folder of the site. A rename within one file system is
 * atomic wherever the target lies.
 */

/** `.<n>.gazette-<pid>.tmp`, and the `<name>.gazette-<pid>.tmp` earlier versions wrote beside files (the top level's are found too). */
const TEMP_NAME = /\.gazette-(\d{1,10})\.tmp$/;
/** A temporary file untouched this long is stale whoever made it (process ids are reused), as staging folders are. */
const ABANDONED_MS = 24 * 60 * 60 * 1000;

let made = 0;

/** A fresh temporary name in output folder `outDir`, for one file to be renamed into place. */
export function tempFileIn(outDir: string): string {
  return path.join(outDir, `.${++made}.gazette-${process.pid}.tmp`);
}

/**
 * Remove the temporary files that writers into `outDir` left behind when they
 * were killed: only files in its top level named as gazette names them, and
 * only once the process that made one has exited (or a day later): a gazette
 * still running there keeps its own.
 * @returns The files removed; one that cannot be removed is left for the next build.
 */
export function removeStaleTempFiles(outDir: string, now = Date.now()): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(outDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    const file = path.join(outDir, entry.name);
    const pid = Number(match[1]);
    try {
      const stale = now - fs.lstatSync(file).mtimeMs > ABANDONED_MS || (pid !== process.pid && !isAlive(pid));
      if (!stale) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // Gone meanwhile, or not ours to remove (permissions): the next build tries again.
    }
  }
  return removed;
}

/** Whether a process with id `pid` runs on this machine (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
