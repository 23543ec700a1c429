// Run by file-watches.test.ts as `node file-watches.mjs SITE`: the file watcher on SITE (articles/ with its
// files, a folder of them, and a folder holding a symbolic link to a file outside and a file with a second name
// outside), with a session that only records what it is told changed. Once the watcher is ready it counts this
// process's inotify watches; then makes every kind of change there, waiting for each to be reported. It prints,
// as JSON, the count and the changes reported (relative to articles/).
import fs from 'node:fs';
import path from 'node:path';
import { recordingSession } from './recording-session.mjs';

const [site] = process.argv.slice(2);
const folder = path.join(site, 'articles');
const { startWatching } = await import('../../lib/watch/watcher.js');

/** The inotify watches this process holds (Linux: each inotify descriptor lists its watches in /proc). */
function inotifyWatches() {
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (target !== 'anon_inode:inotify') continue;
    count += fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return count;
}

const { session, changes, change } = recordingSession(site, folder, 150);
const watching = startWatching(session, {}, { settleMs: 20 });
await watching.ready;
const watches = inotifyWatches();

await change('a0.md', (file) => fs.appendFileSync(file, '\nSaved in place.\n'));
await change('a1.md', (file) => {
  fs.writeFileSync(`${file}.tmp`, 'Saved by a rename.\n');
  fs.renameSync(`${file}.tmp`, file);
});
// Saved in place again after the rename: the file has another inode now.
await change('a1.md', (file) => fs.appendFileSync(file, '\nSaved after the rename.\n'));
await change('added.md', (file) => fs.writeFileSync(file, 'Added.\n'));
await change('added.md', (file) => fs.appendFileSync(file, '\nSaved after it was added.\n'));
await change('a2.md', (file) => fs.rmSync(file));
await change('2020/b0.md', (file) => fs.appendFileSync(file, '\nSaved in a folder.\n'));
await change('2021/new.md', (file) => {
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, 'In a new folder.\n');
});
await change('2021/new.md', (file) => fs.appendFileSync(file, '\nSaved in the new folder.\n'));
await change('2020', (dir) => fs.rmSync(dir, { recursive: true }));
// Written through the other name, outside the watched folders.
await change('linked/link.md', () => fs.appendFileSync(path.join(site, 'elsewhere/target.md'), '\nSaved through the link.\n'));
await change('linked/twin.md', () => fs.appendFileSync(path.join(site, 'elsewhere/twin.md'), '\nSaved through the other name.\n'));
await change('linked/plain.md', (file) => fs.appendFileSync(file, '\nSaved beside the link.\n'));
await watching.close();
console.log(JSON.stringify({ watches, changes }));
