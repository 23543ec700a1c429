/**
 * Hostile paths: slugs, permalinks, section/tag/author names and file names
 * that try to leave the output folder or take over the front page. Fixture:
 * test/fixtures/hostile-paths/ (one source folder per case).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readHtml, runCli, snapshotTree } from '../helpers.js';
import {
  SITE_TOP_LEVEL,
  diffEntries,
  expectBuilt,
  expectContained,
  expectFrontPage,
  expectNoStack,
  expectRefused,
  hostileBuild,
  sandbox,
  snapshotEntries,
  type Sandbox,
} from './harness.js';

const FIXTURE = 'hostile-paths';

/** A sandbox with a good site already built into out/, to prove a hostile build cannot touch it. */
async function withPreviousSite(): Promise<{ box: Sandbox; previous: Map<string, Buffer> }> {
  const box = sandbox(FIXTURE);
  const first = await hostileBuild(box, ['-s', 'good']);
  expectBuilt(first);
  return { box, previous: snapshotTree(first.out) };
}

function expectUnchanged(out: string, previous: Map<string, Buffer>) {
  const now = snapshotTree(out);
  expect([...now.keys()]).toEqual([...previous.keys()]);
  for (const [file, bytes] of previous) expect(now.get(file)!.equals(bytes), file).toBe(true);
  expectFrontPage(out);
}

describe('the sandbox itself', () => {
  it('should notice files written, changed or removed outside the output folder', () => {
    const box = sandbox(FIXTURE);
    const out = path.join(box.cwd, 'out');
    const before = snapshotEntries(box.root, [out]);
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'fine.html'), 'x');
    fs.writeFileSync(path.join(box.root, 'jail', 'escaped.html'), 'x');
    fs.writeFileSync(path.join(box.cwd, 'good', 'a.md'), 'changed');
    fs.rmSync(path.join(box.cwd, 'slug-dot'), { recursive: true });
    const changes = diffEntries(before, snapshotEntries(box.root, [out]));
    expect(changes.some((c) => c.startsWith('+ jail/escaped.html (file '))).toBe(true);
    expect(changes).toContain('~ jail/inner/site/good/a.md');
    expect(changes).toContain('- jail/inner/site/slug-dot');
    expect(changes.some((c) => c.includes('fine.html'))).toBe(false);
  });
});

describe('two articles claiming one URL', () => {
  it('should refuse the build and name both files', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'dup-url']);
    expectRefused(run, 1);
    expect(run.stderr).toMatch(/dup-url\/(2023|desk)\/story\.md: error has the same URL \(\/2023\/02\/story\/\) as the article dup-url\/(2023|desk)\/story\.md/);
    expect(run.stderr).toContain('dup-url/2023/story.md');
    expect(run.stderr).toContain('dup-url/desk/story.md');
    expect(fs.existsSync(run.out)).toBe(false);
  });
});

describe('slugs that try to leave the output folder', () => {
  it.each([
    ['slug-dotdot', '../../etc'],
    ['slug-absolute', '/abs'],
    ['slug-backslash', 'a\\b'],
    ['slug-percent', '%2e%2e'],
    ['slug-dot', '.'],
  ])('should refuse %s (%s) at the slug\'s position and leave the previous site alone', async (src, slug) => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', src]);
    expectRefused(run, 1);
    expect(run.stderr).toContain(`${src}/a.md:4:7: error "slug" must be letters, digits`);
    expect(run.stderr).toContain(JSON.stringify(slug));
    expectUnchanged(run.out, previous);
  });

  it('should refuse an empty explicit slug or fall back to the file name, never writing the front page', async () => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', 'slug-empty']);
    expectNoStack(run);
    expect(run.outside).toEqual([]);
    if (run.code === 0) {
      // Fallback: the article lands at its file name's URL.
      expect(listFiles(run.out)).toContain('2023/02/a/index.html');
      expectFrontPage(run.out);
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('slug-empty/a.md:4:7: error "slug"');
      expectUnchanged(run.out, previous);
    }
  });
});

