/**
 * A watch session leaves a build record and a no-change check for the output it wrote, when they say what a
 * clean build would: the next `gazette build` after an editing session then has nothing to do, and prints what
 * a clean build prints. When it cannot be sure (a change it did not process, the settings changed), it writes
 * none, and the next build compares and builds as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, ROOT, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

const NOW = '2026-12-01T00:00:00Z';
const ARTICLES = 10;

function site(): string {
  const dir = tempDir();
  const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
  for (let i = 0; i < ARTICLES; i++) {
    files[`articles/2026/s${i}.md`] = article({ title: `Story ${i}`, date: `2026-11-${String(i + 1).padStart(2, '0')}`, tags: [`t${i % 3}`] }, `Text of story ${i} about harbours.`);
  }
  // Taken down later: the build's summary names it as the next change.
  files['articles/2026/notice.md'] = article({ title: 'Road closed', date: '2026-11-20', expires: '2026-12-20' }, 'The bridge road is closed.');
  writeFiles(dir, files);
  return dir;
}

/**
 * Let the site's files age past the time within which a build does not trust a stamp (a file changed just
 * before it started may change again unseen): the first build's record then vouches for them, as it does
 * for a site written long before.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 250));
}

function edit(dir: string, rel: string, from: string, to: string): string {
  const file = path.join(dir, 'articles', rel);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  return file;
}

/** What a build printed, without its time and output folder: the warnings and the summary. */
function printed(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => /warning|^Built /.test(line))
    .map((line) => line.replace(/ in \d+ ms → \S+/, ''));
}

/** A clean build of `dir`'s sources into a folder of its own: what it printed, and its files. */
async function cleanBuild(dir: string): Promise<{ lines: string[]; files: Map<string, Buffer> }> {
  const out = path.join(tempDir(), 'clean');
  const run = await runCli(['build', '--no-cache', '--now', NOW, '-o', out], dir);
  expect(run.code, run.stderr).toBe(0);
  return { lines: printed(run.stderr), files: snapshotTree(out) };
}

function expectSameFiles(out: string, clean: Map<string, Buffer>): void {
  const files = snapshotTree(out);
  expect([...files.keys()]).toEqual([...clean.keys()]);
  for (const [file, bytes] of clean) expect(files.get(file)!.equals(bytes), file).toBe(true);
}

