import { parentPort, workerData } from 'node:worker_threads';
import { loadMarkdownRenderer, type MarkdownOptions, type RenderedMarkdown } from './pipeline.js';
import type { UrlResolver } from './resolve-url.js';

/** Messages the pool sends to a worker. */
export type WorkerRequest =
  | { type: 'resolver'; basePath: string; articleUrls: [string, string][]; assetUrls: [string, string][] }
  | { type: 'batch'; id: number; jobs: { body: string; sourcePath: string }[] };

/** Messages a worker sends back. */
export type WorkerResponse = { type: 'batch'; id: number; results: RenderedMarkdown[] } | { type: 'error'; id: number; message: string };

// Each worker builds its processors once and keeps them for every batch. Functions cannot
// be sent to a thread, so a config module's plugins are imported here again, from its file.
const ready = loadMarkdownRenderer(workerData as MarkdownOptions);
let resolver: UrlResolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map() };

parentPort!.on('message', async (message: WorkerRequest) => {
  if (message.type === 'resolver') {
    resolver = { basePath: message.basePath, articleUrls: new Map(message.articleUrls), assetUrls: new Map(message.assetUrls) };
    return;
  }
  const current = resolver;
  try {
    const render = await ready;
    const results: RenderedMarkdown[] = [];
    for (const job of message.jobs) results.push(await render(job.body, job.sourcePath, current));
    parentPort!.postMessage({ type: 'batch', id: message.id, results } satisfies WorkerResponse);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', id: message.id, message: (error as Error).stack ?? String(error) } satisfies WorkerResponse);
  }
});