describe('permalink patterns that try to leave the output folder', () => {
  it.each([
    ['permalink-parent', '/../{slug}/'],
    ['permalink-climb', '/{slug}/../../x/'],
  ])('should refuse %s (%s), naming the config file and setting', async (config, pattern) => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', 'good', '-c', `config/${config}.json`]);
    expectRefused(run, [1, 2]);
    expect(run.stderr).toContain(pattern);
    expect(run.stderr).toMatch(/"\.\."/);
    expectUnchanged(run.out, previous);
    // The message names the file (and, since it has one, the setting's position).
    expect(run.stderr).toMatch(new RegExp(`config/${config}\\.json:1:3: error .*permalink`));
  });

  it('should never let an article take over the front page through the permalink', async () => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', 'index-article', '-c', 'config/permalink-html.json']);
    expectRefused(run, 1);
    expect(run.stderr).toContain('index-article/index.md: error is published at /index.html (index.html), where gazette publishes its own front page; give the article another "slug"');
    expectUnchanged(run.out, previous);
  });

  it('should never let a file beside the articles take over the front page', async () => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', 'index-asset']);
    expectRefused(run, 1);
    expect(run.stderr).toContain('index-asset/index.html: error is published as index.html, where gazette publishes its own front page; rename it');
    expectUnchanged(run.out, previous);
  });
});

