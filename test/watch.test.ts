/**
 * `gazette watch` as a writer uses it: the real CLI in a child process on a temp site, edited on disk
 * the way editors save. After every kind of change the watched output folder must equal, byte for
 * byte, a clean `gazette build` of the same sources.
 */
import fs from 'node:fs';
import sharp from 'sharp';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, article, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';
import { LiveCli } from './live-cli.js';

const REBUILD_LINE = /^(.*) changed → (\d+) written, (\d+) removed in (\d+) ms$/gm;
const FAILED_LINE = /^(.*) changed → rebuild failed in (\d+) ms/gm;

/** Paths that differ between two folders (missing, extra, or different bytes), for readable failures. */
function treeDiff(actual: string, expected: string): string[] {
  const a = snapshotTree(actual);
  const e = snapshotTree(expected);
  const problems: string[] = [];
  for (const [rel, bytes] of e) {
    const got = a.get(rel);
    if (!got) problems.push(`missing ${rel}`);
    else if (!got.equals(bytes)) problems.push(`differs ${rel}`);
  }
  for (const rel of a.keys()) if (!e.has(rel)) problems.push(`stale ${rel}`);
  return problems;
}

const latencies: { what: string; wallMs: number; rebuildMs: number }[] = [];

describe('gazette watch', () => {
  let site: string;
  let out: string;
  let cli: LiveCli;
  const siteArgs = ['--templates', 'templates', '--base-url', '/news/'];

  /** A clean build of the current sources into a fresh folder. */
  async function cleanBuild(): Promise<string> {
    const clean = path.join(tempDir('gazette-clean-'), 'dist');
    const result = await runCli(['build', '--out', clean, ...siteArgs], site);
    expect(result.code, result.stderr).toBe(0);
    return clean;
  }

  /** Wait (up to 10 s) until the watched output equals a clean build of the same sources. */
  async function expectMatchesCleanBuild(): Promise<void> {
    const clean = await cleanBuild();
    const deadline = Date.now() + 10_000;
    let diff = treeDiff(out, clean);
    while (diff.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      diff = treeDiff(out, clean);
    }
    expect(diff).toEqual([]);
  }

  /** Make a change, wait for the rebuild it causes, record its latency. */
  async function change(what: string, edit: () => void, expected: RegExp = REBUILD_LINE): Promise<RegExpMatchArray> {
    const from = cli.mark();
    const started = performance.now();
    edit();
    const match = await cli.waitFor(expected, from);
    const rebuildMs = Number(/ in (\d+) ms/.exec(match[0])?.[1] ?? NaN);
    latencies.push({ what, wallMs: Math.round(performance.now() - started), rebuildMs });
    return match;
  }

  const file = (rel: string) => path.join(site, rel);
  const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');

  beforeAll(async () => {
    site = tempDir('gazette-watch-');
    out = path.join(site, 'dist');
    fs.cpSync(path.join(ROOT, 'templates'), path.join(site, 'templates'), { recursive: true });
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Watch Gazette', timezone: 'UTC', pageSize: 2 }, null, 2),
      'articles/2023/alpha.md': article({ title: 'Alpha story', date: '2023-03-01', tags: ['City'], section: 'News' }, 'Alpha body.'),
      'articles/2023/beta.md': article({ title: 'Beta story', date: '2023-04-01', tags: ['City', 'Roads'] }, 'Beta body.'),
      'articles/2024/gamma.md': article({ title: 'Gamma story', date: '2024-01-05', section: 'News' }, 'Gamma body.'),
      'articles/2024/delta.md': article({ title: 'Delta story', date: '2024-02-05', tags: ['Roads'] }, 'Delta body.'),
      'articles/2024/img/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n',
    });
    cli = new LiveCli(['watch', ...siteArgs], site);
    await cli.waitFor(/^Watching .* for changes/m, 0, 20_000);
    expect(cli.output).toMatch(/^Built 4 articles, \d+ pages, \d+ files in \d+ ms → dist$/m);
    await expectMatchesCleanBuild();
  });

  afterAll(async () => {
    await cli?.stop();
    if (latencies.length) {
      const wall = latencies.map((l) => l.wallMs).sort((a, b) => a - b);
      console.log(
        `watch latencies (save → rebuild line), ms: median ${wall[Math.floor(wall.length / 2)]}, max ${wall[wall.length - 1]}\n` +
          latencies.map((l) => `  ${l.what}: ${l.wallMs} ms wall, ${l.rebuildMs} ms rebuild`).join('\n'),
      );
    }
  });

  it('(a) should rebuild after an article body is edited, naming the file', async () => {
    const match = await change('edit body', () =>
      fs.writeFileSync(file('articles/2023/alpha.md'), article({ title: 'Alpha story', date: '2023-03-01', tags: ['City'], section: 'News' }, 'Alpha body, edited.')),
    );
    expect(match[1]).toBe('articles/2023/alpha.md');
    expect(Number(match[2])).toBeGreaterThan(0);
    await expectMatchesCleanBuild();
    expect(read('2023/03/alpha/index.html')).toContain('Alpha body, edited.');
  });

  it('(b) should update listing pages after a title is edited', async () => {
    await change('edit title', () =>
      fs.writeFileSync(file('articles/2023/beta.md'), article({ title: 'Beta renamed', date: '2023-04-01', tags: ['City', 'Roads'] }, 'Beta body.')),
    );
    await expectMatchesCleanBuild();
    expect(read('tags/roads/index.html')).toContain('Beta renamed');
    expect(read('tags/roads/index.html')).not.toContain('Beta story');
  });

  it('(c) should build an added article, also in a new folder, and keep watching that folder', async () => {
    await change('add article in new folder', () =>
      writeFiles(site, { 'articles/2025/epsilon.md': article({ title: 'Epsilon story', date: '2025-01-10', tags: ['City'] }, 'Epsilon body.') }),
    );
    await expectMatchesCleanBuild();
    expect(fs.existsSync(path.join(out, '2025/01/epsilon/index.html'))).toBe(true);
    // The new folder is watched: an edit inside it is seen.
    await change('edit in new folder', () =>
      fs.writeFileSync(file('articles/2025/epsilon.md'), article({ title: 'Epsilon story', date: '2025-01-10', tags: ['City'] }, 'Epsilon, second draft.')),
    );
    await expectMatchesCleanBuild();
    expect(read('2025/01/epsilon/index.html')).toContain('Epsilon, second draft.');
  });

  it('(d) should remove a deleted article\'s page and update listings', async () => {
    await change('delete article', () => fs.rmSync(file('articles/2024/delta.md')));
    await expectMatchesCleanBuild();
    expect(fs.existsSync(path.join(out, '2024/02/delta/index.html'))).toBe(false);
    expect(read('index.html')).not.toContain('Delta story');
  });

  it('(e) should move the page of a renamed article file', async () => {
    await change('rename article file', () => fs.renameSync(file('articles/2024/gamma.md'), file('articles/2024/gamma-renamed.md')));
    await expectMatchesCleanBuild();
    expect(fs.existsSync(path.join(out, '2024/01/gamma-renamed/index.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, '2024/01/gamma/index.html'))).toBe(false);
  });

  it('(f) should publish an added image and remove a deleted one', async () => {
    const png = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#336699' } }).png().toBuffer();
    const published = () => fs.readdirSync(path.join(out, '2023')).filter((name) => name.startsWith('photo'));
    await change('add image', () => writeFiles(site, { 'articles/2023/photo.png': png }));
    await expectMatchesCleanBuild();
    // A photo is published as its variants, never as the original with its metadata: the PNG fallback, and a
    // modern format only where it is lighter (for 24 flat pixels AVIF is not, and is left out).
    const names = published().map((name) => name.replace(/\.[0-9a-f]{10}\./, '.#.')).sort();
    expect(names).toContain('photo-24w.#.png');
    for (const name of names) expect(name).toMatch(/^photo-24w\.#\.(avif|webp|png)$/);
    await change('delete image', () => fs.rmSync(file('articles/2023/photo.png')));
    await expectMatchesCleanBuild();
    expect(published()).toEqual([]);
  });

  it('(g) should re-render after a page template and a partial change', async () => {
    const page = file('templates/pages/article.hbs');
    await change('edit template', () => fs.writeFileSync(page, fs.readFileSync(page, 'utf8') + '\n<!-- template-marker -->\n'));
    await expectMatchesCleanBuild();
    expect(read('2023/03/alpha/index.html')).toContain('template-marker');
    const footer = file('templates/partials/footer.hbs');
    await change('edit partial', () => fs.writeFileSync(footer, fs.readFileSync(footer, 'utf8').replace(/<footer([^>]*)>/, '<footer$1><p>partial-marker</p>')));
    await expectMatchesCleanBuild();
    expect(read('index.html')).toContain('partial-marker');
  });

  it('(h) should pick up a change to gazette.config.json', async () => {
    await change('edit config', () =>
      fs.writeFileSync(file('gazette.config.json'), JSON.stringify({ title: 'Renamed Gazette', timezone: 'UTC', pageSize: 2 }, null, 2)),
    );
    await expectMatchesCleanBuild();
    expect(read('index.html')).toContain('Renamed Gazette');
  });

  it('(i) should see every atomic save (temp file renamed over the article), three in a row', async () => {
    for (const n of [1, 2, 3]) {
      // Like `sed -i`: a temp file beside the article, renamed over it.
      const temp = file(`articles/2023/sed${n}XyZ`);
      await change(`atomic save ${n}`, () => {
        fs.writeFileSync(temp, article({ title: `Alpha atomic ${n}`, date: '2023-03-01', tags: ['City'], section: 'News' }, `Atomic body ${n}.`));
        fs.renameSync(temp, file('articles/2023/alpha.md'));
      });
      await expectMatchesCleanBuild();
      expect(read('2023/03/alpha/index.html')).toContain(`Atomic body ${n}.`);
    }
  });

  it('(i2) should see an article added and one removed beside an article saved by renaming a temp file over it', async () => {
    const renameSave = (n: number) => {
      // As editors that write safely do: a temp file named after the article, renamed over it.
      const temp = file(`articles/2023/alpha.md.${n}.tmp~`);
      fs.writeFileSync(temp, article({ title: `Alpha atomic ${n}`, date: '2023-03-01', tags: ['City'], section: 'News' }, `Atomic body ${n}.`));
      fs.renameSync(temp, file('articles/2023/alpha.md'));
    };
    await change('atomic save, then an article added', () => {
      renameSave(4);
      writeFiles(site, { 'articles/2023/eta.md': article({ title: 'Eta story', date: '2023-05-01', tags: ['City'] }, 'Eta body.') });
    });
    await expectMatchesCleanBuild();
    expect(read('2023/03/alpha/index.html')).toContain('Atomic body 4.');
    expect(read('2023/05/eta/index.html')).toContain('Eta body.');
    await change('atomic save, then an article removed', () => {
      renameSave(5);
      fs.rmSync(file('articles/2023/eta.md'));
    });
    await expectMatchesCleanBuild();
    expect(read('2023/03/alpha/index.html')).toContain('Atomic body 5.');
    expect(fs.existsSync(path.join(out, '2023/05/eta/index.html'))).toBe(false);
    expect(fs.readdirSync(file('articles/2023')).filter((name) => name.includes('.tmp~'))).toEqual([]);
  });

  it('(j) should coalesce a burst of 50 saves into a few rebuilds that end with the last content', async () => {
    const from = cli.mark();
    const started = performance.now();
    for (let i = 1; i <= 50; i++) {
      fs.writeFileSync(file('articles/2023/beta.md'), article({ title: 'Beta renamed', date: '2023-04-01', tags: ['City', 'Roads'] }, `Burst ${i}.`));
      await new Promise((r) => setTimeout(r, 14));
    }
    // How long the burst took depends on the machine's load: said, not asserted (the rebuilds are counted below).
    const burstMs = performance.now() - started;
    await expectMatchesCleanBuild();
    expect(read('2023/04/beta/index.html')).toContain('Burst 50.');
    const rebuilds = cli.count(REBUILD_LINE, from);
    console.log(`burst of 50 saves in ${Math.round(burstMs)} ms → ${rebuilds} rebuilds`);
    expect(rebuilds).toBeGreaterThan(0);
    expect(rebuilds).toBeLessThanOrEqual(20);
  });

  it('(k) should report a broken article as file:line:column, keep the last good output and recover on the next save', async () => {
    const before = snapshotTree(out);
    const broken = article({ title: 'Alpha broken', date: '2023-13-45', tags: ['City'], section: 'News' }, 'Broken body.');
    const from = cli.mark();
    await change('broken save', () => fs.writeFileSync(file('articles/2023/alpha.md'), broken), FAILED_LINE);
    expect(cli.output.slice(from)).toMatch(/^articles\/2023\/alpha\.md:3:7: error /m);
    expect(cli.child.exitCode).toBe(null);
    const after = snapshotTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, bytes] of before) expect(after.get(rel)!.equals(bytes), rel).toBe(true);

    await change('fixed save', () =>
      fs.writeFileSync(file('articles/2023/alpha.md'), article({ title: 'Alpha fixed', date: '2023-03-01', tags: ['City'], section: 'News' }, 'Fixed body.')),
    );
    await expectMatchesCleanBuild();
    expect(read('2023/03/alpha/index.html')).toContain('Fixed body.');
  });

  it('should stop cleanly with exit code 0 on Ctrl-C', async () => {
    const code = await cli.stop();
    expect(code).toBe(0);
    expect(cli.output).toMatch(/Stopped watching\.\s*$/);
  });
});

