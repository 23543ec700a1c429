/**
 * Issue #12: no article can hang or crash a build. Hostile articles are
 * generated at test time; the render budget is lowered to one second, far
 * below what the slow article needs and far above what the others need.
 * Each must fail alone, named, with its rule and without a stack trace, in
 * `build`, `check` and `watch`, while the other articles are still rendered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MarkdownPool } from '../../lib/markdown/pool.js';
import { article, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';
import { STACK } from './harness.js';
import { bracketFlood, deepHtml, deepList, deepQuotes, delimiterFlood, mixedNesting, prose, slowParagraphs } from './hostile-markdown.js';

const fields = (title: string) => ({ title, date: '2024-03-01' });
/** Each hostile article, and the rule its error must carry. */
const HOSTILE: [string, string, string][] = [
  ['articles/quotes.md', deepQuotes(20_000), 'markdown-too-deep'],
  ['articles/list.md', deepList(150), 'markdown-too-deep'],
  ['articles/mixed.md', mixedNesting(400), 'markdown-too-deep'],
  ['articles/brackets.md', bracketFlood(30_000), 'markdown-too-many-brackets'],
  ['articles/delimiters.md', delimiterFlood(3_000), 'markdown-too-many-delimiters'],
  ['articles/html.md', deepHtml(30_000), 'markdown-failed'],
  ['articles/slow.md', slowParagraphs(40), 'markdown-timeout'],
];
const CONFIG = JSON.stringify({ markdownTimeout: 1 });

function goodSite(): string {
  const dir = tempDir('gazette-hostile-md-');
  writeFiles(dir, {
    'gazette.config.json': CONFIG,
    'articles/good.md': article(fields('Good'), 'A *good* article.'),
    'articles/other.md': article(fields('Other'), 'Another [article](good.md).'),
  });
  return dir;
}

function expectEachNamed(stderr: string): void {
  for (const [file, , rule] of HOSTILE) expect(stderr, file).toMatch(new RegExp(`^${file}(:\\d+:\\d+)?: error .*\\[${rule}\\]$`, 'm'));
  expect(stderr).toMatch(new RegExp(`Build failed: ${HOSTILE.length} errors`));
  expect(stderr).not.toMatch(STACK);
  expect(stderr).not.toMatch(/internal error/i);
}

