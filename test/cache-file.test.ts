import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCacheFile } from '../lib/cache/cache-file.js';

describe('saveCacheFile', () => {
  it('writes the file, and when it cannot, leaves neither it nor a temporary file behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-cache-file-'));
    try {
      saveCacheFile(path.join(dir, 'ok.json'), { a: 1 });
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'ok.json'), 'utf8'))).toEqual({ a: 1 });
      // A folder where the file should go: the temporary file is written, the rename fails.
      fs.mkdirSync(path.join(dir, 'taken.json', 'inside'), { recursive: true });
      expect(() => saveCacheFile(path.join(dir, 'taken.json'), { b: 2 })).not.toThrow();
      expect(fs.readdirSync(dir).sort()).toEqual(['ok.json', 'taken.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
