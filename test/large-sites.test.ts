import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { maxOf, pushAll, replaceAt } from '../lib/push-all.js';
import { findCollisions } from '../lib/site/output-checks.js';
import { diagnostic, formatDiagnostic, sortDiagnostics } from '../lib/report/diagnostics.js';
import type { OutputFile } from '../lib/site/model.js';
import { ROOT, runCli, tempDir, writeFiles } from './helpers.js';

// Far more than V8 takes as one call's arguments (about 120,000 with Node's default stack).
const MANY = 400_000;

/** Calls in `src/` that spread an array into their arguments, unless marked bounded. */
function spreadCalls(srcDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) scan(file);
    }
  };
  const scan = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const spread = (ts.isCallExpression(node) || ts.isNewExpression(node)) && (node.arguments ?? []).some(ts.isSpreadElement);
      // `f.apply(thisArg, list)` passes a list as arguments just the same.
      const apply = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'apply' && node.arguments.length === 2;
      if (spread || apply) {
        const callee = (node as ts.CallExpression).expression.getText(source);
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        // The segments of one path are bounded by the file system's path length.
        const pathJoin = /^path(\.posix|\.win32)?\.(join|resolve)$/.test(callee);
        // A spread whose list is bounded by a constant says why on the line above.
        const marked = /\/\/ spread-ok: \S/.test(lines[line - 1] ?? '');
        if (!pathJoin && !marked) found.push(`${path.relative(ROOT, file)}:${line + 1}: ${node.getText(source).split('\n')[0]}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  };
  walk(srcDir);
  return found;
}

describe('arrays that grow with the site (#33)', () => {
  it('should never be spread into a call\'s arguments in src/', () => {
    expect(spreadCalls(path.join(ROOT, 'src'))).toEqual([]);
  });

  it('should flag the pattern it looks for (the check itself)', () => {
    const dir = fs.mkdtempSync(path.join(process.env.GAZETTE_TEST_TMP ?? '/tmp', 'spread-'));
    fs.writeFileSync(
      path.join(dir, 'a.ts'),
      [
        'files.push(...plan.files);',
        'Math.max(...dates);',
        'String.fromCharCode.apply(null, codes);',
        'path.join(root, ...rel.split("/"));',
        '// spread-ok: two at most',
        'queue.unshift(...two);',
      ].join('\n'),
    );
    expect(spreadCalls(dir).map((f) => f.replace(/^.*a\.ts:/, ''))).toEqual([
      '1: files.push(...plan.files)',
      '2: Math.max(...dates)',
      '3: String.fromCharCode.apply(null, codes)',
    ]);
  });

  it('should append, replace and take the largest of hundreds of thousands of items', () => {
    const items = Array.from({ length: MANY }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError); // what the helpers avoid
    const target = pushAll([-1], items);
    expect(target.length).toBe(MANY + 1);
    expect(target[MANY]).toBe(MANY - 1);
    const list = ['a', 'x', 'b'];
    replaceAt(list, 1, items.map(String));
    expect(list.length).toBe(MANY + 2);
    expect([list[0], list[1], list[MANY], list[MANY + 1]]).toEqual(['a', '0', String(MANY - 1), 'b']);
    expect(maxOf(-5, items)).toBe(MANY - 1);
    expect(maxOf(7, [])).toBe(7);
    expect(maxOf(1, [NaN, 3])).toBeNaN(); // as Math.max
  });

  it('should check a plan of hundreds of thousands of files, and sort and print as many diagnostics', () => {
    const files: OutputFile[] = [];
    for (let i = 0; i < MANY / 2; i++) {
      const file: OutputFile = { type: 'text', path: `${i}/index.html`, owner: `articles/${i}.md`, content: '' };
      files.push(file, { ...file, owner: `articles/${i}-copy.md` });
    }
    const collisions = findCollisions(files);
    expect(collisions.length).toBe(MANY / 2);
    const warnings = Array.from({ length: MANY }, (_, i) => diagnostic(`articles/${MANY - i}.md`, 'a warning', 'test', { position: { line: 1, column: 1 } }));
    const sorted = sortDiagnostics(pushAll(collisions, warnings));
    expect(sorted.length).toBe(MANY * 1.5);
    expect(sorted.map(formatDiagnostic).join('\n').length).toBeGreaterThan(MANY);
  });
});

describe('a build near the memory limit (#33)', () => {
  it('should say which limit it is near and how to raise it, once', async () => {
    const { heapWarning } = await import('../lib/report/memory.js');
    const mb = 2 ** 20;
    expect(heapWarning({ used: 1000 * mb, limit: 4144 * mb })).toBeNull();
    const warning = heapWarning({ used: 3500 * mb, limit: 4144 * mb });
    expect(warning).toContain('3500 MB of the 4144 MB');
    expect(warning).toContain('NODE_OPTIONS=--max-old-space-size=16384');
    expect(heapWarning({ used: 4000 * mb, limit: 4144 * mb })).toBeNull(); // said once per process
  });

  it('should print the warning after a build that came near it', async () => {
    const site = tempDir();
    writeFiles(site, { 'articles/a.md': '---\ntitle: A\ndate: 2024-01-02\n---\nText.\n' });
    const near = await runCli(['build', '--no-cache'], site, { GAZETTE_HEAP_WARN_RATIO: '0.0001' });
    expect(near.code).toBe(0);
    expect(near.stderr).toMatch(/^warning: this build used \d+ MB of the \d+ MB of memory Node\.js allows gazette's main thread; .*max-old-space-size=\d+/m);
    const far = await runCli(['build', '--no-cache'], site);
    expect(far.stderr).not.toContain('max-old-space-size');
  });

  it('should keep the usual margin when GAZETTE_HEAP_WARN_RATIO is not a number', async () => {
    const site = tempDir();
    writeFiles(site, { 'articles/a.md': '---\ntitle: A\ndate: 2024-01-02\n---\nText.\n' });
    for (const ratio of ['', 'abc', '-1']) {
      const result = await runCli(['build', '--no-cache'], site, { GAZETTE_HEAP_WARN_RATIO: ratio });
      expect(result.code).toBe(0);
      expect(result.stderr, `GAZETTE_HEAP_WARN_RATIO=${JSON.stringify(ratio)}`).not.toContain('max-old-space-size');
    }
  });
});
