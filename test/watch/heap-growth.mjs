// Run by heap-growth.test.ts as `node --expose-gc heap-growth.mjs SITE`: starts a watch session on SITE
// (articles/, dist/), then, in the same process, keeps some data alive and makes garbage that lives long
// enough to reach the old generation, as a full rebuild's previous site and intermediate values do.
// Collection is left to the engine. Prints, as JSON, the largest committed size of the old space seen
// and the heap in use once everything collectable is collected.
import v8 from 'node:v8';
import { WatchSession } from '../../lib/watch/session.js';

const [site] = process.argv.slice(2);
process.chdir(site);
const oldSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size;

const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
const kept = [];
for (let i = 0; i < 300_000; i++) kept.push({ id: i, name: `item ${i}`, list: [i, i + 1] });
// Each round's objects outlive the young generation's collections while the next round is made.
let round = [];
let largest = 0;
for (let r = 0; r < 40; r++) {
  const next = [];
  for (let i = 0; i < 100_000; i++) next.push({ r, name: `round ${r} ${i}`, list: [i] });
  round = next;
  largest = Math.max(largest, oldSpace());
}
for (let i = 0; i < 4; i++) {
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write(`${JSON.stringify({ largest, live: process.memoryUsage().heapUsed, kept: kept.length + round.length })}\n`);
await session.close();
