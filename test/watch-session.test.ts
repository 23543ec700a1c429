import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../lib/watch/session.js';
import { article, expectCleanBuild, snapshotTree, tempDir, writeFiles } from './helpers.js';

describe('WatchSession.rebuild', () => {
  it('should match a clean build after edits to articles outside the feeds, the search index and the first pages', async () => {
    const site = tempDir();
    const files: Record<string, string> = {
      'gazette.config.json': JSON.stringify({ feedLimit: 2, pageSize: 3, url: 'https://example.org/' }),
    };
    for (let i = 0; i < 24; i++) {
      files[`articles/a${i}.md`] = article(
        { title: `Story ${i}`, date: `2023-01-${String(i + 1).padStart(2, '0')}`, section: i % 2 ? 'World' : 'Arts', tags: [`t${i % 3}`], summary: `Summary ${i}.` },
        `First paragraph of story ${i}.\n\nSecond paragraph.`,
      );
    }
    writeFiles(site, files);
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      const file = path.join(site, 'articles/a3.md');
      const edit = async (from: string | RegExp, to: string) => {
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
        return session.rebuild([file]);
      };
      // A body edit of an old article: its page changes; the feeds and the search index do not.
      const body = await edit('Second paragraph.', 'Second paragraph, now longer than before.');
      expect(body.written).toContain('2023/01/a3/index.html');
      expect(body.written).not.toContain('feed.xml');
      expect(body.written).not.toContain('search-index.json');
      await expectCleanBuild(site, out);
      // A title edit: listings, neighbours and the search index show it.
      const title = await edit('Story 3', 'Story three, renamed');
      expect(title.written).toContain('search-index.json');
      await expectCleanBuild(site, out);
      // A summary edit, then a date edit that moves it into the feeds (a structural change).
      await edit('Summary 3.', 'A new summary.');
      await expectCleanBuild(site, out);
      const moved = await edit('2023-01-04', '2024-05-05');
      expect(moved.written).toContain('feed.xml');
      await expectCleanBuild(site, out);
      // A broken save throws and leaves the output as it was; the fix recovers.
      const before = snapshotTree(out);
      await expect(edit('2024-05-05', '2024-02-30')).rejects.toThrow(/Build failed/);
      expect(snapshotTree(out)).toEqual(before);
      await edit('2024-02-30', '2024-02-28');
      await expectCleanBuild(site, out);
      // The newest story's title edit: the news sitemap shows it too.
      const newest = await edit('Story three, renamed', 'Story three, renamed again');
      expect(newest.written).toContain('news-sitemap.xml');
      await expectCleanBuild(site, out);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });

  for (const cache of [false, true]) {
    it(`should update the full-text index on saves as a clean build would (${cache ? 'with' : 'without'} the cache) (#28)`, async () => {
      const site = tempDir();
      const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
      for (let i = 0; i < 70; i++) {
        files[`articles/a${i}.md`] = article({ title: `Story ${i}`, date: `2023-02-${String((i % 28) + 1).padStart(2, '0')}`, section: 'City' }, `Council report ${i}.\n\nword${i} here.`);
      }
      writeFiles(site, files);
      const out = path.join(site, 'dist');
      const cwd = process.cwd();
      process.chdir(site);
      try {
        const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache }, site);
        const fragments = () => fs.readdirSync(path.join(out, 'search-index')).filter((f) => f.startsWith('f-'));
        expect(fragments()).toHaveLength(4);
        const file = path.join(site, 'articles/a5.md');
        // A word added to a body: that word's fragment and the story's record, nothing else of the index.
        fs.appendFileSync(file, '\nQuillfeather.\n');
        const saved = await session.rebuild([file]);
        const index = saved.written.filter((f) => f.startsWith('search-index/'));
        expect(index).toHaveLength(2);
        expect(index.filter((f) => f.startsWith('search-index/d/'))).toHaveLength(1);
        expect(fs.readFileSync(path.join(out, index.find((f) => f.includes('/f-'))!), 'utf8')).toContain('"quillfeather"');
        await expectCleanBuild(site, out);
        // A new story (a full rebuild) and a removed one: from the last index, to the same bytes.
        writeFiles(site, { 'articles/new.md': article({ title: 'Fog', date: '2023-03-01', section: 'Weather' }, 'Fog over the harbour.') });
        await session.rebuild([path.join(site, 'articles/new.md')]);
        await expectCleanBuild(site, out);
        fs.rmSync(path.join(site, 'articles/a9.md'));
        await session.rebuild([path.join(site, 'articles/a9.md')]);
        await expectCleanBuild(site, out);
        await session.close();
      } finally {
        process.chdir(cwd);
      }
    });
  }
});
