// Run by folder-reads.test.ts as `node folder-reads.mjs SITE`: the file watcher on SITE (articles/, its
// folder 2020/ untouched for an hour), with a session that only records what it is told changed. It counts
// the file watcher's listings of articles/2020/ while one file there is saved three times in place, then three
// times by renaming a temporary file over it, then while a file is added there, saved and another removed; then
// makes a folder beside it with a file, saves that file, renames the folder and saves the file again. It prints,
// as JSON, the listings and the changes reported (relative to articles/2020/).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { recordingSession } from './recording-session.mjs';

const [site] = process.argv.slice(2);
const folder = path.join(site, 'articles', '2020');
let listings = 0;
const readdir = fsp.readdir;
fsp.readdir = function (dir, ...rest) {
  // The watcher lists folders through readdirp.
  if (path.resolve(String(dir)) === folder && new Error().stack.includes('readdirp')) listings++;
  return readdir.call(this, dir, ...rest);
};
syncBuiltinESMExports();
const { startWatching } = await import('../../lib/watch/watcher.js');

const { session, changes, change } = recordingSession(site, folder, 300);
const watching = startWatching(session, {}, { settleMs: 20 });
await watching.ready;
const atStart = listings;
for (let i = 0; i < 3; i++) await change('a0.md', (file) => fs.appendFileSync(file, `\nSaved ${i}.\n`));
const saves = listings - atStart;
// As editors that write safely and `sed -i` save: a temporary file beside the article, renamed over it.
for (let i = 0; i < 3; i++) {
  await change('a0.md', (file) => {
    const temp = i === 2 ? path.join(folder, 'sedX1y2Z3') : `${file}.${i}.tmp~`;
    fs.writeFileSync(temp, `Story 0.\nRenamed over ${i}.\n`);
    fs.renameSync(temp, file);
  });
}
const renames = listings - atStart - saves;
await change('added.md', (file) => fs.writeFileSync(file, 'New.\n'));
await change('added.md', (file) => fs.appendFileSync(file, 'Saved.\n'));
await change('a1.md', (file) => fs.rmSync(file));
const entries = listings - atStart - saves - renames;
// A folder made beside it with an article, which is then saved: seen only if the watcher listed articles/ and
// watches the new folder. Then the folder renamed, and the article saved under its new name.
await change('../2021/new.md', (file) => {
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'New folder.\n');
});
await change('../2021/new.md', (file) => fs.appendFileSync(file, 'Saved in the new folder.\n'));
await change('../2019/new.md', (file) => fs.renameSync(path.join(site, 'articles', '2021'), path.dirname(file)));
await change('../2019/new.md', (file) => fs.appendFileSync(file, 'Saved in the renamed folder.\n'));
await watching.close();
process.stdout.write(`${JSON.stringify({ atStart, saves, renames, entries, changes })}\n`);
