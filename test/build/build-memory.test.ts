/**
 * What a build still holds once its site is written: not the partials rendered for the write (each
 * article's cards, kept for reuse by every page showing them: about 7 KB an article, 700 MB at
 * 100,000 articles, held through the cache's save). Measured in a child process run with
 * --expose-gc (build-memory.mjs): the heap after a forced collection, before and after the theme is
 * told to forget its renderings.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

describe('build memory', () => {
  it('should let go of the partials rendered for the write once the site is written', async () => {
    const site = tempDir();
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/', pageSize: 5 }) };
    for (let i = 0; i < 300; i++) {
      files[`articles/a${i}.md`] = article(
        { title: `Story ${i}`, date: `2023-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, section: i % 2 ? 'World' : 'Arts', tags: [`topic ${i % 7}`, `place ${i % 5}`], summary: `Summary ${i}.` },
        `First paragraph of story ${i}, word${i}.\n\nMore about the council budget and the harbour works.`,
      );
    }
    writeFiles(site, files);
    const { stdout } = await run(process.execPath, ['--expose-gc', path.join(ROOT, 'test/build/build-memory.mjs'), site], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 20 });
    const sample = JSON.parse(stdout.trim()) as { pages: number; heap: number; rendered: number };
    expect(sample.pages).toBeGreaterThan(300);
    // About 1.5 MB of cards here when kept; a collection may still free or compiled code take some tens of kilobytes between two readings.
    expect(sample.rendered).toBeLessThan(300_000);
  }, 300_000);
});
