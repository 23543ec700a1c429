/**
 * The full-text index's state in the build cache: a build that makes the index whole writes each
 * document's postings to the state's files as it goes instead of keeping them in memory until the
 * site is written (about 6 KB an article), and those files become the saved state only once the
 * build succeeded, so a failed build leaves the last state whole and the next one updates from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { KEPT_SHARDS, shardOf } from '../../lib/search/index-state.js';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

/** What the build said of the index's work (GAZETTE_TIMING): 'updated' or 'built whole'. */
const indexWork = (stderr: string) => [...stderr.matchAll(/search index [^:]*: (updated|built whole)/g)].at(-1)?.[1] ?? null;

/** A site of 100 stories (four fragments) and a page. */
function site(): string {
  const dir = tempDir('gazette-fulltext-state-');
  const files: Record<string, string> = {
    'gazette.config.json': JSON.stringify({ title: 'State', timezone: 'UTC' }),
    'articles/about.md': article({ kind: 'page', title: 'About' }, 'A page about the paper.'),
  };
  for (let a = 0; a < 100; a++) files[`articles/s${a}.md`] = story(a, `Council meeting ${a} on the harbour and word${a} with word${a + 1}.`);
  writeFiles(dir, files);
  return dir;
}

function story(a: number, body: string): string {
  return article({ title: `Story number ${a}`, date: `2023-${String((a % 12) + 1).padStart(2, '0')}-${String((a % 27) + 1).padStart(2, '0')}` }, body);
}

/** The files of the state's folder and their bytes. */
function stateFiles(dir: string): Map<string, string> {
  const state = path.join(dir, '.gazette-cache/search/en');
  return new Map(fs.readdirSync(state).map((name) => [name, fs.statSync(path.join(state, name)).isDirectory() ? '(folder)' : fs.readFileSync(path.join(state, name), 'utf8')]));
}

describe('full-text index state', () => {
  it('should keep none of a whole build\'s postings in memory, and read them back for an edit', { timeout: 300_000 }, async () => {
    const dir = site();
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: true }, dir);
    try {
      // The session's site and the index's state are private: read here only to see what they hold.
      const state = session['last'].site.search['states'].get('en');
      const shards: (Map<number, string> | null)[] = state['shards'];
      expect(shards).toHaveLength(64);
      expect(shards.filter((shard) => shard !== null)).toHaveLength(0);
      // Saved: the 64 shard files and the state, no staged folder left.
      const files = [...stateFiles(dir).keys()].sort();
      expect(files).toEqual([...Array.from({ length: 64 }, (_, i) => `postings-${String(i).padStart(2, '0')}.json`), 'state.json']);
      // Every document's postings are there, read back from the disk when asked for.
      const ids = [...(state.docs as Map<number, string>).keys()];
      expect(ids).toHaveLength(101);
      for (const id of ids) expect(state.postingsOf(id)).toMatch(/\S+ \d+/);
      const one = ids.find((id) => id > 2 ** 32)!;
      expect(state.postingsOf(one)).toContain('harbour');

      // A body edited: the index is updated from the postings on disk, to a clean build's bytes.
      const file = path.join(dir, 'articles/s7.md');
      fs.writeFileSync(file, story(7, 'Council meeting 7 about the lighthouse and zanzibarquux.'));
      await session.rebuild([file]);
      await expectCleanBuild(dir, path.join(dir, 'dist'), 'a body edited in watch');
    } finally {
      await session.close();
    }
  });

  it('should keep only the shards watch used last once saved, and read the others again', { timeout: 300_000 }, async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: true }, dir);
    try {
      const state = () => session['last'].site.search['states'].get('en');
      const loaded = () => (state()['shards'] as (Map<number, string> | null)[]).flatMap((shard, at) => (shard ? [at] : []));
      // Saves of twenty stories, in more shards than are kept: each shard is read, and kept until saved.
      for (let a = 0; a < 20; a++) {
        const file = path.join(dir, `articles/s${a}.md`);
        fs.writeFileSync(file, story(a, `Council meeting ${a} on the harbour and word${a}, edited.`));
        await session.rebuild([file]);
      }
      const touched = loaded();
      expect(touched.length).toBeGreaterThan(KEPT_SHARDS);
      session['save']();
      const kept = loaded();
      expect(kept).toHaveLength(KEPT_SHARDS);
      // A story whose shard was let go: its postings are read from the saved shard.
      const ids = [...(state().docs as Map<number, string>).keys()];
      const gone = touched.find((at) => !kept.includes(at))!;
      expect(ids.some((id) => shardOf(id) === gone)).toBe(true);
      for (let a = 0; a < 20; a++) {
        const file = path.join(dir, `articles/s${a}.md`);
        fs.writeFileSync(file, story(a, `Council meeting ${a} on the harbour and word${a}, edited twice with zanzibarquux.`));
        await session.rebuild([file]);
      }
      await expectCleanBuild(dir, out, 'shards read again');
    } finally {
      await session.close();
    }
  });

  it('should leave the saved state whole when a build that made the index whole fails, and update from it next time', { timeout: 300_000 }, async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    const timing = { GAZETTE_TIMING: '1' };
    const first = await runCli(['build', '--out', out], dir, timing);
    expect(first.code, first.stderr).toBe(0);
    expect(indexWork(first.stderr)).toBe('built whole');
    const saved = stateFiles(dir);

    // Every body changed (the index is made whole) and a broken link, which --strict refuses after the index is made.
    const originals = new Map<string, string>();
    for (let a = 0; a < 100; a++) {
      const file = path.join(dir, `articles/s${a}.md`);
      originals.set(file, fs.readFileSync(file, 'utf8'));
      fs.writeFileSync(file, story(a, `Entirely other words ${a}: quarrymen${a} and ${a === 0 ? '[a link](missing.md)' : 'nothing'}.`));
    }
    const failed = await runCli(['build', '--strict', '--out', out], dir, timing);
    expect(failed.code).toBe(1);
    expect(indexWork(failed.stderr)).toBe('built whole');
    // The saved state and its shards are as the first build left them (its staged folder aside).
    const after = stateFiles(dir);
    expect([...after.keys()].filter((name) => name.startsWith('staged-'))).toHaveLength(1);
    for (const [name, bytes] of saved) expect(after.get(name), name).toBe(bytes);

    // Back to the first build's articles with one word added: updated from that state, to a clean build's bytes.
    for (const [file, text] of originals) fs.writeFileSync(file, text);
    fs.appendFileSync(path.join(dir, 'articles/s3.md'), '\nQuokkaline.\n');
    const next = await runCli(['build', '--out', out], dir, timing);
    expect(next.code, next.stderr).toBe(0);
    expect(indexWork(next.stderr)).toBe('updated');
    await expectCleanBuild(dir, out, 'after a failed build');
    // The failed build's staged folder is gone once a state is saved.
    expect([...stateFiles(dir).keys()].filter((name) => name.startsWith('staged-'))).toEqual([]);
  });
});
