import fs from 'node:fs';
import path from 'node:path';
import { cacheDamaged, cacheNotWritten, isMissing } from './cache-notices.js';

/**
 * Save `data` as JSON in a file of the cache folder, through a temporary file
 * renamed over it, so an interrupted build never leaves half a file. Best
 * effort: a cache file that cannot be written is simply missing next time,
 * and the next build does the work again. Returns whether it was written.
 */
export function saveCacheFile(file: string, data: unknown): boolean {
  return saveCacheText(file, JSON.stringify(data));
}

/** `saveCacheFile` for data already serialized (`text`, JSON). */
export function saveCacheText(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
    return true;
  } catch (error) {
    cacheNotWritten(error);
    // Not kept; nor is what was written of it (a full disk stops a write half-way).
    removeCacheFile(temp);
    return false;
  }
}

/** Remove a file of the cache folder, if it can be: one left behind is ignored or overwritten later. */
export function removeCacheFile(file: string, options: { recursive?: boolean } = {}): void {
  try {
    fs.rmSync(file, { force: true, recursive: options.recursive ?? false });
  } catch (error) {
    if (!isMissing(error)) cacheNotWritten(error);
  }
}

/**
 * Read a JSON file of the cache folder: its data, or null when it is missing
 * or was written by another version of gazette (`format` differs). One that
 * does not parse, or whose data `valid` refuses, is damaged: it is noted (a
 * warning at the end of the build) and read as missing.
 */
export function readCacheFile<T>(file: string, format: string, valid: (data: Record<string, unknown>) => boolean): T | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (!isMissing(error)) cacheDamaged(file, `it cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    cacheDamaged(file, 'it is not valid JSON');
    return null;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    cacheDamaged(file, 'it does not hold a JSON object');
    return null;
  }
  const record = data as Record<string, unknown>;
  if (record.format !== format) return null;
  if (!valid(record)) {
    cacheDamaged(file, 'its content is not what gazette writes there');
    return null;
  }
  return record as T;
}
