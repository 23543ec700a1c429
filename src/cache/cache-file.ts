import fs from 'node:fs';
import path from 'node:path';

/**
 * Save `data` as JSON in a file of the cache folder, through a temporary file
 * renamed over it, so an interrupted build never leaves half a file. Best
 * effort: a cache file that cannot be written is simply missing next time,
 * and the next build does the work again.
 */
export function saveCacheFile(file: string, data: unknown): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, file);
  } catch {
    // Not kept; nor is what was written of it (a full disk stops a write half-way).
    fs.rmSync(temp, { force: true });
  }
}