describe('gazette watch after a failed first build', () => {
  it('should keep watching and build the site once the error is fixed', async () => {
    const site = tempDir('gazette-watch-broken-');
    writeFiles(site, { 'articles/story.md': article({ title: 'Story', date: '2023-02-30' }) });
    const cli = new LiveCli(['watch'], site);
    try {
      await cli.waitFor(/^Watching articles\/ .*for changes/m, 0, 20_000);
      expect(cli.output).toMatch(/^articles\/story\.md:3:7: error /m);
      expect(cli.child.exitCode).toBe(null);
      const from = cli.mark();
      fs.writeFileSync(path.join(site, 'articles/story.md'), article({ title: 'Story', date: '2023-02-28' }));
      await cli.waitFor(REBUILD_LINE, from);
      expect(fs.existsSync(path.join(site, 'dist/2023/02/story/index.html'))).toBe(true);
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});

describe('gazette watch and a templates folder made later', () => {
  it('should switch to templates/ once it is made, follow edits in it, go back to the default theme when it is removed, and see it made again', async () => {
    const site = tempDir('gazette-watch-theme-');
    writeFiles(site, { 'articles/story.md': article({ title: 'Story', date: '2023-02-10' }, 'Body.') });
    const page = path.join(site, 'dist/2023/02/story/index.html');
    /** The watched output equals a clean build of the same folder, which picks templates/ up the same way. */
    const expectCleanBuild = async () => {
      const clean = path.join(tempDir('gazette-clean-'), 'dist');
      const result = await runCli(['build', '--out', clean], site);
      expect(result.code, result.stderr).toBe(0);
      expect(treeDiff(path.join(site, 'dist'), clean)).toEqual([]);
    };
    const cli = new LiveCli(['watch'], site);
    try {
      await cli.waitFor(/^Watching articles\/ .*for changes/m, 0, 20_000);
      expect(fs.readFileSync(page, 'utf8')).not.toContain('data-theme-marker');

      const template = path.join(site, 'templates/pages/article.hbs');
      /** A theme of the default layouts and an article template that shows `marker`. */
      const makeTheme = (marker: string) => {
        fs.cpSync(path.join(ROOT, 'templates/layouts'), path.join(site, 'templates/layouts'), { recursive: true });
        fs.mkdirSync(path.dirname(template), { recursive: true });
        fs.writeFileSync(template, `<p data-theme-marker="${marker}"></p>\n${fs.readFileSync(path.join(ROOT, 'templates/pages/article.hbs'), 'utf8')}`);
      };
      let from = cli.mark();
      makeTheme('one');
      await cli.waitFor(REBUILD_LINE, from);
      await expect.poll(() => fs.readFileSync(page, 'utf8'), { timeout: 10_000 }).toContain('data-theme-marker="one"');
      await expectCleanBuild();

      // The new folder is watched: an edit inside it is seen.
      from = cli.mark();
      fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace('"one"', '"two"'));
      await cli.waitFor(REBUILD_LINE, from);
      await expect.poll(() => fs.readFileSync(page, 'utf8'), { timeout: 10_000 }).toContain('data-theme-marker="two"');

      from = cli.mark();
      fs.rmSync(path.join(site, 'templates'), { recursive: true });
      await cli.waitFor(REBUILD_LINE, from);
      await expect.poll(() => fs.readFileSync(page, 'utf8'), { timeout: 10_000 }).not.toContain('data-theme-marker');
      await expectCleanBuild();

      // Made again after being removed: watched again.
      from = cli.mark();
      makeTheme('three');
      await cli.waitFor(REBUILD_LINE, from);
      await expect.poll(() => fs.readFileSync(page, 'utf8'), { timeout: 10_000 }).toContain('data-theme-marker="three"');
      await expectCleanBuild();
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});

/**
 * A stand-in for the watch session: it records each rebuild's changed paths (relative to `dir`)
 * and runs `during` in the rebuild, which may wait or throw as a real rebuild would.
 */
function recordingSession(dir: string, folders: string[], during: () => unknown = () => undefined) {
  const calls: string[][] = [];
  const session = {
    config: { outDir: path.join(dir, 'out') },
    watchedPaths: () => [...folders.map((f) => path.join(dir, f)), path.join(dir, 'gazette.config.json')],
    async rebuild(changed: string[]) {
      calls.push(changed.map((p) => path.relative(dir, p).split(path.sep).join('/')));
      await during();
      return { articles: 0, written: [], removed: [], ms: 0 };
    },
  };
  return { session, calls };
}

describe('startWatching', () => {
  it('should never run two rebuilds at once, and fold changes made during one into exactly one follow-up', async () => {
    const { startWatching } = await import('../lib/watch/watcher.js');
    const dir = tempDir('gazette-watcher-');
    writeFiles(dir, { 'src/a.md': 'a', 'src/b.md': 'b', 'src/c.md': 'c', 'templates/x.hbs': 'x', 'gazette.config.json': '{}' });
    const calls: string[][] = [];
    let active = 0;
    let maxActive = 0;
    let release: (() => void) | null = null;
    const started: (() => void)[] = [];
    const session = {
      config: { outDir: path.join(dir, 'src', '_site') },
      watchedPaths: () => [path.join(dir, 'src'), path.join(dir, 'templates'), path.join(dir, 'gazette.config.json')],
      async rebuild(changed: string[]) {
        calls.push(changed.map((p) => path.relative(dir, p).split(path.sep).join('/')));
        active++;
        maxActive = Math.max(maxActive, active);
        started.shift()?.();
        if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve)); // the first one is slow
        active--;
        return { articles: 0, written: [], removed: [], ms: 0 };
      },
    };
    const outcomes: unknown[] = [];
    const watching = startWatching(session, { onRebuild: (o) => outcomes.push(o) });
    try {
      await watching.ready;
      const firstStarted = new Promise<void>((resolve) => started.push(resolve));
      fs.writeFileSync(path.join(dir, 'src/a.md'), 'a2');
      await firstStarted;
      // While the first rebuild runs: changes to three files, spread out over time.
      fs.writeFileSync(path.join(dir, 'src/b.md'), 'b2');
      await new Promise((r) => setTimeout(r, 120));
      fs.writeFileSync(path.join(dir, 'gazette.config.json'), '{"title":"x"}');
      fs.writeFileSync(path.join(dir, 'templates/x.hbs'), 'x2');
      fs.mkdirSync(path.join(dir, 'src/_site/deep'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/_site/deep/ignored.html'), 'output is not watched');
      fs.writeFileSync(path.join(dir, 'src/.hidden'), 'hidden files are not watched');
      // Nor are the leftovers the build skips: an editor's backup and autosave, Windows's thumbnails.
      for (const leftover of ['src/b.md~', 'src/#b.md#', 'src/Thumbs.db']) fs.writeFileSync(path.join(dir, leftover), 'leftover');
      await new Promise((r) => setTimeout(r, 400));
      expect(calls).toHaveLength(1);
      release!();
      await expect.poll(() => calls.length).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toEqual([['src/a.md'], ['gazette.config.json', 'src/b.md', 'templates/x.hbs']]);
      expect(maxActive).toBe(1);
      expect(outcomes).toHaveLength(2);
    } finally {
      release?.();
      await watching.close();
    }
  });
  it('should build again, without reporting a failure, when a file went away while a rebuild read it; a second failure is reported', async () => {
    const { startWatching } = await import('../lib/watch/watcher.js');
    const dir = tempDir('gazette-watcher-vanished-');
    writeFiles(dir, { 'src/a.md': 'a', 'gazette.config.json': '{}' });
    let failures = 1;
    const { session, calls } = recordingSession(dir, ['src'], () => {
      // As a folder renamed under a running rebuild does: a listed source cannot be opened.
      if (failures-- > 0) fs.readFileSync(path.join(dir, 'src/renamed-away/b.md'));
    });
    const outcomes: { ok: boolean }[] = [];
    const watching = startWatching(session, { onRebuild: (o) => outcomes.push(o) });
    try {
      await watching.ready;
      fs.writeFileSync(path.join(dir, 'src/a.md'), 'a2');
      await expect.poll(() => outcomes.length, { timeout: 5000 }).toBe(1);
      expect(outcomes.map((o) => o.ok)).toEqual([true]);
      expect(calls).toEqual([['src/a.md'], ['src/a.md']]);
      // A file that is missing for good fails the retry too, and that is reported.
      failures = 2;
      fs.writeFileSync(path.join(dir, 'src/a.md'), 'a3');
      await expect.poll(() => outcomes.length, { timeout: 5000 }).toBe(2);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
      expect(calls).toHaveLength(4);
    } finally {
      await watching.close();
    }
  });
  it('should not report a failed rebuild whose files changed again while it ran: the follow-up reads them again and reports', async () => {
    const { startWatching } = await import('../lib/watch/watcher.js');
    const dir = tempDir('gazette-watcher-superseded-');
    writeFiles(dir, { 'src/a.md': 'a', 'src/b.md': 'b', 'gazette.config.json': '{}' });
    let release: (() => void) | null = null;
    const started: (() => void)[] = [];
    const { session, calls } = recordingSession(dir, ['src'], async () => {
      started.shift()?.();
      if (calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      // As a file read half-written does: a content error (here it stays, so the follow-up reports it).
      throw new Error('a.md: front matter is not closed');
    });
    const outcomes: { ok: boolean; changed: string[] }[] = [];
    const watching = startWatching(session, { onRebuild: (o) => outcomes.push(o) });
    try {
      await watching.ready;
      const firstStarted = new Promise<void>((resolve) => started.push(resolve));
      fs.writeFileSync(path.join(dir, 'src/a.md'), 'half');
      await firstStarted;
      fs.writeFileSync(path.join(dir, 'src/b.md'), 'b2');
      await new Promise((r) => setTimeout(r, 200));
      release!();
      // The first rebuild fails while b.md's change waits: not reported; the follow-up takes a.md too.
      await expect.poll(() => outcomes.length, { timeout: 5000 }).toBe(1);
      expect(calls).toEqual([['src/a.md'], ['src/a.md', 'src/b.md']]);
      expect(outcomes[0]!.ok).toBe(false); // still broken then: reported, with both files
      expect(outcomes[0]!.changed.map((p) => path.relative(dir, p))).toEqual(['src/a.md', 'src/b.md']);
    } finally {
      release?.();
      await watching.close();
    }
  });
  it('should wait the settle window for a change that is not a Markdown save, so a write in two steps rebuilds once', async () => {
    const { startWatching } = await import('../lib/watch/watcher.js');
    const dir = tempDir('gazette-watcher-template-');
    writeFiles(dir, { 'src/a.md': 'a', 'templates/partials/x.hbs': 'x', 'gazette.config.json': '{}' });
    const { session, calls } = recordingSession(dir, ['src', 'templates']);
    const watching = startWatching(session, {}, { settleMs: 600, maxWaitMs: 2000 });
    try {
      await watching.ready;
      // An editor or tool that truncates, then writes: two changes 50 ms apart. A template change
      // renders every page again, so it must not start on the first.
      fs.writeFileSync(path.join(dir, 'templates/partials/x.hbs'), '');
      await new Promise((r) => setTimeout(r, 50));
      fs.writeFileSync(path.join(dir, 'templates/partials/x.hbs'), '<p>x2</p>');
      await expect.poll(() => calls.length, { timeout: 5000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 900));
      expect(calls).toEqual([['templates/partials/x.hbs']]);
    } finally {
      await watching.close();
    }
  });
  it('should be ready only once every tree is scanned, also when the templates folder is missing', async () => {
    const { startWatching } = await import('../lib/watch/watcher.js');
    const dir = tempDir('gazette-watcher-ready-');
    // Enough folders and files that scanning them takes a while after the watcher starts.
    const files: Record<string, string> = { 'gazette.config.json': '{}' };
    for (let i = 0; i < 3000; i++) files[`src/d${i % 300}/a${i}.md`] = 'x';
    writeFiles(dir, files);
    const calls: string[][] = [];
    const session = {
      config: { outDir: path.join(dir, 'out') },
      watchedPaths: () => [path.join(dir, 'src'), path.join(dir, 'templates'), path.join(dir, 'gazette.config.json')],
      async rebuild(changed: string[]) {
        calls.push(changed.map((p) => path.relative(dir, p).split(path.sep).join('/')));
        return { articles: 0, written: [], removed: [], ms: 0 };
      },
    };
    const watching = startWatching(session, {});
    try {
      await watching.ready;
      // The last folder a scan reaches, changed at once.
      fs.writeFileSync(path.join(dir, 'src/d299/a2999.md'), 'changed');
      // Seen at all is what counts here: a busy machine may deliver the write's events as two rebuilds.
      await expect.poll(() => calls.flat(), { timeout: 5000 }).toContain('src/d299/a2999.md');
      expect(new Set(calls.flat())).toEqual(new Set(['src/d299/a2999.md']));
    } finally {
      await watching.close();
    }
  });
});
