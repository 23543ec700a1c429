import { Worker } from 'node:worker_threads';
import { performFileOp, writerState, type FileDone, type FileOp } from './file-ops.js';
import type { WriterReply } from './writer-thread.js';

/** Operations sent to the thread in one message: fewer messages, and still a steady flow. */
const BATCH_OPS = 64;
const BATCH_BYTES = 1 << 20;
/** Bytes handed over and not yet written, past which the renderer waits (`room`). */
const MAX_PENDING_BYTES = 48 << 20;
/** Below this many operations a thread is not worth starting: they run on the calling thread. */
export const THREAD_MIN_OPS = 256;

interface Pending {
  resolve: (done: FileDone) => void;
  reject: (error: Error) => void;
  bytes: number;
}

/**
 * Writes a site's files on a thread of its own, so that rendering pages (this thread's work)
 * and the file system's work overlap on two cores, and each file costs a few synchronous
 * system calls instead of the thread-pool hand-offs of Node's asynchronous calls. Operations
 * run in the order given. Page bytes are transferred to the thread, not copied.
 */
export class FileWriter {
  private readonly worker: Worker | null;
  private readonly state = writerState();
  private batch: { op: FileOp; pending: Pending }[] = [];
  private batchBytes = 0;
  private nextBatch = 0;
  private readonly sent = new Map<number, Pending[]>();
  private pendingBytes = 0;
  private flushScheduled = false;
  private waitingForRoom: (() => void) | null = null;
  private failure: Error | null = null;

  /** `expectedOps`: about how many operations will follow; few run without a thread. */
  constructor(expectedOps: number) {
    this.worker = expectedOps >= THREAD_MIN_OPS ? new Worker(new URL('./writer-thread.js', import.meta.url)) : null;
    if (this.worker) {
      this.worker.on('message', (reply: WriterReply) => this.settle(reply));
      this.worker.on('error', (error) => this.failAll(error));
      this.worker.on('exit', (code) => this.failAll(new Error(`the file writer thread stopped (exit code ${code})`)));
      // An idle writer must not keep the process alive.
      this.worker.unref();
    }
  }

  /** Carry out `op`; its promise settles once the file is on disk. */
  run(op: FileOp): Promise<FileDone> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.worker) {
      try {
        return Promise.resolve(performFileOp(op, this.state));
      } catch (error) {
        // A write's error names no file (the thread's do): say which it was.
        return Promise.reject(Object.assign(error as Error, { path: (error as NodeJS.ErrnoException).path ?? ('file' in op ? op.file : op.root) }));
      }
    }
    const bytes = op.kind === 'write' ? op.data.byteLength : 0;
    return new Promise<FileDone>((resolve, reject) => {
      this.batch.push({ op, pending: { resolve, reject, bytes } });
      this.batchBytes += bytes;
      this.pendingBytes += bytes;
      if (this.batch.length >= BATCH_OPS || this.batchBytes >= BATCH_BYTES) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves when the thread has caught up enough for more bytes to be handed over. */
  room(): Promise<void> {
    if (this.pendingBytes < MAX_PENDING_BYTES || this.failure) return Promise.resolve();
    this.flush();
    return new Promise((resolve) => (this.waitingForRoom = resolve));
  }

  /** Stop the thread (after the operations given have settled). */
  async close(): Promise<void> {
    this.flush();
    this.failure ??= new Error('the file writer is closed');
    await this.worker?.terminate();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.batch.length === 0 || !this.worker) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const id = this.nextBatch++;
    this.sent.set(id, batch.map((b) => b.pending));
    const ops = batch.map((b) => b.op);
    const transfer = ops.flatMap((op) => (op.kind === 'write' ? [ownBuffer(op)] : []));
    this.worker.ref();
    this.worker.postMessage({ batch: id, ops }, transfer);
  }

  private settle({ batch, results }: WriterReply): void {
    const pending = this.sent.get(batch)!;
    this.sent.delete(batch);
    results.forEach((result, i) => {
      const p = pending[i]!;
      this.pendingBytes -= p.bytes;
      if ('error' in result) p.reject(Object.assign(new Error(result.error), { code: result.code ?? undefined, path: result.path }));
      else p.resolve(result);
    });
    if (this.sent.size === 0 && this.batch.length === 0) this.worker!.unref();
    this.wakeRenderer();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const pending of this.sent.values()) for (const p of pending) p.reject(this.failure);
    this.sent.clear();
    for (const { pending } of this.batch) pending.reject(this.failure);
    this.batch = [];
    this.pendingBytes = 0;
    this.wakeRenderer();
  }

  private wakeRenderer(): void {
    if (this.waitingForRoom && (this.pendingBytes < MAX_PENDING_BYTES / 2 || this.failure)) {
      const wake = this.waitingForRoom;
      this.waitingForRoom = null;
      wake();
    }
  }
}

/** The op's bytes in an ArrayBuffer of their own, which can be transferred (a small Buffer shares Node's pool). */
function ownBuffer(op: Extract<FileOp, { kind: 'write' }>): ArrayBuffer {
  const { data } = op;
  if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength || !(data.buffer instanceof ArrayBuffer)) op.data = new Uint8Array(data);
  return op.data.buffer as ArrayBuffer;
}
