import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicDir } from '../../lib/output/atomic-dir.js';

describe('AtomicDir', () => {
  it('names a failed staged file by where it was meant to go, and leaves other errors alone', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-atomic-'));
    try {
      const target = path.join(root, 'dist');
      const out = await AtomicDir.open(target);
      const staged = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: out.path('2024/story/index.html') });
      expect(out.named(staged)).toMatchObject({ code: 'ENOSPC', path: path.join(target, '2024', 'story', 'index.html') });
      const elsewhere = Object.assign(new Error('EROFS'), { code: 'EROFS', path: path.join(root, 'cache', 'x') });
      expect(out.named(elsewhere)).toMatchObject({ path: path.join(root, 'cache', 'x') });
      // A sibling whose name starts like the staging folder's is not inside it.
      const sibling = Object.assign(new Error('EIO'), { code: 'EIO', path: `${out.staging}-old${path.sep}a.html` });
      expect(out.named(sibling)).toMatchObject({ path: `${out.staging}-old${path.sep}a.html` });
      await out.abort();
      expect(fs.readdirSync(root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
