import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { WatchSession } from '../lib/watch/session.js';
import { article, expectCleanBuild, RECORDS_THEME, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

describe('WatchSession.rebuild', () => {
  it('should match a clean build after edits to articles outside the feeds, the search index and the first pages', async () => {
    const site = tempDir();
    const files: Record<string, string> = {
      'gazette.config.json': JSON.stringify({ feedLimit: 2, pageSize: 3, url: 'https://example.org/' }),
      // A theme that reads the headline file: a title edit rewrites it.
      ...RECORDS_THEME,
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
  it('should patch the full-text index of a save in place, and match a clean build after edits, additions, deletions, section and date changes (#28)', async () => {
    const site = tempDir();
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
    for (let i = 0; i < 40; i++) {
      files[`articles/a${i}.md`] = article(
        { title: `Story ${i}`, date: `2023-02-${String((i % 28) + 1).padStart(2, '0')}`, section: i % 2 ? 'City' : 'Port', summary: `Summary ${i}.` },
        `Council report ${i}.\n\nword${i} here.`,
      );
    }
    writeFiles(site, files);
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    const timing = process.env.GAZETTE_TIMING;
    process.env.GAZETTE_TIMING = '1';
    const said: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (said.push(String(chunk)), true));
    // How the last save made the index: patched in place (the edited documents only) or from the whole site.
    const how = () => {
      const lines = said.join('').split('\n').filter((line) => /search index/.test(line));
      said.length = 0;
      return lines.map((line) => (/edited in place/.test(line) ? 'in place' : /updated|built whole/.test(line) ? 'whole site' : line));
    };
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: true }, site);
      how();
      const step = async (label: string, file: string, expected: string[]) => {
        await session.rebuild([file]);
        expect(how(), label).toEqual(expected);
        await expectCleanBuild(site, out, label);
      };
      await step('a body edited', edit(site, 'articles/a3.md', 'word3 here.', 'word3 here, and quillfeather.'), ['in place']);
      await step('a title edited', edit(site, 'articles/a3.md', 'Story 3', 'Story three'), ['in place']);
      await step('a summary edited', edit(site, 'articles/a4.md', 'Summary 4.', 'Harbour summary.'), ['in place']);
      // Two saves at once, one taking back a word the first save added.
      edit(site, 'articles/a6.md', 'word6 here.', 'word6 and copalvarnish here.');
      edit(site, 'articles/a3.md', 'and quillfeather', 'and more');
      await session.rebuild([path.join(site, 'articles/a6.md'), path.join(site, 'articles/a3.md')]);
      expect(how()).toEqual(['in place']);
      await expectCleanBuild(site, out, 'two saves');
      // Structural changes plan the site again: the index is updated from the last one's state.
      await step('a section changed', edit(site, 'articles/a5.md', 'section: "City"', 'section: "Weather"'), ['whole site']);
      await step('a date changed', edit(site, 'articles/a8.md', '"2023-02-09"', '"2024-07-01"'), ['whole site']);
      writeFiles(site, { 'articles/new.md': article({ title: 'Fog', date: '2023-03-01', section: 'Port' }, 'Fog over the harbour.') });
      await step('an article added', path.join(site, 'articles/new.md'), ['whole site']);
      fs.rmSync(path.join(site, 'articles/a9.md'));
      await step('an article removed', path.join(site, 'articles/a9.md'), ['whole site']);
      // The site planned again is patched in place as the first was.
      await step('a body edited after them', edit(site, 'articles/a5.md', 'word5 here.', 'word5 over the weir.'), ['in place']);
      await session.close();
    } finally {
      process.chdir(cwd);
      stderr.mockRestore();
      if (timing === undefined) delete process.env.GAZETTE_TIMING;
      else process.env.GAZETTE_TIMING = timing;
    }
  });

  // A start with nothing to do makes the site the quick path patches in the background, from the sources as they
  // are then: a save made before that reads it is already in that site but not yet in the output.
  const racing: [string, (site: string) => string][] = [
    ['a title edited', (site) => edit(site, 'articles/a5.md', 'Story 5', 'Story five, renamed')],
    ['a tag changed', (site) => edit(site, 'articles/a2.md', 'tags: ["t2"]', 'tags: ["t0"]')],
    ['an article added', (site) => (writeFiles(site, { 'articles/new.md': article({ title: 'Fog', date: '2023-03-01', section: 'Arts', tags: ['t1'] }, 'Fog.') }), path.join(site, 'articles/new.md'))],
    ['an article removed', (site) => (fs.rmSync(path.join(site, 'articles/a4.md')), path.join(site, 'articles/a4.md'))],
  ];
  it('should patch the prepared site on the first save after a start with nothing to do, when nothing raced it', async () => {
    const site = racingSite();
    const built = await runCli(['build'], site);
    expect(built.code, built.stderr).toBe(0);
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session, result } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      expect(result.upToDate).toBe(true);
      session.watching();
      // A rebuild waits for the prepared site: then the save.
      await session.rebuild([]);
      // The quick path (not a full rebuild) takes the save: it returns null when it cannot.
      const quick = vi.spyOn(session as unknown as { applyArticleEdits: (changed: string[]) => Promise<unknown> }, 'applyArticleEdits');
      const saved = await session.rebuild([edit(site, 'articles/a5.md', 'Story 5', 'Story five, renamed')]);
      expect(await quick.mock.results[0]!.value).not.toBeNull();
      // The default theme: the headline file is not written, the full-text record is.
      expect(saved.written).not.toContain('search-index.json');
      expect(saved.written.some((f) => f.startsWith('search-index/d/'))).toBe(true);
      await expectCleanBuild(site, path.join(site, 'dist'));
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });

  for (const [what, save] of racing) {
    it(`should match a clean build after ${what} while a start with nothing to do prepares its site`, async () => {
      const site = racingSite();
      const built = await runCli(['build'], site);
      expect(built.code, built.stderr).toBe(0);
      const out = path.join(site, 'dist');
      const cwd = process.cwd();
      process.chdir(site);
      try {
        const { session, result } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
        expect(result.upToDate).toBe(true);
        // Saved once the start had checked the sources, before the watcher is ready and the site is prepared.
        const file = save(site);
        session.watching();
        await session.rebuild([file]);
        await expectCleanBuild(site, out, what);
        await session.close();
      } finally {
        process.chdir(cwd);
      }
    });
  }
});

/** Replace `from` by `to` in a source of `site`; returns the file's path. */
function edit(site: string, source: string, from: string, to: string): string {
  const file = path.join(site, source);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  return file;
}

/** Eight articles in two sections and three tags, the newest three in the feeds. */
function racingSite(): string {
  const site = tempDir();
  const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ feedLimit: 3, url: 'https://example.org/' }) };
  for (let i = 0; i < 8; i++) {
    files[`articles/a${i}.md`] = article({ title: `Story ${i}`, date: `2023-01-0${i + 1}`, section: i % 2 ? 'World' : 'Arts', tags: [`t${i % 3}`] }, `Story ${i}.`);
  }
  writeFiles(site, files);
  return site;
}
