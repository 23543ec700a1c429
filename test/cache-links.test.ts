/**
 * The benchmark restores a cache folder of gigabytes as hard links to the files of the build it
 * came from (test/bench/link-tree.mjs): right only while gazette never rewrites a file of the cache
 * folder, or an output file the page store names, in place. Builds in the linked copy must leave
 * the original's cache and output byte for byte as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTree } from './bench/link-tree.mjs';
import { article, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

function expectSameTree(before: Map<string, Buffer>, dir: string, label: string) {
  const after = snapshotTree(dir);
  expect([...after.keys()], label).toEqual([...before.keys()]);
  for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), `${label}: ${file}`).toBe(true);
}

async function build(cwd: string, label: string) {
  const result = await runCli(['build'], cwd);
  expect(result.code, `${label}: ${result.stderr}`).toBe(0);
}

describe('a build in a hard-linked copy of a cache folder', () => {
  it('should leave the cache and the output of the build it was made from as they were', { timeout: 120_000 }, async () => {
    const origin = tempDir('gazette-links-');
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      const day = String(i + 1).padStart(2, '0');
      files[`articles/story-${i}.md`] = article(
        { title: `Harbour story ${i}`, date: `2024-03-${day}`, section: i % 2 ? 'City' : 'Business', tags: ['harbour', `tag-${i % 3}`] },
        `The harbour pilot guided ship ${i} in. See [the first story](story-0.md).\n\nA second paragraph about the quay ${i}.`,
      );
    }
    writeFiles(origin, files);
    await build(origin, 'origin');
    const cache = snapshotTree(path.join(origin, '.gazette-cache'));
    const output = snapshotTree(path.join(origin, 'dist'));
    expect([...cache.keys()].some((f) => f.startsWith('pages/')), 'the page store is used').toBe(true);

    // A CI job as the bench makes one: the sources copied, the cache linked, no output folder.
    const job = tempDir('gazette-links-job-');
    fs.cpSync(path.join(origin, 'articles'), path.join(job, 'articles'), { recursive: true });
    linkTree(path.join(origin, '.gazette-cache'), path.join(job, '.gazette-cache'));
    await build(job, 'restored cache');
    // The same page in both outputs, one file: the job's output took it from the linked store.
    const page = '2024/03/story-0/index.html';
    expect(fs.statSync(path.join(job, 'dist', page)).ino).toBe(fs.statSync(path.join(origin, 'dist', page)).ino);

    // Then every kind of change a build writes for: an edit, an article added and one deleted, a new theme partial, no change.
    const edited = path.join(job, 'articles', 'story-0.md');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('guided ship 0 in', 'guided ship 0 in at dawn'));
    await build(job, 'one article edited');
    writeFiles(job, { 'articles/story-new.md': article({ title: 'A new story', date: '2024-04-01', tags: ['harbour'] }, 'New text.') });
    fs.rmSync(path.join(job, 'articles', 'story-5.md'));
    await build(job, 'one article added, one deleted');
    writeFiles(job, { 'templates/partials/head-extra.hbs': '<meta name="edition" content="late">\n' });
    await build(job, 'a theme partial added');
    await build(job, 'no change');

    expectSameTree(cache, path.join(origin, '.gazette-cache'), 'the origin cache');
    expectSameTree(output, path.join(origin, 'dist'), 'the origin output');
  });
});
