import { statSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

// Stats files below a folder on its own thread (see `OutputManifest.prefetch`):
// [size, mtimeMs] pairs in the order given, NaN for a file that is gone.
const { root, files } = workerData as { root: string; files: string[] };
const stamps = new Float64Array(files.length * 2).fill(Number.NaN);
files.forEach((file, i) => {
  try {
    const stat = statSync(path.sep === '/' ? root + file : root + file.split('/').join(path.sep));
    stamps[i * 2] = stat.size;
    stamps[i * 2 + 1] = stat.mtimeMs;
  } catch {
    // Gone or unreadable: left NaN.
  }
});
parentPort!.postMessage(stamps, [stamps.buffer]);
