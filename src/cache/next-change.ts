import fs from 'node:fs';
import path from 'node:path';
import { saveCacheText } from './cache-file.js';

/**
 * `next-change` in the cache folder: when the site last built next changes by itself (a scheduled story
 * goes live, one expires, a featured or breaking story's time ends), as one line of ISO 8601 in UTC, or
 * `none`. A scheduled CI job reads it to decide whether to build at all, without installing gazette or
 * restoring the whole cache (see the deploy workflow `gazette init` writes). Plain text so that a shell
 * can read it.
 */
export function nextChangeFile(cacheDir: string): string {
  return path.join(cacheDir, 'next-change');
}

/** Write `nextDue` (ISO 8601, or null for nothing to come), unless the file already says so. */
export function saveNextChange(cacheDir: string, nextDue: string | null): void {
  const file = nextChangeFile(cacheDir);
  const text = `${nextDue ?? 'none'}\n`;
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // Missing or unreadable: written below.
  }
  saveCacheText(file, text);
}
