/**
 * `watch` and `serve` save their cache two seconds after the last rebuild, off the path of a save; a Ctrl-C
 * within those two seconds still saves it, so the next `gazette build` takes the edited article's body from
 * the cache instead of rendering it again. That save can take seconds on a large site: the writer is told,
 * and may stop the process at once with a second Ctrl-C, which leaves nothing the next build gets wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSession, type LiveSession } from '../../lib/cli/watch.js';
import { Reporter } from '../../lib/report/reporter.js';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';
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

  it('should say that it saves the cache only when a save is still to come', async () => {
    for (const unsaved of [true, false]) {
      let printed = '';
      const stream = { isTTY: false, write: (text: string) => ((printed += text), true) } as unknown as NodeJS.WriteStream;
      let closed = false;
      const session = { unsaved, close: async () => void (closed = true) } as unknown as LiveSession;
      await closeSession(session, new Reporter({ quiet: false, verbose: false, stream }));
      expect(closed).toBe(true);
      if (unsaved) expect(printed).toBe('Saving the build cache for the next build (Ctrl-C again to stop without it)\n');
      else expect(printed).toBe('');
    }
  });

  it('should leave a site the next build makes whole when stopped at once, before its save', async () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 1; i <= 6; i++) files[`articles/2024/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-01-0${i}`, tags: ['Harbour'] }, `Story ${i}.`);
    writeFiles(site, files);
    const cli = new LiveCli(['watch'], site);
    running.push(cli);
    await cli.waitFor(/for changes/, 0, 60_000);
    const from = cli.mark();
    fs.writeFileSync(path.join(site, 'articles/2024/s3.md'), article({ title: 'Story 3, retold', date: '2024-01-03', tags: ['Harbour', 'Budget'] }, 'Story 3, edited.'));
    await cli.waitFor(/written, \d+ removed/, from, 60_000);
    // As a second Ctrl-C during the save does: the process ends with the session's work unsaved.
    cli.child.kill('SIGKILL');
    await cli.exit;
    const build = await runCli(['build'], site);
    expect(build.code, build.stderr).toBe(0);
    expect(fs.readFileSync(path.join(site, 'dist/2024/01/s3/index.html'), 'utf8')).toContain('Story 3, edited.');
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 120_000);
});
