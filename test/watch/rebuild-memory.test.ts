/**
 * Memory over many full rebuilds in one watch session: each rebuild's site and full-text indexes
 * must be let go once the next one is made, and the heap must not grow from one rebuild to the next.
 * Measured in a child process run with --expose-gc (rebuild-memory.mjs): the heap after a forced
 * collection, and weak references to every site and index made, counted once collected.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);
const REBUILDS = 30;

interface Sample {
  rebuild: number;
  heap: number;
  rendered: number;
  sites: number;
  indexes: number;
}

describe('watch memory over full rebuilds', () => {
  it(`should keep one site, one full-text index and no rendered partials, and no more heap, through ${REBUILDS} template edits`, async () => {
    const site = tempDir();
    const files: Record<string, string> = {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/', pageSize: 5 }),
      'templates/partials/head-extra.hbs': '<meta name="edit" content="start">\n',
    };
    for (let i = 0; i < 60; i++) {
      files[`articles/a${i}.md`] = article(
        { title: `Story ${i}`, date: `2023-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, section: i % 2 ? 'World' : 'Arts', tags: [`topic ${i % 7}`, `place ${i % 5}`], summary: `Summary ${i}.` },
        `First paragraph of story ${i}, word${i}.\n\n${'More about the council budget and the harbour works. '.repeat(10 + (i % 20))}`,
      );
    }
    writeFiles(site, files);
    const { stdout } = await run(process.execPath, ['--expose-gc', path.join(ROOT, 'test/watch/rebuild-memory.mjs'), site, String(REBUILDS)], {
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 1 << 20,
    });
    const samples = stdout.trim().split('\n').map((line) => JSON.parse(line) as Sample);
    expect(samples).toHaveLength(REBUILDS);
    // Nothing made by an earlier rebuild survives the next one: not its site, not its indexes
    // (each rebuild's indexes once held the one before, and every state since the start with it).
    for (const sample of samples) expect({ rebuild: sample.rebuild, sites: sample.sites, indexes: sample.indexes }).toEqual({ rebuild: sample.rebuild, sites: 1, indexes: 1 });
    // The partials rendered for a write are kept for reuse within it, not after (about 240 kB here
    // after every rebuild, 70 MB at 10,000 articles). The median: now and then a collection frees
    // or compiled code takes a few hundred kilobytes more between two readings.
    const rendered = samples.map((s) => s.rendered).sort((a, b) => a - b);
    expect(rendered[Math.floor(REBUILDS / 2)]).toBeLessThan(100_000);
    // The heap after the last rebuild is within a fifth of what it was after the fifth (compiled code
    // still grows a little as functions are optimized; a site or its pages kept per rebuild would not fit).
    const settled = samples[4]!.heap;
    expect(samples[REBUILDS - 1]!.heap).toBeLessThan(settled * 1.2);
  }, 300_000);
});
