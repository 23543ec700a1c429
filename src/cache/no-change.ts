import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sha1 } from '../hash.js';
import { manifestFile, type ManifestEntry } from '../output/manifest.js';
import type { NoChangePart, PartAnswer } from './no-change-thread.js';
import { stampOf } from '../stamp.js';
import { removeCacheFile } from './cache-file.js';
import { cacheNotWritten } from './cache-notices.js';
import { recordFile, stampTrusted } from './build-record.js';

/**
 * The question a build with nothing to do asks, answered without the build record and the
 * output manifest: those are JSON files of every input and every output file (about 60 MB
 * at 100,000 articles), and reading them was most of such a build. The last successful build
 * leaves here what it would compare: a digest of its inputs' stamps, and its output files'
 * paths with their sizes and times as bytes. A build whose inputs give the same digest and
 * whose output files still have those sizes and times has nothing to do; any other answer
 * sends it to the full check (`BuildRecord.unchangedSince`, `OutputManifest.intact`), which
 * this only shortcuts: it says "unchanged" only where that check would. At 100,000 articles that
 * is 279,000 output files to stat: threads share them, started before the sources are listed.
 * A build that finds something changed takes the stamps they found for its output manifest
 * rather than stat'ing every output file again.
 */

const MAGIC = 'gazette-no-change-1';
/** Ignored above this (a broken file): the header is a few hundred bytes and the build's result. */
const MAX_HEADER_BYTES = 64 << 20;

interface Header {
  /** Digest of what decides the output besides the input files (see `recordIdentity` in build.ts). */
  identity: string;
  window: { since: number | null; until: number | null };
  outDir: string;
  /** Digest of every input file's path and stamp, in the order given. */
  inputs: string;
  /** The build record's and the output manifest's own stamps: either file replaced or removed, and this says nothing. */
  record: string;
  manifest: string;
  /** How many output files, and the length in bytes of their '\n'-joined paths. */
  outputs: number;
  pathBytes: number;
  result: unknown;
}

/** What the last build left for the next one to compare (see `saveNoChange`). */
export interface NoChangeData<Result> {
  identity: string;
  startedAt: number;
  window: { since: number | null; until: number | null };
  outDir: string;
  stamps: Map<string, string | null>;
  /** The output files written, as the output manifest records them. */
  written: Map<string, ManifestEntry>;
  result: Result;
}

function checkFile(cacheDir: string): string {
  return path.join(cacheDir, 'no-change.bin');
}

/** A file's stamp, null when it cannot be had (a cache folder that is not a folder). */
function fileStamp(file: string): string | null {
  try {
    return stampOf(file);
  } catch {
    return null;
  }
}

/** Digest of the input files' paths and stamps, in order. */
function inputsDigest(stamps: Map<string, string | null>): string {
  const parts: string[] = [];
  for (const [file, stamp] of stamps) parts.push(file, String(stamp));
  return sha1(parts.join('\0'));
}

/**
 * Leave the last build's answer for the next one. Call it after the build record and the output
 * manifest were saved: their stamps are part of it. Nothing is left when a stamp is not yet
 * trusted (a file changed just before the build): the next build then checks in full.
 */
export function saveNoChange<Result>(cacheDir: string | null, data: NoChangeData<Result>): void {
  if (!cacheDir) return;
  const file = checkFile(cacheDir);
  removeCacheFile(file);
  for (const stamp of data.stamps.values()) if (!stampTrusted(stamp, data.startedAt)) return;
  const record = fileStamp(recordFile(cacheDir));
  const manifest = fileStamp(manifestFile(cacheDir));
  if (record === null || manifest === null || data.written.size === 0) return;
  const paths = Buffer.from([...data.written.keys()].join('\n'), 'utf8');
  const stamps = new Float64Array(data.written.size * 2);
  let i = 0;
  for (const entry of data.written.values()) {
    stamps[i++] = entry.size;
    stamps[i++] = entry.mtimeMs;
  }
  const header: Header = {
    identity: sha1(data.identity),
    window: data.window,
    outDir: data.outDir,
    inputs: inputsDigest(data.stamps),
    record,
    manifest,
    outputs: data.written.size,
    pathBytes: paths.length,
    result: data.result,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // The header's length first, padded so that the stamps start on a multiple of 8 bytes.
  const lead = Buffer.from(`${MAGIC} ${String(json.length).padStart(12, '0')}\n`, 'latin1');
  const pad = Buffer.alloc((8 - ((lead.length + json.length + paths.length) % 8)) % 8);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, Buffer.concat([lead, json, paths, pad, Buffer.from(stamps.buffer)]));
    fs.renameSync(temp, file);
  } catch (error) {
    cacheNotWritten(error);
    removeCacheFile(temp);
  }
}

/** Forget the last build's answer (a build is starting that may change the output). */
export function removeNoChange(cacheDir: string | null): void {
  if (cacheDir) removeCacheFile(checkFile(cacheDir));
}

/** A check under way: the output files are stat'ed on threads meanwhile. */
export interface NoChangeCheck<Result> {
  /** The last build's result when nothing changed since it, else null (then ask the full check). */
  unchanged(identity: string, stamps: Map<string, string | null>, now: number): Promise<Result | null>;
  /**
   * The output files' [size, mtimeMs] as the threads found them (NaN: gone), in the order of the output
   * manifest, once they are done; null when the manifest is not the one this check was saved with (then
   * its order is not known) or the threads did not finish. A build whose inputs changed reads these
   * rather than stat'ing every output file once more (see `OutputManifest.prefetch`).
   */
  outputStamps(): { count: number; stamps: Promise<Float64Array | null> } | null;
  /** Stop stat'ing: the build ended before asking (it failed). */
  stop(): void;
}

