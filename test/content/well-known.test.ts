/**
 * The source folder's `.well-known/` (security.txt, an app's association files) is published as
 * written, Markdown included, and watched: the one hidden folder gazette reads. Every other hidden
 * file or folder, and hidden files inside `.well-known/`, are still skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveCli } from '../live-cli.js';
import { article, expectCleanBuild, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

describe('.well-known/ in the source folder', () => {
  it('should be published as written, and followed by watch as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/news/' }),
      'articles/a.md': article({ title: 'A', date: '2024-05-01' }, 'Text.'),
      'articles/.well-known/security.txt': 'Contact: mailto:security@example.org\n',
      'articles/.well-known/notes.md': '# Not an article\n',
      'articles/.well-known/.DS_Store': 'finder',
      'articles/.hidden/secret.txt': 'not published',
      'articles/2024/.well-known/nested.txt': 'only the top folder counts',
    });
    const built = await runCli(['build'], site);
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(site, 'dist');
    const files = listFiles(out);
    expect(files.filter((f) => f.includes('well-known') || f.includes('hidden'))).toEqual(['.well-known/notes.md', '.well-known/security.txt']);
    expect(fs.readFileSync(path.join(out, '.well-known/notes.md'), 'utf8')).toBe('# Not an article\n');

    const cli = new LiveCli(['watch'], site);
    try {
      await cli.waitFor(/^Watching .* for changes/m, 0, 30_000);
      const from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/.well-known/security.txt'), 'Contact: mailto:desk@example.org\n');
      await cli.waitFor(/\.well-known\/security\.txt changed → 1 written/, from, 30_000);
      expect(fs.readFileSync(path.join(out, '.well-known/security.txt'), 'utf8')).toBe('Contact: mailto:desk@example.org\n');
    } finally {
      await cli.stop();
    }
    await expectCleanBuild(site, out, 'after a save in .well-known/');
  });
});
