/**
 * What `watch` (and `serve`, which shares its reporting) says of a build is what `gazette build` says: its
 * first build ends with build's summary line, and a save that changes what that line says (an article
 * scheduled, held back or published, a warning come or gone) is followed by the new summary, so a writer
 * sees when a story goes live. A save that changes none of it keeps its one short line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { LiveCli } from '../live-cli.js';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';

const NOW = '2026-12-01T00:00:00Z';
const SAVED = /changed → \d+ written, \d+ removed in \d+ ms\n/;
const MISSPELT = /warning the byline "Ana Reyess" has no author profile/;

/** The summary line of `gazette build` (a clean one, into a folder of its own), without its time and output folder. */
async function buildLine(site: string): Promise<string> {
  const result = await runCli(['build', '--no-cache', '--now', NOW, '-o', path.join(tempDir(), 'out')], site);
  expect(result.code, result.stderr).toBe(0);
  return withoutTime(/^Built .*$/m.exec(result.stderr)![0]);
}

const withoutTime = (line: string) => line.replace(/ in \d+ ms → [^;\s]+/, ' in N ms → OUT');

describe('the summary of watch', () => {
  it('should say what build says after its first build, and again after a save that changes it', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC' }),
      'articles/_data/authors.yml': '- name: Ana Reyes\n',
      'articles/trade.md': article({ title: 'Trade', date: '2026-11-02', author: 'Ana Reyess' }, 'Trade rose.'),
      'articles/later.md': article({ title: 'Later', date: '2026-12-10T09:00:00Z' }, 'Soon.'),
      'articles/draft.md': article({ title: 'Draft', date: '2026-11-01', draft: true }, 'Not yet.'),
      'articles/about.md': article({ title: 'About', kind: 'page' }, 'Who we are.'),
    });
    const expected = await buildLine(site);
    expect(expected).toBe(
      'Built 1 article and 1 standalone page (1 draft held back), 11 pages, 26 files in N ms → OUT; 1 warning; 1 scheduled, next: "Later" goes live 2026-12-10T09:00:00Z',
    );
    const cli = new LiveCli(['watch', '--now', NOW], site);
    try {
      await cli.waitFor(/^Watching .* for changes/m, 0, 30_000);
      expect(withoutTime(/^Built .*$/m.exec(cli.output)![0])).toBe(expected);

      // A save that changes nothing the summary says: its own line, and the warning it still has.
      let from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/trade.md'), article({ title: 'Trade', date: '2026-11-02', author: 'Ana Reyess' }, 'Trade rose again.'));
      await cli.waitFor(SAVED, from, 30_000);
      expect(cli.output.slice(from)).toMatch(MISSPELT);
      const quiet = from;

      // A story scheduled sooner: the new summary, as build gives it, follows the save's line.
      from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/soon.md'), article({ title: 'Soon', date: '2026-12-05T09:00:00Z' }, 'Sooner.'));
      await cli.waitFor(SAVED, from, 30_000);
      const now = await cli.waitFor(/^Now .*$/m, from, 30_000);
      expect(now[0]).toBe('Now 1 article and 1 standalone page (1 draft held back), 11 pages, 26 files; 1 warning; 2 scheduled, next: "Soon" goes live 2026-12-05T09:00:00Z');
      expect(now[0].slice('Now '.length)).toBe((await buildLine(site)).replace(/^Built /, '').replace(' in N ms → OUT', ''));
      expect(cli.count(/^Now /gm, quiet)).toBe(1);

      // The byline mended: the warning is gone from the summary too.
      from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/trade.md'), article({ title: 'Trade', date: '2026-11-02', author: 'Ana Reyes' }, 'Trade rose again.'));
      // (The misspelt name's page goes with it: Ana Reyes had hers.)
      const mended = await cli.waitFor(/^Now .*$/m, from, 30_000);
      expect(mended[0]).toBe('Now 1 article and 1 standalone page (1 draft held back), 10 pages, 25 files; 2 scheduled, next: "Soon" goes live 2026-12-05T09:00:00Z');
      expect(mended[0].slice('Now '.length)).toBe((await buildLine(site)).replace(/^Built /, '').replace(' in N ms → OUT', ''));
      expect(cli.output.slice(from)).not.toMatch(MISSPELT);
    } finally {
      await cli.stop();
    }
  });

  it('should name the sources a save changed, not the temporary file it was written through, and stay quiet for what changed nothing', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/' }),
      'articles/trade.md': article({ title: 'Trade', date: '2026-11-02' }, 'Trade rose.'),
    });
    const source = path.join(site, 'articles/trade.md');
    // As `sed -i` and many editors save: a temporary file beside the source, renamed over it.
    const saveThrough = (temp: string, body: string) => {
      const file = path.join(site, 'articles', temp);
      fs.writeFileSync(file, article({ title: 'Trade', date: '2026-11-02' }, body));
      fs.renameSync(file, source);
    };
    const cli = new LiveCli(['watch', '--now', NOW], site);
    try {
      await cli.waitFor(/^Watching .* for changes/m, 0, 30_000);
      const from = cli.mark();
      saveThrough('sedQ7xK2a', 'Trade rose again.');
      const saved = await cli.waitFor(/^(.*) changed → \d+ written/m, from, 30_000);
      expect(saved[1]).toBe('articles/trade.md');
      expect(cli.output.slice(from)).not.toContain('sedQ7xK2a');
    } finally {
      await cli.stop();
    }

    // What the session tells the command: the changes among the paths reported, and whether any changed anything.
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', now: NOW }, site);
      saveThrough('sedR2mP9b', 'Trade fell.');
      const edit = await session.rebuild([path.join(site, 'articles/sedR2mP9b'), source]);
      expect(edit.changes).toEqual([source]);
      expect(edit.nothingChanged).toBeFalsy();
      // The same text saved again (or an event for a file the last rebuild read): nothing changed, said only with --verbose.
      saveThrough('sedT4nW1c', 'Trade fell.');
      const same = await session.rebuild([source]);
      expect(same.nothingChanged).toBe(true);
      expect(same.written).toEqual([]);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
