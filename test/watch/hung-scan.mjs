// Preloaded by stop-during-scan.test.ts (`node --import`): the file watcher's scan of the folders it
// watches never ends, as a very large site's scan seems to, while the build reads the sources as usual.
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const readdir = fs.readdir;
fs.readdir = function (...args) {
  // The watcher lists folders through readdirp; the build's own listing goes on.
  if (new Error().stack.includes('readdirp')) return new Promise(() => undefined);
  return readdir.apply(this, args);
};
syncBuiltinESMExports();
