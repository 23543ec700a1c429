// Run by page-closures.test.ts as `node --expose-gc page-closures.mjs SITE SNAPSHOT`: a watch session on SITE
// (articles/, dist/) started, then a heap snapshot written to SNAPSHOT (and deleted once read). Prints, as
// JSON, how many pages the session keeps and how many closures (functions) its heap holds.
import fs from 'node:fs';
import v8 from 'node:v8';
import { WatchSession } from '../../lib/watch/session.js';

const [site, file] = process.argv.slice(2);
process.chdir(site);
const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
// The session's last site is private to it: read here only to count its pages.
const pages = session['last'].site.files.filter((f) => f.type === 'page').length;
globalThis.gc();
v8.writeHeapSnapshot(file);
const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
fs.rmSync(file);
const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
const type = fields.indexOf('type');
let closures = 0;
for (let i = 0; i < snapshot.nodes.length; i += fields.length) if (types[snapshot.nodes[i + type]] === 'closure') closures++;
process.stdout.write(`${JSON.stringify({ pages, closures })}\n`);
await session.close();
