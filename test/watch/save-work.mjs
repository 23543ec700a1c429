// Run by save-work.test.ts as `node save-work.mjs SITE`: a watch session on SITE (articles/, dist/) takes
// one save of each article named on the command line after it, through the quick path. Before the saves it
// wraps the lists that grow with the site (its articles, pages and files; each language's plan: its entries,
// articles, files and the items of every section, tag and author) so that every element read is counted,
// and prints, as JSON, whether the session made what the quick path finds items by before the first save,
// and for each save: the elements read and the files written.
import fs from 'node:fs';
import path from 'node:path';
import { WatchSession } from '../../lib/watch/session.js';

const [site, ...saved] = process.argv.slice(2);
process.chdir(site);
let reads = 0;
const counted = (list) =>
  new Proxy(list, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });

const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
// What the quick path finds items by is made once the site is kept, before any save.
await new Promise((resolve) => setImmediate(resolve));
const edits = session['last'].edits;
const prepared = edits !== null && edits['planEdits'].size === session['last'].site.plans.length && edits['linkTargets'] !== null;
/**
 * One save of `file` (relative to the sources), its text changed in the body; a live story's save posts an
 * update (`## 10:0i`, a minute after the last), which moves the story's time and its listings' in the sitemap.
 */
async function save(file, i) {
  const abs = path.join(site, 'articles', file);
  const added = /live/.test(file) ? `## 10:0${i} Update ${i}\n\nSaved ${i}.` : `Saved ${i}.`;
  fs.writeFileSync(abs, `${fs.readFileSync(abs, 'utf8').trimEnd()}\n\n${added}\n`);
  return session.rebuild([abs]);
}
// A first save makes what the quick path finds items and files by, once per site.
await save(saved[0], 0);
// The session's last site is private to it: its lists are wrapped here, in place, to count what a save reads.
const last = session['last'].site;
last.articles = counted(last.articles);
last.pages = counted(last.pages);
last.files = counted(last.files);
for (const { plan } of last.plans) {
  const { context } = plan;
  plan.entries = context.entries = counted(context.entries);
  plan.pages = context.pageEntries = counted(context.pageEntries);
  plan.files = context.files = counted(context.files);
  context.articles = counted(context.articles);
  for (const terms of [context.sections, context.tags, context.authors]) for (const term of terms) term.items = counted(term.items);
}
const results = [];
for (const [i, file] of saved.entries()) {
  reads = 0;
  const result = await save(file, i + 1);
  if (session['last']?.site !== last) throw new Error(`the save of ${file} took a full rebuild`);
  results.push({ file, reads, written: result.written.length });
}
process.stdout.write(`${JSON.stringify({ prepared, saves: results })}\n`);
await session.close();
