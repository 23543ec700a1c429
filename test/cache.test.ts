import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildRecord } from '../lib/cache/build-record.js';
import { DamagedCacheError } from '../lib/cache/article-cache.js';
import { buildKeepingSite } from '../lib/build.js';
import { loadConfig } from '../lib/config/index.js';
import { ROOT, article, copyFixture, listFiles, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

/** Assert two built sites are byte-identical. */
function expectSameSite(actual: string, expected: string) {
  const a = snapshotTree(actual);
  const b = snapshotTree(expected);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [file, bytes] of b) expect(a.get(file)!.equals(bytes), file).toBe(true);
}

/** A clean build of `dir`'s sources, without any cache, into a fresh folder. */
async function cleanBuild(dir: string, args: string[] = []): Promise<string> {
  const out = path.join(tempDir(), 'clean');
  const result = await runCli(['build', '--no-cache', '-o', out, ...args], dir);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

async function cachedBuild(dir: string, args: string[] = []) {
  const result = await runCli(['build', '--verbose', ...args], dir);
  expect(result.code, result.stderr).toBe(0);
  const stats = /(\d+) pages rendered, (\d+) files unchanged/.exec(result.stderr)!;
  return { rendered: Number(stats[1]), reused: Number(stats[2]) };
}

describe('build cache', () => {
  it('should render nothing when nothing changed, and match a clean build', async () => {
    const dir = copyFixture('basic');
    const first = await cachedBuild(dir);
    expect(first.rendered).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(dir, '.gazette-cache/articles'))).toBe(true);
    const again = await cachedBuild(dir);
    expect(again.rendered).toBe(0);
    expect(again.reused).toBe(listFiles(path.join(dir, 'dist')).length);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should follow an edited article', async () => {
    const dir = copyFixture('basic');
    await cachedBuild(dir);
    const file = path.join(dir, 'articles/2024/second-story.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Second story', 'Second story, revised'));
    const after = await cachedBuild(dir);
    expect(after.rendered).toBeGreaterThan(0);
    expect(after.reused).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'dist/2024/01/second-story/index.html'), 'utf8')).toContain('Second story, revised');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should store an article edited and then undone exactly as before, its neighbours in the cache included', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      files[`articles/2024/story-${i}.md`] = article({ title: `Story ${i}`, date: `2024-02-${day}` }, `Body of story ${i}, [see also](story-${(i + 1) % 150}.md).`);
    }
    writeFiles(dir, files);
    const packs = () => new Map(listFiles(path.join(dir, '.gazette-cache/articles')).map((f) => [f, fs.readFileSync(path.join(dir, '.gazette-cache/articles', f))]));
    await cachedBuild(dir);
    const before = packs();
    // Twelve edits: their packs hold other articles too, which a rewrite carries over from the old pack.
    const edited = Array.from({ length: 12 }, (_, i) => path.join(dir, `articles/2024/story-${i * 12}.md`));
    const texts = edited.map((file) => fs.readFileSync(file, 'utf8'));
    edited.forEach((file, i) => fs.writeFileSync(file, texts[i]!.replace('Body of', 'Revised body of')));
    await cachedBuild(dir);
    expect(packs()).not.toEqual(before);
    edited.forEach((file, i) => fs.writeFileSync(file, texts[i]!));
    await cachedBuild(dir);
    const after = packs();
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
  });

  it('should follow a template change', async () => {
    const dir = copyFixture('basic');
    fs.cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    await cachedBuild(dir);
    const footer = path.join(dir, 'templates/partials/footer.hbs');
    fs.writeFileSync(footer, fs.readFileSync(footer, 'utf8').replace('{{tHtml "colophon"}}', 'Printed on the harbour press'));
    const after = await cachedBuild(dir);
    expect(after.rendered).toBe(listFiles(path.join(dir, 'dist')).filter((f) => f.endsWith('.html')).length);
    expect(fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8')).toContain('Printed on the harbour press');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should follow a config change', async () => {
    const dir = copyFixture('basic');
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'First Title', timezone: 'UTC' }) });
    await cachedBuild(dir);
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'Second Title', timezone: 'Asia/Tokyo', trustHtml: true }) });
    await cachedBuild(dir);
    expect(fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8')).toContain('Second Title');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should ignore a corrupted or foreign cache', async () => {
    const dir = copyFixture('basic');
    // Articles land in packs by their keys' hashes, which gazette's own code is part of: with
    // enough of them, three packs to damage are there whatever the code's bytes.
    const more: Record<string, string> = {};
    for (let i = 0; i < 40; i++) more[`articles/more/story-${i}.md`] = article({ title: `More ${i}`, date: '2024-02-01' }, `Text ${i}.`);
    writeFiles(dir, more);
    await cachedBuild(dir);
    const packDir = path.join(dir, '.gazette-cache/articles');
    const packs = listFiles(packDir).map((f) => path.join(packDir, f));
    expect(packs.length).toBeGreaterThanOrEqual(3);
    // A truncated pack, a pack of another format, and one whose stored HTML was altered in place.
    fs.writeFileSync(packs[0]!, fs.readFileSync(packs[0]!).subarray(0, 40));
    fs.writeFileSync(packs[1]!, JSON.stringify({ format: 'something-else', html: '<p>evil</p>' }));
    const altered = fs.readFileSync(packs[2]!);
    altered.write('planted', altered.length - 12, 'latin1');
    fs.writeFileSync(packs[2]!, altered);
    // Without a manifest every page is rendered again, so every stored body is read.
    fs.writeFileSync(path.join(dir, '.gazette-cache/output-manifest.json'), '{"format": 7');
    // Left-overs of an older cache layout and of an interrupted build.
    writeFiles(packDir, { 'ab/0123.json': '{}', '07.pack.999.tmp': 'half' });
    await cachedBuild(dir);
    expect(listFiles(packDir).every((f) => /^\d{2}\.pack$/.test(f))).toBe(true);
    const everything = listFiles(path.join(dir, 'dist')).map((f) => fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).join('');
    expect(everything).not.toContain('planted');
    expect(everything).not.toContain('evil');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    // The damaged packs were replaced: the next build reuses everything and still matches.
    const again = await cachedBuild(dir);
    expect(again.rendered).toBe(0);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  // Issue #26: packs are found by their keys, but what they hold was trusted.
  it('should discard a pack whose header was edited in place (the same length), with one warning, and publish the real title', async () => {
    const dir = copyFixture('basic');
    await cachedBuild(dir);
    const packDir = path.join(dir, '.gazette-cache/articles');
    const holding = listFiles(packDir).filter((f) => fs.readFileSync(path.join(packDir, f), 'latin1').includes('Second story'));
    expect(holding).toHaveLength(1);
    const pack = path.join(packDir, holding[0]!);
    const bytes = fs.readFileSync(pack);
    fs.writeFileSync(pack, Buffer.from(bytes.toString('latin1').replaceAll('Second story', 'EDITED STORY'), 'latin1'));
    expect(fs.statSync(pack).size).toBe(bytes.length);
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const everything = listFiles(path.join(dir, 'dist')).map((f) => fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).join('');
    expect(everything).not.toContain('EDITED STORY');
    expect(result.stderr.match(/\[cache-damaged\]/g)).toHaveLength(1);
    expect(result.stderr).toContain('.gazette-cache/articles: warning is damaged (1 pack did not match its digest); it was ignored and will be written anew, so this build did its work again [cache-damaged]');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    // The pack was written again: no warning the next time.
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const again = await runCli(['build'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('damaged');
  });

  it('should give the same site when rendered bodies wait on disk, and leave no temporary file', async () => {
    const dir = copyFixture('basic');
    // GAZETTE_SPILL_MIN=1 makes even this small site keep its bodies on disk, as a 1,000-article one does.
    const spilling = async () => {
      const result = await runCli(['build', '--verbose'], dir, { GAZETTE_SPILL_MIN: '1' });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/\d+ rendered bod(y|ies) kept on disk until written/);
    };
    // The fixture's broken image is found in links read back from disk.
    const elsewhere = tempDir();
    const strict = await runCli(['build', '--strict', '--cache-dir', path.join(elsewhere, 'cache'), '-o', path.join(elsewhere, 'out')], dir, {
      GAZETTE_SPILL_MIN: '1',
    });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('x.png');
    await spilling();
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    const file = path.join(dir, 'articles/2024/second-story.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Second story', 'Second story, spilled'));
    await spilling();
    expect(fs.readFileSync(path.join(dir, 'dist/2024/01/second-story/index.html'), 'utf8')).toContain('Second story, spilled');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    const packDir = path.join(dir, '.gazette-cache/articles');
    expect(listFiles(packDir).every((f) => /^\d{2}\.pack$/.test(f))).toBe(true);
  });

  it('should not hold the bodies a build read back from disk (#30)', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`articles/2024/story-${i}.md`] = article({ title: `Story ${i}`, date: `2024-01-${String(i + 1).padStart(2, '0')}` }, `Body of story ${i}, with [a link](story-${(i + 1) % 12}.md).`);
    writeFiles(dir, files);
    const config = await loadConfig({ src: 'articles', out: 'dist' }, dir);
    const packs = path.join(dir, '.gazette-cache/articles');
    // Every page, search record and link list read its body; a body held once read would still answer once its pack is gone.
    const expectNotHeld = (site: NonNullable<Awaited<ReturnType<typeof buildKeepingSite>>['site']>) => {
      expect(site.articles).toHaveLength(12);
      for (const a of site.articles) expect(a.rendered.html).toContain(`Body of story`);
      for (const pack of listFiles(packs)) fs.writeFileSync(path.join(packs, pack), '');
      for (const a of site.articles) {
        expect(() => a.rendered.html, a.sourcePath).toThrow(DamagedCacheError);
        expect(() => a.rendered.search, a.sourcePath).toThrow(DamagedCacheError);
        expect(() => a.rendered.links, a.sourcePath).toThrow(DamagedCacheError);
      }
    };
    const spill = process.env.GAZETTE_SPILL_MIN;
    // The bodies rendered by the build wait on disk (as from 1,000 articles), then go into the packs.
    process.env.GAZETTE_SPILL_MIN = '1';
    try {
      const cold = await buildKeepingSite(config);
      expect(cold.result.bodiesOnDisk).toBe(12);
      expectNotHeld(cold.site!);
    } finally {
      if (spill === undefined) delete process.env.GAZETTE_SPILL_MIN;
      else process.env.GAZETTE_SPILL_MIN = spill;
    }
    // Bodies taken from the packs by a build that renders every page again (an empty output folder, no page store).
    fs.rmSync(path.join(dir, '.gazette-cache'), { recursive: true });
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    await buildKeepingSite(config);
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    fs.rmSync(path.join(dir, '.gazette-cache/pages'), { recursive: true });
    const warm = await buildKeepingSite(config);
    expect(warm.result.markdownRendered).toBe(0);
    expectNotHeld(warm.site!);
  });

  it('should rebuild an output file that was edited by hand', async () => {
    const dir = copyFixture('basic');
    await cachedBuild(dir);
    const page = path.join(dir, 'dist/2024/01/second-story/index.html');
    fs.appendFileSync(page, '<!-- tampered -->');
    await cachedBuild(dir);
    expect(fs.readFileSync(page, 'utf8')).not.toContain('tampered');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should not reuse anything across gazette versions', async () => {
    const dir = copyFixture('basic');
    await cachedBuild(dir);
    // A copy of gazette that reports another version, sharing this one's code and modules.
    const other = tempDir();
    for (const part of ['lib', 'bin', 'templates']) fs.cpSync(path.join(ROOT, part), path.join(other, part), { recursive: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(other, 'package.json'), JSON.stringify({ ...pkg, version: '99.0.0' }));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(other, 'node_modules'));
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [path.join(other, 'bin/gazette.js'), 'build', '--verbose'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const rendered = Number(/(\d+) pages rendered/.exec(run.stderr)![1]);
    expect(rendered).toBe(listFiles(path.join(dir, 'dist')).filter((f) => f.endsWith('.html')).length);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should keep related articles only while the tags and order they come from are unchanged', async () => {
    const dir = tempDir();
    const story = (n: number, tags: string[]) =>
      article({ title: `Story ${n}`, date: `2024-05-0${n}`, tags }, `Body of story ${n}.`);
    writeFiles(dir, {
      'articles/story-1.md': story(1, ['rail', 'budget']),
      'articles/story-2.md': story(2, ['rail']),
      'articles/story-3.md': story(3, ['budget', 'rail']),
      'articles/story-4.md': story(4, ['weather']),
    });
    const relatedOf = (slug: string) => {
      const html = fs.readFileSync(path.join(dir, 'dist', slug, 'index.html'), 'utf8');
      return [...(/<section class="related"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '').matchAll(/>(Story \d)</g)].map((m) => m[1]);
    };
    const memo = path.join(dir, '.gazette-cache/related.json');

    await cachedBuild(dir);
    expect(fs.existsSync(memo)).toBe(true);
    expect(relatedOf('2024/05/story-4')).toEqual([]);
    // A text edit leaves the stored result in use.
    const stored = fs.readFileSync(memo, 'utf8');
    fs.appendFileSync(path.join(dir, 'articles/story-2.md'), 'More text.\n');
    await cachedBuild(dir);
    expect(fs.readFileSync(memo, 'utf8')).toBe(stored);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));

    // New tags: story 4 now shares one with stories 1 and 3, and the stored result must not be used.
    fs.writeFileSync(path.join(dir, 'articles/story-4.md'), story(4, ['weather', 'budget']));
    await cachedBuild(dir);
    expect(relatedOf('2024/05/story-4')).toEqual(['Story 3', 'Story 1']);
    expect(fs.readFileSync(memo, 'utf8')).not.toBe(stored);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));

    // A damaged file, or one whose ranks point outside the site, is counted again.
    for (const damaged of ['{"format":', JSON.stringify({ ...JSON.parse(fs.readFileSync(memo, 'utf8')), ranks: [[9], [], [], []] })]) {
      fs.writeFileSync(memo, damaged);
      fs.appendFileSync(path.join(dir, 'articles/story-1.md'), 'Edit.\n');
      await cachedBuild(dir);
      expect(relatedOf('2024/05/story-4')).toEqual(['Story 3', 'Story 1']);
      expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    }
  });
});

