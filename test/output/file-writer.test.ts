import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STALE_PAGE } from '../../lib/output/file-ops.js';
import { FileWriter, THREAD_MIN_OPS } from '../../lib/output/file-writer.js';
import { pagePath } from '../../lib/output/page-store.js';
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

  it('checks each stored page whole: any size, one byte more or less is another page', async () => {
    const dir = tempDir();
    const store = { dir: path.join(dir, 'store') };
    const keep = (bytes: Buffer) => {
      const stored = pagePath(store, sha1(bytes));
      fs.mkdirSync(path.dirname(stored), { recursive: true });
      fs.writeFileSync(stored, bytes);
      return sha1(bytes);
    };
    // Larger than the read buffer the writer starts with, then smaller again: the buffer is reused.
    const pages = [Buffer.alloc(0), Buffer.alloc(300_000, 'x'), Buffer.from('<p>small</p>'), Buffer.alloc(70_000, 'y')];
    const hashes = pages.map(keep);
    const longer = keep(Buffer.from('<p>longer</p>'));
    fs.appendFileSync(pagePath(store, longer), ' ');
    const shorter = keep(Buffer.from('<p>shorter</p>'));
    fs.truncateSync(pagePath(store, shorter), 5);
    const writer = new FileWriter(expectedOps);
    const out = (name: string) => path.join(dir, 'out', name, 'index.html');
    for (const [i, hash] of hashes.entries()) {
      const done = await writer.run({ kind: 'stored', file: out(`p${i}`), hash, store });
      expect(done).toMatchObject({ size: pages[i]!.length, hash, reused: true });
      expect(fs.readFileSync(out(`p${i}`)).equals(pages[i]!)).toBe(true);
    }
    for (const hash of [longer, shorter]) {
      await expect(writer.run({ kind: 'stored', file: out(hash), hash, store })).rejects.toMatchObject({ code: STALE_PAGE });
      expect(fs.existsSync(out(hash))).toBe(false);
      expect(fs.existsSync(pagePath(store, hash))).toBe(false);
    }
    await writer.close();
  });

  it('takes stored pages ahead of the write, for the write to claim, redo or drop', async () => {
    const dir = tempDir();
    const store = { dir: path.join(dir, 'store') };
    const root = path.join(dir, 'staging');
    const pages = ['a/index.html', 'b/index.html', 'c/d/index.html', 'e/index.html', 'f/index.html'];
    const hashes = pages.map((page) => {
      const bytes = Buffer.from(`<p>${page}</p>`);
      const stored = pagePath(store, sha1(bytes));
      fs.mkdirSync(path.dirname(stored), { recursive: true });
      fs.writeFileSync(stored, bytes);
      return sha1(bytes);
    });
    // Damaged in the store: not taken ahead, and removed from the store.
    fs.writeFileSync(pagePath(store, hashes[4]!), 'edited');
    const writer = new FileWriter(expectedOps);
    const { taken } = await writer.run({ kind: 'ahead', root, files: pages, hashes, store });
    const at = (page: string) => path.join(root, ...page.split('/'));
    // What was taken, for the write to claim without an operation per file: size and time, NaN for the damaged page.
    expect([...taken!]).toEqual(pages.flatMap((page, i) => (i === 4 ? [NaN, NaN] : [Buffer.byteLength(`<p>${page}</p>`), fs.statSync(at(page)).mtimeMs])));
    expect(fs.statSync(at('a/index.html')).ino).toBe(fs.statSync(pagePath(store, hashes[0]!)).ino);
    expect(fs.existsSync(at('f/index.html'))).toBe(false);
    expect(fs.existsSync(pagePath(store, hashes[4]!))).toBe(false);

    // Claimed as taken: the store is not read again (its page could even be gone by now).
    fs.rmSync(pagePath(store, hashes[0]!));
    const claimed = await writer.run({ kind: 'stored', file: at('a/index.html'), hash: hashes[0]!, store });
    expect(claimed).toEqual({ size: 19, mtimeMs: fs.statSync(at('a/index.html')).mtimeMs, hash: hashes[0], reused: true });
    // Made otherwise now: written as a file of its own, the stored page left as it was.
    const written = await writer.run({ kind: 'write', file: at('b/index.html'), data: Buffer.from('<p>new b</p>'), same: null, store: null });
    expect(written.reused).toBe(false);
    expect(fs.readFileSync(at('b/index.html'), 'utf8')).toBe('<p>new b</p>');
    expect(fs.readFileSync(pagePath(store, hashes[1]!), 'utf8')).toBe('<p>b/index.html</p>');
    // Gone from the site: removed with the folders that held only it, so that a file can stand where one was.
    await writer.run({ kind: 'drop', root, files: [at('c/d/index.html'), at('f/index.html')] });
    expect(fs.existsSync(path.join(root, 'c'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'f'))).toBe(false);
    await writer.run({ kind: 'write', file: path.join(root, 'c'), data: Buffer.from('a file now'), same: null, store: null });
    // The damaged page's claim fails as before, for the page to be rendered.
    await expect(writer.run({ kind: 'stored', file: at('f/index.html'), hash: hashes[4]!, store })).rejects.toMatchObject({ code: STALE_PAGE });
    expect(fs.readFileSync(pagePath(store, hashes[3]!), 'utf8')).toBe('<p>e/index.html</p>');
    await writer.close();
  });
});
