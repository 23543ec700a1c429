/**
 * The file watcher keeps each watched file's modification time and inode, not its whole `fs.Stats`:
 * chokidar kept the stats of every file it found, about 800 bytes a file (80 MB at 100,000 articles).
 * Run in a child process (file-stamps.mjs) that counts the `Stats` objects alive once the watcher is ready.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe('the file watcher’s state per file', () => {
  it('should keep no fs.Stats per watched file, and still report saves in place and files renamed over', async () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`articles/a${i}.md`] = `Story ${i}.\n`;
    writeFiles(site, files);
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'test/watch/file-stamps.mjs'), site], { maxBuffer: 1 << 24 });
    const { stats, changes } = JSON.parse(stdout.trim()) as { stats: number; changes: string[] };
    // Well under one per file (chokidar kept all 300, and a few folders' more).
    expect(stats).toBeLessThan(30);
    expect(changes).toContain('a0.md');
    expect(changes.filter((file) => file === 'a2.md').length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