describe('hostile articles (issue #12)', () => {
  it('should fail the build with one error per hostile article, all at once, and leave the previous dist/ whole', async () => {
    const dir = goodSite();
    const first = await runCli(['build'], dir);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshotTree(path.join(dir, 'dist'));
    writeFiles(dir, Object.fromEntries(HOSTILE.map(([file, body]) => [file, article(fields(path.basename(file)), body)])));

    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expectEachNamed(result.stderr);
    expect(result.stderr).toMatch(/took too long to render and was stopped after [\d.]+ s .*"markdownTimeout"/);
    expect(snapshotTree(path.join(dir, 'dist'))).toEqual(before);

    // The same in `gazette check`.
    const checked = await runCli(['check'], dir);
    expect(checked.code).toBe(1);
    for (const [file, , rule] of HOSTILE) expect(checked.stderr, file).toMatch(new RegExp(`^${file}(:\\d+:\\d+)?: error .*\\[${rule}\\]$`, 'm'));
    expect(checked.stderr).not.toMatch(STACK);

    // Once they are gone, the site builds again.
    for (const [file] of HOSTILE) fs.rmSync(path.join(dir, file));
    const again = await runCli(['build'], dir);
    expect(again.code, again.stderr).toBe(0);
  });

  it('should render every other job of the pool when one times out or is refused, the same as without them', async () => {
    const good = Array.from({ length: 20 }, (_, i) => ({ body: `Article *${i}*.\n`, sourcePath: `${i}.md`, displayPath: `articles/${i}.md` }));
    const jobs = [...good.slice(0, 5), { body: slowParagraphs(40), sourcePath: 'slow.md', displayPath: 'articles/slow.md' }, ...good.slice(5, 15), { body: deepQuotes(500), sourcePath: 'q.md', displayPath: 'articles/q.md' }, ...good.slice(15)];
    const resolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };
    const pool = new MarkdownPool({ trustHtml: false, configModule: null, shortcodes: {}, labels: { embedPlayVideo: 'Play video: {title}', embedVideo: '{host} video', embedFactBox: 'Fact box', embedKeyPoints: 'Key points' }, language: 'en', timeZone: 'UTC', basePath: '/' }, { timeout: 0.5, threads: 2 });
    try {
      const outcome = await pool.render(jobs, resolver);
      expect(outcome.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toEqual(['articles/slow.md markdown-timeout', 'articles/q.md markdown-too-deep']);
      expect(outcome.rendered[5]).toBe(null);
      expect(outcome.rendered[16]).toBe(null);
      const html = outcome.rendered.filter((r) => r !== null).map((r) => r!.html);
      expect(html).toEqual(good.map((g) => `<p>Article <em>${g.sourcePath.replace('.md', '')}</em>.</p>`));
      // The thread that was stopped was replaced: the pool still renders.
      const later = await pool.render(good.slice(0, 2), resolver);
      expect(later.rendered.map((r) => r?.html)).toEqual(['<p>Article <em>0</em>.</p>', '<p>Article <em>1</em>.</p>']);
    } finally {
      await pool.close();
    }
  });

  it('should keep watching through a refused, a crashing and a timed-out article, and recover when it is fixed', async () => {
    const dir = goodSite();
    const cli = new LiveCli(['watch'], dir);
    const page = path.join(dir, 'dist/2024/03/good/index.html');
    try {
      await cli.waitFor(/^Watching .* for changes/m, 0, 20_000);
      for (const [, body, rule] of [HOSTILE[0]!, HOSTILE[5]!, HOSTILE[6]!]) {
        const from = cli.mark();
        fs.writeFileSync(path.join(dir, 'articles/good.md'), article(fields('Good'), body));
        await cli.waitFor(/changed → rebuild failed in \d+ ms/, from, 30_000);
        const printed = cli.output.slice(from);
        expect(printed).toMatch(new RegExp(`^articles/good\\.md(:\\d+:\\d+)?: error .*\\[${rule}\\]$`, 'm'));
        expect(printed).not.toMatch(STACK);
        expect(cli.child.exitCode).toBe(null);
        expect(fs.readFileSync(page, 'utf8')).toContain('A <em>good</em> article.');
      }
      const from = cli.mark();
      fs.writeFileSync(path.join(dir, 'articles/good.md'), article(fields('Good'), 'Fixed *again*.'));
      await cli.waitFor(/changed → \d+ written/, from, 30_000);
      expect(fs.readFileSync(page, 'utf8')).toContain('Fixed <em>again</em>.');
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('should stop a huge article when its budget runs out, saying it is very large', async () => {
    const dir = tempDir('gazette-huge-');
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ markdownTimeout: 0.01 }), 'articles/huge.md': article(fields('Huge'), prose(2500)) });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^articles\/huge\.md: error took too long to render .* it is very large \(2\.\d MB\); split it into several articles, or raise "markdownTimeout" \[markdown-timeout\]$/m);
    expect(result.stderr).not.toMatch(STACK);
  });

  it('should give a name without letters or digits a stable fallback slug and a warning, and fail it with --strict', async () => {
    const dir = tempDir('gazette-slug-fallback-');
    writeFiles(dir, { 'articles/🎉.md': article({ title: '🎉', date: '2024-03-01' }, 'Party.'), 'articles/news.md': article(fields('News')) });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^articles\/🎉\.md:2:8: warning .*uses "u1f389"; add a "slug" field to choose it \[slug-fallback\]$/m);
    expect(fs.readFileSync(path.join(dir, 'dist/2024/03/u1f389/index.html'), 'utf8')).toContain('Party.');
    const strict = await runCli(['build', '--strict', '-o', 'strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^articles\/🎉\.md:2:8: error .*\[slug-fallback\]$/m);
    expect(fs.existsSync(path.join(dir, 'strict'))).toBe(false);
  });
});
