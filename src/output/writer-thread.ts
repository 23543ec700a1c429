import { parentPort } from 'node:worker_threads';
import { performFileOp, writerState, type FileDone, type FileOp } from './file-ops.js';
import { probeThreadMemory } from '../report/memory-probe.js';

/** A batch's results, in its order: what was done, or the error that stopped the operation. */
export type WriterReply = { batch: number; results: (FileDone | { error: string; code: string | null; path: string })[] };

probeThreadMemory('writer');
// The writer thread: file operations in the order they come, each folder made once.
const state = writerState();
parentPort!.on('message', ({ batch, ops }: { batch: number; ops: FileOp[] }) => {
  const results = ops.map((op) => {
    try {
      return performFileOp(op, state);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      // A folder we thought made may have been removed since (a failed build's staging folder).
      state.made.clear();
      return { error: err.message, code: err.code ?? null, path: err.path ?? ('file' in op ? op.file : op.root) };
    }
  });
  parentPort!.postMessage({ batch, results } satisfies WriterReply);
});
