import fs from 'node:fs';
import path from 'node:path';
import { sha1 } from '../hash.js';
import { pagePath, type PageStore } from './page-store.js';

/** The error code of a `stored` operation whose file is gone from the store or was changed there. */
export const STALE_PAGE = 'GAZETTE_STALE_PAGE';

/** One file operation of a site write, as the writer thread receives it (absolute paths). */
export type FileOp =
  /**
   * Write `data`; with `same`, hard-link `same.from` instead when the data hashes to `same.hash`.
   * With `store`, also keep the file in the page store under its hash (see PageStore).
   */
  | { kind: 'write'; file: string; data: Uint8Array; same: { hash: string; from: string } | null; store: PageStore | null }
  /** Take a file from the page store: fails with STALE_PAGE unless its bytes there still hash to `hash`. */
  | { kind: 'stored'; file: string; hash: string; store: PageStore }
  | { kind: 'copy'; file: string; from: string }
  /** Take over an unchanged file of the previous site: a hard link, or a copy where links are not possible. */
  | { kind: 'link'; file: string; from: string };

/** What an operation left on disk. */
export interface FileDone {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes of a write (null for copies and links). */
  hash: string | null;
  /** True when the file is a link to (or copy of) an earlier file rather than new bytes. */
  reused: boolean;
}

/**
 * Carry out `op` with synchronous calls: the writer thread has nothing else to do, and a
 * synchronous call costs one system call where Node's asynchronous ones cost several
 * thread hand-offs (on a 17,605-file site they made 300,000 futex calls).
 * `made` holds the folders known to exist, so each is made once.
 */
export function performFileOp(op: FileOp, made: Set<string>): FileDone {
  const dir = path.dirname(op.file);
  if (!made.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  if (op.kind === 'write') {
    const hash = sha1(op.data);
    if (op.same && op.same.hash === hash) return { ...linkOrCopy(op.same.from, op.file), hash };
    const fd = fs.openSync(op.file, 'w');
    let done: FileDone;
    try {
      let written = 0;
      while (written < op.data.byteLength) written += fs.writeSync(fd, op.data, written);
      const stat = fs.fstatSync(fd);
      done = { size: stat.size, mtimeMs: stat.mtimeMs, hash, reused: false };
    } finally {
      fs.closeSync(fd);
    }
    if (op.store) keepInStore(op.file, pagePath(op.store, hash), made);
    return done;
  }
  if (op.kind === 'stored') {
    const from = pagePath(op.store, op.hash);
    // Checked byte for byte: a tool that edits output files in place edits the stored page too (one file, two names).
    let bytes: Buffer | null = null;
    try {
      bytes = fs.readFileSync(from);
    } catch {
      // Gone: reported below.
    }
    if (bytes === null || sha1(bytes) !== op.hash) {
      // Away with it, so that the page rendered in its place is stored again (if the store can be written).
      try {
        fs.rmSync(from, { force: true });
      } catch {
        // The page rendered in its place is then not stored: the store is a help, not a need.
      }
      throw Object.assign(new Error(`${from} is not the page it was stored as`), { code: STALE_PAGE });
    }
    return { ...linkOrCopy(from, op.file), hash: op.hash };
  }
  if (op.kind === 'copy') {
    fs.copyFileSync(op.from, op.file);
    const stat = fs.statSync(op.file);
    return { size: stat.size, mtimeMs: stat.mtimeMs, hash: null, reused: false };
  }
  return { ...linkOrCopy(op.from, op.file), hash: null };
}

/** Give `file` a second name in the page store, unless it has one: the store is a help, so failing to is no error. */
export function keepInStore(file: string, stored: string, made: Set<string>): void {
  try {
    const dir = path.dirname(stored);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.linkSync(file, stored);
  } catch {
    // Already there (the same bytes, by its name), or a file system without hard links.
  }
}

function linkOrCopy(from: string, file: string): Omit<FileDone, 'hash'> {
  try {
    fs.linkSync(from, file);
  } catch {
    fs.copyFileSync(from, file);
  }
  const stat = fs.statSync(file);
  return { size: stat.size, mtimeMs: stat.mtimeMs, reused: true };
}
