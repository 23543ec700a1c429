/**
 * What a watch session keeps of the rendered bodies: none of those it reads back from disk (the packs
 * of the cache folder, or without one a file of its own), only the bodies it rendered for saves; and
 * pages showing bodies it did not render again (here, a feed with every story's full text) stay right
 * after the packs are rewritten, by the session or by a build in another process. Measured in a child
 * process run with --expose-gc (body-memory.mjs), from the strings of a heap snapshot.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);
const STORIES = 40;

/** A site of STORIES stories; with `feedFullContent`, every story's full text is in the feeds: a save renders them all again. */
function site(feedFullContent = true): string {
  const dir = tempDir();
  const files: Record<string, string> = {
    'gazette.config.json': JSON.stringify({ url: 'https://example.org/', pageSize: 5, feedLimit: 50, feedFullContent }),
  };
  for (let i = 0; i < STORIES; i++) {
    files[`articles/s${i}.md`] = article(
      { title: `Story ${i}`, date: `2023-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, section: i % 2 ? 'World' : 'Arts', tags: [`topic ${i % 5}`], summary: `Summary ${i}.` },
      `Body of story ${i} begins here.\n\n${`More about the harbour works, item ${i}. `.repeat(20 + i)}\n\nAnd see [story ${(i + 1) % STORIES}](s${(i + 1) % STORIES}.md).`,
    );
  }
  writeFiles(dir, files);
  return dir;
}

async function watchBodies(dir: string, mode: 'cache-cold' | 'cache-warm' | 'no-cache'): Promise<{ start: number[]; saved: number[] }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', path.join(ROOT, 'test/watch/body-memory.mjs'), dir, mode], {
    env: { ...process.env, NO_COLOR: '1', GAZETTE_SPILL_MIN: '1' },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { start: number[]; saved: number[] };
}

describe('watch keeps bodies on disk', () => {
  it("should hold no body read back from the cache folder's packs, and write what a clean build writes after saves (#30)", async () => {
    const dir = site();
    const alive = await watchBodies(dir, 'cache-cold');
    // Every page was written at the start, reading every body: none is kept after.
    expect(alive.start).toEqual([]);
    // Only the body rendered for the last save (the feeds read all the others again).
    expect(alive.saved).toEqual([0]);
    await expectCleanBuild(dir, path.join(dir, 'dist'), 'after saves');
  }, 240_000);

  it('should read the bodies of the packs as it read them after a build in another process rewrote them (#30)', async () => {
    // No feed of full texts: the session reads no body before the other build, and every body after it.
    const dir = site(false);
    expect((await runCli(['build', '--cache-dir', '.cache'], dir)).code).toBe(0);
    const alive = await watchBodies(dir, 'cache-warm');
    expect(alive.saved).toEqual([0]);
    await expectCleanBuild(dir, path.join(dir, 'dist'), 'after saves');
  }, 240_000);

  it('should hold no body read back from its own file without a cache folder, and write what a clean build writes after saves (#30)', async () => {
    const dir = site();
    const alive = await watchBodies(dir, 'no-cache');
    expect(alive.start).toEqual([]);
    expect(alive.saved).toEqual([0]);
    await expectCleanBuild(dir, path.join(dir, 'dist'), 'after saves');
  }, 240_000);
});
