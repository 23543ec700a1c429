/**
 * Temporary files of in-place writes that a killed build or watcher left in the output folder (issue #26):
 * the next build or watcher removes those of exited processes, and nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

/** The id of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('temporary files left in the output folder', () => {
  it('should be removed by the next build and the next watcher when their process is gone, and only those', async () => {
    const site = tempDir('gazette-temps-');
    writeFiles(site, {
      'articles/2024/a.md': article({ title: 'A', date: '2024-05-01' }, 'A body.'),
      'articles/2024/b.md': article({ title: 'B', date: '2024-05-02' }, 'B body.'),
    });
    const out = path.join(site, 'dist');
    const first = await runCli(['build'], site);
    expect(first.code, first.stderr).toBe(0);
    // Another gazette still running owns its temporary files.
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const allKept = new Set<string>();
    try {
      const plant = () => {
        const dead = deadPid();
        const stale = [`.7.gazette-${dead}.tmp`, `index.html.gazette-${dead}.tmp`];
        const kept = [`.8.gazette-${sleeper.pid}.tmp`, 'notes.gazette.tmp', 'gazette-1.tmp'];
        for (const name of [...stale, ...kept]) fs.writeFileSync(path.join(out, name), 'half a page');
        // Only the top level is gazette's: deeper down a name like that is not looked at.
        fs.writeFileSync(path.join(out, '2024', `x.gazette-${dead}.tmp`), 'x');
        for (const name of [...kept, `2024/x.gazette-${dead}.tmp`]) allKept.add(name);
        return { stale, kept: [...kept, `2024/x.gazette-${dead}.tmp`] };
      };
      const expectTidied = (stale: string[], kept: string[]) => {
        for (const name of stale) expect(fs.existsSync(path.join(out, name)), name).toBe(false);
        for (const name of kept) expect(fs.existsSync(path.join(out, name)), name).toBe(true);
      };

      // A build with nothing to do, then one that updates the output in place.
      let planted = plant();
      const upToDate = await runCli(['build', '--verbose'], site);
      expect(upToDate.code, upToDate.stderr).toBe(0);
      expect(upToDate.stderr).toContain('Removed 2 temporary files left in the output by interrupted builds');
      expectTidied(planted.stale, planted.kept);
      planted = plant();
      fs.writeFileSync(path.join(site, 'articles/2024/a.md'), article({ title: 'A', date: '2024-05-01' }, 'A body, edited.'));
      const updated = await runCli(['build'], site);
      expect(updated.code, updated.stderr).toBe(0);
      expectTidied(planted.stale, planted.kept);
      for (const name of allKept) fs.rmSync(path.join(out, name));
      allKept.clear();
      await expectCleanBuild(site, out);

      // A watcher, when it starts.
      planted = plant();
      const cli = new LiveCli(['watch'], site);
      try {
        await cli.waitFor(/^Watching .* for changes/m, 0, 30_000);
        expectTidied(planted.stale, planted.kept);
        // Its own writes leave none behind.
        const from = cli.mark();
        fs.writeFileSync(path.join(site, 'articles/2024/b.md'), article({ title: 'B', date: '2024-05-02' }, 'B body, edited.'));
        await cli.waitFor(/changed → \d+ written/m, from, 30_000);
        expect(fs.readdirSync(out).filter((name) => /\.gazette-\d+\.tmp$/.test(name) && !planted.kept.includes(name))).toEqual([]);
      } finally {
        await cli.stop();
      }
    } finally {
      sleeper.kill();
    }
  }, 120_000);
});
