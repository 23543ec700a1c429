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
  const full = path.resolve(root, ...segments);
  if (!full.startsWith(path.resolve(root) + path.sep)) {
    throw new Error(`refusing to write "${relative}": it would land outside the output folder`);
  }
  return full;
}

/** Whether absolute path `child` is `parent` or lies inside it. */
export function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent + path.sep);
}
