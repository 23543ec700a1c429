import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';

/**
 * Debug figures for finding what a build holds (for profiling, not for users): with
 * GAZETTE_MEMORY=1 each thread prints the peak of its own heap, and the process's RSS, every
 * few seconds while it grows and at every stage boundary; GAZETTE_HEAP_SNAPSHOT=<stage> writes
 * a heap snapshot of the main thread after that stage (a `.heapsnapshot` file in the working folder).
 */
const enabled = Boolean(process.env.GAZETTE_MEMORY);
const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;

let peakHeap = 0;
let peakRss = 0;
let printedHeap = 0;
let sampler: NodeJS.Timeout | null = null;

function sample(): void {
  const { heapUsed, rss } = process.memoryUsage();
  if (heapUsed > peakHeap) peakHeap = heapUsed;
  if (rss > peakRss) peakRss = rss;
}

/**
 * Sample now (GAZETTE_MEMORY only): for a long synchronous stretch of the main thread (the cache's
 * save), during which the timer that samples it cannot run.
 */
export function sampleMemory(): void {
  if (enabled) sample();
}

/**
 * Start sampling this thread's heap (GAZETTE_MEMORY only): `name` says which thread it is.
 * A renderer or writer thread reports when its peak grew by a tenth since it last did.
 */
export function probeThreadMemory(name: string): void {
  if (!enabled || sampler) return;
  const report = () => {
    sample();
    if (peakHeap < printedHeap * 1.1) return;
    printedHeap = peakHeap;
    process.stderr.write(`[memory] ${name} ${threadId}: heap peak ${mib(peakHeap)}\n`);
  };
  sampler = setInterval(name === 'main' ? sample : report, 100);
  sampler.unref();
}

/** At a stage boundary of the main thread: the heap now, its peak and the RSS peak since the last boundary, and a snapshot when asked for. */
export function memoryAtStage(stage: string): void {
  if (process.env.GAZETTE_HEAP_SNAPSHOT === stage) {
    const file = v8.writeHeapSnapshot();
    process.stderr.write(`[memory] heap snapshot after ${stage}: ${file}\n`);
  }
  if (!enabled) return;
  probeThreadMemory('main');
  sample();
  // With node --expose-gc, what is live rather than what is not yet collected.
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(
    `[memory] after ${stage}: main heap ${mib(heapUsed)} (peak ${mib(peakHeap)}), external ${mib(external)} (buffers ${mib(arrayBuffers)}), rss ${mib(rss)} (peak ${mib(peakRss)})\n`,
  );
  peakHeap = 0;
  peakRss = 0;
}
