import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { saveNoChange, startNoChange } from '../../lib/cache/no-change.js';
import { stampOf } from '../../lib/stamp.js';
import { OutputManifest } from '../../lib/output/manifest.js';
import { copyFixture, runCli, tempDir, writeFiles } from '../helpers.js';

const UP_TO_DATE = 'No source, template or setting changed since the last build';

/** Stamps of files changed just before a build are not trusted (see build-record.ts): wait until they are older. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2100));

describe('no-change check', () => {
  /**
   * A cache folder holding a check over `count` output files, as a build of `identity` leaves it
   * (with a build record and an output manifest, whose stamps it names).
   */
  function leaveCheck(count: number) {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const cache = path.join(dir, 'cache');
    const input = path.join(dir, 'story.md');
    const files: Record<string, string> = { 'story.md': '# Story\n', 'cache/build-record.json': '{}', 'cache/output-manifest.json': '{}' };
    // Paths of several lengths and depths, one not ASCII, so that each thread's share starts mid-way through the bytes.
    const outputs = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `${i}.html` : i % 3 === 1 ? `tag/é-${i}/index.html` : `2024/01/story-${i}/feed.xml`));
    for (const [i, rel] of outputs.entries()) files[`dist/${rel}`] = 'x'.repeat(i + 1);
    writeFiles(dir, files);
    // Whole seconds, which a test can set back exactly.
    for (const [i, rel] of outputs.entries()) fs.utimesSync(path.join(out, rel), 1_700_000_000 + i, 1_700_000_000 + i);
    const stamps = () => new Map([[input, stampOf(input)]]);
    const written = new Map(
      outputs.map((rel) => {
        const stat = fs.statSync(path.join(out, rel));
        return [rel, { f: 'fingerprint', h: null, size: stat.size, mtimeMs: stat.mtimeMs }];
      }),
    );
    // Started well after the files were written: their stamps are trusted.
    const startedAt = Date.now() + 60_000;
    saveNoChange(cache, { identity: 'site', startedAt, window: { since: null, until: null }, outDir: out, stamps: stamps(), written, result: { pages: count } });
    expect(fs.existsSync(path.join(cache, 'no-change.bin'))).toBe(true);
    const ask = (threads: number) => startNoChange<{ pages: number }>(cache, out, threads)!.unchanged('site', stamps(), Date.now());
    return { out, outputs, ask };
  }

  it('should find every output file changed or removed, whichever thread stats it', async () => {
    const { out, outputs, ask } = leaveCheck(10);
    for (const threads of [1, 2, 3, 10, 16]) expect(await ask(threads), `${threads} threads`).toEqual({ pages: 10 });
    for (const [i, rel] of outputs.entries()) {
      const file = path.join(out, rel);
      const atime = 1_700_000_000 + i;
      const mtime = atime;
      // Same size, another time: what an edit by hand that keeps the length leaves.
      fs.utimesSync(file, atime, mtime + 1);
      for (const threads of [1, 3, 4]) expect(await ask(threads), `${rel} touched, ${threads} threads`).toBeNull();
      fs.utimesSync(file, atime, mtime);
      expect(await ask(3), `${rel} as it was`).toEqual({ pages: 10 });
      fs.renameSync(file, `${file}.away`);
      for (const threads of [1, 3]) expect(await ask(threads), `${rel} removed, ${threads} threads`).toBeNull();
      fs.renameSync(`${file}.away`, file);
      // A file of another size in its place.
      const bytes = fs.readFileSync(file);
      fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from('y')]));
      fs.utimesSync(file, atime, mtime);
      expect(await ask(3), `${rel} longer`).toBeNull();
      fs.writeFileSync(file, bytes);
      fs.utimesSync(file, atime, mtime);
      expect(await ask(i % 4 + 1), `${rel} restored`).toEqual({ pages: 10 });
    }
  });

  it('should give a build whose inputs changed the output files as its threads found them, in the manifest\'s order', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'dist');
    const cache = path.join(dir, 'cache');
    const input = path.join(dir, 'story.md');
    const outputs = Array.from({ length: 50 }, (_, i) => (i % 2 ? `${i}.html` : `tag/é-${i}/index.html`));
    writeFiles(dir, { 'story.md': '# Story\n', 'cache/build-record.json': '{}', ...Object.fromEntries(outputs.map((rel, i) => [`dist/${rel}`, 'x'.repeat(i + 1)])) });
    for (const [i, rel] of outputs.entries()) fs.utimesSync(path.join(out, rel), 1_700_000_000 + i, 1_700_000_000 + i);
    const written = new Map(
      outputs.map((rel) => {
        const stat = fs.statSync(path.join(out, rel));
        return [rel, { f: `made from ${rel}`, h: null, size: stat.size, mtimeMs: stat.mtimeMs }];
      }),
    );
    OutputManifest.save(cache, out, written);
    const leave = () =>
      saveNoChange(cache, { identity: 'site', startedAt: Date.now() + 60_000, window: { since: null, until: null }, outDir: out, stamps: new Map([[input, stampOf(input)]]), written, result: { pages: 50 } });
    leave();
    // Edited by hand before the build (same size, another time), and one gone; then the story changes.
    fs.utimesSync(path.join(out, outputs[7]!), 1_600_000_000, 1_600_000_000);
    fs.rmSync(path.join(out, outputs[20]!));
    fs.appendFileSync(input, 'More.\n');
    for (const threads of [1, 3]) {
      const check = startNoChange<{ pages: number }>(cache, out, threads)!;
      expect(await check.unchanged('site', new Map([[input, stampOf(input)]]), Date.now())).toBeNull();
      const known = check.outputStamps();
      expect(known?.count).toBe(50);
      const manifest = OutputManifest.load(cache, out);
      manifest.prefetch(out, 0, known);
      await manifest.settled();
      for (const [i, rel] of outputs.entries()) {
        const reusable = manifest.reusable(rel, path.join(out, 'not-stat-ed-again', rel));
        expect(reusable, `${rel}, ${threads} threads`).toEqual(i === 7 || i === 20 ? null : written.get(rel));
      }
    }
    // A manifest saved since (by watch, say) may list other files, or the same in another order: not answered.
    OutputManifest.save(cache, out, new Map([...written].reverse()));
    expect(startNoChange(cache, out, 2)!.outputStamps()).toBeNull();
  });

  it('should not load the Markdown, Handlebars or image modules in a build with nothing to do', async () => {
    const dir = copyFixture('basic');
    // Each module the CLI loads, as its URL, one a line (module.register's resolve hook).
    const log = path.join(dir, 'modules.log');
    writeFiles(dir, {
      'hooks/hooks.mjs':
        "import fs from 'node:fs';\n" +
        'export async function resolve(specifier, context, next) {\n' +
        '  const resolved = await next(specifier, context);\n' +
        `  fs.appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');\n` +
        '  return resolved;\n' +
        '}\n',
      'hooks/register.mjs': "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    });
    const env = { NODE_OPTIONS: `--import=${pathToFileURL(path.join(dir, 'hooks/register.mjs')).href}` };
    const build = async () => {
      fs.rmSync(log, { force: true });
      const result = await runCli(['build', '--verbose'], dir, env);
      expect(result.code, result.stderr).toBe(0);
      return { stderr: result.stderr, modules: fs.readFileSync(log, 'utf8').split('\n') };
    };
    await settle();
    const first = await build();
    expect(first.stderr).not.toContain(UP_TO_DATE);
    // The hook sees what a build that renders loads.
    expect(first.modules.some((url) => url.endsWith('/lib/generate.js'))).toBe(true);
    expect(first.modules.some((url) => url.includes('/node_modules/handlebars/'))).toBe(true);
    await settle();
    await build();
    const nothing = await build();
    expect(nothing.stderr).toContain(UP_TO_DATE);
    const heavy = nothing.modules.filter((url) =>
      /\/lib\/(generate|output\/write-site|render\/theme|build\/identity)\.js$|\/node_modules\/(handlebars|unified|remark-[^/]+|rehype-(?!sanitize)[^/]+|hast-util-to-html|micromark[^/]*|mdast-[^/]+|sharp|yaml)\//.test(url),
    );
    expect(heavy).toEqual([]);
  }, 60_000);
  it('should write the check file again when the full check finds nothing changed (the cache folder linked elsewhere)', async () => {
    const dir = copyFixture('basic');
    const cache = path.join(dir, '.gazette-cache');
    const check = path.join(cache, 'no-change.bin');
    const header = () => {
      const bytes = fs.readFileSync(check);
      const length = Number(bytes.toString('latin1', bytes.indexOf(0x20) + 1, bytes.indexOf(0x0a)));
      return JSON.parse(bytes.toString('utf8', bytes.indexOf(0x0a) + 1, bytes.indexOf(0x0a) + 1 + length)) as { record: string };
    };
    const build = async () => {
      const result = await runCli(['build', '--verbose'], dir);
      expect(result.code, result.stderr).toBe(0);
      return result.stderr;
    };
    await settle();
    await build();
    const before = fs.readFileSync(check);
    // A second name for the record (a copy of the cache folder made with hard links) moves its stamp: the check file no longer answers.
    fs.linkSync(path.join(cache, 'build-record.json'), path.join(dir, 'record-link.json'));
    await settle();
    expect(await build()).toContain(UP_TO_DATE);
    expect(fs.readFileSync(check).equals(before)).toBe(false);
    expect(header().record).toBe(stampOf(path.join(cache, 'build-record.json')));
    expect(await build()).toContain(UP_TO_DATE);
  }, 60_000);
});
