import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileWriter, THREAD_MIN_OPS } from '../../lib/output/file-writer.js';
import { GazetteError } from '../../lib/report/diagnostics.js';
import { diskError } from '../../lib/report/disk-errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-writer-'));
  dirs.push(dir);
  return dir;
}

const sha1 = (data: Uint8Array) => crypto.createHash('sha1').update(data).digest('hex');

describe.each([
  ['on its own thread', THREAD_MIN_OPS],
  ['on the calling thread', 1],
])('FileWriter %s', (_name, expectedOps) => {
  it('writes, copies and links files in new folders, reporting what is on disk', async () => {
    const dir = tempDir();
    const writer = new FileWriter(expectedOps);
    const bytes = Array.from({ length: 300 }, (_, i) => Buffer.from(`<p>page ${i} ${'é'.repeat(i)}</p>`, 'utf8'));
    const writes = bytes.map((data, i) => writer.run({ kind: 'write', file: path.join(dir, 'p', String(i), 'index.html'), data, same: null }));
    const results = await Promise.all(writes);
    results.forEach((done, i) => {
      const file = path.join(dir, 'p', String(i), 'index.html');
      expect(fs.readFileSync(file)).toEqual(bytes[i]);
      expect(done).toEqual({ size: bytes[i]!.length, mtimeMs: fs.statSync(file).mtimeMs, hash: sha1(bytes[i]!), reused: false });
    });
    const first = path.join(dir, 'p', '0', 'index.html');
    const copied = await writer.run({ kind: 'copy', file: path.join(dir, 'copy', 'a.html'), from: first });
    expect(copied.reused).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'copy', 'a.html'))).toEqual(bytes[0]);
    const linked = await writer.run({ kind: 'link', file: path.join(dir, 'link', 'a.html'), from: first });
    expect(linked.reused).toBe(true);
    expect(fs.statSync(path.join(dir, 'link', 'a.html')).ino).toBe(fs.statSync(first).ino);
    // Bytes equal to an earlier file's: linked to it rather than written again.
    const same = await writer.run({ kind: 'write', file: path.join(dir, 'same.html'), data: Buffer.from(bytes[1]!), same: { hash: sha1(bytes[1]!), from: path.join(dir, 'p', '1', 'index.html') } });
    expect(same).toMatchObject({ reused: true, hash: sha1(bytes[1]!) });
    expect(fs.statSync(path.join(dir, 'same.html')).ino).toBe(fs.statSync(path.join(dir, 'p', '1', 'index.html')).ino);
    await writer.close();
  });

  it('rejects the operation that fails with its error, and goes on with the others', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'taken'), 'a file where a folder is needed');
    const writer = new FileWriter(expectedOps);
    const bad = writer.run({ kind: 'write', file: path.join(dir, 'taken', 'index.html'), data: Buffer.from('x'), same: null });
    const good = writer.run({ kind: 'write', file: path.join(dir, 'ok', 'index.html'), data: Buffer.from('y'), same: null });
    await expect(bad).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
    await expect(good).resolves.toMatchObject({ size: 1 });
    await writer.close();
    await expect(writer.run({ kind: 'write', file: path.join(dir, 'late.html'), data: Buffer.from('z'), same: null })).rejects.toThrow();
  });

  it('names the file a full disk refused, and the build reports it as a plain message', async () => {
    // /dev/full takes any open and refuses every write with ENOSPC, as a full disk does.
    const writer = new FileWriter(expectedOps);
    const error = await writer.run({ kind: 'write', file: '/dev/full', data: Buffer.from('page'), same: null, store: null }).then(
      () => null,
      (e: unknown) => e,
    );
    await writer.close();
    expect(error).toMatchObject({ code: 'ENOSPC', path: '/dev/full' });
    const reported = diskError(error);
    expect(reported).toBeInstanceOf(GazetteError);
    expect(reported!.message).toBe(`Build failed: could not write ${path.relative(process.cwd(), '/dev/full')} (ENOSPC): no space is left on the device; free some and build again`);
    expect(diskError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeNull();
  });
});
