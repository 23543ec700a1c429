// Run by body-memory.test.ts as `node --expose-gc body-memory.mjs SITE MODE`, with GAZETTE_SPILL_MIN=1 so that a
// small site's bodies wait on disk as a large site's do: a watch session on SITE (articles/, dist/, and in the
// cache modes a cache folder .cache/), then three saves of story 0. MODE: no-cache or cache-cold, a session
// started with nothing built; cache-warm, a session started from the cache with nothing to do, after which a build
// in another process rewrites every pack it read, and the title is changed (every page rendered again, reading every
// body). In the cache modes the cache is saved after the first save.
// Prints one JSON line: which stories' rendered bodies are still in the heap after the start and after the saves.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { WatchSession } from '../../lib/watch/session.js';

const [site, mode] = process.argv.slice(2);
process.chdir(site);
const bin = fileURLToPath(new URL('../../bin/gazette.js', import.meta.url));
const source = (i) => path.join(site, 'articles', `s${i}.md`);

/** Collect until the heap settles: one pass does not clear everything. */
async function settle() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The stories whose rendered HTML is a string in the heap (each body's HTML starts with "<p>Body of story N"). */
async function bodiesAlive() {
  await settle();
  let json = '';
  for await (const chunk of v8.getHeapSnapshot()) json += chunk;
  const stories = new Set();
  for (const text of JSON.parse(json).strings) {
    const match = /^<p>Body of story (\d+) /.exec(text);
    if (match) stories.add(Number(match[1]));
  }
  return [...stories].sort((a, b) => a - b);
}

/** Save story 0 with a new sentence and apply it as the watcher would. */
async function save(session, n) {
  const text = fs.readFileSync(source(0), 'utf8');
  fs.writeFileSync(source(0), text.replace('Body of story 0 ', `Body of story 0 (save ${n}) `));
  const result = await session.rebuild([source(0)]);
  if (result.written.length === 0) throw new Error(`save ${n} wrote nothing`);
}

const flags = mode === 'no-cache' ? { src: 'articles', out: 'dist', cache: false } : { src: 'articles', out: 'dist', cacheDir: '.cache' };
const { session } = await WatchSession.start(flags, site);
// Cold, every page was written, reading every body back from disk.
const start = await bodiesAlive();
if (mode === 'cache-warm') {
  // Started with nothing to do (and no feed of full texts), the session has read no body when another build on the same cache folder, of
  // every story changed meanwhile, renames new packs over all the ones it read; the stories are then put back as
  // they were, which the session never sees change.
  session.watching();
  await session['priming'];
  const texts = fs.readdirSync(path.join(site, 'articles')).map((name) => [path.join(site, 'articles', name), fs.readFileSync(path.join(site, 'articles', name), 'utf8')]);
  for (const [file, text] of texts) fs.writeFileSync(file, text.replace(/Body of story (\d+) /, 'Body of story $1 (elsewhere) '));
  execFileSync(process.execPath, [bin, 'build', '--src', 'articles', '--out', 'elsewhere', '--cache-dir', '.cache'], { cwd: site, env: { ...process.env, NO_COLOR: '1' } });
  for (const [file, text] of texts) fs.writeFileSync(file, text);
  // A new title: every page is rendered again, reading every body.
  const config = path.join(site, 'gazette.config.json');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('"url"', '"title":"The Other Gazette","url"'));
  await session.rebuild([config]);
}
await save(session, 1);
// Brings the packs up to date, as the session does two seconds after a save: the pack of story 0's
// old text is rewritten, and the bodies beside it move.
if (mode !== 'no-cache') session['save']();
await save(session, 2);
await save(session, 3);
const saved = await bodiesAlive();
await session.close();
process.stdout.write(`${JSON.stringify({ start, saved })}\n`);
