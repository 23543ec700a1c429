/**
 * A photo or a link that points at no file fails the build at its line and column (issue #25); URLs
 * and root-relative paths to what the site publishes stay fine.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, readHtml, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

/** The `file:line:column: severity message [rule]` lines of the output. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));
}

async function site(): Promise<string> {
  const dir = tempDir('gazette-missing-');
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ url: 'https://courier.example.org/', images: { widths: [160] } }),
    'articles/2024/harbour.md': article(
      { title: 'Harbour', date: '2024-05-01', image: 'images/harbour-crane.jpg', imageAlt: 'Cranes' },
      [
        '![Remote](https://cdn.example.com/a.jpg) ![Protocol-relative](//cdn.example.com/b.jpg)',
        '',
        '<img src="/assets/css/site.css" alt="A file the theme publishes, from the site root">',
        '',
        '![Root-relative photo](/2024/images/harbour-crane.jpg) [the file](images/notes.txt)',
      ].join('\n'),
    ),
    'articles/2024/images/notes.txt': 'notes',
  });
  const file = path.join(dir, 'articles/2024/images/harbour-crane.jpg');
  await sharp({ create: { width: 320, height: 200, channels: 3, background: '#336699' } }).jpeg().toFile(file);
  return dir;
}

describe('photos and links that lead to no file (issue #25)', () => {
  it('should build URLs, root-relative paths and files of the sources as before', async () => {
    const dir = await site();
    const run = await runCli(['build'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(problems(run.stderr)).toEqual([]);
    const og = readHtml(path.join(dir, 'dist'), '2024/05/harbour/index.html').querySelector('meta[property="og:image"]')!.getAttribute('content');
    expect(og).toMatch(/^https:\/\/courier\.example\.org\/2024\/images\/harbour-crane-16x9\.\w+\.jpg$/);
  });

  it('should fail on a mistyped lead photo and body image at their line and column, keeping the previous site whole', async () => {
    const dir = await site();
    expect((await runCli(['build'], dir)).code).toBe(0);
    const before = snapshotTree(path.join(dir, 'dist'));
    const file = path.join(dir, 'articles/2024/harbour.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('image: "images/harbour-crane.jpg"', 'image: "images/harbour-cran.jpg"').replace('[the file](images/notes.txt)', '![Chart](images/chart.png)'));
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    const lower = '; fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning [link-missing]';
    expect(problems(run.stderr)).toEqual([
      `articles/2024/harbour.md:4:8: error lead image "images/harbour-cran.jpg" (front matter "image") leads nowhere: there is no file 2024/images/harbour-cran.jpg in the source folder${lower}`,
      `articles/2024/harbour.md:11:56: error image "images/chart.png" leads nowhere: there is no file 2024/images/chart.png in the source folder${lower}`,
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
    const after = snapshotTree(path.join(dir, 'dist'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);

    // Lowered to a warning, the page is published without the lead photo it cannot show.
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ url: 'https://courier.example.org/', images: { widths: [160] }, links: { missing: 'warn' } }) });
    const warned = await runCli(['build'], dir);
    expect(warned.code, warned.stderr).toBe(0);
    expect(problems(warned.stderr).map((l) => l.replace(/:.*?: /, ': '))).toEqual([
      'articles/2024/harbour.md: warning lead image "images/harbour-cran.jpg" (front matter "image") leads nowhere: there is no file 2024/images/harbour-cran.jpg in the source folder [link-missing]',
      'articles/2024/harbour.md: warning image "images/chart.png" leads nowhere: there is no file 2024/images/chart.png in the source folder [link-missing]',
    ]);
    const page = readHtml(path.join(dir, 'dist'), '2024/05/harbour/index.html');
    expect(page.querySelector('meta[property="og:image"]')).toBeNull();
    expect(page.toString()).not.toContain('harbour-cran.jpg');
  });

  it('should leave a missing lead photo out of its page, cards, og:image and JSON-LD under "warn", using the default image, in build, check and watch', async () => {
    const dir = await site();
    const config = { url: 'https://courier.example.org/', images: { widths: [160], defaultImage: 'cards/default.jpg' }, links: { missing: 'warn' } };
    writeFiles(dir, { 'gazette.config.json': JSON.stringify(config), 'articles/2024/other.md': article({ title: 'Other', date: '2024-04-01' }, 'Text.') });
    fs.mkdirSync(path.join(dir, 'articles/cards'));
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#aa3300' } }).jpeg().toFile(path.join(dir, 'articles/cards/default.jpg'));
    const file = path.join(dir, 'articles/2024/harbour.md');
    const good = fs.readFileSync(file, 'utf8');
    const broken = good.replace('image: "images/harbour-crane.jpg"', 'image: "images/harbour-cran.jpg"');
    fs.writeFileSync(file, broken);
    const run = await runCli(['build'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(problems(run.stderr)).toEqual([
      'articles/2024/harbour.md:4:8: warning lead image "images/harbour-cran.jpg" (front matter "image") leads nowhere: there is no file 2024/images/harbour-cran.jpg in the source folder [link-missing]',
    ]);
    const out = path.join(dir, 'dist');
    const page = readHtml(out, '2024/05/harbour/index.html');
    const fallback = readHtml(out, '2024/04/other/index.html');
    const og = (p: typeof page) => p.querySelector('meta[property="og:image"]')?.getAttribute('content');
    const ld = (p: typeof page) => p.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText)).find((d) => d['@type'] === 'NewsArticle');
    // As an article without a lead photo: the default image's crops, and no figure, on the page or on any card.
    expect(og(page)).toMatch(/^https:\/\/courier\.example\.org\/cards\/default-16x9\.\w+\.jpg$/);
    expect(og(page)).toBe(og(fallback));
    expect(ld(page).image).toEqual(ld(fallback).image);
    expect(page.querySelector('.lead-image')).toBeNull();
    for (const html of ['2024/05/harbour/index.html', 'index.html', 'archive/index.html', 'feed.xml']) {
      expect(fs.readFileSync(path.join(out, html), 'utf8'), html).not.toContain('harbour-cran.jpg');
    }
    // gazette check no longer sees it in a page: it reports it from the front matter, as an error as before.
    const checked = await runCli(['check'], dir);
    expect(problems(checked.stderr)).toEqual([
      'articles/2024/harbour.md:4:8: error lead image "images/harbour-cran.jpg" (front matter "image") leads nowhere: there is no file 2024/images/harbour-cran.jpg in the source folder [link-broken]',
    ]);

    // Watch: mending the path and breaking it again each write what a clean build writes.
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, dir);
      try {
        fs.writeFileSync(file, good);
        await session.rebuild([file]);
        expect(readHtml(out, '2024/05/harbour/index.html').querySelector('.lead-image img')).not.toBeNull();
        await expectCleanBuild(dir, out, 'mended');
        fs.writeFileSync(file, broken);
        await session.rebuild([file]);
        expect(readHtml(out, '2024/05/harbour/index.html').querySelector('.lead-image')).toBeNull();
        await expectCleanBuild(dir, out, 'broken again');
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it("should name the line and column of a directive whose photo or poster leads nowhere, as a Markdown image's", async () => {
    const dir = await site();
    writeFiles(dir, {
      'articles/2024/video.md': article({ title: 'Video', date: '2024-05-02' }, ['Intro.', '', '::figure[The crane]{src="images/harbour-cran.jpg" alt="A crane"}', '', '::youtube{id="dQw4w9WgXcQ" poster="images/still.jpg"}'].join('\n')),
    });
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    const lower = '; fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning [link-missing]';
    expect(problems(run.stderr)).toEqual([
      `articles/2024/video.md:7:1: error image "images/harbour-cran.jpg" leads nowhere: there is no file 2024/images/harbour-cran.jpg in the source folder${lower}`,
      `articles/2024/video.md:9:1: error image "images/still.jpg" leads nowhere: there is no file 2024/images/still.jpg in the source folder${lower}`,
    ]);
  });

  it('should call a missing video, sound or caption track a file, and its poster an image', async () => {
    const dir = await site();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ trustHtml: true }),
      'articles/2024/clip.md': article({ title: 'Clip', date: '2024-05-02' }, '<video src="clip.mp4" poster="still.jpg"></video>'),
    });
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    const found = problems(run.stderr).map((line) => line.replace(/ leads nowhere.*/, ''));
    expect(found).toEqual(['articles/2024/clip.md:5:1: error file "clip.mp4"', 'articles/2024/clip.md:5:1: error image "still.jpg"']);
  });

  it('should suggest the article a mistyped link meant, and fail a watch rebuild as a build fails', async () => {
    const dir = await site();
    writeFiles(dir, { 'articles/2024/council-budget-vote.md': article({ title: 'Budget', date: '2024-04-01' }, 'Votes.') });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, dir);
      try {
        const file = path.join(dir, 'articles/2024/harbour.md');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('[the file](images/notes.txt)', '[budget](council-budget-votes.md)'));
        const error = await session.rebuild([file]).then(
          () => null,
          (e: { diagnostics: { message: string; position: unknown }[] }) => e,
        );
        expect(error?.diagnostics.map((d) => [d.position, d.message])).toEqual([
          [
            { line: 11, column: 56 },
            'link "council-budget-votes.md" leads nowhere: there is no file 2024/council-budget-votes.md in the source folder (did you mean council-budget-vote.md?); fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning',
          ],
        ]);
        expect(fs.readFileSync(path.join(dir, 'dist/2024/05/harbour/index.html'), 'utf8')).toContain('notes.txt');
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('should name the file a path written in another case meant, in a build and in a watch rebuild alike', async () => {
    const dir = await site();
    const file = path.join(dir, 'articles/2024/harbour.md');
    const written = (text: string) => text.replace('[the file](images/notes.txt)', '![Crane](images/Harbour-Crane.JPG) [notes](images/Notes.txt)');
    const expected = [
      'image "images/Harbour-Crane.JPG" leads nowhere: there is no file 2024/images/Harbour-Crane.JPG in the source folder (did you mean images/harbour-crane.jpg? file names differ in case)',
      'link "images/Notes.txt" leads nowhere: there is no file 2024/images/Notes.txt in the source folder (did you mean images/notes.txt? file names differ in case)',
    ];
    const lower = '; fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning';
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, dir);
      try {
        fs.writeFileSync(file, written(fs.readFileSync(file, 'utf8')));
        const error = await session.rebuild([file]).then(
          () => null,
          (e: { diagnostics: { message: string }[] }) => e,
        );
        expect(error?.diagnostics.map((d) => d.message)).toEqual(expected.map((m) => m + lower));
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(problems(run.stderr).map((line) => line.replace(/^.*?: error /, '').replace(/ \[link-missing\]$/, ''))).toEqual(expected.map((m) => m + lower));
  });
});
