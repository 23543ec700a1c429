/**
 * Issue #17: every build that can reuse the cache does. A CI job (a fresh copy of the sources, with
 * new file times, and the cache folder restored from an earlier build) renders no Markdown; `watch`
 * and `serve` start from the cache as `build` does and keep it up to date; the output is always
 * byte-identical to a clean build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../lib/watch/session.js';
import { article, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

function expectSameSite(actual: string, expected: string) {
  const a = snapshotTree(actual);
  const b = snapshotTree(expected);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [file, bytes] of b) expect(a.get(file)!.equals(bytes), file).toBe(true);
}

async function cleanBuild(dir: string): Promise<string> {
  const out = path.join(tempDir(), 'clean');
  const result = await runCli(['build', '--no-cache', '-o', out], dir);
  expect(result.code, result.stderr).toBe(0);
  return out;
}

/** A cached, verbose build: how many articles went through Markdown and how many pages were rendered. */
async function build(dir: string) {
  const result = await runCli(['build', '--verbose'], dir);
  expect(result.code, result.stderr).toBe(0);
  return {
    markdown: Number(/(\d+) of \d+ articles rendered from Markdown/.exec(result.stderr)?.[1] ?? -1),
    pages: Number(/(\d+) pages rendered/.exec(result.stderr)?.[1] ?? -1),
    upToDate: /No source, template or setting changed/.test(result.stderr),
  };
}

function newsroom(): string {
  const dir = tempDir();
  const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'Harbour Times', url: 'https://example.org/' }) };
  for (let i = 0; i < 12; i++) {
    files[`articles/2024/story-${i}.md`] = article(
      { title: `Story ${i}`, date: `2024-03-${String(i + 1).padStart(2, '0')}`, section: i % 2 ? 'City' : 'Port', tags: [`t${i % 3}`] },
      `Paragraph of story ${i}, linking [the first](story-0.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |`,
    );
  }
  writeFiles(dir, files);
  return dir;
}

/** A CI job's folder: the sources copied afresh (new inodes and times) and the cache folder restored. */
function checkout(from: string): string {
  const job = tempDir('gazette-ci-');
  fs.cpSync(path.join(from, 'articles'), path.join(job, 'articles'), { recursive: true });
  fs.cpSync(path.join(from, 'gazette.config.json'), path.join(job, 'gazette.config.json'));
  fs.cpSync(path.join(from, '.gazette-cache'), path.join(job, '.gazette-cache'), { recursive: true });
  return job;
}

/** The next build of `site` renders neither Markdown nor pages, and its output equals a clean build. */
async function expectNothingToRender(site: string): Promise<void> {
  const next = await build(site);
  expect(next.markdown).toBe(0);
  expect(next.pages).toBe(0);
  expectSameSite(path.join(site, 'dist'), await cleanBuild(site));
}

describe('reusing the cache', () => {
  it('should build a fresh checkout with a restored cache without Markdown, byte-identical to a clean build', async () => {
    const origin = newsroom();
    expect((await build(origin)).markdown).toBe(12);

    const job = checkout(origin);
    const ci = await build(job);
    expect(ci.upToDate).toBe(false);
    expect(ci.markdown).toBe(0);
    // Every page comes from the cache's page store, none is rendered.
    expect(ci.pages).toBe(0);
    expectSameSite(path.join(job, 'dist'), await cleanBuild(job));

    // A stored page changed in the cache (same name, other bytes) is noticed, rendered again and stored anew.
    const tampered = checkout(origin);
    const store = path.join(tampered, '.gazette-cache/pages');
    const storedPage = path.join(store, fs.readdirSync(store)[0]!);
    const victim = path.join(storedPage, fs.readdirSync(storedPage)[0]!);
    fs.writeFileSync(victim, fs.readFileSync(victim, 'utf8').replace(/.$/s, '?'));
    const repaired = await build(tampered);
    expect(repaired.markdown).toBe(0);
    expectSameSite(path.join(tampered, 'dist'), await cleanBuild(tampered));
    expect(fs.readFileSync(victim, 'utf8')).not.toMatch(/\?$/);
    expect((await build(checkout(tampered))).pages).toBe(0);

    const changed = checkout(origin);
    const file = path.join(changed, 'articles/2024/story-5.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Paragraph of story 5', 'Revised paragraph of story 5'));
    expect((await build(changed)).markdown).toBe(1);
    expectSameSite(path.join(changed, 'dist'), await cleanBuild(changed));
  });

  it('should start watch from the cache, keep the cache up to date, and write what a clean build writes', async () => {
    const site = newsroom();
    await build(site);
    const cwd = process.cwd();
    process.chdir(site);
    try {
      // Nothing changed since the build: nothing is rendered or written, and the output stays whole.
      const before = snapshotTree(path.join(site, 'dist'));
      const { session, result } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      expect(result.upToDate).toBe(true);
      expect(result.written).toEqual([]);
      expect(snapshotTree(path.join(site, 'dist'))).toEqual(before);

      // A save goes through the quick path as usual, once the site is ready in memory.
      const file = path.join(site, 'articles/2024/story-7.md');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Paragraph of story 7', 'Updated paragraph of story 7'));
      const edit = await session.rebuild([file]);
      expect(edit.written).toContain('2024/03/story-7/index.html');
      // A new article: a full rebuild, reading only the new file.
      writeFiles(site, { 'articles/2024/story-new.md': article({ title: 'Breaking', date: '2024-04-01', section: 'Port' }, 'News.') });
      const added = await session.rebuild([path.join(site, 'articles/2024/story-new.md')]);
      expect(added.written).toContain('2024/04/story-new/index.html');
      expectSameSite(path.join(site, 'dist'), await cleanBuild(site));
      await session.close();
    } finally {
      process.chdir(cwd);
    }
    // The session saved its cache and manifest: the next build renders neither Markdown nor pages.
    await expectNothingToRender(site);
  });

  it('should start watch cold from an empty cache, as build would', async () => {
    const site = newsroom();
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session, result } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      expect(result.upToDate).toBe(false);
      expect(result.written.length).toBeGreaterThan(12);
      await session.close();
    } finally {
      process.chdir(cwd);
    }
    // The articles were written just before: their stamps are too fresh to trust, so the next build
    // reads them again, but finds every body in the cache and every page as it was written.
    await expectNothingToRender(site);
  });
});
