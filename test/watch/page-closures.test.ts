/**
 * A watch session keeps every page of the last site, so what each page holds counts a hundred thousand
 * times over. A page's lazily made head data (meta tags, JSON-LD) and an article page's body are read
 * through accessors shared by every page, not through functions made for each page: those were four
 * closures a page, with their scopes. Run in child processes (page-closures.mjs), which count the
 * closures in the heap of a session on two sites of different sizes.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);

/** The pages and closures of a watch session on a site of `count` articles. */
async function sessionOf(count: number): Promise<{ pages: number; closures: number }> {
  const site = tempDir();
  const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
  const sections = ['News', 'Sport', 'Culture'];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    files[`articles/${day.slice(0, 4)}/s${i}.md`] = article(
      { title: `Story ${i}`, date: day, section: sections[i % 3], tags: [`Tag ${i % 7}`], author: `Writer ${i % 4}` },
      `Text of story ${i}.`,
    );
  }
  writeFiles(site, files);
  const { stdout } = await run(process.execPath, ['--expose-gc', path.join(ROOT, 'test/watch/page-closures.mjs'), site, path.join(site, 'heap.heapsnapshot')], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  return JSON.parse(stdout.trim());
}

describe('what a watch session holds for each page', () => {
  it('should hold no closure of its own for most pages', async () => {
    const [small, large] = [await sessionOf(60), await sessionOf(360)];
    const perPage = (large.closures - small.closures) / (large.pages - small.pages);
    // A page still holds the function that makes its head (a listing's or an article's): one, not four.
    expect(large.pages - small.pages).toBeGreaterThan(300);
    expect(perPage).toBeLessThan(1.5);
  }, 180_000);
});
