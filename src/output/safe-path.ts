import path from 'node:path';

/**
 * Check that a '/'-separated output path stays inside the output folder and
 * return its absolute location under `root`.
 * @throws Error for absolute paths, '..' or '.' segments, backslashes, NUL or empty names.
 */
export function resolveInside(root: string, relative: string): string {
  if (relative === '' || relative.startsWith('/') || /[\\\0]/.test(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw new Error(`refusing to write "${relative}": not a relative path inside the output folder`);
  }
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`refusing to write "${relative}": it contains an empty, "." or ".." segment`);
  }
  // On Windows, a "name:x" segment names a drive or a file's alternate data stream.
  if (path.sep === '\\' && segments.some((s) => s.includes(':'))) {
    throw new Error(`refusing to write "${relative}": it would land outside the output folder`);
  }
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
  return child === parent || child.startsWith(parent + path.sep);
}
