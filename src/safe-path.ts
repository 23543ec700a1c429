import path from 'node:path';

/** The longest name of a file or folder most file systems allow, in bytes. */
const NAME_MAX_BYTES = 255;
/** A file's name leaves room for the suffix of the temporary file it is written through (see `updateInPlace`). */
const FILE_NAME_MAX_BYTES = NAME_MAX_BYTES - 24;

/**
 * A path every rule of `outputPathProblem` accepts: segments of ASCII letters, digits and `_~+@,.-`,
 * none starting with a dot (so none is '.' or '..') and none longer than a file's name may be.
 */
const PLAIN_PATH = /^[\w~+@,-][\w.~+@,-]{0,230}(?:\/[\w~+@,-][\w.~+@,-]{0,230})*$/;

/**
 * Why a '/'-separated output path cannot be written inside the output folder,
 * or null when it can: an absolute path, a drive ("C:"), '..', '.' or empty
 * segments, backslashes, NUL, or a name longer than file systems allow.
 */
export function outputPathProblem(relative: string): string | null {
  // Nearly every path a site has passes this one test, which a build makes for each of its files
  // several times (175,000 files at 100,000 articles); the rules below decide the rest.
  if (PLAIN_PATH.test(relative)) return null;
  if (relative === '' || relative.startsWith('/') || /^[a-zA-Z]:/.test(relative)) return 'it is not a relative path inside the output folder';
  if (/[\\\0]/.test(relative)) return 'it contains a backslash or NUL, which file names cannot hold everywhere';
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'it contains an empty, "." or ".." segment';
  // On Windows, a "name:x" segment names a drive or a file's alternate data stream.
  if (path.sep === '\\' && segments.some((s) => s.includes(':'))) return 'it would land outside the output folder';
  // Checked in characters first: only a long name costs the byte count.
  const tooLong = (s: string, max: number) => s.length > max / 3 && Buffer.byteLength(s) > max;
  if (segments.some((s, i) => tooLong(s, i === segments.length - 1 ? FILE_NAME_MAX_BYTES : NAME_MAX_BYTES))) {
    return `a name in it is longer than file systems allow (${NAME_MAX_BYTES} bytes for a folder, ${FILE_NAME_MAX_BYTES} for a file)`;
  }
  return null;
}

/**
 * Check that a '/'-separated output path stays inside the output folder and
 * return its absolute location under `root`.
 * @throws Error for any path `outputPathProblem` refuses.
 */
export function resolveInside(root: string, relative: string): string {
  const problem = outputPathProblem(relative);
  if (problem) throw new Error(`refusing to write "${relative}": ${problem}`);
  const segments = relative.split('/');
  // Such segments stay below the folder, resolved once rather than per file: a site's writes ask about thousands of paths.
  const base = resolvedFolder(root);
  return base.endsWith(path.sep) ? base + segments.join(path.sep) : base + path.sep + segments.join(path.sep);
}

let lastFolder: { given: string; resolved: string } | null = null;

/** `path.resolve(folder)`, remembered for the last folder asked about. */
function resolvedFolder(folder: string): string {
  // A relative folder depends on the working folder, which may change.
  if (!path.isAbsolute(folder)) return path.resolve(folder);
  if (lastFolder?.given !== folder) lastFolder = { given: folder, resolved: path.resolve(folder) };
  return lastFolder.resolved;
}

/** Whether absolute path `child` is `parent` or lies inside it. */
export function isWithin(child: string, parent: string): boolean {
  // A file system's root ("/", "C:\\") already ends with its separator: everything is within it.
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}
