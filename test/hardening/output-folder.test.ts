/**
 * Output folders that overlap the sources. Fixture: test/fixtures/hostile-outdir/
 * (site/a.md and site/notes.txt); symbolic links are made at test time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanBuild, listFiles, runCli } from '../helpers.js';
import { LiveCli } from '../live-cli.js';
import { builtCount, diffEntries, expectBuilt, expectContained, expectNoStack, hostileBuild, sandbox, snapshotEntries } from './harness.js';

const FIXTURE = 'hostile-outdir';

describe('output folder equal to the source folder', () => {
  it.each([['site'], ['site/'], ['./site/../site']])('should refuse -s site -o %s with exit 2 and delete nothing', async (out) => {
    const box = sandbox(FIXTURE);
    const before = snapshotEntries(box.root);
    const run = await runCli(['build', '-s', 'site', '-o', out], box.cwd);
    expectNoStack(run);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('Refusing to build into site');
    expect(run.stderr).toContain('the source folder');
    expect(diffEntries(before, snapshotEntries(box.root))).toEqual([]);
  });

  it('should refuse the root folder as output folder (it holds the sources) with exit 2, not an internal error', async () => {
    const box = sandbox(FIXTURE);
    const root = path.parse(box.cwd).root;
    const run = await runCli(['build', '-s', 'site', '-o', root], box.cwd);
    expectNoStack(run);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`Refusing to build into ${root}`);
    expect(run.stderr).toContain('the source folder');
  });

  it('should refuse an output folder that is the source folder under another name (a symlink), deleting nothing', async () => {
    const box = sandbox(FIXTURE);
    fs.symlinkSync('site', path.join(box.cwd, 'src'));
    const before = snapshotEntries(box.root);
    const run = await runCli(['build', '-s', 'src', '-o', 'site'], box.cwd);
    expectNoStack(run);
    expect(fs.existsSync(path.join(box.cwd, 'site', 'a.md')), 'the article must survive').toBe(true);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('Refusing to build into site');
    expect(diffEntries(before, snapshotEntries(box.root))).toEqual([]);
  });

  it('should never touch the sources through an output folder that is a symlink to them', async () => {
    const box = sandbox(FIXTURE);
    fs.symlinkSync('site', path.join(box.cwd, 'outlink'));
    const site = path.join(box.cwd, 'site');
    const before = snapshotEntries(site);
    const run = await runCli(['build', '-s', 'site', '-o', 'outlink'], box.cwd);
    expectNoStack(run);
    expect([0, 2]).toContain(run.code);
    expect(diffEntries(before, snapshotEntries(site))).toEqual([]);
  });
});

describe('output folder inside the source folder', () => {
  it('should build twice in a row without reading its own output back as content', async () => {
    const box = sandbox(FIXTURE);
    const first = await hostileBuild(box, ['-s', 'site'], 'site/out');
    expectBuilt(first);
    expect(builtCount(first)).toBe(1);
    const firstFiles = listFiles(first.out);
    const second = await hostileBuild(box, ['-s', 'site'], 'site/out');
    expectBuilt(second);
    expect(builtCount(second)).toBe(builtCount(first));
    expect(listFiles(second.out)).toEqual(firstFiles);
    // No copy of the previous output inside the new one, and the sources are only a.md and notes.txt.
    expect(firstFiles.some((f) => f.startsWith('out/'))).toBe(false);
    expect(firstFiles.filter((f) => f.endsWith('.md'))).toEqual([]);
    expect(firstFiles).toContain('notes.txt');
    expect(fs.readdirSync(path.join(box.cwd, 'site')).sort()).toEqual(['a.md', 'notes.txt', 'out']);
  });
});

// Issue #26: a folder of the output replaced by a symbolic link to one elsewhere.
describe('symbolic links inside the output folder', () => {
  const articleText = (title: string, day: string) => `---\ntitle: ${title}\ndate: 2024-05-${day}\n---\n${title} body.\n`;

  it.each([
    ['moved there (the same files)', true],
    ['empty', false],
  ])('should neither write nor delete through a linked folder whose target is %s, and build as a clean build does', async (_label, moved) => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'kept.md'), articleText('Kept', '01'));
    fs.writeFileSync(path.join(src, 'edited.md'), articleText('Edited', '02'));
    fs.writeFileSync(path.join(src, 'removed.md'), articleText('Removed', '03'));
    const first = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(first);
    // dist/2024 goes elsewhere, and a link takes its place.
    const outside = path.join(box.root, 'elsewhere');
    if (moved) fs.renameSync(path.join(first.out, '2024'), outside);
    else {
      fs.mkdirSync(outside);
      fs.rmSync(path.join(first.out, '2024'), { recursive: true });
    }
    fs.symlinkSync(outside, path.join(first.out, '2024'));
    const outsideBefore = snapshotEntries(outside);

    fs.writeFileSync(path.join(src, 'edited.md'), articleText('Edited again', '02'));
    fs.rmSync(path.join(src, 'removed.md'));
    const second = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(second);
    expect(diffEntries(outsideBefore, snapshotEntries(outside))).toEqual([]);
    expect(fs.lstatSync(path.join(second.out, '2024')).isSymbolicLink()).toBe(false);
    expectContained(second.out);
    await expectCleanBuild(box.cwd, second.out);
    expect(fs.readFileSync(path.join(second.out, '2024/05/edited/index.html'), 'utf8')).toContain('Edited again');
  });
});

// Issue #26: the same damage while `gazette watch` runs: its rebuilds write and delete only inside the output folder.
describe('symbolic links inside the output folder while watching', () => {
  const articleText = (title: string, day: string) => `---\ntitle: ${title}\ndate: 2024-05-${day}\n---\n${title} body.\n`;

  it('should neither write nor delete through a linked folder on the next rebuild (an edit, then a removal), and equal a clean build', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    const out = path.join(box.cwd, 'out');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'kept.md'), articleText('Kept', '01'));
    fs.writeFileSync(path.join(src, 'edited.md'), articleText('Edited', '02'));
    fs.writeFileSync(path.join(src, 'removed.md'), articleText('Removed', '03'));
    const cli = new LiveCli(['watch', '-s', 'articles', '-o', 'out', '--no-cache', '--now', '2024-05-04'], box.cwd);
    try {
      await cli.waitFor(/^Watching .* for changes/m, 0, 30_000);
      const outside = path.join(box.root, 'elsewhere');
      /** dist/2024 moves elsewhere, with its files, and a link takes its place; then `change` is made. */
      const throughLink = async (change: () => void) => {
        fs.rmSync(outside, { recursive: true, force: true });
        fs.renameSync(path.join(out, '2024'), outside);
        fs.symlinkSync(outside, path.join(out, '2024'));
        const before = snapshotEntries(outside);
        const from = cli.mark();
        change();
        await cli.waitFor(/changed → \d+ written, \d+ removed in \d+ ms$/m, from, 30_000);
        expect(diffEntries(before, snapshotEntries(outside))).toEqual([]);
        expect(fs.lstatSync(path.join(out, '2024')).isSymbolicLink()).toBe(false);
        expectContained(out);
        await expectCleanBuild(box.cwd, out, '', ['-s', 'articles', '--now', '2024-05-04']);
      };
      // An edit that keeps the site's structure (the quick path), then a removal (a full rebuild).
      await throughLink(() => fs.writeFileSync(path.join(src, 'edited.md'), articleText('Edited again', '02')));
      expect(fs.readFileSync(path.join(out, '2024/05/edited/index.html'), 'utf8')).toContain('Edited again');
      await throughLink(() => fs.rmSync(path.join(src, 'removed.md')));
      expect(fs.existsSync(path.join(out, '2024/05/removed'))).toBe(false);
      expect(fs.existsSync(path.join(outside, '05/removed/index.html'))).toBe(true);
    } finally {
      await cli.stop();
    }
  }, 120_000);
});

