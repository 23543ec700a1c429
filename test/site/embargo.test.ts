/**
 * Held-back items publish nothing (issue #25): a scheduled, an expired and a draft article, each with
 * photos and files of its own, leave no trace in the output: not in a file's name, not in its bytes.
 * Every held-back name below contains "zq", and nothing published does.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { startWatching } from '../../lib/watch/watcher.js';
import { SCHEDULE_DUE } from '../../lib/watch/rebuild.js';
import { article, expectCleanBuild, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

const NOW = ['--now', '2026-01-01'];

/** Every output file whose name or bytes hold `marker` (any case). */
function traces(out: string, marker: RegExp): string[] {
  return listFiles(out).filter((file) => marker.test(file) || marker.test(fs.readFileSync(path.join(out, file)).toString('latin1')));
}

async function photo(file: string, colour: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const image = sharp({ create: { width: 320, height: 200, channels: 3, background: colour } });
  await (file.endsWith('.png') ? image.png() : image.jpeg()).toFile(file);
}

async function embargoSite(): Promise<string> {
  const dir = tempDir('gazette-embargo-');
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ url: 'https://example.org/', images: { widths: [160], defaultImage: 'images/default.jpg' } }),
    // Live: shares a photo with the scheduled article.
    'articles/2024/harbour.md': article(
      { title: 'Harbour reopens', date: '2024-05-01', image: '../images/shared-harbour.jpg', imageAlt: 'The harbour' },
      'The harbour is open again.',
    ),
    // A page shows a photo the draft uses too; the theme's footer a badge the scheduled article uses.
    'articles/about.md': '---\nkind: page\ntitle: About\n---\n![The team](images/team.jpg)\n',
    // Scheduled: its lead photo, a PDF and a photo in its own folder, the shared photo, the badge, the default image.
    'articles/2030/zqmayor-winner.md': article(
      { title: 'Zqmayor wins the vote', date: '2030-01-01', image: '../images/zqmayor-photo.jpg', imageAlt: 'The winner' },
      'See [the results](zqmayor-winner/zqmayor-results.pdf).\n\n![Crowd](../images/shared-harbour.jpg)\n\n' +
        '<img src="/images/footer-badge.svg" alt="">\n\n![Default](/images/default.jpg)',
    ),
    'articles/2030/zqmayor-winner/zqmayor-results.pdf': '%PDF-1.4 zq results',
    // Expired: a page bundle whose files are all its own.
    'articles/2024/zqoffer/index.md': article(
      { title: 'Zqoffer: half price', date: '2024-03-01', expires: '2025-01-01', image: 'zqoffer-photo.png', imageAlt: 'Offer' },
      'Terms: [zqoffer-terms.pdf](zqoffer-terms.pdf).',
    ),
    'articles/2024/zqoffer/zqoffer-terms.pdf': '%PDF-1.4 zq terms',
    // Draft: a root-relative photo in raw HTML, a file in a folder named after it, and a photo a page shows.
    'articles/2024/zqdraft-plan.md': article(
      { title: 'Zqdraft plan', date: '2024-04-01', draft: true, image: '../images/zqdraft-photo.jpg', imageAlt: 'Plan' },
      '<img src="/images/zqdraft-chart.png" alt="Chart">\n\n![Team](../images/team.jpg)',
    ),
    'articles/2024/zqdraft-plan/zqdraft-notes.txt': 'zq notes',
    'articles/images/footer-badge.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    'theme/layouts/.keep': '',
    'theme/pages/.keep': '',
    'theme/partials/footer.hbs': '<footer><img src="{{site.basePath}}images/footer-badge.svg" alt=""></footer>\n',
  });
  await photo(path.join(dir, 'articles/images/shared-harbour.jpg'), '#204060');
  await photo(path.join(dir, 'articles/images/team.jpg'), '#606020');
  await photo(path.join(dir, 'articles/images/default.jpg'), '#202020');
  await photo(path.join(dir, 'articles/images/zqmayor-photo.jpg'), '#802020');
  await photo(path.join(dir, 'articles/2030/zqmayor-winner/zqmayor-crowd.jpg'), '#208020');
  await photo(path.join(dir, 'articles/2024/zqoffer/zqoffer-photo.png'), '#202080');
  await photo(path.join(dir, 'articles/images/zqdraft-photo.jpg'), '#808020');
  await photo(path.join(dir, 'articles/images/zqdraft-chart.png'), '#802080');
  return dir;
}