/** Output files below this many are stat'ed by one thread: starting another costs more than it saves. */
const FILES_PER_THREAD = 25_000;
/** Stat'ing is mostly the kernel's work on paths, which runs in parallel; beyond a few threads, the disk or its cache is the limit. */
const MAX_THREADS = 4;

/**
 * Start checking whether anything changed since the last build: reads what it left and starts
 * stat'ing its output files on threads, as many as the machine has cores for (the main thread
 * meanwhile lists and stamps the sources). Null when it left nothing usable for `outDir`.
 * @param threads How many threads stat the output files (default: by their number and the cores).
 */
export function startNoChange<Result>(cacheDir: string | null, outDir: string, threads?: number): NoChangeCheck<Result> | null {
  if (!cacheDir) return null;
  const read = readCheck(checkFile(cacheDir));
  if (!read || read.header.outDir !== outDir) return null;
  const { header } = read;
  const parts = threads ?? Math.max(1, Math.min(availableParallelism(), MAX_THREADS, Math.floor(header.outputs / FILES_PER_THREAD)));
  const workers: Worker[] = [];
  const results: Promise<PartAnswer>[] = [];
  const found = new Float64Array(new SharedArrayBuffer(header.outputs * 16));
  const stop = () => workers.forEach((worker) => void worker.terminate());
  const broken: PartAnswer = { same: false, whole: false };
  for (let k = 0; k < parts; k++) {
    const part: NoChangePart = {
      ...read.layout,
      root: path.resolve(outDir) + path.sep,
      count: header.outputs,
      from: Math.floor((header.outputs * k) / parts),
      to: Math.floor((header.outputs * (k + 1)) / parts),
      found,
    };
    const worker = new Worker(new URL('./no-change-thread.js', import.meta.url), { workerData: part });
    // Until the answer is asked for, the threads do not keep a failing build's process alive.
    worker.unref();
    workers.push(worker);
    results.push(
      new Promise<PartAnswer>((resolve) => {
        worker.once('message', resolve);
        worker.once('error', () => resolve(broken));
        worker.once('exit', () => resolve(broken));
      }),
    );
  }
  const answers = () => {
    workers.forEach((worker) => worker.ref());
    return Promise.all(results);
  };
  return {
    async unchanged(identity, stamps, now) {
      const { since, until } = header.window;
      const same =
        sha1(identity) === header.identity &&
        (since === null || now >= since) &&
        (until === null || now < until) &&
        inputsDigest(stamps) === header.inputs &&
        fileStamp(recordFile(cacheDir)) === header.record &&
        fileStamp(manifestFile(cacheDir)) === header.manifest;
      // The threads go on: the output files' stamps are what the full check asks next.
      if (!same) return null;
      return (await answers()).every((answer) => answer.same) ? (header.result as Result) : null;
    },
    outputStamps() {
      // The manifest is the one saved with this file, so its entries are the files listed here, in their order.
      if (fileStamp(manifestFile(cacheDir)) !== header.manifest) {
        stop();
        return null;
      }
      return { count: header.outputs, stamps: answers().then((all) => (all.every((answer) => answer.whole) ? found : null)) };
    },
    stop,
  };
}

/**
 * The header of a check file and where its parts lie, its bytes read into memory the stat'ing
 * threads share; null when it is missing or does not hold together (a partial or foreign file is
 * only a slower build). The threads check that its paths are as many as it says.
 */
function readCheck(file: string): { header: Header; layout: Pick<NoChangePart, 'bytes' | 'pathsAt' | 'pathsEnd' | 'stampsAt'> } | null {
  let bytes: Buffer;
  try {
    bytes = readShared(file);
  } catch {
    return null;
  }
  const lead = `${MAGIC} `.length + 12 + 1;
  if (bytes.length < lead || bytes.toString('latin1', 0, MAGIC.length + 1) !== `${MAGIC} ` || bytes[lead - 1] !== 0x0a) return null;
  const headerBytes = Number(bytes.toString('latin1', MAGIC.length + 1, lead - 1));
  if (!Number.isInteger(headerBytes) || headerBytes > MAX_HEADER_BYTES || lead + headerBytes > bytes.length) return null;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', lead, lead + headerBytes)) as Header;
  } catch {
    return null;
  }
  if (!isHeader(header)) return null;
  const pathsAt = lead + headerBytes;
  const pathsEnd = pathsAt + header.pathBytes;
  const stampsAt = pathsEnd + ((8 - (pathsEnd % 8)) % 8);
  if (stampsAt + header.outputs * 16 !== bytes.length) return null;
  return { header, layout: { bytes: new Uint8Array(bytes.buffer, 0, bytes.length), pathsAt, pathsEnd, stampsAt } };
}

/** A file's bytes, read into a SharedArrayBuffer: threads see them without a copy each. */
function readShared(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, bytes, read, size - read, read);
      if (n === 0) throw new Error('cut short while read');
      read += n;
    }
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  const window = h.window as Record<string, unknown> | null;
  const time = (t: unknown) => t === null || typeof t === 'number';
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  return (
    ['identity', 'outDir', 'inputs', 'record', 'manifest'].every((k) => typeof h[k] === 'string') &&
    typeof window === 'object' &&
    window !== null &&
    time(window.since) &&
    time(window.until) &&
    count(h.outputs) &&
    count(h.pathBytes) &&
    typeof h.result === 'object' &&
    h.result !== null
  );
}
