import { parentPort, workerData } from 'node:worker_threads';
import { createMarkdownRenderer, type MarkdownOptions, type RenderedMarkdown } from './pipeline.js';
import type { ImageRecord } from '../images/record.js';
import type { UrlResolver } from './resolve-url.js';

/** Messages the pool sends to a worker. */
export type WorkerRequest =
  | { type: 'resolver'; basePath: string; articleUrls: [string, string][]; assetUrls: [string, string][]; images: [string, ImageRecord][] }
  | { type: 'batch'; id: number; jobs: { body: string; sourcePath: string }[] };

/** Messages a worker sends back. */
export type WorkerResponse = { type: 'batch'; id: number; results: RenderedMarkdown[] } | { type: 'error'; id: number; message: string };

// Each worker builds its processors once and keeps them for every batch.
const render = createMarkdownRenderer(workerData as MarkdownOptions);
let resolver: UrlResolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };

parentPort!.on('message', (message: WorkerRequest) => {
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
  try {
    const results = message.jobs.map((job) => render(job.body, job.sourcePath, resolver));
    parentPort!.postMessage({ type: 'batch', id: message.id, results } satisfies WorkerResponse);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', id: message.id, message: (error as Error).stack ?? String(error) } satisfies WorkerResponse);
  }
});
