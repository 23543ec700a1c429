// Run by file-stamps.test.ts as `node file-stamps.mjs SITE`: the file watcher on SITE (articles/ with its files),
// with a session that only records what it is told changed. Once the watcher is ready it counts, in a heap
// snapshot, the `fs.Stats` objects alive; then saves one file in place, and renames another file over a third
// (a new inode), waiting for each to be reported. It prints, as JSON, the count and the changes reported.
import fs from 'node:fs';
import path from 'node:path';
import { recordingSession } from './recording-session.mjs';
import v8 from 'node:v8';

const [site] = process.argv.slice(2);
const folder = path.join(site, 'articles');
const { startWatching } = await import('../../lib/watch/watcher.js');

const { session, changes, change } = recordingSession(site, folder, 200);

/** How many objects of class `name` a heap snapshot of this process holds. */
async function countObjects(name) {
  let text = '';
  for await (const chunk of v8.getHeapSnapshot()) text += chunk;
  const snap = JSON.parse(text);
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const F = fields.length, iType = fields.indexOf('type'), iName = fields.indexOf('name');
  let count = 0;
  for (let i = 0; i < snap.nodes.length; i += F) if (types[snap.nodes[i + iType]] === 'object' && snap.strings[snap.nodes[i + iName]] === name) count++;
  return count;
}

const watching = startWatching(session, {}, { settleMs: 20 });
await watching.ready;
const stats = await countObjects('Stats');
await change('a0.md', (file) => fs.appendFileSync(file, '\nSaved.\n'));
await change('a2.md', (file) => {
  fs.writeFileSync(`${file}.tmp`, 'Replaced.\n');
  fs.renameSync(`${file}.tmp`, file);
});
await change('a2.md', (file) => fs.appendFileSync(file, '\nSaved after the rename.\n'));
await watching.close();
console.log(JSON.stringify({ stats, changes }));
