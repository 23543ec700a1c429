/**
 * `watch` and `serve` save their cache two seconds after the last rebuild, off the path of a save; a Ctrl-C
 * within those two seconds still saves it, so the next `gazette build` takes the edited article's body from
 * the cache instead of rendering it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

describe('stopping watch or serve right after a save', () => {
  const running: LiveCli[] = [];
  afterEach(() => {
    for (const cli of running.splice(0)) cli.child.kill('SIGKILL');
  });

  for (const command of ['watch', 'serve']) {
    it(`should leave ${command}'s last save in the cache`, async () => {
      const site = tempDir();
      writeFiles(site, {
        'articles/2024/first.md': article({ title: 'First', date: '2024-01-02' }, 'The first story.'),
        'articles/2024/second.md': article({ title: 'Second', date: '2024-01-03' }, 'The second story.'),
      });
      const args = command === 'serve' ? ['serve', '--port', '0'] : ['watch'];
      const cli = new LiveCli(args, site);
      running.push(cli);
      await cli.waitFor(/for changes/, 0, 60_000);
      const from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/2024/first.md'), article({ title: 'First', date: '2024-01-02' }, 'The first story, edited.'));
      await cli.waitFor(/written, \d+ removed/, from, 60_000);
      // At once: well within the two seconds before the session would save by itself.
      expect(await cli.stop()).toBe(0);

      const build = await runCli(['build', '--verbose'], site);
      expect(build.code, build.stderr).toBe(0);
      expect(build.stderr).toMatch(/\b0 of 2 articles rendered from Markdown/);
      expect(fs.readFileSync(path.join(site, 'dist/2024/01/first/index.html'), 'utf8')).toContain('The first story, edited.');
    }, 120_000);
  }
});
