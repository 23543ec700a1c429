/**
 * The full-text search index (#28): body text of articles and pages, cut into fragments by term,
 * nothing of drafts, scheduled or expired items, a one-word query needs a small part of it, and
 * a build with the cache updates only the fragments a change touches, to the bytes of a clean build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePostings } from '../../src/search/postings.js';
import { bucketOf } from '../../src/search/terms.js';
import { article, expectCleanBuild, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

const indexFiles = (out: string) => listFiles(out).filter((f) => f.startsWith('search-index/'));
const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');
const fragmentOf = (term: string, buckets: number) => `search-index/f-${bucketOf(term, buckets).toString(16).padStart(Math.max(1, (buckets - 1).toString(16).length), '0')}.json`;
/** What the build said of the index's work (GAZETTE_TIMING): how it made it, and how many fragments (the last time, if it tried twice). */
const indexWork = (stderr: string) => [...stderr.matchAll(/search index [^:]*: (updated|built whole), (\d+) of (\d+) fragments made/g)].at(-1)?.slice(1, 4) ?? null;

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
    expect(meta).toMatchObject({ version: 4, count: 2, buckets: 1, years: [2023] });
    const records = files.filter((f) => f.startsWith('search-index/d/'));
    expect(records).toHaveLength(2);
    const texts = records.map((f) => JSON.parse(read(out, f)));
    expect(texts).toContainEqual({ u: '/about/', t: 'About', d: null, s: null, x: expect.any(String), b: 'We print on copalvarnish paper.' });
    // A body term's posting: the story (an id above the pages'), in the body, counted once.
    const fragment = JSON.parse(read(out, fragmentOf('quillfeather', 1)));
    const { ids, values } = decodePostings(fragment.quillfeather);
    expect(values).toEqual([4 + 8]);
    expect(ids[0]).toBeGreaterThan(2 ** 32);
    expect(records).toContain(`search-index/d/${ids[0]!.toString(36)}.json`);
    // A title term is in the title field, a page's id is below the stories'.
    expect(decodePostings(fragment.about).ids[0]).toBeLessThan(2 ** 32);
    expect(decodePostings(fragment.about).values[0]! % 8).toBe(1);
  });

  it('should let a one-word query fetch a small part of a large index', { timeout: 600_000 }, async () => {
    const dir = tempDir('gazette-fulltext-big-');
    // 1,200 articles, each of 120 words drawn from 3,000, and one rare word.
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${(i * 7919).toString(36)}`);
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'Big', timezone: 'UTC' }) };
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let a = 0; a < 1200; a++) {
      const words = Array.from({ length: 120 }, () => vocabulary[next() % vocabulary.length]).join(' ');
      files[`articles/a${a}.md`] = article({ title: `Story ${a}`, date: `${2000 + (a % 20)}-01-01`, slug: `a${a}` }, `${words}${a === 1111 ? ' rareword' : ''}.`);
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
    const fetched = bytes('search-index/meta.json') + bytes(fragmentOf('rareword', 64));
    // Metadata and one fragment: a few percent of the index, whatever the site's size.
    expect(fetched).toBeLessThan(total / 20);
    expect(bytes('search-index/meta.json')).toBeLessThan(2000);
    expect(decodePostings(JSON.parse(read(out, fragmentOf('rareword', 64))).rareword).ids).toHaveLength(1);
  });

  describe('with the build cache', () => {
    const timing = { GAZETTE_TIMING: '1' };
    const site = () => {
      const dir = tempDir('gazette-fulltext-cache-');
      const files: Record<string, string> = {
        'gazette.config.json': JSON.stringify({ title: 'Cached', timezone: 'UTC' }),
        'articles/about.md': article({ kind: 'page', title: 'About' }, 'A page about the paper.'),
      };
      // Enough documents for several fragments (a fragment per 32 documents).
      for (let a = 0; a < 100; a++) {
        files[`articles/s${a}.md`] = article(
          { title: `Story number ${a}`, date: `2023-${String((a % 12) + 1).padStart(2, '0')}-${String((a % 27) + 1).padStart(2, '0')}`, section: a % 3 ? 'City' : 'Sport' },
          `Council meeting ${a} on the harbour and word${a} with word${a + 1}.`,
        );
      }
      writeFiles(dir, files);
      return dir;
    };
    const build = async (dir: string, out = path.join(dir, 'dist')) => {
      const built = await runCli(['build', '--out', out], dir, timing);
      expect(built.code, built.stderr).toBe(0);
      return built;
    };

    it('should update only the fragments an edit touches, to the bytes of a clean build', { timeout: 300_000 }, async () => {
      const dir = site();
      const out = path.join(dir, 'dist');
      expect(indexWork((await build(dir)).stderr)).toEqual(['built whole', '4', '4']);
      // Nothing changed: the build stops before any indexing.
      const same = await build(dir);
      expect(indexWork(same.stderr)).toBeNull();

      // One word added to a body: the fragment of that word only.
      fs.appendFileSync(path.join(dir, 'articles/s7.md'), '\nZanzibarquux.\n');
      expect(indexWork((await build(dir)).stderr)).toEqual(['updated', '1', '4']);
      expect(decodePostings(JSON.parse(read(out, fragmentOf('zanzibarquux', 4))).zanzibarquux).ids).toHaveLength(1);
      await expectCleanBuild(dir, out, 'a body edited');

      // A title changed, a story added, one taken away, a section renamed: still a clean build's bytes.
      const story = path.join(dir, 'articles/s8.md');
      fs.writeFileSync(story, fs.readFileSync(story, 'utf8').replace('Story number 8', 'Harbour pilots strike'));
      await build(dir);
      await expectCleanBuild(dir, out, 'a title edited');
      writeFiles(dir, { 'articles/new.md': article({ title: 'A new story', date: '2023-05-05', section: 'Weather' }, 'Fog over the harbour.') });
      expect(indexWork((await build(dir)).stderr)?.[0]).toBe('updated');
      await expectCleanBuild(dir, out, 'a story added');
      fs.rmSync(path.join(dir, 'articles/s9.md'));
      fs.rmSync(path.join(dir, 'articles/new.md'));
      expect(indexWork((await build(dir)).stderr)?.[0]).toBe('updated');
      await expectCleanBuild(dir, out, 'stories removed');
    });

    it('should keep a dense term the bytes of a clean build as it crosses the threshold and documents come and go', { timeout: 300_000 }, async () => {
      // 70 stories in 4 fragments: a term in 16 or more of them is dense (a bitmap over the ids for its body).
      const dir = tempDir('gazette-fulltext-dense-');
      const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ title: 'Dense', timezone: 'UTC' }) };
      for (let a = 0; a < 70; a++) {
        const date = `2023-${String((a % 12) + 1).padStart(2, '0')}-${String((a % 28) + 1).padStart(2, '0')}`;
        files[`articles/d${a}.md`] = article({ title: `Item ${a}`, date }, a < 17 ? `Tidewater report ${a}, tidewater.` : `Other report ${a}.`);
      }
      writeFiles(dir, files);
      const out = path.join(dir, 'dist');
      expect(indexWork((await build(dir)).stderr)).toEqual(['built whole', '4', '4']);
      const tidewater = () => JSON.parse(read(out, fragmentOf('tidewater', 4))).tidewater as string;
      expect(tidewater()).toMatch(/^!\.\*[^.]+\.\*/);
      expect(read(out, 'search-index/ids.json')).toMatch(/^"[A-Za-z0-9_-]+"\n$/);
      // A story added before the others, of words in other fragments: the dense term's fragment is made again all the same, its bits moved.
      const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'].filter((w) => bucketOf(w, 4) !== bucketOf('tidewater', 4));
      writeFiles(dir, { 'articles/early.md': article({ title: words[0]!, date: '2022-01-01', summary: words[1]! }, words.slice(2, 4).join(' ')) });
      expect(indexWork((await build(dir)).stderr)?.[0]).toBe('updated');
      await expectCleanBuild(dir, out, 'a story added before the others');
      writeFiles(dir, { 'articles/early.md': article({ title: 'Early', date: '2022-01-01' }, 'Tidewater early.') });
      await build(dir);
      // Two taken out of the body: 16 left, still dense; one more and it is a list again, made with its counts.
      for (const a of [1, 2]) fs.writeFileSync(path.join(dir, `articles/d${a}.md`), article({ title: `Item ${a}`, date: `2023-0${a + 1}-0${a + 1}` }, 'Plain.'));
      expect(indexWork((await build(dir)).stderr)?.[0]).toBe('updated');
      await expectCleanBuild(dir, out, 'a dense term still dense');
      expect(tidewater().startsWith('!')).toBe(true);
      fs.rmSync(path.join(dir, 'articles/d3.md'));
      await build(dir);
      await expectCleanBuild(dir, out, 'a dense term made a list');
      expect(tidewater().startsWith('!')).toBe(false);
      // And dense again, from a list.
      fs.appendFileSync(path.join(dir, 'articles/d18.md'), '\nTidewater twice, tidewater.\n');
      expect(indexWork((await build(dir)).stderr)?.[0]).toBe('updated');
      await expectCleanBuild(dir, out, 'a list made dense');
      expect(tidewater().startsWith('!')).toBe(true);
    });

    it('should take unchanged fragments from the cache into a fresh output folder (CI)', { timeout: 300_000 }, async () => {
      const dir = site();
      await build(dir);
      fs.appendFileSync(path.join(dir, 'articles/s3.md'), '\nQuokkaline.\n');
      // A fresh output folder, the cache kept: only what the edit touches is made.
      const fresh = path.join(dir, 'fresh');
      expect(indexWork((await build(dir, fresh)).stderr)).toEqual(['updated', '1', '4']);
      await expectCleanBuild(dir, fresh, 'a fresh output folder');
    });

    it('should build the index whole when its cached state is damaged', { timeout: 300_000 }, async () => {
      const dir = site();
      const out = path.join(dir, 'dist');
      await build(dir);
      const state = path.join(dir, '.gazette-cache/search/en');
      expect(fs.existsSync(path.join(state, 'state.json'))).toBe(true);
      fs.writeFileSync(path.join(state, 'state.json'), '{"format": "gazette-search-state-4", "buckets": "x"}');
      fs.appendFileSync(path.join(dir, 'articles/s3.md'), '\nQuokkaline.\n');
      const built = await build(dir);
      expect(indexWork(built.stderr)?.[0]).toBe('built whole');
      expect(built.stderr).toContain('state.json');
      await expectCleanBuild(dir, out, 'a damaged state');
      // Its lists of ids and fingerprints not of one length: damaged too.
      const saved = JSON.parse(fs.readFileSync(path.join(state, 'state.json'), 'utf8')) as { fingerprints: string };
      fs.writeFileSync(path.join(state, 'state.json'), JSON.stringify({ ...saved, fingerprints: saved.fingerprints.split(' ').slice(1).join(' ') }));
      fs.appendFileSync(path.join(dir, 'articles/s3.md'), '\nQuokkaline again.\n');
      const short = await build(dir);
      expect(indexWork(short.stderr)?.[0]).toBe('built whole');
      expect(short.stderr).toContain('state.json');
      await expectCleanBuild(dir, out, 'a state whose lists do not match');
      // Fragments gone from the page store and the output: read back from neither, made whole again.
      for (const file of indexFiles(out).filter((f) => /\/f-/.test(f))) fs.writeFileSync(path.join(out, file), '{}\n');
      fs.rmSync(path.join(dir, '.gazette-cache/pages'), { recursive: true, force: true });
      fs.appendFileSync(path.join(dir, 'articles/s4.md'), '\nA wallabyline appeared.\n');
      const again = await build(dir);
      expect(indexWork(again.stderr)?.[0]).toBe('built whole');
      await expectCleanBuild(dir, out, 'fragments missing');
      // A fragment the next edit does not touch, gone from both: the writer finds it missing, and the index is made whole.
      const untouched = [0, 1, 2, 3].find((b) => b !== bucketOf('platypusline', 4))!;
      fs.rmSync(path.join(dir, '.gazette-cache/pages'), { recursive: true, force: true });
      fs.rmSync(path.join(out, `search-index/f-${untouched}.json`));
      fs.appendFileSync(path.join(dir, 'articles/s5.md'), '\nPlatypusline.\n');
      const third = await build(dir);
      expect(third.stderr).toContain(`search-index/f-${untouched}.json`);
      expect(indexWork(third.stderr)?.[0]).toBe('built whole');
      await expectCleanBuild(dir, out, 'a fragment gone');
    });
  });
});
