import fs from 'node:fs';
import path from 'node:path';
import { sha1 } from '../hash.js';
import { resolveInside } from '../safe-path.js';
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
  | { kind: 'link'; file: string; from: string }
  /**
   * Ahead of the write: take the stored pages `hashes` into `root` at output paths `files` (as
   * `stored` does), and say which were taken (`FileDone.taken`), for the write to claim them
   * without an operation each. A CI build sends this as soon as it knows the last build's files,
   * so the writer's folders, checks and links overlap the main thread's loading and planning
   * instead of following them.
   */
  | { kind: 'ahead'; root: string; files: string[]; hashes: string[]; store: PageStore }
  /** Undo `ahead` for files the site no longer has: removed, with the folders that held only them. */
  | { kind: 'drop'; root: string; files: string[] };

/** What a writer keeps between operations. */
export interface WriterState {
  /** Folders known to exist, so each is made once. */
  made: Set<string>;
  /** Files `ahead` took from the page store, by absolute path: an operation on one finds it done, or unlinks it first (made otherwise now). */
  ahead: Map<string, FileDone>;
}

export function writerState(): WriterState {
  return { made: new Set(), ahead: new Map() };
}

/** What an operation left on disk. */
export interface FileDone {
  size: number;
  mtimeMs: number;
  /** SHA-1 of the bytes of a write (null for copies and links). */
  hash: string | null;
  /** True when the file is a link to (or copy of) an earlier file rather than new bytes. */
  reused: boolean;
  /**
   * Of an `ahead` operation: the size and time of each file taken, in the order of its `files`
   * (`[size, mtimeMs, size, mtimeMs, ...]`), NaN for a file not taken. The write claims the files
   * taken from this, without an operation per file (279,000 at 100,000 articles).
   */
  taken?: Float64Array;
}

/**
 * Carry out `op` with synchronous calls: the writer thread has nothing else to do, and a
 * synchronous call costs one system call where Node's asynchronous ones cost several
 * thread hand-offs (on a 17,605-file site they made 300,000 futex calls).
 */
export function performFileOp(op: FileOp, state: WriterState): FileDone {
  if (op.kind === 'ahead') return { ...NOTHING, taken: takeAhead(op, state) };
  if (op.kind === 'drop') {
    dropAhead(op, state);
    return NOTHING;
  }
  const ahead = state.ahead.size > 0 ? state.ahead.get(op.file) : undefined;
  if (ahead) {
    state.ahead.delete(op.file);
    if (op.kind === 'stored' && op.hash === ahead.hash) return ahead;
    // Taken ahead, but made otherwise now: unlinked first, since writing through the link would change the stored page.
    fs.unlinkSync(op.file);
  }
  const { made } = state;
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
  if (op.kind === 'stored') return takeStored(op.file, op.hash, op.store);
  if (op.kind === 'copy') {
    fs.copyFileSync(op.from, op.file);
    const stat = fs.statSync(op.file);
    return { size: stat.size, mtimeMs: stat.mtimeMs, hash: null, reused: false };
  }
  return { ...linkOrCopy(op.from, op.file), hash: null };
}

/** The result of `ahead` and `drop`, which stand for no file. */
const NOTHING: FileDone = { size: 0, mtimeMs: 0, hash: null, reused: false };

/** Read buffer for checking stored pages, grown as needed: one per thread rather than a Buffer per page. */
let readBuffer = Buffer.allocUnsafe(1 << 16);

/**
 * Link the stored page of SHA-1 `hash` to `file` once its bytes are checked against it
 * (a restored cache may be damaged or edited, and a tool that edits output files in place
 * edits the stored page too: one file, two names). The size and time come from the open
 * page: a link gives the same file another name and changes neither.
 * @throws Error with code STALE_PAGE when the page is gone from the store or has other bytes.
 */
function takeStored(file: string, hash: string, store: PageStore): FileDone {
  const from = pagePath(store, hash);
  let stat: fs.Stats | null = null;
  let fd = -1;
  try {
    fd = fs.openSync(from, 'r');
    stat = fs.fstatSync(fd);
    // One byte more asked for than stat gave, so a longer file shows as one; a file of the size
    // stat gave takes one read (a read that stops short is at the end), not a second to see the end.
    const want = stat.size + 1;
    if (readBuffer.length < want) readBuffer = Buffer.allocUnsafe(Math.max(want, readBuffer.length * 2));
    let length = 0;
    let n: number;
    do {
      n = fs.readSync(fd, readBuffer, length, want - length, null);
      length += n;
    } while (n > 0 && length < stat.size);
    if (length !== stat.size || sha1(readBuffer.subarray(0, length)) !== hash) stat = null;
  } catch {
    stat = null; // gone or unreadable: reported below
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  if (stat === null) {
    // Away with it, so that the page rendered in its place is stored again (if the store can be written).
    try {
      fs.rmSync(from, { force: true });
    } catch {
      // The page rendered in its place is then not stored: the store is a help, not a need.
    }
    throw Object.assign(new Error(`${from} is not the page it was stored as`), { code: STALE_PAGE });
  }
  try {
    fs.linkSync(from, file);
    return { size: stat.size, mtimeMs: stat.mtimeMs, hash, reused: true };
  } catch {
    return { ...linkOrCopy(from, file), hash };
  }
}

/**
 * Carry out an `ahead` operation: what fails is left undone, for the operation that claims the file to do again and report.
 * @returns Each file's size and time, NaN where not taken (see `FileDone.taken`).
 */
function takeAhead(op: Extract<FileOp, { kind: 'ahead' }>, state: WriterState): Float64Array {
  const taken = new Float64Array(op.files.length * 2).fill(NaN);
  for (let i = 0; i < op.files.length; i++) {
    try {
      const file = resolveInside(op.root, op.files[i]!);
      const dir = path.dirname(file);
      if (!state.made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        state.made.add(dir);
      }
      const done = takeStored(file, op.hashes[i]!, op.store);
      state.ahead.set(file, done);
      taken[2 * i] = done.size;
      taken[2 * i + 1] = done.mtimeMs;
    } catch {
      // Not taken: a stale page is rendered in its place, any other failure met again by the write.
    }
  }
  return taken;
}

/** Remove what `ahead` made for `op.files`: the files it took, then each folder up to the root that this left empty. */
function dropAhead(op: Extract<FileOp, { kind: 'drop' }>, state: WriterState): void {
  const root = path.resolve(op.root);
  for (const file of op.files) {
    if (state.ahead.delete(file)) fs.rmSync(file, { force: true });
    for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break; // not empty (or not there): neither is any folder above it
      }
      state.made.delete(dir);
    }
  }
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
