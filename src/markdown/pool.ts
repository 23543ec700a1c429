import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { moduleDependencies } from '../config/module-identity.js';
import { diagnostic, displayPath, GazetteError, type Diagnostic, type Position } from '../report/diagnostics.js';
import { threadStack, userFrame, type StackFrame } from '../report/thread-stack.js';
import { PLUGIN_FRAME } from './user-plugins.js';
import { findExcessiveNesting, type NestingLimits } from './nesting-guard.js';
import type { MarkdownOptions, RenderedMarkdown } from './processor.js';
import type { UrlResolver } from './resolve-url.js';
import { JOB_STATE, type MarkdownFailure, type WorkerRequest, type WorkerResponse, type WorkerSetup } from './worker-protocol.js';

export interface MarkdownJob {
  /**
   * The Markdown, or how to read it: a large render reads each body only when its batch is sent, so
   * the whole site's Markdown is never held at once (at 100,000 articles 1.1 GiB of text).
   */
  body: string | (() => string);
  sourcePath: string;
  /** The article's path as messages name it. */
  displayPath: string;
}

/** What rendering a list of jobs gives: each job's result in order (null where it failed), and the failures. */
export interface PoolOutcome {
  rendered: (RenderedMarkdown | null)[];
  /** One error per article that could not be rendered, naming its file. */
  diagnostics: Diagnostic[];
}

/** Settings of a pool. */
export interface PoolSettings {
  /** Seconds an article of up to `BUDGET_STEP` characters may take to render; larger ones get as much again per step. */
  timeout: number;
  /** Worker threads for large jobs; default one per core, or GAZETTE_THREADS. */
  threads?: number;
  /**
   * The pool is kept for many renders (watch): after a large one, its threads
   * are stopped and one fresh thread is started for the small renders that
   * follow. A thread's heap keeps what a large render grew it to, garbage
   * included, while it sits idle: on the 10,000-article benchmark the two
   * threads held about 250 MB after the first build. Once that thread is
   * ready, later renders use it alone (see `threadsFor`). Default false.
   */
  longLived?: boolean;
}

/** From this many articles, every core gets a worker; fewer are rendered by one, which costs less to start. */
const MIN_JOBS_FOR_ALL_THREADS = 150;
const BATCH_SIZE = 8;
/** Bodies a long-lived pool's new thread renders to warm up (see `warmFor`): how many, the largest taken, and all together. */
const WARM_UP_JOBS = 120;
const WARM_UP_MAX_CHARS = 16 * 1024;
const WARM_UP_TOTAL_CHARS = 600 * 1024;
/** The budget grows by the base timeout for every this many characters of the article (about 256 KB). */
const BUDGET_STEP = 256 * 1024;
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
 * Articles a plugin may be caught running past their budget before it is taken to loop
 * forever and the render is stopped: without this, a looping plugin cost the full budget
 * for every article, one after another (125 s for 12 articles), each blamed on the article.
 */
const STALLS_BEFORE_GIVING_UP = 2;

/** Where a thread stopped for its time was: the config's plugin it was in, and the innermost line of the site's own code. */
interface Stall {
  plugin: string | null;
  where: StackFrame | null;
}

/** The time an article may take to render: the timeout, plus as much again per BUDGET_STEP characters. */
export function renderBudgetMs(timeoutSeconds: number, size: number): number {
  return timeoutSeconds * 1000 * (1 + size / BUDGET_STEP);
}

interface Batch {
  id: number;
  /** Indexes into the jobs of the current render. */
  jobs: number[];
}

/** A worker thread and what the pool knows of it. */
interface Thread {
  worker: Worker;
  state: Int32Array;
  resolver: UrlResolver | null;
}

/**
 * Renders article bodies in worker threads: one per core for a large build,
 * one for a few articles, each thread building its processors once and
 * running with a young generation sized for parsing. Every body is rendered
 * in a thread, never on the main thread, so that any of them can be stopped:
 * a job that runs past its budget, or kills its thread (a crash, running out
 * of memory), fails alone with an error naming its file; its thread is
 * replaced and the other jobs go on. Results come back in the order of the
 * jobs, so output does not depend on timing.
 */
