/**
 * The file watcher lists a folder again only when its entries may have changed: chokidar lists the folder
 * of a changed file (every entry stat'ed and filtered) on every event in it, a save included, and at 100,000
 * articles, 20,000 to a year's folder, those listings were most of what a save allocated. Run in a child
 * process (folder-reads.mjs) that counts the watcher's listings of one folder.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe('the file watcher’s folder listings', () => {
  it('should list a folder on a save in it, in place or by a rename over the file, only when an entry was added, removed or renamed', async () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`articles/2020/a${i}.md`] = `Story ${i}.\n`;
    writeFiles(site, files);
    // Left alone for an hour, as a year's folder of an archive is.
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(site, 'articles/2020'), hourAgo, hourAgo);
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'test/watch/folder-reads.mjs'), site]);
    const { atStart, saves, renames, entries, changes } = JSON.parse(stdout.trim()) as {
      atStart: number;
      saves: number;
      renames: number;
      entries: number;
      changes: string[];
    };
    // The first scan lists the folder itself, names and types only (see watchFilesThroughFolders), not through chokidar.
    expect(atStart).toBe(0);
    // Three saves of a file in place: no listing (chokidar made one for each).
    expect(saves).toBe(0);
    // Three saves that rename a temporary file over the file: the folder's time changes, its names do not.
    expect(renames).toBe(0);
    // A file added, saved and another removed: the folder is listed again, and every change is reported.
    expect(entries).toBeGreaterThan(0);
    expect(changes.filter((file) => file === 'a0.md').length).toBeGreaterThanOrEqual(6);
    expect(changes).toContain('added.md');
    expect(changes.filter((file) => file === 'added.md').length).toBeGreaterThanOrEqual(2);
    expect(changes).toContain('a1.md');
    // A folder made with an article in it, the article saved, the folder renamed and the article saved again.
    expect(changes.filter((file) => file === path.join('..', '2021', 'new.md')).length).toBeGreaterThanOrEqual(2);
    expect(changes.filter((file) => file === path.join('..', '2019', 'new.md')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
