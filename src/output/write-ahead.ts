import fs from 'node:fs';
import { AtomicDir } from './atomic-dir.js';
import { FileWriter, THREAD_MIN_OPS } from './file-writer.js';
import type { OutputManifest } from './manifest.js';
import { openPageStore } from './page-store.js';

/** A site write begun before the site is planned: its staging folder, its writer, and the output paths sent ahead. */
export interface WriteAhead {
  out: AtomicDir;
  writer: FileWriter;
  files: string[];
  /** The content hash each of `files` was taken as. */
  hashes: string[];
  /** Once the writer is through them: each file's size and time, NaN for one not taken (see `FileDone.taken`); null if the writer failed. */
  taken: Promise<Float64Array | null>;
}

/**
 * Begin a CI build's write early: with no output folder to update and a page store in the cache,
 * the writer thread takes the last build's stored pages into a new staging folder while this
 * thread loads and plans the site (at 100,000 articles its folders, checks and links are tens of
 * seconds of the kernel's time, which then waited for the planning and kept the planner waiting
 * in turn). The write claims each page that is still made from the same inputs (see `writeSite`)
 * and drops the rest. Null when there is nothing to begin, or the write will update the output
 * folder in place.
 */
export async function startWriteAhead(outDir: string, cacheDir: string | null, manifest: OutputManifest): Promise<WriteAhead | null> {
  const store = openPageStore(cacheDir);
  if (!store || (manifest.entries.size > 0 && fs.existsSync(outDir))) return null;
  const files: string[] = [];
  const hashes: string[] = [];
  for (const [file, entry] of manifest.recorded) {
    if (!entry.h) continue;
    files.push(file);
    hashes.push(entry.h);
  }
  if (files.length < THREAD_MIN_OPS) return null;
  const out = await AtomicDir.open(outDir);
  const writer = new FileWriter(files.length);
  // Never fails as a whole: a page it could not take is taken (or its failure met) by the write.
  const taken = writer.run({ kind: 'ahead', root: out.staging, files, hashes, store }).then(
    (done) => done.taken ?? null,
    () => null,
  );
  return { out, writer, files, hashes, taken };
}

/** Throw away a write begun ahead that will not go on (the build failed first, or writes in place after all). */
export async function abandonWriteAhead(ahead: WriteAhead): Promise<void> {
  await ahead.writer.close();
  await ahead.out.abort();
}