describe('markdown worker threads', () => {
  it('should give byte-identical output with and without worker threads', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    // Enough articles for the pool to start workers (it renders small sites on the main thread).
    for (let i = 0; i < 180; i++) {
      const other = (i + 7) % 180;
      files[`articles/a${i}.md`] = article(
        { title: `Story ${i}`, date: `2023-0${1 + (i % 9)}-1${i % 10}`, section: ['World', 'Sport', 'Arts'][i % 3]!, tags: [`t${i % 5}`, `u${i % 7}`] },
        `Paragraph ${i} with **bold**, a [link](a${other}.md#more) and www.example.org/${i}.\n\n| a | b |\n|---|---|\n| ${i} | x |\n\n## More\n\nFootnote.[^1]\n\n[^1]: Note ${i}.\n`,
      );
    }
    writeFiles(dir, files);
    const threaded = await runCli(['build', '--no-cache', '-o', 'threaded'], dir, { GAZETTE_THREADS: '2' });
    expect(threaded.code, threaded.stderr).toBe(0);
    const single = await runCli(['build', '--no-cache', '-o', 'single'], dir, { GAZETTE_THREADS: '0' });
    expect(single.code, single.stderr).toBe(0);
    expectSameSite(path.join(dir, 'threaded'), path.join(dir, 'single'));
  });
});

