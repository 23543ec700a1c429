/**
 * Ctrl-C while the file watcher is still scanning the sources (seconds on a site of 100,000 articles)
 * stops `watch` and `serve` at once, rather than once the scan is done. The scan is made endless by a
 * preloaded module (hung-scan.mjs) that holds every folder listing the watcher asks for, so the test
 * does not depend on how long a real scan takes.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

const HUNG_SCAN = path.join(ROOT, 'test/watch/hung-scan.mjs');

/** Resolves with the exit code, or 'still running' when the command has not ended within `ms`. */
function exitWithin(cli: LiveCli, ms: number): Promise<number | null | 'still running'> {
  return Promise.race([cli.exit, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);
}

describe('Ctrl-C during the watcher’s first scan', () => {
  const running: LiveCli[] = [];
  afterEach(() => {
    for (const cli of running.splice(0)) cli.child.kill('SIGKILL');
  });

  for (const command of ['watch', 'serve']) {
    it(`should stop ${command} at once, with exit code 0`, async () => {
      const site = tempDir();
      writeFiles(site, { 'articles/2024/story.md': article({ title: 'Story', date: '2024-01-02' }) });
      const args = command === 'serve' ? ['serve', '--port', '0'] : ['watch'];
      const cli = new LiveCli([...args, '--no-cache', '--verbose'], site, { NODE_OPTIONS: `--import=${HUNG_SCAN}` });
      running.push(cli);
      // Printed once Ctrl-C is the command's to handle (before, during the first build, it ends the process).
      await cli.waitFor(/^scanning articles\//m, 0, 60_000);
      cli.child.kill('SIGINT');
      // A budget, not a timing: without the fix the command waits for a scan that never ends.
      expect(await exitWithin(cli, 15_000)).toBe(0);
      expect(cli.output).not.toMatch(/for changes/);
      expect(cli.output).toMatch(command === 'serve' ? /Stopped serving\.\s*$/ : /Stopped watching\.\s*$/);
    }, 90_000);
  }
});
