/**
 * A CI build (a fresh copy of the sources, the cache restored, no output folder) begins its write
 * ahead: the writer takes the last build's stored pages into the staging folder while the site is
 * loaded and planned. Whatever changed since, the output must be a clean build's, and the pages
 * taken ahead and then made otherwise must not be written through the links into the store (the
 * bench restores the cache as hard links to the origin's files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTree } from './bench/link-tree.mjs';
import { article, expectCleanBuild, listFiles, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

/** Enough files (over 256) for the write to run on its own thread, and so to begin ahead. */
function newsroom(): string {
  const dir = tempDir('gazette-ahead-');
  const files: Record<string, string> = {};
  for (let i = 0; i < 90; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`articles/story-${i}.md`] = article(
      { title: `Harbour story ${i}`, date: `2024-03-${day}`, section: i % 2 ? 'City' : 'Port', tags: [`pier-${i}`, `crane-${i}`, 'harbour'] },
      `The pilot guided ship ${i} in.\n\nSee [the first story](story-0.md).`,
    );
  }
  writeFiles(dir, files);
  return dir;
}

function ciJob(origin: string): string {
  const job = tempDir('gazette-ahead-job-');
  fs.cpSync(path.join(origin, 'articles'), path.join(job, 'articles'), { recursive: true });
  linkTree(path.join(origin, '.gazette-cache'), path.join(job, '.gazette-cache'));
  return job;
}

async function build(cwd: string): Promise<number> {
  const result = await runCli(['build', '--verbose'], cwd);
  expect(result.code, result.stderr).toBe(0);
  return Number(/(\d+) pages rendered/.exec(result.stderr)?.[1] ?? -1);
}

describe('a CI build whose write begins ahead', () => {
  it('should write what a clean build writes, and leave the restored cache and its origin as they were', { timeout: 240_000 }, async () => {
    const origin = newsroom();
    await build(origin);
    expect(listFiles(path.join(origin, 'dist')).length).toBeGreaterThan(256);
    const cache = snapshotTree(path.join(origin, '.gazette-cache'));
    const output = snapshotTree(path.join(origin, 'dist'));

    // Nothing changed: every page from the store, none rendered.
    const same = ciJob(origin);
    expect(await build(same)).toBe(0);
    const page = '2024/03/story-3/index.html';
    expect(fs.statSync(path.join(same, 'dist', page)).ino).toBe(fs.statSync(path.join(origin, 'dist', page)).ino);
    await expectCleanBuild(same, path.join(same, 'dist'), 'no change');

    // An article edited (its page taken ahead, then rendered), one deleted (its pages taken ahead, then dropped),
    // and a stored page replaced by other bytes (not taken: rendered again).
    const changed = ciJob(origin);
    const edited = path.join(changed, 'articles', 'story-3.md');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('guided ship 3 in', 'guided ship 3 in at dawn'));
    fs.rmSync(path.join(changed, 'articles', 'story-7.md'));
    const shard = path.join(changed, '.gazette-cache', 'pages', fs.readdirSync(path.join(changed, '.gazette-cache', 'pages'))[0]!);
    const victim = path.join(shard, fs.readdirSync(shard)[0]!);
    const bytes = fs.readFileSync(victim);
    fs.rmSync(victim); // a new file, not the origin's linked one
    fs.writeFileSync(victim, Buffer.concat([bytes, Buffer.from('<!-- edited -->')]));
    expect(await build(changed)).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(changed, 'dist', '2024/03/story-7'))).toBe(false);
    await expectCleanBuild(changed, path.join(changed, 'dist'), 'edited, deleted, damaged');

    expect(snapshotTree(path.join(origin, '.gazette-cache'))).toEqual(cache);
    expect(snapshotTree(path.join(origin, 'dist'))).toEqual(output);
  });
});
