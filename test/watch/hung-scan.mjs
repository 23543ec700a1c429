// Preloaded by stop-during-scan.test.ts (`node --import`): the file watcher's scan of the folders it
// watches never ends, as a very large site's scan seems to, while the build reads the sources as usual.
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

/** `fs.promises[name]`, never answering the file watcher (chokidar and the readdirp it lists folders with). */
function hangForWatcher(name) {
  const real = fs[name];
  fs[name] = function (...args) {
    // The watcher stats each path it is given before scanning it; the build's own calls go on.
    const stack = new Error().stack;
    if (stack.includes('readdirp') || stack.includes('chokidar')) return new Promise(() => undefined);
    return real.apply(this, args);
  };
}
for (const name of ['readdir', 'stat', 'lstat', 'realpath']) hangForWatcher(name);
syncBuiltinESMExports();
