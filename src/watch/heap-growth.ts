import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far a watcher's heap may grow past what the engine's last full collection kept before it
 * collects again, in percent.
 *
 * V8 chooses that margin itself, up to four times what was kept when the heap's limit is large
 * (2 GB or more, as on any machine with 16 GB of memory), and a watcher lives long and keeps much:
 * at 10,000 articles it keeps about 450 MB, and each full rebuild (a template edit, a folder renamed)
 * leaves the previous site and its own intermediate values behind as garbage, which piled up to
 * 1.8 GB before one collection took the heap back to 640 MB. With a margin of 30% the heap stayed
 * under 920 MB through the same changes; the more frequent collections come during full rebuilds,
 * not saves, and hardly moved their CPU time (see docs/internals/performance.md, watch mode).
 */
export const WATCH_HEAP_GROWING_PERCENT = 30;

/**
 * Bound the heap's growth between full collections for the rest of this process (watch and serve
 * only: a build ends before its garbage matters). A margin given on Node.js's command line wins.
 */
export function limitHeapGrowth(): void {
  const given = process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${WATCH_HEAP_GROWING_PERCENT}`);
}

/** The engine's full collection, made reachable once (see `collectGarbage`). */
let fullCollection: (() => void) | null = null;

/**
 * Collect the whole heap now. A full rebuild calls this once it has let go of the last site: the
 * engine sets the heap's next limit from what its last full collection kept, and that was the site
 * being replaced, or all a failed rebuild had made (at 10,000 articles 657 MB alive, of which 344 MB
 * was still needed), so the new site would grow the heap a margin past both. It calls it again once
 * its files are written (or it failed): after a folder renamed back at 10,000 articles the heap had
 * grown to 750 MB, 560 MB of it alive, and grew to 800 MB through the saves that followed. Each
 * collection takes a few hundred milliseconds at that size, next to the seconds a full rebuild takes;
 * saves never call it. `gc` is exposed to a new context only, as the flag is set this late.
 */
export function collectGarbage(): void {
  if (!fullCollection) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) fullCollection = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      fullCollection = runInNewContext('gc') as () => void;
    }
  }
  fullCollection();
}
