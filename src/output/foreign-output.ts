import fs from 'node:fs';
import path from 'node:path';
import { OutputManifest } from './manifest.js';

/** Entries a file manager or an OS leaves in any folder it shows: they make no folder someone else's. */
const LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.gitkeep']);
/** How many of a folder's own entries a refusal names. */
const NAMED = 3;

/**
 * Why a build must not take `outDir` as its output folder, or null when it may. A build replaces its
 * output folder whole, so a folder that holds what nobody would want deleted is refused before
 * anything is written: a Git repository or worktree (`.git`), or, in a folder that no gazette build is
 * on record for (no output manifest for it in `cacheDir`) and that holds no built site (`index.html`
 * at its top), anything at all. A folder gazette built, or an earlier site built there by any tool,
 * is replaced as the docs say; an `--out` mistyped to a folder of documents is not.
 */
export function foreignOutputProblem(outDir: string, cacheDir: string | null): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(outDir).filter((name) => !LITTER.has(name));
  } catch {
    return null; // no folder yet (or a file, which the writer reports)
  }
  if (names.includes('.git')) {
    return 'it holds a Git repository (.git), which the build would delete: a build replaces its output folder whole. Build into a folder of its own and copy the site into the checkout (for example rsync -a --delete --exclude .git)';
  }
  if (names.length === 0 || names.includes('index.html')) return null;
  if (OutputManifest.load(cacheDir, outDir).entries.size > 0) return null;
  names.sort();
  const shown = names.slice(0, NAMED).map((name) => (isFolder(outDir, name) ? `${name}/` : name));
  const more = names.length > NAMED ? ` and ${names.length - NAMED} more` : '';
  return `it holds files gazette did not write (${shown.join(', ')}${more}), which the build would delete: a build replaces its output folder whole. Move them, empty the folder, or choose another --out folder`;
}

function isFolder(dir: string, name: string): boolean {
  try {
    return fs.statSync(path.join(dir, name)).isDirectory();
  } catch {
    return false;
  }
}
