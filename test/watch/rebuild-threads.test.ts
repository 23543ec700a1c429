/**
 * Watch renders a full rebuild's bodies on the one renderer thread it keeps ready for saves, not on a
 * thread per core beside it: each renderer's heap grows to about 100 MB while it renders many bodies,
 * on top of the whole site the rebuild plans (src/markdown/pool.ts, `threadsFor`).
 * Run in a child process (rebuild-threads.mjs), which counts the threads alive while a folder of
 * articles is renamed and renamed back; the first build still renders on two. And the files of a
 * renamed folder reported again after the rebuild that read them (as a watcher reports a large
 * folder's files over seconds) render nothing again, but the one saved since; reported with the folder
 * itself, they still take the quick path (they took a full rebuild of the whole site before).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, article, expectCleanBuild, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe('watch renderer threads in a full rebuild', () => {
  let site: string;
  let outcome: Promise<Record<'renamed' | 'back' | 'late', { threads: number; bodies: number; quick?: boolean }> & { added: { quick: boolean } }>;
  beforeAll(() => {
    site = tempDir();
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
    // More bodies than a render needs for a thread per core (150), in the folder that is renamed.
    for (let i = 0; i < 170; i++) {
      files[`articles/2020/s${i}.md`] = article({ title: `Story ${i}`, date: `2020-03-${String(1 + (i % 28)).padStart(2, '0')}` }, `Text of *story* ${i}.\n\n- one\n- two`);
    }
    for (let i = 0; i < 10; i++) files[`articles/2021/t${i}.md`] = article({ title: `Later ${i}`, date: `2021-05-${String(1 + i).padStart(2, '0')}` }, `Text ${i}.`);
    writeFiles(site, files);
    outcome = run(process.execPath, [path.join(ROOT, 'test/watch/rebuild-threads.mjs'), site], {
      env: { ...process.env, NO_COLOR: '1', GAZETTE_THREADS: '2' },
    }).then(({ stdout }) => JSON.parse(stdout.trim()));
    // Handled by the tests that await it.
    outcome.catch(() => undefined);
  });

  it('should render a renamed folder on one thread, and write what a clean build does', async () => {
    const { renamed, back } = await outcome;
    expect({ renamed, back }).toEqual({ renamed: { threads: 1, bodies: 170 }, back: { threads: 1, bodies: 170 } });
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 180_000);

  it('should render only the saved one of files reported again after the rebuild that read them', async () => {
    const { late } = await outcome;
    expect(late).toMatchObject({ threads: 1, bodies: 1 });
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 180_000);

  it('should take the quick path for a folder reported with its files, and a full rebuild for a file added to it', async () => {
    const { late, added } = await outcome;
    expect({ late: late.quick, added: added.quick }).toEqual({ late: true, added: false });
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 180_000);
});
