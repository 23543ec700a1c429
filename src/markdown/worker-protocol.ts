import type { ImageRecord } from '../images/record.js';
import type { Position } from '../report/diagnostics.js';
import type { MarkdownOptions, RenderedMarkdown } from './processor.js';

// What the pool and its worker threads say to each other (kept apart from worker.ts, which only a thread may load).

/** What a worker is given: the renderer's options and the buffer where it says which job it is on. */
export interface WorkerSetup {
  options: MarkdownOptions;
  /** Int32Array over a SharedArrayBuffer: see JOB_STATE. */
  state: SharedArrayBuffer;
}

/**
 * Slots of the shared job state. A worker stores the batch and the index of
 * the job it starts, then bumps the sequence number, so the pool can time
 * each job and name the one that hangs or kills the thread without a message
 * per job; the index is -1 between batches.
 */
export const JOB_STATE = { sequence: 0, batch: 1, index: 2, size: 3 } as const;

/** Why one article could not be rendered: becomes that article's diagnostic. */
export interface MarkdownFailure {
  failed: true;
  ruleId: string;
  message: string;
  position: Position | null;
}

/** Messages the pool sends to a worker. */
export type WorkerRequest =
  | { type: 'resolver'; basePath: string; articleUrls: [string, string][]; assetUrls: [string, string][]; images: [string, ImageRecord][] }
  | { type: 'batch'; id: number; jobs: { body: string; sourcePath: string }[] }
  /** Bodies to render only for the thread's compiled code, their results dropped (see MarkdownPool.warmThread). */
  | { type: 'warm'; jobs: { body: string; sourcePath: string }[] };

/** Messages a worker sends back: one per batch, each job rendered or failed. */
export type WorkerResponse = { type: 'batch'; id: number; results: (RenderedMarkdown | MarkdownFailure)[] };
