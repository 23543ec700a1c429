import { diagnostic, displayPath, type Diagnostic } from '../report/diagnostics.js';

/**
 * What went wrong with the build cache during a build. The cache only ever
 * saves work: a file of it that cannot be written, or one found damaged, costs
 * time and never fails the build (#26). Cache code notes such problems here,
 * wherever it meets them, and the build turns them into warnings when it ends:
 * one for a cache that could not be written, one per damaged file.
 */
let unwritable: NodeJS.ErrnoException | null = null;
const damaged = new Map<string, string>();

/** Note that writing to the cache failed with `error` (only the first failure is told). */
export function cacheNotWritten(error: unknown): void {
  unwritable ??= error as NodeJS.ErrnoException;
}

/** Note that the cache file `file` was damaged (`why`) and is being ignored. */
export function cacheDamaged(file: string, why: string): void {
  if (!damaged.has(file)) damaged.set(file, why);
}

/**
 * The warnings for what was noted since the last call, and forget it.
 * @param cacheDir The cache folder, named by the warning about writing.
 */
export function takeCacheNotices(cacheDir: string | null): Diagnostic[] {
  const notices: Diagnostic[] = [];
  for (const [file, why] of damaged) {
    notices.push(
      diagnostic(displayPath(file), `is damaged (${why}); it was ignored and will be written anew, so this build did its work again`, 'cache-damaged', {
        severity: 'warning',
      }),
    );
  }
  if (unwritable && cacheDir) {
    const { code, path: file } = unwritable;
    const what = file ? ` ${displayPath(file)}` : '';
    const reason = code ? ` (${code})` : '';
    notices.push(
      diagnostic(
        displayPath(cacheDir),
        `the build cache could not be written:${what}${reason}; the site was built, but the next build cannot reuse this one's work. Make the folder writable (or remove it), or build with --no-cache`,
        'cache-unwritable',
        { severity: 'warning' },
      ),
    );
  }
  damaged.clear();
  unwritable = null;
  return notices;
}

/** Whether `error` means there is simply no such file (not a damaged or unreadable one). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