describe('incremental writes', () => {
  it('should leave the previous site untouched when a template fails to render on a cached rebuild', async () => {
    const dir = copyFixture('basic');
    fs.cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    await cachedBuild(dir);
    const before = snapshotTree(path.join(dir, 'dist'));
    // Change an article (so its page must be re-rendered) and break the article template at render time.
    const file = path.join(dir, 'articles/2024/second-story.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('People reacted.', 'People reacted loudly.'));
    const template = path.join(dir, 'templates/pages/article.hbs');
    fs.writeFileSync(template, `{{formatDate article.date "no-such-style"}}\n${fs.readFileSync(template, 'utf8')}`);
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/pages/article.hbs');
    expect(result.stderr).toContain('unknown style "no-such-style"');
    const after = snapshotTree(path.join(dir, 'dist'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), f).toBe(true);
    expect(listFiles(path.join(dir, 'dist')).some((f) => f.includes('.tmp'))).toBe(false);
  });

  it('should remove pages of deleted articles and leave no temporary files on a cached rebuild', async () => {
    const dir = copyFixture('basic');
    await cachedBuild(dir);
    fs.rmSync(path.join(dir, 'articles/2024/second-story.md'));
    // A link to a deleted article is an error: the first story's goes too.
    const first = path.join(dir, 'articles/2023/first-story.md');
    fs.writeFileSync(first, fs.readFileSync(first, 'utf8').replace('[follow-up](../2024/second-story.md#reaction)', 'follow-up'));
    writeFiles(dir, { 'articles/2024/third.md': article({ title: 'Third', date: '2024-03-03', section: 'Sport' }) });
    await cachedBuild(dir);
    const files = listFiles(path.join(dir, 'dist'));
    expect(files).not.toContain('2024/01/second-story/index.html');
    expect(fs.existsSync(path.join(dir, 'dist/2024/01/second-story'))).toBe(false);
    expect(files).toContain('2024/03/third/index.html');
    expect(files.some((f) => f.includes('.tmp'))).toBe(false);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });
});

describe('build record', () => {
  // Stamps of files changed just before a build are not trusted (up to two seconds on file systems
  // with coarse timestamps; see build-record.ts), so each step waits until the files it relies on are older.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2100));
  const UP_TO_DATE = 'No source, template or setting changed since the last build';

  async function build(dir: string) {
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    return result.stderr;
  }

  it('should skip a build with nothing changed, and notice every kind of change after one', async () => {
    const dir = copyFixture('basic');
    fs.cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'Harbour Times' }), 'articles/2024/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    await settle();
    expect(await build(dir)).not.toContain(UP_TO_DATE);
    expect(await build(dir)).toContain(UP_TO_DATE);

    // An edit that keeps the file's size.
    const story = path.join(dir, 'articles/2024/second-story.md');
    fs.writeFileSync(story, fs.readFileSync(story, 'utf8').replace('Second story', 'Secund story'));
    expect(await build(dir)).not.toContain(UP_TO_DATE);
    expect(fs.readFileSync(path.join(dir, 'dist/2024/01/second-story/index.html'), 'utf8')).toContain('Secund story');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));

    const changes: [string, () => void, (site: string) => void][] = [
      ['a template', () => fs.appendFileSync(path.join(dir, 'templates/partials/footer.hbs'), '<!-- footer v2 -->'), (site) => expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('footer v2')],
      ['the config file', () => writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'Harbour Daily' }) }), (site) => expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('Harbour Daily')],
      ['a file beside the articles', () => writeFiles(dir, { 'articles/2024/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg" id="v2"/>' }), (site) => expect(fs.readFileSync(path.join(site, '2024/chart.svg'), 'utf8')).toContain('v2')],
      ['a new article', () => writeFiles(dir, { 'articles/2024/fourth.md': article({ title: 'Fourth story', date: '2024-04-04' }) }), (site) => expect(fs.existsSync(path.join(site, '2024/04/fourth/index.html'))).toBe(true)],
      ['a deleted output file', () => fs.rmSync(path.join(dir, 'dist/index.html')), (site) => expect(fs.existsSync(path.join(site, 'index.html'))).toBe(true)],
    ];
    for (const [what, change, check] of changes) {
      // The last change is too recent for the record that saw it: one more build records it as settled.
      await settle();
      await build(dir);
      expect(await build(dir), what).toContain(UP_TO_DATE);
      change();
      expect(await build(dir), what).not.toContain(UP_TO_DATE);
      check(path.join(dir, 'dist'));
      expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    }
  }, 180_000); // about twenty builds in a row: a minute on a busy machine

  it('should answer "nothing changed" from the quick check only where the full record would', async () => {
    const dir = copyFixture('basic');
    await settle();
    await build(dir);
    await settle();
    await build(dir);
    const cache = path.join(dir, '.gazette-cache');
    const check = path.join(cache, 'no-change.bin');
    expect(fs.existsSync(check)).toBe(true);
    expect(await build(dir)).toContain(UP_TO_DATE);
    const saved = fs.readFileSync(check);

    // Damaged or cut short: ignored, and the full check still finds nothing changed.
    for (const bytes of [Buffer.concat([saved.subarray(0, 40), Buffer.from('x'), saved.subarray(41)]), saved.subarray(0, saved.length - 8), Buffer.from('nonsense')]) {
      fs.writeFileSync(check, bytes);
      expect(await build(dir)).toContain(UP_TO_DATE);
    }
    // The check as saved, but the output manifest or the build record gone: the build works again and says so.
    for (const gone of ['output-manifest.json', 'build-record.json']) {
      // A build with something to do (an output file to make again) leaves a new check.
      fs.rmSync(path.join(dir, 'dist/index.html'));
      await settle();
      expect(await build(dir)).not.toContain(UP_TO_DATE);
      expect(fs.existsSync(check)).toBe(true);
      expect(await build(dir), gone).toContain(UP_TO_DATE);
      fs.rmSync(path.join(cache, gone));
      expect(await build(dir), gone).not.toContain(UP_TO_DATE);
    }
    // An output file edited by hand (same size) is made again, and the next build has nothing to do.
    await settle();
    await build(dir);
    const page = path.join(dir, 'dist/index.html');
    const html = fs.readFileSync(page, 'utf8');
    fs.writeFileSync(page, html.replace('<', '['));
    expect(await build(dir)).not.toContain(UP_TO_DATE);
    expect(fs.readFileSync(page, 'utf8')).toBe(html);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  }, 180_000); // about fourteen builds in a row

  it('should re-render an unchanged article whose link target moved', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': article({ title: 'Linking story', date: '2024-01-01' }, 'Read [the other story](b.md).'),
      'articles/b.md': article({ title: 'Other story', date: '2024-01-02' }),
    });
    await settle();
    await build(dir);
    expect(fs.readFileSync(path.join(dir, 'dist/2024/01/a/index.html'), 'utf8')).toContain('href="/2024/01/b/"');
    // Only b.md changes: a.md is taken from the cache unread, but its link must follow b's new URL.
    writeFiles(dir, { 'articles/b.md': article({ title: 'Other story', date: '2024-01-02', slug: 'moved-story' }) });
    await build(dir);
    expect(fs.readFileSync(path.join(dir, 'dist/2024/01/a/index.html'), 'utf8')).toContain('href="/2024/01/moved-story/"');
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });

  it('should trust a stamp only when the file had settled before the recording build began', () => {
    const cacheDir = tempDir();
    const startedAt = 1_700_000_000_500;
    const stamp = (ctimeMs: number) => `120:${ctimeMs}:${ctimeMs}:42`;
    const files: Record<string, string> = {
      '/site/articles/old.md': stamp(startedAt - 60_000.25),
      '/site/articles/fresh.md': stamp(startedAt - 40.5), // fine timestamps: changed 40 ms before
      '/site/articles/coarse.md': stamp(startedAt - 1_500), // whole seconds: changed within the 2 s a tick may last
      '/site/articles/coarse-old.md': stamp(startedAt - 2_500),
    };
    const keys = new Map(Object.entries({ 'old.md': 'k1', 'fresh.md': 'k2', 'coarse.md': 'k3', 'coarse-old.md': 'k4' }));
    BuildRecord.save(cacheDir, { identity: 'same', keyIdentity: 'same keys', startedAt, stamps: new Map(Object.entries(files)), keys, resolverDigest: 'r', window: { since: null, until: null }, result: {} });
    const record = BuildRecord.load(cacheDir)!;
    const now = new Map(Object.entries(files));
    const articleFile = (sourcePath: string) => `/site/articles/${sourcePath}`;
    expect([...record.unchangedKeys('same keys', now, articleFile).keys()].sort()).toEqual(['coarse-old.md', 'old.md']);
    expect(record.unchangedSince('same', now, 0)).toBe(false);
    expect(record.unchangedKeys('other keys', now, articleFile).size).toBe(0);

    // Every file settled: unchanged, unless a stamp differs, a file is added or one is gone.
    const settled = Object.fromEntries(Object.keys(files).map((file) => [file, stamp(startedAt - 10_000.5)]));
    BuildRecord.save(cacheDir, { identity: 'same', keyIdentity: 'same keys', startedAt, stamps: new Map(Object.entries(settled)), keys: new Map(), resolverDigest: 'r', window: { since: null, until: null }, result: {} });
    const again = BuildRecord.load(cacheDir)!;
    expect(again.unchangedSince('same', new Map(Object.entries(settled)), 0)).toBe(true);
    expect(again.unchangedSince('other', new Map(Object.entries(settled)), 0)).toBe(false);
    expect(again.unchangedSince('same', new Map(Object.entries({ ...settled, '/site/articles/old.md': stamp(startedAt + 5_000.5) })), 0)).toBe(false);
    expect(again.unchangedSince('same', new Map(Object.entries({ ...settled, '/site/articles/new.md': stamp(startedAt - 10_000.5) })), 0)).toBe(false);
    expect(again.unchangedSince('same', new Map(Object.entries({ ...settled, '/site/articles/old.md': null })), 0)).toBe(false);
    const { ['/site/articles/old.md']: _gone, ...fewer } = settled;
    expect(again.unchangedSince('same', new Map(Object.entries(fewer)), 0)).toBe(false);

    // Issue #13: the record holds only while "now" stays between the last and the next publication time.
    BuildRecord.save(cacheDir, { identity: 'same', keyIdentity: 'same keys', startedAt, stamps: new Map(Object.entries(settled)), keys: new Map(), resolverDigest: 'r', window: { since: 1000, until: 2000 }, result: {} });
    const timed = BuildRecord.load(cacheDir)!;
    const same = new Map(Object.entries(settled));
    expect([999, 1000, 1999, 2000].map((now) => timed.unchangedSince('same', same, now))).toEqual([false, true, true, false]);
  });

  it('should name the article sources changed since the record, and say when more than articles changed', () => {
    const cacheDir = tempDir();
    const startedAt = 1_700_000_000_500;
    const stamp = (ctimeMs: number) => `120:${ctimeMs}:${ctimeMs}:42`;
    const settled = stamp(startedAt - 10_000.5);
    const articleFile = (sourcePath: string) => `/site/articles/${sourcePath}`;
    const recorded = new Map<string, string | null>([
      ['/site/articles/a.md', settled],
      ['/site/articles/b.md', settled],
      ['/site/articles/c.md', settled],
      ['/site/articles/fresh.md', stamp(startedAt - 40.5)], // changed just before that build: never trusted
      ['/site/templates/page.hbs', settled],
    ]);
    const keys = new Map([['a.md', 'k1'], ['b.md', 'k2'], ['c.md', 'k3'], ['fresh.md', 'k4']]);
    BuildRecord.save(cacheDir, { identity: 'same', keyIdentity: 'keys', startedAt, stamps: recorded, keys, resolverDigest: 'r', window: { since: null, until: null }, result: {} });
    // The file keeps lists, and a stamp its build could not trust as null.
    const file = JSON.parse(fs.readFileSync(path.join(cacheDir, 'build-record.json'), 'utf8')) as Record<string, unknown>;
    expect(file.files).toEqual([...recorded.keys()]);
    expect(file.stamps).toEqual([settled, settled, settled, null, settled]);
    const record = BuildRecord.load(cacheDir)!;
    const articles = ['a.md', 'b.md', 'c.md', 'fresh.md', 'new.md'];
    // b.md edited, new.md added: those and the untrusted one are named; the others' keys are kept.
    const now = new Map(recorded);
    now.set('/site/articles/b.md', stamp(startedAt + 5_000.5));
    now.set('/site/articles/new.md', settled);
    const changes = record.changedArticles('same', now, 0, articles, articleFile);
    expect(changes && [...changes.sources].sort()).toEqual(['b.md', 'fresh.md', 'new.md']);
    expect(changes?.since).toBe(startedAt);
    expect([...record.unchangedKeys('keys', now, articleFile)]).toEqual([['a.md', 'k1'], ['c.md', 'k3']]);
    expect(record.unchangedSince('same', now, 0)).toBe(false);
    // An article gone is still only articles; a template changed or gone is not.
    const withoutC = new Map(now);
    withoutC.delete('/site/articles/c.md');
    expect([...record.changedArticles('same', withoutC, 0, ['a.md', 'b.md', 'fresh.md', 'new.md'], articleFile)!.sources].sort()).toEqual(['b.md', 'fresh.md', 'new.md']);
    expect(record.unchangedKeys('keys', withoutC, articleFile).has('c.md')).toBe(false);
    const template = new Map(now);
    template.set('/site/templates/page.hbs', stamp(startedAt + 6_000.5));
    expect(record.changedArticles('same', template, 0, articles, articleFile)).toBeNull();
    const noTemplate = new Map(now);
    noTemplate.delete('/site/templates/page.hbs');
    expect(record.changedArticles('same', noTemplate, 0, articles, articleFile)).toBeNull();
    expect(record.changedArticles('other', now, 0, articles, articleFile)).toBeNull();
  });
});

