// Run by rebuild-threads.test.ts as `node rebuild-threads.mjs SITE` with GAZETTE_THREADS=2: a watch session
// on SITE (articles/, dist/), whose first build renders every body on both threads; then the folder
// articles/2020 is renamed, and renamed back, each a full rebuild that renders that folder's bodies again;
// then every file of the folder is reported changed with the folder, one of them saved, and last a file added
// to the folder is reported by the folder alone. Prints, as JSON, the most threads alive at once during each of
// the first three rebuilds, how many bodies each rendered, and whether the last two kept the site (the quick path).
import fs from 'node:fs';
import path from 'node:path';
import { WatchSession } from '../../lib/watch/session.js';

const [site] = process.argv.slice(2);
process.chdir(site);
let alive = 0;
let most = 0;
process.on('worker', (worker) => {
  most = Math.max(most, ++alive);
  worker.on('exit', () => alive--);
});

let bodies = 0;

/** The most threads alive at once during `change`, and the bodies it rendered. */
async function threadsDuring(change) {
  most = alive;
  bodies = 0;
  await change();
  return { threads: most, bodies };
}

const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
// The session's pool is private to it: its renders are counted here, to know the renames rendered bodies again.
const pool = session['pool'];
const render = pool.render.bind(pool);
pool.render = (jobs, ...rest) => {
  bodies += jobs.length;
  return render(jobs, ...rest);
};
const from = path.join(site, 'articles', '2020');
const to = path.join(site, 'articles', '2020-moved');
const renamed = await threadsDuring(() => {
  fs.renameSync(from, to);
  return session.rebuild([from, to]);
});
const back = await threadsDuring(() => {
  fs.renameSync(to, from);
  return session.rebuild([from, to]);
});
// The folder's files reported again once the rebuild of its rename is done (chokidar reports a renamed
// folder's files as it scans it, and the last of 2,000 came seconds later), with one of them saved.
// The folder itself is reported with them, as a watcher may: still the quick path, which keeps the site it patches.
const folder = fs.readdirSync(from).map((name) => path.join(from, name));
fs.appendFileSync(folder[0], '\nOne more sentence.\n');
const patched = session['last'].site;
const late = await threadsDuring(() => session.rebuild([from, ...folder]));
late.quick = session['last'].site === patched;
// A file added to the folder, reported with the folder alone: a full rebuild, which makes a new site.
fs.writeFileSync(path.join(from, 'added.md'), '---\ntitle: Added\ndate: 2020-04-02\n---\nAdded to the folder.\n');
const before = session['last'].site;
await session.rebuild([from]);
const added = { quick: session['last'].site === before };
process.stdout.write(`${JSON.stringify({ renamed, back, late, added })}\n`);
await session.close();