describe('output folder holding what is not gazette’s', () => {
  it('should refuse a folder of documents no build wrote, name what it holds, and change nothing', async () => {
    const box = sandbox(FIXTURE);
    const docs = path.join(box.cwd, 'docs');
    fs.mkdirSync(path.join(docs, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(docs, 'thesis.txt'), 'two years of work');
    fs.writeFileSync(path.join(docs, 'notes', 'a.md'), '# notes');
    const before = snapshotEntries(docs);
    for (const command of ['build', 'watch']) {
      const run = await runCli([command, '-s', 'site', '-o', 'docs'], box.cwd);
      expectNoStack(run);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('Refusing to build into docs: it holds files gazette did not write (notes/, thesis.txt)');
      expect(diffEntries(before, snapshotEntries(docs))).toEqual([]);
    }
  }, 60_000);

  it('should refuse a folder holding a Git checkout, even one gazette built, and leave the checkout whole', async () => {
    const box = sandbox(FIXTURE);
    expect((await runCli(['build', '-s', 'site', '-o', 'pages'], box.cwd)).code).toBe(0);
    fs.mkdirSync(path.join(box.cwd, 'pages', '.git'));
    fs.writeFileSync(path.join(box.cwd, 'pages', '.git', 'HEAD'), 'ref: refs/heads/gh-pages\n');
    fs.writeFileSync(path.join(box.cwd, 'site', 'b.md'), '---\ntitle: B\ndate: 2024-05-02\n---\nMore.\n');
    const before = snapshotEntries(box.root);
    const run = await runCli(['build', '-s', 'site', '-o', 'pages'], box.cwd);
    expectNoStack(run);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('Refusing to build into pages: it holds a Git repository (.git)');
    expect(diffEntries(before, snapshotEntries(box.root))).toEqual([]);
  });

  it('should replace a site gazette built once its cache is gone, and a folder holding only litter', async () => {
    const box = sandbox(FIXTURE);
    expect((await runCli(['build', '-s', 'site', '-o', 'dist'], box.cwd)).code).toBe(0);
    fs.rmSync(path.join(box.cwd, '.gazette-cache'), { recursive: true });
    fs.writeFileSync(path.join(box.cwd, 'dist', 'stray.txt'), 'left by hand');
    const rebuilt = await runCli(['build', '-s', 'site', '-o', 'dist'], box.cwd);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(fs.existsSync(path.join(box.cwd, 'dist', 'stray.txt'))).toBe(false);
    fs.mkdirSync(path.join(box.cwd, 'fresh'));
    fs.writeFileSync(path.join(box.cwd, 'fresh', '.DS_Store'), '');
    fs.writeFileSync(path.join(box.cwd, 'fresh', '.gitkeep'), '');
    const fresh = await runCli(['build', '-s', 'site', '-o', 'fresh'], box.cwd);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fs.existsSync(path.join(box.cwd, 'fresh', 'index.html'))).toBe(true);
  });
});