describe('a cache that cannot be written or is damaged (#26)', () => {
  const READ_ONLY = path.join(ROOT, 'test', 'tools', 'read-only-folder.mjs');
  /** A site with a photo (encoded into the cache) and a cache from a first build. */
  async function cachedSite(): Promise<string> {
    const dir = copyFixture('basic');
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#446688' } }).png().toFile(path.join(dir, 'articles/2023/img/lead.png'));
    writeFiles(dir, { 'articles/2024/photo.md': article({ title: 'Photo story', date: '2024-02-02', image: '../2023/img/lead.png', imageAlt: 'A lead' }, 'Body.') });
    await cachedBuild(dir);
    return dir;
  }

  it('should build with one warning when no file of the cache folder can be changed', async () => {
    const dir = await cachedSite();
    const cache = path.join(dir, '.gazette-cache');
    const before = snapshotTree(cache);
    // Root ignores permissions: every change the build tries under the cache folder fails with EACCES instead.
    const readOnly = { GAZETTE_TEST_READ_ONLY: cache, NODE_OPTIONS: `--import ${READ_ONLY}` };
    // An edit (the record must go), then the same with the output folder gone (pages taken from the store, images encoded again).
    fs.appendFileSync(path.join(dir, 'articles/2024/second-story.md'), '\nOne more line.\n');
    for (const step of ['edited', 'no output']) {
      if (step === 'no output') fs.rmSync(path.join(dir, 'dist'), { recursive: true });
      const run = await runCli(['build'], dir, readOnly);
      expect(run.code, `${step}: ${run.stderr}`).toBe(0);
      expect(run.stderr, step).not.toMatch(/internal error|\n\s+at /);
      expect(run.stderr.match(/warning .*\[cache-unwritable\]/g), step).toHaveLength(1);
      expect(run.stderr, step).toMatch(/^\.gazette-cache: warning the build cache could not be written: \.gazette-cache\/\S+ \(EACCES\)/m);
      expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    }
    expect(snapshotTree(cache)).toEqual(before);
  });

  it('should build with a warning when the cache folder cannot even be made', async () => {
    const dir = await cachedSite();
    writeFiles(dir, { 'not-a-folder': 'a file where the cache folder should be\n' });
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['build', '--cache-dir', 'not-a-folder/cache'], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr.match(/^not-a-folder\/cache: warning .*\(ENOTDIR\).*\[cache-unwritable\]$/gm)).toHaveLength(1);
      expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    }
  });

  it('should ignore a damaged output manifest or build record with a warning, and delete nothing by its paths', async () => {
    const dir = await cachedSite();
    const outside = path.join(dir, 'outside');
    writeFiles(outside, { 'x.txt': 'not the build\'s\n' });
    const manifestFile = path.join(dir, '.gazette-cache/output-manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<'paths' | 'f' | 'h' | 'size' | 'mtimeMs', unknown[]>;
    // An entry that would lead out of the output folder: the article it stood for was "removed", so it is stale.
    for (const field of ['f', 'h', 'size', 'mtimeMs'] as const) manifest[field].push(manifest[field][0]);
    manifest.paths.push('../outside/x.txt');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    fs.appendFileSync(path.join(dir, 'articles/2024/second-story.md'), '\nOne more line.\n');
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['build'], dir);
      expect(run.code, run.stderr).toBe(0);
      if (i === 0) expect(run.stderr).toMatch(/^\.gazette-cache\/output-manifest\.json: warning is damaged .*\[cache-damaged\]$/m);
      else expect(run.stderr).not.toMatch(/cache-damaged/);
      expect(fs.readFileSync(path.join(outside, 'x.txt'), 'utf8')).toBe('not the build\'s\n');
      expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    }
    // A record of the right format with a field of the wrong type.
    const recordFile = path.join(dir, '.gazette-cache/build-record.json');
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(recordFile, JSON.stringify({ ...record, stamps: 42 }));
    const run = await runCli(['build'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^\.gazette-cache\/build-record\.json: warning is damaged .*\[cache-damaged\]$/m);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
    // Lists that do not pair up (a stamp or a key missing) are damage too, as are an output manifest's.
    fs.appendFileSync(path.join(dir, 'articles/2024/second-story.md'), '\nAnd another.\n');
    const whole = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as Record<string, unknown[]>;
    fs.writeFileSync(recordFile, JSON.stringify({ ...whole, keys: whole.keys!.slice(1) }));
    const lists = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown[]>;
    fs.writeFileSync(manifestFile, JSON.stringify({ ...lists, h: lists.h!.slice(1) }));
    const short = await runCli(['build'], dir);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stderr).toMatch(/^\.gazette-cache\/build-record\.json: warning is damaged .*\[cache-damaged\]$/m);
    expect(short.stderr).toMatch(/^\.gazette-cache\/output-manifest\.json: warning is damaged .*\[cache-damaged\]$/m);
    expectSameSite(path.join(dir, 'dist'), await cleanBuild(dir));
  });
});
