// Run by quiet-start.test.ts as `node quiet-start.mjs SITE NOW`: a watch session on SITE, built before with
// nothing changed since, noting which of the last build's record and output manifest it reads, and when: during
// its start, or once it is told the watcher is ready. Then an article is saved and another deleted, and rebuilt.
// Prints, as JSON, whether the start found nothing to do, the files read by then, and the files read in all.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const [site, now] = process.argv.slice(2);
process.chdir(site);
const reads = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  const name = typeof file === 'string' ? path.basename(file) : '';
  if (name === 'build-record.json' || name === 'output-manifest.json') reads.push(name);
  return readFileSync.call(this, file, ...rest);
};
syncBuiltinESMExports();
const { WatchSession } = await import('../../lib/watch/session.js');

const { session, result } = await WatchSession.start({ now }, site);
const atStart = [...reads].sort();
session.watching();
const saved = path.join(site, 'articles', 'a0.md');
fs.appendFileSync(saved, '\nSaved once watching.\n');
const deleted = path.join(site, 'articles', 'a1.md');
fs.rmSync(deleted);
await session.rebuild([saved, deleted]);
await session.close();
console.log(JSON.stringify({ upToDate: result.upToDate, atStart, all: [...new Set(reads)].sort() }));
