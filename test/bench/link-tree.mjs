// A folder again elsewhere as hard links: how the bench restores a cache of gigabytes (run.mjs).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Folder `from` again at `to`, each file a hard link to the original (a copy where the file system
 * allows none). Only for a cache folder: gazette never rewrites a file there in place, it writes a
 * new one and renames it over the old (packs, records, search state) or links an output file (the
 * page store; output files too are written beside their targets and renamed, or built in a staging
 * folder), so a build in either folder leaves the other's files as they were
 * (test/cache-links.test.ts holds gazette to that).
 */
export function linkTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) linkTree(a, b);
    else if (e.isFile()) {
      try {
        fs.linkSync(a, b);
      } catch {
        fs.copyFileSync(a, b);
      }
    } else fs.cpSync(a, b, { verbatimSymlinks: true });
  }
}
