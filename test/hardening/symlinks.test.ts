/**
 * Symbolic links in the source folder: loops must not hang the build, and
 * links to files outside the source folder must not be followed. The links
 * are made at test time (they cannot be committed portably).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers.js';
import { allOutputText, builtCount, expectBuilt, expectContained, expectFrontPage, hostileBuild, sandbox } from './harness.js';

const ARTICLE = '---\ntitle: The one real article\ndate: 2023-02-09\n---\nBody.\n';

describe('symbolic links in the source folder', () => {
  it('should not hang on folder links that loop, and say it skipped them', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    fs.mkdirSync(path.join(src, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(src, 'sub', 'a.md'), ARTICLE);
    fs.symlinkSync('..', path.join(src, 'sub', 'parent')); // sub/parent → articles
    fs.symlinkSync('.', path.join(src, 'self')); // articles/self → articles
    fs.symlinkSync('ping.md', path.join(src, 'pong.md')); // pong.md → ping.md → pong.md
    fs.symlinkSync('pong.md', path.join(src, 'ping.md'));
    const started = performance.now();
    const run = await hostileBuild(box, ['-s', 'articles']);
    expect(performance.now() - started).toBeLessThan(20_000);
    expectBuilt(run);
    expect(builtCount(run)).toBe(1);
    for (const link of ['articles/sub/parent', 'articles/self', 'articles/ping.md', 'articles/pong.md']) {
      expect(run.stderr).toMatch(new RegExp(`^${link.replace(/\./g, '\\.')}: warning symbolic link not followed`, 'm'));
    }
    expectContained(run.out);
    expectFrontPage(run.out);
    expect(listFiles(run.out).filter((f) => f.includes('parent') || f.includes('self'))).toEqual([]);
  }, 30_000);

  it('should not follow links to files or folders outside the source folder, and name them', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'a.md'), ARTICLE);
    const outside = path.join(box.root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.md'), '---\ntitle: OUTSIDE-SECRET-TITLE\ndate: 2023-02-09\n---\nOUTSIDE-SECRET-BODY\n');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET-FILE\n');
    fs.writeFileSync(path.join(outside, 'passwd'), 'OUTSIDE-SECRET-PASSWD\n');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(src, 'leak.md')); // absolute target
    fs.symlinkSync('../../../../outside/secret.txt', path.join(src, 'leak.txt')); // relative target
    fs.symlinkSync(outside, path.join(src, 'outdir')); // a folder outside
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(1);
    for (const link of ['articles/leak.md', 'articles/leak.txt', 'articles/outdir']) {
      expect(run.stderr).toMatch(new RegExp(`^${link.replace(/\./g, '\\.')}: warning symbolic link not followed: it points outside the source folder`, 'm'));
    }
    expect(allOutputText(run.out)).not.toMatch(/OUTSIDE-SECRET/);
    expect(listFiles(run.out).filter((f) => /leak|outdir|passwd|secret/.test(f))).toEqual([]);
    expectContained(run.out);
  });
});
