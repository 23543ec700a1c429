import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { RealFolders } from './real-folders.js';

// Stamps files below a folder on its own thread (see `OutputManifest.prefetch`):
// [size, mtimeMs] pairs in the order given, NaN for a file that is gone, or
// that is a symbolic link or reached through one (see RealFolders).
const { root, files } = workerData as { root: string; files: string[] };
const folders = new RealFolders(root);
const stamps = new Float64Array(files.length * 2).fill(Number.NaN);
files.forEach((file, i) => {
  const stamp = folders.stampOf(path.sep === '/' ? root + file : root + file.split('/').join(path.sep));
  if (stamp) {
    stamps[i * 2] = stamp.size;
    stamps[i * 2 + 1] = stamp.mtimeMs;
  }
});
parentPort!.postMessage(stamps, [stamps.buffer]);
