/**
 * An editor that saves in place empties the article, then writes it: a watcher that reads it in
 * between finds an empty file. A rebuild that finds a changed article empty waits for it to be written
 * (a second at most), rather than failing on it (and showing the error in the browser) until the next event.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, tempDir, writeFiles } from '../helpers.js';

describe('a save caught between emptying the article and writing it', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('should be rebuilt from the text written, not fail on an empty article', async () => {
    const site = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`articles/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-05-0${i + 1}` }, `Text of story ${i}.`);
    writeFiles(site, files);
    process.chdir(site);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
    const file = path.join(site, 'articles/s2.md');
    const saved = article({ title: 'Story 2', date: '2024-05-03' }, 'Text of story 2, saved in place.');
    // The save's first half: the file emptied; its second half comes while the rebuild is under way, as
    // late as an editor's write comes on a loaded machine.
    fs.writeFileSync(file, '');
    setTimeout(() => fs.writeFileSync(file, saved), 250);
    const result = await session.rebuild([file]);
    expect(result.written).toContain('2024/05/s2/index.html');
    expect(fs.readFileSync(path.join(site, 'dist/2024/05/s2/index.html'), 'utf8')).toContain('saved in place');
    await session.close();
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 120_000);

  it('should still report an article left empty', async () => {
    const site = tempDir();
    writeFiles(site, { 'articles/a.md': article({ title: 'A', date: '2024-05-01' }), 'articles/b.md': article({ title: 'B', date: '2024-05-02' }) });
    process.chdir(site);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
    const file = path.join(site, 'articles/b.md');
    fs.writeFileSync(file, '');
    await expect(session.rebuild([file])).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'front-matter-missing', message: expect.stringContaining('the file is empty') })] });
    await session.close();
  }, 120_000);
});
