import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isWithin, outputPathProblem, resolveInside } from '../lib/safe-path.js';

describe('resolveInside', () => {
  it('gives what path.resolve gives for paths inside the folder, with any folder spelling', () => {
    const folders = [path.resolve('out'), path.resolve('out') + path.sep, path.resolve('a', '..', 'out'), 'out', path.parse(process.cwd()).root];
    const relatives = ['index.html', '2024/01/story/index.html', 'tags/café/feed.xml', '...', 'a b/ c .html', '.well-known/x'];
    for (const folder of folders) {
      for (const relative of relatives) {
        expect(resolveInside(folder, relative), `${folder} + ${relative}`).toBe(path.resolve(folder, ...relative.split('/')));
      }
    }
  });

  it('refuses every path that would not land inside the folder', () => {
    const bad = ['', '/etc/passwd', '../x', 'a/../../x', 'a/./b', 'a//b', 'a/', 'a\\..\\b', 'C:/x', 'c:x', 'nul\0x'];
    for (const relative of bad) expect(() => resolveInside(path.resolve('out'), relative), JSON.stringify(relative)).toThrow(/refusing to write/);
  });
});

describe('outputPathProblem', () => {
  // The rules as they read before the quick test for plain paths was put in front of them.
  const byTheRules = (relative: string): boolean => {
    if (relative === '' || relative.startsWith('/') || /^[a-zA-Z]:/.test(relative) || /[\\\0]/.test(relative)) return false;
    const segments = relative.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
    if (path.sep === '\\' && segments.some((s) => s.includes(':'))) return false;
    return segments.every((s, i) => Buffer.byteLength(s) <= (i === segments.length - 1 ? 231 : 255));
  };

  it('accepts and refuses exactly what its rules do, plain paths included', () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'Z', '0', '_', '-', '~', '+', '@', ',', '.', '..', '/', '//', '\\', ':', 'C:', '\0', 'é', '中', ' ', '%20', 'index.html'),
      fc.string({ maxLength: 3 }),
      fc.integer({ min: 1, max: 300 }).map((n) => 'x'.repeat(n)),
      fc.integer({ min: 1, max: 100 }).map((n) => 'é'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const relative = pieces.join('');
        expect(outputPathProblem(relative) === null, JSON.stringify(relative)).toBe(byTheRules(relative));
      }),
      { numRuns: 5000 },
    );
    for (const [relative, ok] of [
      [`${'a'.repeat(231)}`, true],
      [`${'a'.repeat(232)}`, false],
      [`${'a'.repeat(255)}/x`, true],
      [`${'a'.repeat(256)}/x`, false],
      ['.well-known/x', true],
      ['a/.', false],
      ['-/~/+@,', true],
    ] as const) {
      expect(outputPathProblem(relative) === null, relative).toBe(ok);
    }
  });
});

describe('isWithin', () => {
  it('counts every path as within the root folder, whose name ends with its separator', () => {
    const root = path.parse(process.cwd()).root;
    expect(isWithin(path.join(root, 'srv', 'site'), root)).toBe(true);
    expect(isWithin(root, root)).toBe(true);
    expect(isWithin(path.resolve('out', 'a'), path.resolve('out'))).toBe(true);
    expect(isWithin(path.resolve('outside'), path.resolve('out'))).toBe(false);
  });
});
