import fs from 'node:fs';

/**
 * Identifies a file's current bytes without reading them: size, mtime,
 * ctime and inode. ctime changes on every write or rename and cannot be set
 * back by tools (`cp -p`, `rsync -t`), so a replaced file is always noticed.
 * Null for a file that cannot be read.
 */
export function stampOf(file: string): string | null {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : null;
}
