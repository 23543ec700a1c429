/**
 * The file watcher watches the files of its first scan through their folders' watches, not one native watcher
 * (one inotify watch) each: at 100,000 articles those were most of the start of `watch` and `serve`, and as many
 * inotify watches as there are articles. Run in a child process (file-watches.mjs) that counts the process's
 * inotify watches once the watcher is ready, then checks that every kind of change is still reported.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe.runIf(process.platform === 'linux')('the file watcher’s native watches', () => {
  it('should watch folders, not each file, and still report saves, renames, files and folders added and removed, and files linked from elsewhere', async () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`articles/a${i}.md`] = `Story ${i}.\n`;
    for (let i = 0; i < 100; i++) files[`articles/2020/b${i}.md`] = `Story b${i}.\n`;
    files['articles/linked/plain.md'] = 'Beside the links.\n';
    files['elsewhere/target.md'] = 'Reached through a symbolic link.\n';
    files['elsewhere/twin.md'] = 'Also reached through a second name.\n';
    writeFiles(site, files);
    fs.symlinkSync(path.join(site, 'elsewhere/target.md'), path.join(site, 'articles/linked/link.md'));
    fs.linkSync(path.join(site, 'elsewhere/twin.md'), path.join(site, 'articles/linked/twin.md'));
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'test/watch/file-watches.mjs'), site], { maxBuffer: 1 << 24 });
    const { watches, changes } = JSON.parse(stdout.trim()) as { watches: number; changes: string[] };
    // The folders (articles/, 2020/, linked/, and the site's for the config file) and the two linked files:
    // not one a file (303 and more before).
    expect(watches).toBeGreaterThan(0);
    expect(watches).toBeLessThan(20);
    for (const file of ['a0.md', 'a1.md', 'added.md', 'a2.md', '2020/b0.md', '2021', '2021/new.md', '2020', 'linked/link.md', 'linked/twin.md', 'linked/plain.md']) {
      expect(changes).toContain(file);
    }
    expect(changes.filter((file) => file === 'a1.md').length).toBeGreaterThanOrEqual(2);
    expect(changes.filter((file) => file === 'added.md').length).toBeGreaterThanOrEqual(2);
    expect(changes.filter((file) => file === '2021/new.md').length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
