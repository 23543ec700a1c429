import fs from 'node:fs';
import path from 'node:path';
import { saveCacheFile } from '../cache/cache-file.js';
import { resolveInside } from './safe-path.js';

/** What gazette knows about one file it wrote: its input fingerprint, content hash and disk stamp. */
export interface ManifestEntry {
  /** Fingerprint of everything the file was made from. */
  f: string;
  /** Hash of the bytes written (null for copied files). */
  h: string | null;
  size: number;
  mtimeMs: number;
}

const FORMAT = 'gazette-output-manifest-1';

/**
 * The record of the last successful build's output files, kept in the build
 * cache. It lets the next build reuse a file whose inputs are unchanged (or
 * whose new bytes equal the old ones) instead of rendering and rewriting it,
 * but only while the file on disk still has the size and time recorded, so
 * a hand-edited or deleted output file is always rebuilt.
 */
export class OutputManifest {
  private constructor(readonly entries: Map<string, ManifestEntry>) {}

  /** Load the manifest for `outDir` from `cacheDir`; a missing, damaged or foreign one is empty. */
  static load(cacheDir: string | null, outDir: string): OutputManifest {
    const file = cacheDir ? path.join(cacheDir, 'output-manifest.json') : null;
    const entries = new Map<string, ManifestEntry>();
    if (file) {
      try {
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; outDir?: unknown; entries?: unknown };
        if (data.format === FORMAT && data.outDir === outDir && data.entries && typeof data.entries === 'object') {
          for (const [key, value] of Object.entries(data.entries as Record<string, unknown>)) {
            if (isEntry(value)) entries.set(key, value);
          }
        }
      } catch {
        // No manifest yet, or an unreadable one: every file is rebuilt.
      }
    }
    return new OutputManifest(entries);
  }

  /** The previous entry for `relative`, if the file it describes is still on disk unchanged. */
  reusable(relative: string, absolute: string): ManifestEntry | null {
    const entry = this.entries.get(relative);
    if (!entry) return null;
    try {
      const stat = fs.statSync(absolute);
      return stat.size === entry.size && stat.mtimeMs === entry.mtimeMs ? entry : null;
    } catch {
      return null;
    }
  }

  /** Whether every file this manifest lists is still on disk as written (and it lists any). */
  intact(outDir: string): boolean {
    if (this.entries.size === 0) return false;
    try {
      for (const relative of this.entries.keys()) {
        if (!this.reusable(relative, resolveInside(outDir, relative))) return false;
      }
    } catch {
      return false; // a path that does not belong in the output folder: this manifest is not ours
    }
    return true;
  }

  /** Save `entries` as the record of the build that just finished. */
  static save(cacheDir: string | null, outDir: string, entries: Map<string, ManifestEntry>): void {
    // Without a manifest the next build simply renders everything.
    if (cacheDir) saveCacheFile(path.join(cacheDir, 'output-manifest.json'), { format: FORMAT, outDir, entries: Object.fromEntries(entries) });
  }
}

function isEntry(value: unknown): value is ManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.f === 'string' && (v.h === null || typeof v.h === 'string') && typeof v.size === 'number' && typeof v.mtimeMs === 'number';
}