describe('outputs where one needs a file and another a folder of the same name', () => {
  it.each([
    ['slug-index-html', 'index.html'],
    ['slug-feed-xml', 'feed.xml'],
  ])('should refuse %s under permalink /{slug}/ as a clash with the site\'s %s, naming the article', async (src, taken) => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', src, '-c', 'config/permalink-root.json']);
    expectRefused(run, 1);
    expect(run.stderr).toMatch(new RegExp(`${src}/a\\.md(:\\d+:\\d+)?: error .*${taken.replace('.', '\\.')}`));
    expectUnchanged(run.out, previous);
  });

  it.each([
    ['asset-file-tags', 'asset-file-tags/tags', 'tags'],
    ['asset-folder-feed', 'asset-folder-feed/feed.xml/chart.svg', 'feed.xml'],
  ])('should refuse %s, a file beside the articles clashing with the site\'s own paths, naming it', async (src, file, taken) => {
    const { box, previous } = await withPreviousSite();
    const run = await hostileBuild(box, ['-s', src]);
    expectRefused(run, 1);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}(:\\d+:\\d+)?: error .*${taken.replace('.', '\\.')}`));
    expectUnchanged(run.out, previous);
  });
});

describe('section, tag and author names full of ../', () => {
  it('should build with safe slugs, everything inside the output folder and the front page intact', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'taxonomy']);
    expectBuilt(run);
    expectContained(run.out);
    expectFrontPage(run.out);
    // Nothing new at the top level: no "etc", "index", "win" escaping the tags/ folder.
    for (const entry of fs.readdirSync(run.out)) {
      if (!SITE_TOP_LEVEL.has(entry)) expect(entry).toMatch(/^\d{4}$/);
    }
    const page = readHtml(run.out, '2023/02/a/index.html');
    const links = [
      ...page.querySelectorAll('a[rel="tag"]').map((a) => ['tags', a.getAttribute('href')!] as const),
      ...page.querySelectorAll('.kicker a').map((a) => ['section', a.getAttribute('href')!] as const),
      ...page.querySelectorAll('a[rel="author"]').map((a) => ['authors', a.getAttribute('href')!] as const),
    ];
    expect(links.filter(([kind]) => kind === 'tags')).toHaveLength(8);
    expect(links.filter(([kind]) => kind === 'section')).toHaveLength(1);
    expect(links.filter(([kind]) => kind === 'authors')).toHaveLength(1);
    const slugs = new Set<string>();
    for (const [kind, href] of links) {
      const match = new RegExp(`^/${kind}/([^/]+)/$`).exec(href);
      expect(match, href).not.toBeNull();
      const slug = decodeURIComponent(match![1]!);
      expect(slug, href).not.toMatch(/^\.+$|[\\/%\0]/);
      expect(listFiles(run.out), href).toContain(`${kind}/${slug}/index.html`);
      slugs.add(`${kind}/${slug}`);
    }
    expect(slugs.size).toBe(10);
    // The tag page of "../../index" is a tag page, not a second front page.
    const tagPage = readHtml(run.out, 'tags/index/index.html');
    expect(tagPage.querySelector('body')!.getAttribute('class')).not.toBe('page-home');
    expect(tagPage.querySelector('h1')!.text).toContain('../../index');
    // The other article's "/" section and "feed.xml" tag stay under their folders too.
    expect(listFiles(run.out)).toContain('feed.xml');
    expect(listFiles(run.out).filter((f) => f.startsWith('tags/feed'))).toEqual(['tags/feed-xml/index.html']);
  });
});

describe('file names the output folder cannot hold', () => {
  it('should skip or refuse a file whose name contains a backslash, without an internal error', async () => {
    const box = sandbox(FIXTURE);
    fs.writeFileSync(path.join(box.cwd, 'good', 'we\\ird.txt'), 'backslash\n');
    fs.mkdirSync(path.join(box.cwd, 'good', 'dir\\name'));
    fs.writeFileSync(path.join(box.cwd, 'good', 'dir\\name', 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    const run = await hostileBuild(box, ['-s', 'good']);
    expectNoStack(run);
    expect(run.outside).toEqual([]);
    expect([0, 1]).toContain(run.code);
    // Named in a warning (skipped) or an error (refused).
    expect(run.stderr).toMatch(/good\/we\\ird\.txt(:\d+:\d+)?: (warning|error) /);
    expect(run.stderr).toMatch(/good\/dir\\name(\/pic\.svg)?(:\d+:\d+)?: (warning|error) /);
    if (run.code === 0) {
      expectContained(run.out);
      expectFrontPage(run.out);
    }
  });
});

describe('names that look like drives or are too long for a file system (#26)', () => {
  const page = (fields: string) => `---\ntitle: A page\nkind: page\n${fields}---\nText.\n`;
  const cases: { name: string; files: Record<string, string>; error: RegExp }[] = [
    { name: 'a page url with a drive', files: { 'p.md': page('url: /C:/x/\n') }, error: /^drives\/p\.md:4:6: error "url" .*"\/C:\/x\/" cannot be a file in the output folder/m },
    { name: 'a source folder named like a drive', files: { 'D:/q.md': page('') }, error: /^drives\/D:\/q\.md: error would be published at \/D%3A\/q\/, which cannot be a file/m },
    { name: 'a file in a folder named like a drive', files: { 'E:/notes.txt': 'text\n' }, error: /^drives\/E:\/notes\.txt: error would be published as "E:\/notes\.txt", which cannot be written/m },
    { name: 'a url with a name of 300 letters', files: { 'long.md': page(`url: /${'c'.repeat(300)}/\n`) }, error: /^drives\/long\.md:4:6: error "url" .*longer than file systems allow/m },
    { name: 'a file name of 240 letters', files: { [`${'d'.repeat(240)}.txt`]: 'text\n' }, error: /^drives\/d+\.txt: error would be published as .*longer than file systems allow/m },
  ];
  for (const { name, files, error } of cases) {
    it(`should refuse ${name} as a content error in build and check`, async () => {
      const box = sandbox(FIXTURE);
      fs.cpSync(path.join(box.cwd, 'good'), path.join(box.cwd, 'drives'), { recursive: true });
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(box.cwd, 'drives', rel)), { recursive: true });
        fs.writeFileSync(path.join(box.cwd, 'drives', rel), text);
      }
      const run = await hostileBuild(box, ['-s', 'drives']);
      expectRefused(run);
      expect(run.stderr).toMatch(error);
      const check = await runCli(['check', '-s', 'drives'], box.cwd);
      expectNoStack(check);
      expect(check.code, check.stderr).toBe(1);
      expect(check.stderr).toMatch(error);
    });
  }
});
