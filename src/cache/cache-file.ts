import fs from 'node:fs';
import path from 'node:path';

/**
 * Save `data` as JSON in a file of the cache folder, through a temporary file
 * renamed over it, so an interrupted build never leaves half a file. Best
 * effort: a cache file that cannot be written is simply missing next time,
 * and the next build does the work again.
 */
export function saveCacheFile(file: string, data: unknown): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, file);
  } catch {
    // Not kept.
  }
}
