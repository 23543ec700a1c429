// Raw file-system events name files relative to what is watched. Getting that wrong once made the watcher
// stat "article.md/tempname" (ENOTDIR) and stop; these cases pin the paths down.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawEventPath } from '../../lib/watch/watcher.js';
import { tempDir } from '../helpers.js';

describe('raw watch event paths', () => {
  it('should read a name as a child of a watched folder and a sibling of a watched file', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'articles'));
    fs.writeFileSync(path.join(dir, 'articles/alpha.md'), 'x');
    const folder = path.join(dir, 'articles');
    const file = path.join(folder, 'alpha.md');
    expect(rawEventPath(folder, 'beta.md')).toBe(path.join(folder, 'beta.md'));
    // A temporary file renamed over alpha.md, reported on alpha.md's own watch.
    expect(rawEventPath(file, 'sed3XyZ')).toBe(path.join(folder, 'sed3XyZ'));
    expect(rawEventPath(file, 'alpha.md')).toBe(file);
    expect(rawEventPath(file, null)).toBe(file);
    expect(rawEventPath(folder, path.join(dir, 'elsewhere.md'))).toBe(path.join(dir, 'elsewhere.md'));
    // A watched path that is gone: its name's folder is the best guess.
    expect(rawEventPath(path.join(folder, 'gone.md'), 'tmp1')).toBe(path.join(folder, 'tmp1'));
  });
});
