// Run by full-rebuild-collection.test.ts as `node full-rebuild-collection.mjs SITE` (no --expose-gc: the
// session must reach the collector by itself): a watch session on SITE (articles/, dist/, templates/),
// one save of an article (the quick path), then one template edit (a full rebuild). Prints, as JSON, how
// many full collections were forced during each, whether the site the template edit replaced was still
// alive once it returned, with no collection made by this script, and how much of the heap in use as it
// returned a collection made by this script then freed (MiB).
import fs from 'node:fs';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WatchSession } from '../../lib/watch/session.js';

const [site] = process.argv.slice(2);
process.chdir(site);
let forced = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { kind, flags } = entry.detail;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR && flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced++;
  }
});
observer.observe({ entryTypes: ['gc'] });
/** Let the collections' entries arrive, and the current job end (a weak reference's target is kept through the job that made it). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
/** Forced full collections during `change`. */
async function forcedDuring(change) {
  await settle();
  const before = forced;
  await change();
  await settle();
  return forced - before;
}

const { session } = await WatchSession.start({ src: 'articles', out: 'dist', templates: 'templates', cache: false }, site);
const story = path.join(site, 'articles', 'a0.md');
const save = await forcedDuring(async () => {
  fs.appendFileSync(story, '\nOne more sentence.\n');
  const result = await session.rebuild([story]);
  if (result.written.length === 0) throw new Error('the save wrote nothing');
});
// The session's last site is private to it: read here only to know when it is let go.
const replaced = new WeakRef(session['last'].site);
let replacedAlive = null;
let heldAfter = 0;
const partial = path.join(site, 'templates', 'partials', 'head-extra.hbs');
const fullRebuild = await forcedDuring(async () => {
  fs.writeFileSync(partial, '<meta name="edit" content="1">\n');
  const result = await session.rebuild([partial]);
  if (result.written.length === 0) throw new Error('the template edit wrote nothing');
  replacedAlive = replaced.deref() !== undefined;
  // Before anything else runs: what the heap holds as the rebuild returns, against what is alive.
  heldAfter = process.memoryUsage().heapUsed;
});
v8.setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const garbageMiB = (heldAfter - process.memoryUsage().heapUsed) / 2 ** 20;
observer.disconnect();
process.stdout.write(`${JSON.stringify({ save, fullRebuild, replacedAlive, garbageMiB })}\n`);
await session.close();
