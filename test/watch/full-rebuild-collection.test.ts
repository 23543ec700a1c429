/**
 * A full rebuild in watch collects the heap once it has let go of the last site, so that the engine
 * measures the heap's next margin from what the session keeps, not from the site being replaced or
 * what a failed rebuild left behind (src/watch/heap-growth.ts), and again once its files are written,
 * so that the heap is back to what the session keeps; a save, on the quick path, does not collect.
 * Run in a child process without --expose-gc (full-rebuild-collection.mjs), which counts the forced
 * full collections the engine reports, holds a weak reference to the replaced site, and compares the heap
 * in use as the rebuild returns with what a collection then leaves.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe('watch collection at a full rebuild', () => {
  it('should collect the replaced site during a full rebuild and its garbage at its end, and force no collection on a save', async () => {
    const site = tempDir();
    const files: Record<string, string> = {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }),
      'templates/partials/head-extra.hbs': '<meta name="edit" content="0">\n',
    };
    for (let i = 0; i < 20; i++) files[`articles/a${i}.md`] = article({ title: `Story ${i}`, date: `2023-01-${String(1 + i).padStart(2, '0')}` }, `Text of story ${i}.`);
    writeFiles(site, files);
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'test/watch/full-rebuild-collection.mjs'), site], { env: { ...process.env, NO_COLOR: '1' } });
    const { garbageMiB, ...outcome } = JSON.parse(stdout.trim()) as { save: number; fullRebuild: number; replacedAlive: boolean; garbageMiB: number };
    // One collection as it lets go of the last site, one once its files are written.
    expect(outcome).toEqual({ save: 0, fullRebuild: 2, replacedAlive: false });
    // What the rebuild made and let go of is gone as it returns (3 MiB of this site's when it was kept until later).
    expect(garbageMiB).toBeLessThan(1);
  }, 120_000);
});
