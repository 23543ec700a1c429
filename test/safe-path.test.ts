import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../lib/safe-path.js';

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
