import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MarkdownOptions, MarkdownRenderer, RenderedMarkdown } from './processor.js';
import type { UrlResolver } from './resolve-url.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

export interface MarkdownJob {
  body: string;
  sourcePath: string;
}

/** Below this many articles, starting threads costs more than it saves. */
const MIN_JOBS_FOR_WORKERS = 150;
const BATCH_SIZE = 8;
/**
 * Young-generation size of a worker, in MiB. Parsing allocates many
 * short-lived objects, and with V8's default (16 MiB semi-spaces) a fifth of
 * the time went to collecting them: one body took 15% less time with larger
 * semi-spaces, and a 10,000-article Markdown stage went from 18.1 s to 15.4 s
 * at 96 MiB and 14.2 s at 192 MiB. 64 MiB keeps the peak memory of a
 * 10,000-article build near 800 MiB, under Eleventy's.
 */
const WORKER_YOUNG_GENERATION_MB = 64;

/**
 * Renders article bodies on every core: one worker thread per core, each
 * with its own processors built once and a young generation sized for
 * parsing. The main thread only hands out batches and collects the plain-data
 * results (it runs with V8's small default young generation, where rendering
 * was a third slower than in a worker). A few articles go to the workers
 * if some are already running (watch mode), else to the main thread, as
 * does everything with `threads` 0.
 * Results come back in the order of the jobs, so output does not depend on timing.
 */
export class MarkdownPool {
  private workers: Worker[] = [];
  private local: MarkdownRenderer | null = null;
  private readonly resolverOf = new WeakMap<Worker, UrlResolver>();

  constructor(
    private readonly options: MarkdownOptions,
    private readonly threads = defaultThreads(),
  ) {}

  /**
   * Render every job; `onProgress` is told how many are done. Each result
   * passes through `keep` as it arrives, which may store it elsewhere (see
   * `ArticleCache.spill`) and return a lighter stand-in.
   */
  async render(
    jobs: MarkdownJob[],
    resolver: UrlResolver,
    onProgress?: (done: number) => void,
    keep: (result: RenderedMarkdown) => RenderedMarkdown = (result) => result,
  ): Promise<RenderedMarkdown[]> {
    const results: RenderedMarkdown[] = new Array(jobs.length);
    const batches: { id: number; start: number; jobs: MarkdownJob[] }[] = [];
    for (let start = 0; start < jobs.length; start += BATCH_SIZE) {
      batches.push({ id: batches.length, start, jobs: jobs.slice(start, start + BATCH_SIZE) });
    }
    let done = 0;
    const finish = (batch: (typeof batches)[number], rendered: RenderedMarkdown[]) => {
      rendered.forEach((r, i) => (results[batch.start + i] = keep(r)));
      done += rendered.length;
      onProgress?.(done);
    };
    if (jobs.length === 0) return results;
    if (jobs.length >= MIN_JOBS_FOR_WORKERS && this.threads > 0) this.startWorkers(resolver, this.threads);
    else if (this.workers.length > 0) this.startWorkers(resolver, this.workers.length);
    // A config module's plugins render in a thread even for a few articles: a thread imports the
    // local files a config imports afresh, where the main thread keeps its first import of them.
    else if (this.options.configModule && this.threads > 0) this.startWorkers(resolver, 1);
    // Loaded only when needed: even bundled, the unified pipeline takes a noticeable part of a small build's start-up.
    if (this.workers.length === 0) this.local ??= await (await import('./pipeline.js')).loadMarkdownRenderer(this.options);
    const local = this.local!;
    let next = 0;

    // Each worker keeps two batches queued, so it never waits for the main thread,
    // which only reads replies between its own batches.
    const workerLoops = this.workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const pending = new Map<number, (typeof batches)[number]>();
          const stop = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
          };
          const send = () => {
            if (next < batches.length) {
              const batch = batches[next++]!;
              pending.set(batch.id, batch);
              worker.postMessage({ type: 'batch', id: batch.id, jobs: batch.jobs } satisfies WorkerRequest);
            }
            if (pending.size === 0) {
              stop();
              resolve();
            }
          };
          const onMessage = (message: WorkerResponse) => {
            if (message.type === 'error') {
              stop();
              reject(new Error(`Markdown worker failed: ${message.message}`));
              return;
            }
            const batch = pending.get(message.id)!;
            pending.delete(message.id);
            finish(batch, message.results);
            send();
          };
          const onError = (error: Error) => {
            stop();
            reject(error);
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          send();
          send();
        }),
    );

    // Without workers, the main thread works through the queue itself.
    while (this.workers.length === 0 && next < batches.length) {
      const batch = batches[next++]!;
      const rendered: RenderedMarkdown[] = [];
      for (const job of batch.jobs) rendered.push(await local(job.body, job.sourcePath, resolver));
      finish(batch, rendered);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(workerLoops);
    return results;
  }

  /**
   * Start the worker threads now if `expectedJobs` will be worth it, so they
   * load their modules and build their processors while the main thread is
   * still reading articles, instead of after the Markdown work has begun.
   */
  warmUp(expectedJobs: number): void {
    if (expectedJobs >= MIN_JOBS_FOR_WORKERS && this.threads > 0) this.spawn(this.threads);
  }

  /** Start worker threads until there are `count`. */
  private spawn(count: number): void {
    while (this.workers.length < count) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: this.options,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Make sure there are `count` workers and each knows `resolver`. */
  private startWorkers(resolver: UrlResolver, count: number): void {
    this.spawn(count);
    let message: WorkerRequest | null = null;
    for (const worker of this.workers) {
      if (this.resolverOf.get(worker) === resolver) continue;
      message ??= { type: 'resolver', basePath: resolver.basePath, articleUrls: [...resolver.articleUrls], assetUrls: [...resolver.assetUrls] };
      worker.postMessage(message);
      this.resolverOf.set(worker, resolver);
    }
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

/** Worker threads: one per core, or GAZETTE_THREADS when set (0 = main thread only). */
function defaultThreads(): number {
  const fromEnv = process.env.GAZETTE_THREADS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return os.availableParallelism?.() ?? os.cpus().length;
}