describe('the build record a watch session leaves', () => {
  const cwd = process.cwd();
  const running: LiveCli[] = [];
  afterEach(() => {
    process.chdir(cwd);
    for (const cli of running.splice(0)) cli.child.kill('SIGKILL');
  });

  it('should make the next build find nothing to do after edits, an added article and a warning, printing what a clean build prints', async () => {
    const dir = site();
    await settle();
    process.chdir(dir);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', now: NOW }, dir);
    // Through the quick path: a body.
    expect((await session.rebuild([edit(dir, '2026/s4.md', 'Text of story 4', 'Text of story 4, edited,')])).written.length).toBeGreaterThan(0);
    // A full rebuild: an article added.
    writeFiles(dir, { 'articles/2026/s10.md': article({ title: 'Story 10', date: '2026-11-25', tags: ['t1'] }, 'A new story about ferries.') });
    await session.rebuild([path.join(dir, 'articles/2026/s10.md')]);
    // Through the quick path again: the title of the story the schedule names, and a title cut short by a
    // comment (a warning, the title unchanged).
    expect((await session.rebuild([edit(dir, '2026/notice.md', 'title: "Road closed"', 'title: "Bridge road closed"')])).written.length).toBeGreaterThan(0);
    const warned = await session.rebuild([edit(dir, '2026/s5.md', 'title: "Story 5"', 'title: Story 5 #draft')]);
    expect(warned.diagnostics?.map((d) => d.ruleId)).toContain('front-matter-yaml-slip');
    // Not at once: a stamp taken within a tick of the file system's clock after the file changed is not trusted.
    await settle();
    await session.close();
    expect(session.lastRecordRefusal).toBeNull();

    const build = await runCli(['build', '--verbose', '--now', NOW], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toContain('No source, template or setting changed since the last build, and its output is intact');
    expect(build.stderr).toMatch(/\b0 pages rendered/);
    const clean = await cleanBuild(dir);
    expect(clean.lines.some((line) => /warning/.test(line))).toBe(true);
    expect(clean.lines.join('\n')).toContain('"Bridge road closed" expires');
    expect(printed(build.stderr)).toEqual(clean.lines);
    expectSameFiles(path.join(dir, 'dist'), clean.files);

    // One more edit: the build finds it, and writes what a clean build writes, the search index's files included.
    edit(dir, '2026/s7.md', 'Text of story 7', 'Text of story 7, now about lighthouses,');
    const next = await runCli(['build', '--verbose', '--now', NOW], dir);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('No source, template or setting changed');
    const cleanAgain = await cleanBuild(dir);
    expect(printed(next.stderr)).toEqual(cleanAgain.lines);
    expect([...cleanAgain.files.keys()].some((file) => file.startsWith('search/'))).toBe(true);
    expectSameFiles(path.join(dir, 'dist'), cleanAgain.files);
  }, 180_000);

  it('should leave a change the session did not process to the next build', async () => {
    for (const late of ['article', 'template'] as const) {
      const dir = site();
      const footer = path.join(dir, 'templates/partials/footer.hbs');
      writeFiles(dir, { 'templates/partials/footer.hbs': fs.readFileSync(path.join(ROOT, 'templates/partials/footer.hbs')) });
      await settle();
      process.chdir(dir);
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', now: NOW }, dir);
      await session.rebuild([edit(dir, '2026/s4.md', 'Text of story 4', 'Text of story 4, edited,')]);
      // Saved, then the session stopped before it saw the change.
      if (late === 'article') edit(dir, '2026/s6.md', 'Text of story 6', 'Text of story 6, edited late,');
      else fs.appendFileSync(footer, '<p>Late footer</p>\n');
      await session.close();
      expect(session.lastRecordRefusal, late).not.toBeNull();

      const build = await runCli(['build', '--verbose', '--now', NOW], dir);
      expect(build.code, build.stderr).toBe(0);
      expect(build.stderr, late).not.toContain('No source, template or setting changed');
      await expectCleanBuild(dir, path.join(dir, 'dist'), late, ['--now', NOW]);
    }
  }, 180_000);

  it('should write none when the settings changed during the session, and the next build is still right', async () => {
    const dir = site();
    await settle();
    process.chdir(dir);
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', now: NOW }, dir);
    const config = path.join(dir, 'gazette.config.json');
    fs.writeFileSync(config, JSON.stringify({ url: 'https://example.org/', title: 'The Harbour Times' }));
    await session.rebuild([config]);
    await session.rebuild([edit(dir, '2026/s2.md', 'Text of story 2', 'Text of story 2, edited,')]);
    await session.close();
    expect(session.lastRecordRefusal).toMatch(/settings/);

    const build = await runCli(['build', '--verbose', '--now', NOW], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toContain('No source, template or setting changed');
    await expectCleanBuild(dir, path.join(dir, 'dist'), '', ['--now', NOW]);
  }, 120_000);

  it('should count a record still to write as unsaved, which a session without a cache folder has none of', async () => {
    for (const cache of [true, false]) {
      const dir = site();
      await settle();
      process.chdir(dir);
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', now: NOW, cache }, dir);
      expect(session.unsaved).toBe(false);
      await session.rebuild([edit(dir, '2026/s1.md', 'Text of story 1', 'Text of story 1, edited,')]);
      expect(session.unsaved, `cache: ${cache}`).toBe(cache);
      await session.close();
      expect(session.unsaved).toBe(false);
    }
  }, 120_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`should be left by \`gazette watch\` stopped by ${signal}`, async () => {
      const dir = site();
      await settle();
      const cli = new LiveCli(['watch', '--now', NOW], dir);
      running.push(cli);
      await cli.waitFor(/for changes/, 0, 60_000);
      const from = cli.mark();
      edit(dir, '2026/s3.md', 'Text of story 3', 'Text of story 3, edited,');
      await cli.waitFor(/written, \d+ removed/, from, 60_000);
      await settle();
      cli.child.kill(signal);
      expect(await cli.exit).toBe(0);

      const build = await runCli(['build', '--verbose', '--now', NOW], dir);
      expect(build.code, build.stderr).toBe(0);
      expect(build.stderr).toContain('No source, template or setting changed since the last build, and its output is intact');
      const clean = await cleanBuild(dir);
      expect(printed(build.stderr)).toEqual(clean.lines);
      expectSameFiles(path.join(dir, 'dist'), clean.files);
    }, 120_000);
  }
});