async function build(dir: string, args: string[]): Promise<string> {
  const out = path.join(tempDir(), 'dist');
  const run = await runCli(['build', '-t', 'theme', '-o', out, ...args], dir);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

describe('held-back items publish nothing (issue #25)', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await embargoSite();
    out = await build(dir, NOW);
  });

  it('should leave no held-back name, title, photo or file in any output file name or byte', () => {
    expect(traces(out, /zq/i)).toEqual([]);
  });

  it('should still publish what something live uses: a shared photo, a page\'s photo, the default image, a theme\'s file', () => {
    const files = listFiles(out);
    for (const stem of ['images/shared-harbour-160w.', 'images/team-160w.', 'images/default-16x9.']) {
      expect(files.some((f) => f.startsWith(stem)), stem).toBe(true);
    }
    expect(files).toContain('images/footer-badge.svg');
  });

  it('should publish each item\'s photos and files once it is live: a later --now, --drafts, an earlier --now', async () => {
    const later = listFiles(await build(dir, ['--now', '2030-06-01']));
    expect(later).toContain('2030/zqmayor-winner/zqmayor-results.pdf');
    for (const stem of ['images/zqmayor-photo-160w.', 'images/zqmayor-photo-16x9.', '2030/zqmayor-winner/zqmayor-crowd-160w.']) {
      expect(later.some((f) => f.startsWith(stem)), stem).toBe(true);
    }
    expect(later.some((f) => f.includes('zqoffer'))).toBe(false);

    const drafts = listFiles(await build(dir, [...NOW, '--drafts']));
    expect(drafts).toContain('2024/zqdraft-plan/zqdraft-notes.txt');
    for (const stem of ['images/zqdraft-photo-160w.', 'images/zqdraft-chart-160w.']) expect(drafts.some((f) => f.startsWith(stem)), stem).toBe(true);
    expect(drafts.some((f) => f.includes('zqmayor'))).toBe(false);

    const before = listFiles(await build(dir, ['--now', '2024-06-01']));
    expect(before).toContain('2024/zqoffer/zqoffer-terms.pdf');
    expect(before.some((f) => f.startsWith('2024/zqoffer/zqoffer-photo-160w.'))).toBe(true);
  });

  it('should publish a file again when a live article starts using it while watching, as a clean build would', async () => {
    const site = await embargoSite();
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const flags = { src: 'articles', out: 'dist', templates: 'theme', now: '2026-01-01' };
      const { session } = await WatchSession.start(flags, site);
      try {
        const live = path.join(site, 'articles/2024/harbour.md');
        const text = fs.readFileSync(live, 'utf8');
        // The same structure (the quick path's kind of edit), but the body now links to the scheduled article's PDF.
        fs.writeFileSync(live, text.replace('open again.', 'open again. [Results](../2030/zqmayor-winner/zqmayor-results.pdf)'));
        const linked = await session.rebuild([live]);
        expect(linked.written).toContain('2030/zqmayor-winner/zqmayor-results.pdf');
        await expectCleanBuild(site, path.join(site, 'dist'), 'linked', ['-t', 'theme', ...NOW]);
        fs.writeFileSync(live, text);
        const unlinked = await session.rebuild([live]);
        expect(unlinked.removed).toContain('2030/zqmayor-winner/zqmayor-results.pdf');
        await expectCleanBuild(site, path.join(site, 'dist'), 'unlinked', ['-t', 'theme', ...NOW]);
      } finally {
        await session.close();
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('should publish a scheduled article\'s photos when watch reaches its time, and equal a clean build then', async () => {
    const site = tempDir('gazette-embargo-watch-');
    // Whole seconds: front matter dates have no milliseconds.
    const due = Math.ceil((Date.now() + 4000) / 1000) * 1000;
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ images: { widths: [160] } }),
      'articles/now.md': article({ title: 'Already out', date: '2024-01-01' }, 'Text.'),
      'articles/zqsoon/index.md': article({ title: 'Coming soon', date: new Date(due).toISOString(), image: 'zqsoon-photo.jpg', imageAlt: 'Soon' }, 'Soon.'),
      'articles/zqsoon/zqsoon-fact-sheet.txt': 'zq facts',
    });
    await photo(path.join(site, 'articles/zqsoon/zqsoon-photo.jpg'), '#123456');
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      expect(traces(out, /zq/i)).toEqual([]);
      const rebuilt = new Promise<string[]>((resolve) => {
        const watching = startWatching(session, {
          onRebuild(outcome) {
            if (outcome.ok && outcome.changed.includes(SCHEDULE_DUE)) void watching.close().then(() => resolve(outcome.result.written));
          },
        });
      });
      // The watcher's timer fires at the due time; generous: a loaded machine may be slow to build.
      const written = await Promise.race([rebuilt, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no rebuild at the due time')), 40_000))]);
      expect(written).toContain('zqsoon/zqsoon-fact-sheet.txt');
      expect(written.some((f) => f.startsWith('zqsoon/zqsoon-photo-160w.'))).toBe(true);
      await expectCleanBuild(site, out);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  }, 60_000);
});