export class MarkdownPool {
  private threads: Thread[] = [];
  /** Whether `warmFor` made the first thread ready for edits (until the threads are closed). */
  private warmed = false;
  private readonly maxThreads: number;

  constructor(
    private readonly options: MarkdownOptions,
    private readonly settings: PoolSettings,
  ) {
    this.maxThreads = Math.max(1, settings.threads ?? defaultThreads());
  }

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
  ): Promise<PoolOutcome> {
    if (jobs.length === 0) return { rendered: [], diagnostics: [] };
    this.spawn(this.threadsFor(jobs.length));
    const outcome = await this.run(jobs, resolver, onProgress, keep);
    if (this.settings.longLived && jobs.length >= MIN_JOBS_FOR_ALL_THREADS) {
      await this.close();
      // Only bodies that rendered: one that hung or crashed its thread would do it again there, unwatched.
      this.warmFor(
        jobs.filter((_, i) => outcome.rendered[i] !== null),
        resolver,
      );
    }
    return outcome;
  }

  /** Render `jobs` on the threads there are, replacing any a job stops or kills. */
  private run(
    jobs: MarkdownJob[],
    resolver: UrlResolver,
    onProgress: ((done: number) => void) | undefined,
    keep: (result: RenderedMarkdown) => RenderedMarkdown,
  ): Promise<PoolOutcome> {
    const rendered: (RenderedMarkdown | null)[] = new Array(jobs.length).fill(null);
    const diagnostics: Diagnostic[] = [];
    const queue: Batch[] = [];
    let batchIds = 0;
    for (let start = 0; start < jobs.length; start += BATCH_SIZE) {
      queue.push({ id: batchIds++, jobs: Array.from({ length: Math.min(BATCH_SIZE, jobs.length - start) }, (_, i) => start + i) });
    }

    let done = 0;
    /** The articles each plugin (or line of the site's code) was caught running past their budget. */
    const stalls = new Map<string, string[]>();
    /** The bodies of the jobs sent and not yet answered, read once (see `MarkdownJob.body`). */
    const sent = new Map<number, string>();
    const bodyAt = (job: number) => sent.get(job) ?? bodyOf(jobs[job]!);
    const fail = (job: number, failure: Omit<MarkdownFailure, 'failed'>) => {
      const { displayPath } = jobs[job]!;
      diagnostics.push(diagnostic(displayPath, failure.message, failure.ruleId, { position: failure.position, source: failure.position ? bodyAt(job) : undefined }));
      sent.delete(job);
      onProgress?.(++done);
    };

    return new Promise<PoolOutcome>((resolve, reject) => {
      const running = new Map<Thread, { pending: Map<number, Batch>; lastSequence: number; seenAt: number; detach: () => void }>();
      let settled = false;
      const finishIfDone = () => {
        if (settled || queue.length > 0 || [...running.values()].some((r) => r.pending.size > 0)) return;
        settle();
        resolve({ rendered, diagnostics });
      };
      const settle = () => {
        settled = true;
        clearInterval(watchdog);
        for (const r of running.values()) r.detach();
        running.clear();
      };
      const abort = (error: Error) => {
        if (settled) return;
        settle();
        reject(error);
      };

      const sendBody = (job: number) => {
        const body = bodyOf(jobs[job]!);
        sent.set(job, body);
        return body;
      };

      const send = (thread: Thread) => {
        const run = running.get(thread)!;
        // Two batches queued per thread, so it never waits for the main thread between them.
        while (run.pending.size < 2 && queue.length > 0) {
          const batch = queue.shift()!;
          run.pending.set(batch.id, batch);
          const message: WorkerRequest = { type: 'batch', id: batch.id, jobs: batch.jobs.map((i) => ({ body: sendBody(i), sourcePath: jobs[i]!.sourcePath })) };
          thread.worker.postMessage(message);
        }
      };

      /** The job a thread is on, from its shared state, or null between jobs. */
      const currentJob = (thread: Thread): number | null => {
        const index = Atomics.load(thread.state, JOB_STATE.index);
        const batch = running.get(thread)?.pending.get(Atomics.load(thread.state, JOB_STATE.batch));
        return index < 0 || !batch ? null : (batch.jobs[index] ?? null);
      };

      /** Stop a thread whose job failed it, give its other jobs to a new thread. */
      const replace = (thread: Thread, culprit: number, failure: Omit<MarkdownFailure, 'failed'>) => {
        const run = running.get(thread)!;
        run.detach();
        running.delete(thread);
        this.threads = this.threads.filter((t) => t !== thread);
        void thread.worker.terminate();
        fail(culprit, failure);
        const rest = [...run.pending.values()].map((b) => ({ id: batchIds++, jobs: b.jobs.filter((j) => j !== culprit) }));
        // spread-ok: a thread holds at most two batches
        queue.unshift(...rest.filter((b) => b.jobs.length > 0));
        if (queue.length > 0 && this.threads.length < this.threadsFor(queue.length * BATCH_SIZE)) {
          this.spawn(this.threads.length + 1);
          attach(this.threads[this.threads.length - 1]!);
        }
        // The other threads may be idle: hand out the requeued batches.
        for (const other of running.keys()) send(other);
        finishIfDone();
      };

      const attach = (thread: Thread) => {
        this.tellResolver(thread, resolver);
        const onMessage = (message: WorkerResponse) => {
          const run = running.get(thread)!;
          const batch = run.pending.get(message.id);
          if (!batch) return;
          run.pending.delete(message.id);
          message.results.forEach((result, i) => {
            const job = batch.jobs[i]!;
            if ('failed' in result) fail(job, result);
            else {
              sent.delete(job);
              rendered[job] = keep(result);
              onProgress?.(++done);
            }
          });
          send(thread);
          finishIfDone();
        };
        const onError = (error: Error & { code?: string }) => {
          const culprit = currentJob(thread);
          if (culprit === null) {
            abort(new Error(`Markdown worker failed: ${error.stack ?? error.message}`));
            return;
          }
          const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
          replace(thread, culprit, {
            ruleId: 'markdown-failed',
            message: outOfMemory
              ? 'ran the Markdown renderer out of memory; look for a part of the article that is huge or deeply nested'
              : `crashed the Markdown renderer ("${error.message.split('\n')[0]}"); simplify the part of the article it chokes on`,
            position: null,
          });
        };
        const onExit = (code: number) => onError(Object.assign(new Error(`the renderer thread stopped with exit code ${code}`), { code: 'EXIT' }));
        thread.worker.on('message', onMessage);
        thread.worker.on('error', onError);
        thread.worker.on('exit', onExit);
        running.set(thread, {
          pending: new Map(),
          lastSequence: -1,
          seenAt: 0,
          detach: () => {
            thread.worker.off('message', onMessage);
            thread.worker.off('error', onError);
            thread.worker.off('exit', onExit);
          },
        });
        send(thread);
      };

      // Each job's time counts from when the main thread first sees it started, so a busy
      // main thread can only make a job look faster than it is, never slower.
      const tick = Math.max(10, Math.min(250, this.settings.timeout * 250));
      const watchdog = setInterval(() => {
        const now = performance.now();
        for (const [thread, run] of running) {
          const sequence = Atomics.load(thread.state, JOB_STATE.sequence);
          const job = currentJob(thread);
          if (job === null) continue;
          if (sequence !== run.lastSequence) {
            run.lastSequence = sequence;
            run.seenAt = now;
            continue;
          }
          const body = bodyAt(job);
          const budget = renderBudgetMs(this.settings.timeout, body.length);
          if (now - run.seenAt > budget) {
            const { displayPath: article } = jobs[job]!;
            const stopped = `took too long to render and was stopped after ${formatSeconds(budget)} s (the budget for an article of ${formatSize(body.length)}, set by "markdownTimeout")`;
            const stall = this.stallOf(thread);
            if (stall) {
              // The site's code was running, not gazette's: blame it, and stop once it has stalled on a few articles.
              const key = stall.plugin ?? `${stall.where!.file}:${stall.where!.line}`;
              const articles = [...(stalls.get(key) ?? []), article];
              stalls.set(key, articles);
              if (articles.length >= STALLS_BEFORE_GIVING_UP) {
                void this.close();
                abort(this.stallError(stall, articles, budget));
                continue;
              }
              replace(thread, job, { ruleId: 'markdown-timeout', message: `${stopped} while ${describeStall(stall)} was running; it may loop forever`, position: null });
              continue;
            }
            const hint = slownessHint(body);
            replace(thread, job, { ruleId: 'markdown-timeout', message: `${stopped}; ${hint.text}`, position: hint.position });
          }
        }
      }, tick);

      for (const thread of this.threads) attach(thread);
      finishIfDone();
    });
  }

  /** Where a thread past its budget is stuck, when that is in the config module's code (a plugin); null when it is in gazette's. */
  private stallOf(thread: Thread): Stall | null {
    const module = this.options.configModule;
    if (!module) return null;
    const frames = threadStack(thread.worker.threadId);
    const plugin = frames.find((f) => PLUGIN_FRAME.test(f.name))?.name ?? null;
    const where = userFrame(frames, moduleDependencies(module.file).files);
    return plugin || where ? { plugin, where } : null;
  }

  /** The error that stops a render whose plugin stalled on `articles`, at the line of the site's code it was stopped on. */
  private stallError(stall: Stall, articles: string[], budget: number): GazetteError {
    const module = this.options.configModule!;
    const where = stall.where;
    let source: string | undefined;
    try {
      source = where ? fs.readFileSync(where.file, 'utf8') : undefined;
    } catch {
      source = undefined;
    }
    const file = displayPath(where?.file ?? module.file);
    const message =
      `${describeStall(stall)} ran past the time budget (${formatSeconds(budget)} s, "markdownTimeout") on ${articles.length} articles ` +
      `(${articles.join(', ')}) and was stopped${where ? ' here' : ''} each time: it seems to loop forever. Fix it, or take it out of ` +
      `${displayPath(module.file)}; the other articles were not rendered`;
    return new GazetteError('Build failed: a Markdown plugin does not finish', {
      diagnostics: [diagnostic(file, message, 'markdown-plugin-stalled', { position: where ? { line: where.line, column: where.column } : null, source })],
    });
  }

  /**
   * Start the worker threads for `expectedJobs` now, so they load their
   * modules and build their processors while the main thread is still
   * reading articles, instead of after the Markdown work has begun.
   */
  warmUp(expectedJobs: number): void {
    if (expectedJobs > 0) this.spawn(this.threadsFor(expectedJobs));
  }

  /**
   * Hand `resolver` to the threads there are, ahead of the `render` that uses it: a
   * thread takes in the URLs of a large site while this one still checks the cache.
   */
  prepare(resolver: UrlResolver): void {
    for (const thread of this.threads) this.tellResolver(thread, resolver);
  }

  private threadsFor(jobs: number): number {
    if (jobs < MIN_JOBS_FOR_ALL_THREADS) return 1;
    // Each thread's heap grows to about 100 MB over many bodies, and a watcher's full rebuild renders them beside
    // the whole site it plans: at 10,000 articles a renamed folder (6,200 bodies with those linking into it) took
    // the watcher above 1 GiB on two threads. Once a long-lived pool's thread is ready, it renders alone, its code
    // already compiled; the first build renders on every core.
    if (this.settings.longLived && this.warmed) return 1;
    return this.maxThreads;
  }

  /** Start worker threads until there are `count`. */
  private spawn(count: number): void {
    while (this.threads.length < count) {
      const state = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * JOB_STATE.size);
      const setup: WorkerSetup = { options: this.options, state };
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      worker.unref();
      // A thread that dies between renders is dropped (during one, the render's own listeners say why).
      worker.on('error', () => undefined);
      worker.on('exit', () => (this.threads = this.threads.filter((t) => t.worker !== worker)));
      const thread: Thread = { worker, state: new Int32Array(state), resolver: null };
      Atomics.store(thread.state, JOB_STATE.index, -1);
      this.threads.push(thread);
    }
  }

  /**
   * Make ready the thread a long-lived pool renders edits with: start it, tell
   * it the resolver, and give it some of `jobs` (bodies of the site) to render
   * for nothing but its compiled code. In a fresh thread V8 runs the parser
   * unoptimized: the first 20 saves in watch took twice as long as in a thread
   * that had rendered the site. The thread renders them between real batches,
   * which go first. No watchdog times them: give only bodies that rendered
   * within their budget before.
   */
  warmFor(jobs: MarkdownJob[], resolver: UrlResolver): void {
    this.spawn(1);
    this.warmed = true;
    const thread = this.threads[0]!;
    // A body still to be read is taken for small until it is read (only the chosen ones are).
    const small = jobs.filter((job) => typeof job.body !== 'string' || job.body.length <= WARM_UP_MAX_CHARS);
    const step = Math.max(1, Math.floor(small.length / WARM_UP_JOBS));
    const chosen: { body: string; sourcePath: string }[] = [];
    let chars = 0;
    for (let i = 0; i < small.length && chosen.length < WARM_UP_JOBS && chars < WARM_UP_TOTAL_CHARS; i += step) {
      const body = bodyOf(small[i]!);
      if (body.length > WARM_UP_MAX_CHARS) continue;
      chosen.push({ body, sourcePath: small[i]!.sourcePath });
      chars += body.length;
    }
    if (chosen.length === 0) return;
    this.tellResolver(thread, resolver);
    const message: WorkerRequest = { type: 'warm', jobs: chosen };
    thread.worker.postMessage(message);
  }

  /** Tell a thread the URLs relative links resolve against, unless it knows them. */
  private tellResolver(thread: Thread, resolver: UrlResolver): void {
    if (thread.resolver === resolver) return;
    const message: WorkerRequest = {
      type: 'resolver',
      basePath: resolver.basePath,
      articleUrls: [...resolver.articleUrls],
      assetUrls: [...resolver.assetUrls],
      images: [...resolver.images],
    };
    thread.worker.postMessage(message);
    thread.resolver = resolver;
  }

  /** Whether a thread was made ready for edits by `warmFor` since the threads were last closed. */
  get warm(): boolean {
    return this.warmed;
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    this.warmed = false;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

/** A job's Markdown, read now if it was not given. */
function bodyOf(job: MarkdownJob): string {
  return typeof job.body === 'string' ? job.body : job.body();
}

/** A stalled plugin in words: 'the Markdown plugin markdown.remarkPlugins[0] (x) (plugins/x.mjs:3:5)'. */
function describeStall(stall: Stall): string {
  const at = stall.where ? `${displayPath(stall.where.file)}:${stall.where.line}:${stall.where.column}` : null;
  if (stall.plugin) return `the Markdown plugin ${stall.plugin}${at ? ` (at ${at})` : ''}`;
  return `the config module's code at ${at}`;
}

/** Far lower limits than the guard's: what most likely made an article slow, for the timeout message. */
const HINT_LIMITS: NestingLimits = { depth: 20, brackets: 500, delimiterRuns: 200 };

/** What most likely made an article slow, and where, for the timeout message. */
function slownessHint(body: string): { text: string; position: Position | null } {
  const near = findExcessiveNesting(body, HINT_LIMITS);
  const size = body.length > 1024 * 1024 ? `it is very large (${formatSize(body.length)}); ` : '';
  if (near) {
    const what =
      near.ruleId === 'markdown-too-deep'
        ? `blockquotes and lists nested more than ${HINT_LIMITS.depth} levels deep`
        : near.ruleId === 'markdown-too-many-brackets'
          ? `a paragraph with more than ${HINT_LIMITS.brackets} "[" brackets`
          : `a paragraph with more than ${HINT_LIMITS.delimiterRuns} runs of "*", "_" or "~"`;
    return { text: `${size}the likely cause is ${what}, from the position shown; simplify it`, position: near.position };
  }
  if (size) return { text: `${size}split it into several articles, or raise "markdownTimeout"`, position: null };
  return { text: 'look for unusual nesting or long runs of markup, or raise "markdownTimeout" if the article is simply long', position: null };
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(chars / 1024))} KB`;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? String(Math.round(s)) : String(Number(s.toFixed(2)));
}

/** Worker threads for large jobs: one per core, or GAZETTE_THREADS when set (at least 1). */
function defaultThreads(): number {
  const fromEnv = process.env.GAZETTE_THREADS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Math.max(1, Number(fromEnv));
  return os.availableParallelism?.() ?? os.cpus().length;
}
