/**
 * A watch session keeps each output file's stamp (size and time) as it wrote it, and saves the output
 * manifest from those stamps, without stat'ing the whole output again: at 100,000 articles, 279,000
 * stats made every save of the cache, and Ctrl-C, take seconds. The next build still trusts only files
 * that are as written: one deleted or changed by hand during the session is written again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

const ARTICLES = 12;

function site(): string {
  const dir = tempDir();
  const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
  for (let i = 0; i < ARTICLES; i++) {
    files[`articles/2024/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-02-${String(i + 1).padStart(2, '0')}`, tags: [`t${i % 3}`] }, `Text of story ${i}.`);
  }
  writeFiles(dir, files);
  return dir;
}

function statsInside(spy: { mock: { calls: unknown[][] } }, dir: string): number {
  return spy.mock.calls.filter(([file]) => typeof file === 'string' && path.resolve(file).startsWith(dir + path.sep)).length;
}

describe('the output manifest a watch session saves', () => {
  const cwd = process.cwd();
  afterEach(() => {
    vi.restoreAllMocks();
    process.chdir(cwd);
  });

  it('should be saved from the stamps of the writes, and let the next build take every file as written', async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    process.chdir(dir);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, dir);
    const source = path.join(dir, 'articles/2024/s4.md');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('Text of story 4.', 'Text of story 4, edited.'));
    const saved = await session.rebuild([source]);
    expect(saved.written).toContain('2024/02/s4/index.html');

    const stat = vi.spyOn(fs, 'statSync');
    await session.close();
    expect(statsInside(stat, out)).toBe(0);
    vi.restoreAllMocks();

    // The edited source makes the build run; every output file is as the session wrote it, so none is rendered or written.
    const build = await runCli(['build', '--verbose'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toMatch(/\b0 pages rendered, (\d+) files unchanged/);
    const files = Number(/(\d+) files unchanged/.exec(build.stderr)![1]);
    expect(files).toBeGreaterThan(ARTICLES);
    expect(build.stderr).toMatch(new RegExp(`\\b${files} files\\b.*→`));
    await expectCleanBuild(dir, out);
  }, 120_000);

  it('should leave the next build to write again a file deleted or changed by hand during the session', async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    process.chdir(dir);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, dir);
    const source = path.join(dir, 'articles/2024/s7.md');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('Text of story 7.', 'Text of story 7, edited.'));
    await session.rebuild([source]);
    // By hand, after the session wrote them: one of its pages deleted, another (the edited one) changed.
    fs.rmSync(path.join(out, '2024/02/s2/index.html'));
    fs.appendFileSync(path.join(out, '2024/02/s7/index.html'), '<!-- changed by hand -->');
    await session.close();

    const build = await runCli(['build', '--verbose'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toMatch(/\b2 pages rendered/);
    expect(fs.readFileSync(path.join(out, '2024/02/s7/index.html'), 'utf8')).not.toContain('changed by hand');
    await expectCleanBuild(dir, out);
  }, 120_000);
});
