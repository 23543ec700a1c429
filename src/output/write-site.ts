import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { BuildProgress, GeneratedSite } from '../generate.js';
import { PageFingerprints } from '../site/fingerprint.js';
import { AtomicDir } from './atomic-dir.js';
import { IoQueue } from './io-queue.js';
import { OutputManifest, type ManifestEntry } from './manifest.js';
import { resolveInside } from './safe-path.js';

/** How many files a write produced, and how many it could reuse from the previous site. */
export interface WriteResult {
  pages: number;
  rendered: number;
  reused: number;
  /** What was written for each output path: input fingerprint and content hash. */
  entries: Map<string, ManifestEntry>;
}

/**
 * Write every file of a generated site into `outDir`, through a staging
 * folder that replaces `outDir` only when all writes succeeded. With a cache
 * folder, files whose inputs are unchanged since the last build — or whose
 * new bytes equal the old ones — are taken over from the previous site
 * (hard-linked, not rewritten), and pages whose inputs are unchanged are not
 * even rendered.
 */
export async function writeSite(outDir: string, site: GeneratedSite, options: { progress?: BuildProgress; cacheDir?: string | null } = {}): Promise<WriteResult> {
  const cacheDir = options.cacheDir ?? null;
  const manifest = OutputManifest.load(cacheDir, outDir);
  const fingerprints = new PageFingerprints(site.theme.id);
  const next = new Map<string, ManifestEntry>();
  const out = await AtomicDir.open(outDir);
  const io = new IoQueue();
  const result: WriteResult = { pages: 0, rendered: 0, reused: 0, entries: new Map() };
  let done = 0;
  const finished = (file: { path: string }, entry: ManifestEntry) => {
    next.set(file.path, entry);
    options.progress?.stage('writing', ++done, site.files.length);
  };
  try {
    for (const file of site.files) {
      const previousFile = resolveInside(outDir, file.path);
      let fingerprint: string;
      if (file.type === 'page') fingerprint = fingerprints.of(file.template, file.context);
      else if (file.type === 'text') fingerprint = sha1(file.content);
      else fingerprint = fileStamp(file.from);
      if (file.type === 'page') result.pages++;
      const previous = manifest.reusable(file.path, previousFile);
      if (previous && previous.f === fingerprint) {
        result.reused++;
        await io.add(async () => {
          await out.reuseAsync(file.path, previousFile);
          finished(file, previous);
        });
      } else if (file.type === 'copy') {
        await io.add(async () => finished(file, await stamp(await out.copyAsync(file.path, file.from), fingerprint, null)));
      } else {
        // Rendering is synchronous work for this thread; only the disk operations overlap.
        const content = file.type === 'page' ? site.theme.render(file.template, file.context) : file.content;
        if (file.type === 'page') result.rendered++;
        const hash = sha1(content);
        if (previous && previous.h === hash) {
          result.reused++;
          await io.add(async () => {
            await out.reuseAsync(file.path, previousFile);
            finished(file, { ...previous, f: fingerprint });
          });
        } else {
          await io.add(async () => finished(file, await stamp(await out.writeAsync(file.path, content), fingerprint, hash)));
        }
      }
    }
    await io.drain();
    await out.commit();
  } catch (error) {
    await io.drain().catch(() => undefined);
    await out.abort();
    throw error;
  }
  OutputManifest.save(cacheDir, outDir, next);
  result.entries = next;
  return result;
}

async function stamp(file: string, fingerprint: string, hash: string | null): Promise<ManifestEntry> {
  const stat = await fs.promises.stat(file);
  return { f: fingerprint, h: hash, size: stat.size, mtimeMs: stat.mtimeMs };
}

function sha1(content: string): string {
  return createHash('sha1').update(content).digest('hex');
}


/**
 * Identifies a source file's current bytes without reading them: size, mtime,
 * ctime and inode. ctime changes on every write or rename and cannot be set
 * back by tools (`cp -p`, `rsync -t`), so a replaced file is always noticed.
 */
export function fileStamp(file: string): string {
  const stat = fs.statSync(file);
  return `${file}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}`;
}
