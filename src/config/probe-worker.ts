import { parentPort, workerData } from 'node:worker_threads';

/** What the probe thread tells: the module settled, failed, or called `process.exit` (with the stack of the call). */
export type ProbeMessage = { type: 'settled' } | { type: 'failed' } | { type: 'exit'; code: number; stack: string };

// A config module imported in a thread of its own, to prove it loads (see `proveConfigLoads`).
const { url } = workerData as { url: string };
const exit = process.exit.bind(process);
// In a thread, process.exit ends the thread only: told to the main thread, which refuses the config.
process.exit = ((code?: number | string | null) => {
  parentPort!.postMessage({ type: 'exit', code: Number(code ?? process.exitCode ?? 0), stack: new Error().stack ?? '' } satisfies ProbeMessage);
  return exit(0);
}) as typeof process.exit;
import(url).then(
  () => parentPort!.postMessage({ type: 'settled' } satisfies ProbeMessage),
  // The main thread imports it again and reports the error with its position.
  () => parentPort!.postMessage({ type: 'failed' } satisfies ProbeMessage),
);
