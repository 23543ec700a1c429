import { statSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * One thread's share of a no-change check (see `startNoChange`): the check file's bytes, shared
 * with the main thread rather than copied, where its paths and stamps lie in them, and which of
 * its output files this thread stats.
 */
export interface NoChangePart {
  /** The output folder, absolute, ending in a separator. */
  root: string;
  /** The whole check file, in a SharedArrayBuffer (offset 0, so the stamps are aligned). */
  bytes: Uint8Array;
  /** Where the '\n'-joined paths start and end. */
  pathsAt: number;
  pathsEnd: number;
  /** Where the [size, mtimeMs] pairs start (a multiple of 8). */
  stampsAt: number;
  /** How many output files the file lists. */
  count: number;
  /** This thread's files: from `from` to before `to`. */
  from: number;
  to: number;
  /** Where each file's [size, mtimeMs] as found now goes (NaN: gone or unreadable), shared by every thread: a build that finds its inputs changed stats the output files anyway (see `OutputManifest.prefetch`). */
  found: Float64Array;
}

/** A part's answer: whether its files are as recorded, and whether its paths held together (else `found` is not whole). */
export interface PartAnswer {
  same: boolean;
  whole: boolean;
}

const NEWLINE = 0x0a;

/**
 * Whether files `from` to `to` of the check still have the size and time it recorded, each one's
 * stamp kept in `found`. Not whole when the paths are not `count` lines: the file does not hold together.
 */
function checkPart(part: NoChangePart): PartAnswer {
  const { root, pathsAt, pathsEnd, count, from, to, found } = part;
  const broken = { same: false, whole: false };
  const bytes = Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength);
  const stamps = new Float64Array(part.bytes.buffer, part.bytes.byteOffset + part.stampsAt, count * 2);
  const native = path.sep !== '/';
  let at = pathsAt;
  // Skip the paths of the threads before this one.
  for (let i = 0; i < from; i++) {
    const end = bytes.indexOf(NEWLINE, at);
    if (end < 0 || end >= pathsEnd) return broken;
    at = end + 1;
  }
  let same = true;
  for (let i = from; i < to; i++) {
    let end = bytes.indexOf(NEWLINE, at);
    if (end >= pathsEnd) end = -1;
    // The last path ends the paths; every other one ends at a newline.
    if ((end < 0) !== (i === count - 1)) return broken;
    if (end < 0) end = pathsEnd;
    const file = bytes.toString('utf8', at, end);
    at = end + 1;
    let stat;
    try {
      stat = statSync(root + (native ? file.split('/').join(path.sep) : file), { throwIfNoEntry: false });
    } catch {
      // Unreadable: as gone.
    }
    found[i * 2] = stat ? stat.size : Number.NaN;
    found[i * 2 + 1] = stat ? stat.mtimeMs : Number.NaN;
    // One file changed and the build is not up to date, but the others are stat'ed all the same: the full check reads them.
    if (!stat || stat.size !== stamps[i * 2] || stat.mtimeMs !== stamps[i * 2 + 1]) same = false;
  }
  return { same, whole: true };
}

parentPort!.postMessage(checkPart(workerData as NoChangePart) satisfies PartAnswer);
