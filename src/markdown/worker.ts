import { parentPort, workerData } from 'node:worker_threads';
import { loadMarkdownRenderer, type MarkdownRenderer, type RenderedMarkdown } from './pipeline.js';
import { findExcessiveNesting } from './nesting-guard.js';
import type { UrlResolver } from './resolve-url.js';
import { JOB_STATE, type MarkdownFailure, type WorkerRequest, type WorkerResponse, type WorkerSetup } from './worker-protocol.js';
import { probeThreadMemory } from '../report/memory-probe.js';

probeThreadMemory('renderer');
const setup = workerData as WorkerSetup;
// Each worker builds its processors once and keeps them for every batch. Functions cannot be
// sent to a thread, so a config module's plugins are imported here again, from its file.
const ready = loadMarkdownRenderer(setup.options);
const state = new Int32Array(setup.state);
let resolver: UrlResolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };
// Rendering is asynchronous (plugins may be), so messages are handled strictly one after
// another: a batch never starts before the one before it, nor sees a resolver sent after it.
// A config module's plugins are left out of that: no watchdog times the sample, and their code is not ours.
let queue: Promise<void> = setup.options.configModule ? Promise.resolve() : ready.then(warmUpSelf, () => undefined);

// Set once a batch comes: the self-warm-up stops there, so it never holds a real body back.
let workCame = false;

parentPort!.on('message', (message: WorkerRequest) => {
  if (message.type === 'batch') workCame = true;
  queue = queue.then(() => handle(message));
});

async function handle(message: WorkerRequest): Promise<void> {
  if (message.type === 'resolver') {
    resolver = {
      basePath: message.basePath,
      articleUrls: new Map(message.articleUrls),
      assetUrls: new Map(message.assetUrls),
      images: new Map(message.images),
      social: new Map(),
    };
    return;
  }
  if (message.type === 'warm') return warmUp(message.jobs);
  const results: (RenderedMarkdown | MarkdownFailure)[] = [];
  for (const [index, job] of message.jobs.entries()) {
    Atomics.store(state, JOB_STATE.batch, message.id);
    Atomics.store(state, JOB_STATE.index, index);
    Atomics.add(state, JOB_STATE.sequence, 1);
    results.push(await renderOne(job.body, job.sourcePath));
  }
  Atomics.store(state, JOB_STATE.index, -1);
  parentPort!.postMessage({ type: 'batch', id: message.id, results } satisfies WorkerResponse);
}

/** An article of the usual kinds of Markdown, rendered by a new thread before any job (see `warmUpSelf`). */
const SAMPLE = [
  '## A heading with *emphasis*',
  '',
  'The council met on **Tuesday** to discuss the [harbour budget](https://example.org/budget) and',
  'a [related story](../2023/other.md), which rose by 4% (`budget-2024`); see also <https://example.org>.',
  '',
  '> "We cannot wait," the mayor said. _Nobody_ disagreed.',
  '',
  '- First point, with a [link](#section)',
  '- Second point',
  '  1. Nested, with `code`',
  '  2. And ~~struck~~ text',
  '',
  '| Ward | Votes |',
  '| --- | ---: |',
  '| North | 1,204 |',
  '',
  '![A chart](images/chart.png "Votes")',
  '',
  'A last paragraph with a footnote[^1] and a line\\',
  'break.',
  '',
  '[^1]: The note.',
  '',
].join('\n');
/** Renders of SAMPLE: enough for V8 to compile the parser's hot paths before the first real body. */
const SELF_WARM_UP_RENDERS = 8;

/**
 * Render SAMPLE a few times as soon as the renderer is built, before any job:
 * in a fresh thread V8 runs the parser unoptimized, and the one body of a
 * one-article rebuild took about 60 ms there. A thread starts while the main
 * thread still reads the site, so this is done before the first job comes,
 * one render per turn of the event loop, and stops when work comes: a body
 * waits for at most one sample.
 */
async function warmUpSelf(render: MarkdownRenderer): Promise<void> {
  const none: UrlResolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };
  try {
    for (let i = 0; i < SELF_WARM_UP_RENDERS && !workCame; i++) {
      await render(SAMPLE, 'gazette-warm-up.md', none);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch {
    // A plugin that fails on the sample will say so on a real article.
  }
}

/**
 * Render bodies for nothing but the thread's compiled code, one per turn of
 * the event loop at the end of the queue: a batch that comes meanwhile goes
 * first. The job state is left alone, so the pool never times them.
 */
function warmUp(jobs: { body: string; sourcePath: string }[]): void {
  const [job, ...rest] = jobs;
  if (!job) return;
  setImmediate(() => {
    queue = queue.then(async () => {
      await renderOne(job.body, job.sourcePath);
      warmUp(rest);
    });
  });
}

/** Render one body, or say why it cannot be: refused nesting, or any exception of the pipeline. */
async function renderOne(body: string, sourcePath: string): Promise<RenderedMarkdown | MarkdownFailure> {
  const problem = findExcessiveNesting(body);
  if (problem) return { failed: true, ...problem };
  let render: MarkdownRenderer;
  try {
    render = await ready;
  } catch (error) {
    // The main thread imported the config module already; failing here means it changed in between.
    return { failed: true, ruleId: 'config-module', message: `could not be rendered: the config module failed to load in a renderer thread: ${(error as Error).message}`, position: null };
  }
  try {
    return await render(body, sourcePath, resolver);
  } catch (error) {
    return { failed: true, ruleId: 'markdown-failed', message: describeFailure(error), position: null };
  }
}

/** A pipeline exception in words for the writer: no stack, since the article is what to fix. */
function describeFailure(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'is nested too deeply for the Markdown renderer (it ran out of stack); look for deeply nested HTML tags, lists, blockquotes or links';
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `could not be rendered: the Markdown renderer failed with "${reason.split('\n')[0]}"; simplify the part of the article it chokes on`;
}
