// Run by rebuild-memory.test.ts as `node --expose-gc rebuild-memory.mjs SITE REBUILDS`: a watch session
// on SITE (articles/, dist/, templates/partials/head-extra.hbs) made to rebuild the whole site REBUILDS
// times by template edits. After each rebuild it prints, as one JSON line, the heap in use after a full
// garbage collection, what the theme still keeps of the pages it rendered, and how many of the sites
// and full-text indexes made so far are still alive.
import fs from 'node:fs';
import path from 'node:path';
import { WatchSession } from '../../lib/watch/session.js';

const [site, count] = process.argv.slice(2);
process.chdir(site);
const partial = path.join(site, 'templates', 'partials', 'head-extra.hbs');
const sites = [];
const indexes = [];
const alive = (refs) => refs.filter((ref) => ref.deref() !== undefined).length;
/** Collect until the figure settles: finalization and weak references need more than one pass. */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const { session } = await WatchSession.start({ src: 'articles', out: 'dist', templates: 'templates', cache: false }, site);
for (let i = 0; i < Number(count); i++) {
  fs.writeFileSync(partial, `<meta name="edit" content="${i}">\n`);
  const result = await session.rebuild([partial]);
  if (result.written.length === 0) throw new Error(`template edit ${i} wrote nothing`);
  // The session's last site is private to it: read here only to know when it is let go.
  const last = session['last'].site;
  sites.push(new WeakRef(last));
  indexes.push(new WeakRef(last.search));
  const heap = await settle();
  // What the theme still keeps of the pages it rendered (partials kept for reuse within one write).
  last.theme.forgetRendered();
  const rendered = heap - (await settle());
  process.stdout.write(`${JSON.stringify({ rebuild: i + 1, heap, rendered, sites: alive(sites), indexes: alive(indexes) })}\n`);
}
await session.close();
