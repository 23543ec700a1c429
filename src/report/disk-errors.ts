import { displayPath, GazetteError } from './diagnostics.js';

/** Thrown when data read back from the build cache does not match the hash stored beside it: the build starts again without the cache. */
export class DamagedCacheError extends Error {}

/** Errors of the disk rather than of gazette or the site: what each means, in words. */
const DISK_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space is left on the device; free some and build again',
  EDQUOT: 'the disk quota is used up; free some space and build again',
  EROFS: 'the file system is read-only; choose an output folder that can be written',
  EIO: 'the device reported an input/output error; check the disk',
};

/**
 * A build that the disk stopped (full, read-only, failing) as a plain message
 * naming the file it could not write, instead of an internal error with a
 * stack; null for any other error.
 */
export function diskError(error: unknown): GazetteError | null {
  const { code, path: file } = (error ?? {}) as NodeJS.ErrnoException;
  const problem = code ? DISK_PROBLEMS[code] : undefined;
  if (!problem) return null;
  const where = file ? ` ${displayPath(file)}` : '';
  return new GazetteError(`Build failed: could not write${where} (${code}): ${problem}`, { cause: error });
}
