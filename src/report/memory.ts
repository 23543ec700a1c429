import v8 from 'node:v8';

/** Share of the JavaScript heap's limit past which a build is told it is near the wall. */
const WARN_RATIO = 0.75;

let peakUsed = 0;
let warned = false;

/**
 * Note how much of the main thread's heap is in use: called between build stages. The
 * engine ends a process that reaches its heap limit at once ("JavaScript heap out of
 * memory", no chance to explain), so a build that comes near it is warned while it can be.
 */
export function sampleHeap(): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (used > peakUsed) peakUsed = used;
}

/**
 * The warning to print once when a build came near the heap limit, else null.
 * @param stats Heap figures (bytes); default: this process's peak seen by `sampleHeap` and its limit.
 */
export function heapWarning(stats: { used: number; limit: number } = { used: peakUsed, limit: v8.getHeapStatistics().heap_size_limit }): string | null {
  const ratio = warnRatio();
  if (warned || stats.used < stats.limit * ratio) return null;
  warned = true;
  const mb = (n: number) => Math.round(n / 2 ** 20);
  const larger = Math.max(8192, 2 ** Math.ceil(Math.log2(mb(stats.limit) * 2)));
  return (
    `warning: this build used ${mb(stats.used)} MB of the ${mb(stats.limit)} MB of memory Node.js allows gazette's main thread; ` +
    `a larger site will stop with "JavaScript heap out of memory". Give it more with NODE_OPTIONS=--max-old-space-size=${larger} (in MB; leave the machine room for it)`
  );
}

/** GAZETTE_HEAP_WARN_RATIO when it is a share above 0, else WARN_RATIO: a mistyped value must not make every build warn. */
function warnRatio(): number {
  const fromEnv = Number(process.env.GAZETTE_HEAP_WARN_RATIO);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : WARN_RATIO;
}
