// Run by build-memory.test.ts as `node --expose-gc build-memory.mjs SITE`: builds SITE (articles/ into
// dist/, with its cache) as `gazette build` does, then prints as JSON the heap in use after a full
// garbage collection, and how much less it is once the theme forgets the partials it rendered.
import { buildKeepingSite } from '../../lib/build.js';
import { loadConfig } from '../../lib/config/index.js';

const [site] = process.argv.slice(2);
process.chdir(site);
/** Collect until the figure settles: finalization and weak references need more than one pass. */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const config = await loadConfig({ src: 'articles', out: 'dist' });
const { result, site: built } = await buildKeepingSite(config);
const heap = await settle();
built.theme.forgetRendered();
const rendered = heap - (await settle());
process.stdout.write(`${JSON.stringify({ pages: result.pages, heap, rendered })}\n`);
