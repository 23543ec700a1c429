/**
 * A build that knows which sources changed since the last one fingerprints only the search documents
 * that may have changed (see src/search/known-changes.ts), and its index is still the bytes of a clean
 * build: whatever else a document depends on (other items' sections, the ids of its day, the site's
 * other inputs) is checked, or makes the build fingerprint every document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/search/documents.js';
import { article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

const timing = { GAZETTE_TIMING: '1' };
/** How many documents the last index build fingerprinted, of how many. */
const fingerprinted = (stderr: string) =>
  [...stderr.matchAll(/search index [^:]*: [^\n]*?, (\d+) of (\d+) documents fingerprinted/g)].at(-1)?.slice(1, 3).map(Number) ?? null;

/** A site of 60 stories over 20 days, in two sections, and a page. */
function site(extra: Record<string, string> = {}): string {
  const dir = tempDir('gazette-fulltext-changes-');
  const files: Record<string, string> = {
    'gazette.config.json': JSON.stringify({ title: 'Changes', timezone: 'UTC' }),
    'articles/about.md': article({ kind: 'page', title: 'About' }, 'A page about the paper.'),
  };
  for (let a = 0; a < 60; a++) {
    files[`articles/s${a}.md`] = article(
      { title: `Story number ${a}`, date: `2023-03-${String((a % 20) + 1).padStart(2, '0')}`, slug: `s${a}`, section: a % 2 ? 'City' : 'Sport' },
      `Council meeting ${a} on the harbour and word${a}.`,
    );
  }
  writeFiles(dir, { ...files, ...extra });
  // Sources written just before a build are not trusted unchanged by the next (their stamps may not have ticked): older ones are.
  const past = new Date(Date.now() - 60_000);
  for (const name of fs.readdirSync(path.join(dir, 'articles'), { recursive: true }) as string[]) fs.utimesSync(path.join(dir, 'articles', name), past, past);
  return dir;
}

async function build(dir: string, args: string[] = []) {
  const built = await runCli(['build', '--out', path.join(dir, 'dist'), ...args], dir, timing);
  expect(built.code, built.stderr).toBe(0);
  return built;
}

describe('full-text index after known changes', () => {
  it('should fingerprint only the day of an edited story, and everything after a change to another input', { timeout: 300_000 }, async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    expect(fingerprinted((await build(dir)).stderr)).toEqual([61, 61]);
    // A title edit leaves the body (and its hash) as it was: only the changed source says the document changed.
    const file = path.join(dir, 'articles/s7.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Story number 7', 'Harbour pilots strike'));
    const edited = await build(dir);
    await expectCleanBuild(dir, out, 'a title edited');
    // s7's day holds three stories (7, 27, 47).
    expect(fingerprinted(edited.stderr)).toEqual([3, 61]);
    // A data file added: what it changes is not known, so every document is fingerprinted.
    writeFiles(dir, { 'articles/_data/desk.json': '{"editor": "Ana"}' });
    fs.appendFileSync(file, '\nMore.\n');
    expect(fingerprinted((await build(dir)).stderr)).toEqual([61, 61]);
    await expectCleanBuild(dir, out, 'a data file added');
    // And gone again.
    fs.rmSync(path.join(dir, 'articles/_data/desk.json'));
    fs.appendFileSync(file, '\nMore again.\n');
    expect(fingerprinted((await build(dir)).stderr)).toEqual([61, 61]);
    // The same build's state and record: an edit after it is known again.
    fs.appendFileSync(file, '\nAnd more.\n');
    expect(fingerprinted((await build(dir)).stderr)).toEqual([3, 61]);
  });

  it("should see a section's name change in stories whose sources did not", { timeout: 300_000 }, async () => {
    // "Weather" twice, "weather" once: the section is named "Weather" until one more story spells it "weather".
    const dir = site({
      'articles/w1.md': article({ title: 'Rain', date: '2022-01-03', slug: 'w1', section: 'Weather' }, 'Rain all day.'),
      'articles/w2.md': article({ title: 'Sun', date: '2022-02-03', slug: 'w2', section: 'Weather' }, 'Sun all day.'),
      'articles/w3.md': article({ title: 'Fog', date: '2022-03-03', slug: 'w3', section: 'weather' }, 'Fog all day.'),
    });
    const out = path.join(dir, 'dist');
    await build(dir);
    const file = path.join(dir, 'articles/w1.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('section: "Weather"', 'section: "weather"'));
    const renamed = await build(dir);
    // w2's record names its section as the site now does.
    await expectCleanBuild(dir, out, 'a section renamed by another story');
    // Known from the sections' names, not from w2's source: every document is fingerprinted.
    expect(fingerprinted(renamed.stderr)).toEqual([64, 64]);
  });

  it('should give a story the id of one removed from its day, and fingerprint it', { timeout: 300_000 }, async () => {
    // Two stories of one day whose URLs want the same id: the one whose URL sorts first takes it, the
    // other the next. Their bodies are the same, so only their titles tell their documents apart.
    const url = (slug: string) => `/2021/06/${slug}/`;
    const slot = (slug: string) => fnv1a(url(slug)) % 2 ** 16;
    const first = 'tide-0';
    let second = '';
    for (let n = 1; !second; n++) if (slot(`tide-${n}`) === slot(first)) second = `tide-${n}`;
    const [early, late] = [first, second].sort((a, b) => (url(a) < url(b) ? -1 : 1));
    const dir = site({
      'articles/early.md': article({ title: 'Early tide table', date: '2021-06-10', slug: early }, 'The same body.'),
      'articles/late.md': article({ title: 'Late tide table', date: '2021-06-10', slug: late }, 'The same body.'),
    });
    const out = path.join(dir, 'dist');
    await build(dir);
    fs.rmSync(path.join(dir, 'articles/early.md'));
    const removed = await build(dir);
    // The late story now has the early one's id: its record and postings are its own.
    await expectCleanBuild(dir, out, 'a story removed from a day');
    // Its day only (the other stories' days hold none of these).
    expect(fingerprinted(removed.stderr)).toEqual([1, 62]);
  });

  it("should see a live story's new update file, which is not its source", { timeout: 300_000 }, async () => {
    const dir = site({
      'articles/storm/index.md': ['---', 'title: "Storm live"', 'date: 2023-05-01T08:00Z', 'kind: live', '---', 'The storm arrives with gustwordquux.', ''].join('\n'),
      'articles/storm/updates/0900-winds.md': ['---', 'time: "09:00"', '---', 'Winds rise.', ''].join('\n'),
    });
    const out = path.join(dir, 'dist');
    const now = ['--now', '2023-05-01T10:00:00Z'];
    await build(dir, now);
    // An update for later that day: until it is out, the story's body (which holds it) is kept out of the index.
    writeFiles(dir, { 'articles/storm/updates/2200-night.md': ['---', 'time: "22:00"', '---', 'Night falls.', ''].join('\n') });
    const added = await build(dir, now);
    await expectCleanBuild(dir, out, 'an update file added', now);
    expect(fingerprinted(added.stderr)![0]).toBeLessThan(10);
    expect(fs.readFileSync(path.join(out, 'search-index/d', fs.readdirSync(path.join(out, 'search-index/d')).find((f) => fs.readFileSync(path.join(out, 'search-index/d', f), 'utf8').includes('Storm live'))!), 'utf8')).toContain('"b":""');
  });
});
