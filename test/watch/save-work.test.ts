/**
 * A save on watch's quick path does work in proportion to what it changed, not to the site: it finds
 * the edited item in the site's and the plan's lists, its terms and its generated files by their
 * places, kept once per site, rather than by searching lists as long as the site (at 100,000 articles
 * those searches were a part of every save), and those places are found before the first save, not by it.
 * Run in a child process (save-work.mjs), which counts the elements a save reads from every list that
 * grows with the site. The output still equals a clean build.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, article, expectCleanBuild, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);
const ARTICLES = 600;

describe('the work of a save on the quick path', () => {
  let site: string;
  let outcome: Promise<{ prepared: boolean; saves: { file: string; reads: number; written: number }[] }>;
  beforeAll(() => {
    site = tempDir();
    const files: Record<string, string> = {
      // Feeds of five entries: a save of an article in them makes the feeds again, reading five of each list.
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/', feedLimit: 5 }),
      'articles/about.md': article({ title: 'About us', kind: 'page' }, 'Who we are.'),
    };
    const sections = ['News', 'Sport', 'Culture'];
    for (let i = 0; i < ARTICLES; i++) {
      const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      files[`articles/${day.slice(0, 4)}/s${i}.md`] = article(
        { title: `Story ${i}`, date: day, section: sections[i % 3], tags: [`Tag ${i % 7}`, 'City'], author: `Writer ${i % 4}` },
        `Text of story ${i}.`,
      );
    }
    // A live story: a save that posts an update moves its time in the sitemap, and its listings'.
    files['articles/2021/live.md'] = article({ title: 'Live: the count', date: '2021-06-01T09:00', kind: 'live', section: 'News', author: 'Writer 1' }, 'Intro.\n\n## 09:30 First\n\nThe first update.');
    writeFiles(site, files);
    // The newest article (in the feeds: the first save makes what the quick path finds places by), then the
    // oldest (last in every list), the newest again, and two updates posted to the live story.
    const newest = `2021/s${ARTICLES - 1}.md`;
    outcome = run(process.execPath, [path.join(ROOT, 'test/watch/save-work.mjs'), site, newest, '2020/s0.md', newest, '2021/live.md', '2021/live.md'], {
      env: { ...process.env, NO_COLOR: '1' },
    }).then(({ stdout }) => JSON.parse(stdout.trim()));
    // Handled by the tests that await it.
    outcome.catch(() => undefined);
  });

  it('should read a few of the site’s list elements per save, not every article', async () => {
    const { saves } = await outcome;
    for (const save of saves) {
      expect(save.written, save.file).toBeGreaterThan(0);
      // Its terms bisected, the feeds' five entries each; one search of a list would read up to 600.
      expect(save.reads, save.file).toBeLessThan(ARTICLES / 6);
    }
    await expectCleanBuild(site, path.join(site, 'dist'));
  }, 180_000);

  it('should make what it finds items by once the site is kept, not on the first save', async () => {
    expect((await outcome).prepared).toBe(true);
  }, 180_000);
});