describe('links to held-back stories (issue #25)', () => {
  const problems = (stderr: string) => stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));

  it('should publish the words of a link to a draft, scheduled or expired story without its address, and still report it', async () => {
    const dir = tempDir('gazette-held-links-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }),
      'articles/2024/live.md': article(
        { title: 'Harbour reopens', date: '2024-05-01', summary: 'The harbour is open.' },
        'Read [our plan](zqdraft-plan.md) and [what comes](../2030/zqmayor-winner.md#results).\n\n' +
          'Old: <a href="zqoffer/index.md" title="Offer">the offer</a>.',
      ),
      'articles/about.md': '---\nkind: page\ntitle: About\n---\nSee [the plan](2024/zqdraft-plan.md).\n',
      'articles/2024/zqdraft-plan.md': article({ title: 'Zqdraft secret plan', date: '2024-04-01', draft: true }, 'Not yet.'),
      'articles/2030/zqmayor-winner.md': article({ title: 'Zqmayor wins the vote', date: '2030-01-01' }, 'Later.'),
      'articles/2024/zqoffer/index.md': article({ title: 'Zqoffer: half price', date: '2024-03-01', expires: '2025-01-01' }, 'Gone.'),
    });
    const unpublished = (file: string, at: string, url: string, target: string, why: string) =>
      `${file}:${at}: warning link "${url}" leads to ${target}, which is not published: ${why}; the link leads nowhere until a build publishes it [link-unpublished]`;
    const warnings = [
      unpublished('articles/2024/live.md', '6:6', 'zqdraft-plan.md', '2024/zqdraft-plan.md', 'it is a draft, built only with --drafts'),
      unpublished('articles/2024/live.md', '6:38', '../2030/zqmayor-winner.md#results', '2030/zqmayor-winner.md', 'it is scheduled for 2030-01-01T00:00:00.000Z'),
      unpublished('articles/2024/live.md', '8:6', 'zqoffer/index.md', '2024/zqoffer/index.md', 'it has expired'),
      unpublished('articles/about.md', '5:5', '2024/zqdraft-plan.md', '2024/zqdraft-plan.md', 'it is a draft, built only with --drafts'),
    ];
    const out = path.join(dir, 'dist');
    const run = await runCli(['build', ...NOW], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(problems(run.stderr).sort()).toEqual([...warnings].sort());
    // No file name, slug, title or URL of the held-back stories anywhere: pages, feeds, JSON-LD, search index, sitemaps.
    expect(traces(out, /zq/i)).toEqual([]);
    // The words stay, as text.
    const page = fs.readFileSync(path.join(out, '2024/05/live/index.html'), 'utf8');
    expect(page).toContain('Read <span>our plan</span> and <span>what comes</span>.');
    expect(page).toContain('Old: <span title="Offer">the offer</span>.');
    expect(fs.readFileSync(path.join(out, 'about/index.html'), 'utf8')).toContain('See <span>the plan</span>.');

    // check and --strict report each as a broken link where it was written, as an error, and fail.
    for (const args of [['build', '--strict', ...NOW], ['check', ...NOW]]) {
      const result = await runCli(args, dir);
      expect(result.code, args.join(' ')).toBe(1);
      const errors = problems(result.stderr);
      const broken = (file: string, at: string, url: string, target: string) =>
        `${file}:${at}: error link "${url}" leads nowhere: there is no published article ${target} (drafts are only built with --drafts) [link-broken]`;
      expect(errors, args.join(' ')).toEqual(
        expect.arrayContaining([
          broken('articles/2024/live.md', '6:6', 'zqdraft-plan.md', '2024/zqdraft-plan.md'),
          broken('articles/2024/live.md', '6:38', '../2030/zqmayor-winner.md#results', '2030/zqmayor-winner.md'),
          broken('articles/2024/live.md', '8:6', 'zqoffer/index.md', '2024/zqoffer/index.md'),
          broken('articles/about.md', '5:5', '2024/zqdraft-plan.md', '2024/zqdraft-plan.md'),
        ]),
      );
    }

    // Once published, the link has its address again.
    const later = await runCli(['build', '--now', '2030-06-01', '--drafts'], dir);
    expect(later.code, later.stderr).toBe(0);
    const after = fs.readFileSync(path.join(out, '2024/05/live/index.html'), 'utf8');
    expect(after).toContain('<a href="/2024/04/zqdraft-plan/">our plan</a>');
    expect(after).toContain('<a href="/2030/01/zqmayor-winner/#results">what comes</a>');
  });
});
