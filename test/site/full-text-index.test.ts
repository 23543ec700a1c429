/**
 * The full-text search index (#28): body text of articles and pages, cut into fragments by term,
 * nothing of drafts, scheduled or expired items, and a one-word query needs a small part of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../src/search/terms.js';
import { article, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

const indexFiles = (out: string) => listFiles(out).filter((f) => f.startsWith('search-index/'));
const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');

describe('full-text search index', () => {
  it('should index bodies of published articles and pages only', async () => {
    const dir = tempDir('gazette-fulltext-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Ledger', timezone: 'UTC' }),
      'articles/public.md': article({ title: 'Public', date: '2023-02-09', summary: 'Short.' }, 'First paragraph.\n\nThe pilot quillfeather docked.'),
      'articles/about.md': article({ kind: 'page', title: 'About' }, 'We print on copalvarnish paper.'),
      'articles/draft.md': article({ title: 'Draft', date: '2023-02-08', draft: true }, 'Draftmarkerword here.'),
      'articles/later.md': article({ title: 'Later', date: '2099-01-01' }, 'Scheduledmarkerword here.'),
      'articles/gone.md': article({ title: 'Gone', date: '2022-01-01', expires: '2022-06-01' }, 'Expiredmarkerword here.'),
    });
    const out = path.join(dir, 'dist');
    const built = await runCli(['build', '--out', out], dir);
    expect(built.code, built.stderr).toBe(0);
    const files = indexFiles(out);
    const all = files.map((f) => read(out, f)).join('\n').toLowerCase();
    expect(all).toContain('quillfeather');
    expect(all).toContain('copalvarnish');
    for (const marker of ['draftmarkerword', 'scheduledmarkerword', 'expiredmarkerword', '"draft"', '"later"', '"gone"']) expect(all).not.toContain(marker);
    const meta = JSON.parse(read(out, 'search-index/meta.json'));
    // The page and the one published article.
    expect(meta.count).toBe(2);
    expect(files.filter((f) => f.startsWith('search-index/d/')).sort()).toEqual(['search-index/d/0.json', 'search-index/d/1.json']);
    expect(JSON.parse(read(out, 'search-index/d/0.json'))).toMatchObject({ t: 'About', d: null, b: 'We print on copalvarnish paper.' });
    // A body term's posting: document 1, body field, counted once.
    const fragment = JSON.parse(read(out, `search-index/f-${bucketOf('quillfeather', meta.buckets).toString(16)}.json`));
    expect(fragment.quillfeather).toEqual([1, 8 + 4]);
  });

  it('should let a one-word query fetch a small part of a large index', { timeout: 600_000 }, async () => {
    const dir = tempDir('gazette-fulltext-big-');
    // 2,000 articles, each of 120 words drawn from 3,000, and one rare word.
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${(i * 7919).toString(36)}`);
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'Big', timezone: 'UTC' }) };
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let a = 0; a < 2000; a++) {
      const words = Array.from({ length: 120 }, () => vocabulary[next() % vocabulary.length]).join(' ');
      const day = `2020-01-01T00:00:00Z`;
      files[`articles/a${a}.md`] = article({ title: `Story ${a}`, date: day.replace('2020', String(2000 + (a % 20))), slug: `a${a}` }, `${words}${a === 1234 ? ' rareword' : ''}.`);
    }
    writeFiles(dir, files);
    const out = path.join(dir, 'dist');
    const built = await runCli(['build', '--out', out], dir);
    expect(built.code, built.stderr).toBe(0);
    const meta = JSON.parse(read(out, 'search-index/meta.json'));
    expect(meta.buckets).toBe(64);
    const bytes = (f: string) => fs.statSync(path.join(out, f)).size;
    const fragments = indexFiles(out).filter((f) => /\/f-[0-9a-f]+\.json$/.test(f));
    expect(fragments).toHaveLength(64);
    const total = fragments.reduce((sum, f) => sum + bytes(f), 0);
    const fetched = bytes('search-index/meta.json') + bytes(`search-index/f-${bucketOf('rareword', 64).toString(16).padStart(2, '0')}.json`);
    // Metadata and one bucket: a few percent of the index, whatever the site's size.
    expect(fetched).toBeLessThan(total / 20);
    expect(bytes('search-index/meta.json')).toBeLessThan(2000);
    const fragment = JSON.parse(read(out, `search-index/f-${bucketOf('rareword', 64).toString(16).padStart(2, '0')}.json`));
    expect(fragment.rareword).toHaveLength(2);
  });
});
