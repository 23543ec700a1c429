// Loaded with `node --import` by tests: every call of the main thread that would change anything
// under GAZETTE_TEST_READ_ONLY fails with EACCES, as it does for a user without write permission
// there. (Tests run as root, whom `chmod` does not stop.) Reads are left alone.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

const root = path.resolve(process.env.GAZETTE_TEST_READ_ONLY ?? '/nonexistent');
const under = (file) => {
  if (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file)) return false;
  const resolved = path.resolve(String(file instanceof URL ? file.pathname : file));
  return resolved === root || resolved.startsWith(root + path.sep);
};
const denied = (syscall, file) => Object.assign(new Error(`EACCES: permission denied, ${syscall} '${file}'`), { code: 'EACCES', errno: -13, syscall, path: String(file) });
const writes = (flags) => typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;

// Which arguments of each call are paths it changes.
const CHANGES = {
  mkdir: [0], writeFile: [0], appendFile: [0], rename: [0, 1], rm: [0], unlink: [0], rmdir: [0],
  link: [1], symlink: [1], copyFile: [1], cp: [1], utimes: [0], truncate: [0], chmod: [0], mkdtemp: [0],
};

for (const [name, args] of Object.entries(CHANGES)) {
  const check = (params) => {
    for (const i of args) {
      const file = name === 'mkdtemp' ? path.dirname(String(params[i])) : params[i];
      if (under(file)) return denied(name, params[i]);
    }
    return null;
  };
  const sync = fs[`${name}Sync`];
  if (sync) {
    fs[`${name}Sync`] = function (...params) {
      const error = check(params);
      if (error) throw error;
      return sync.apply(this, params);
    };
  }
  const promised = fs.promises[name];
  if (promised) {
    fs.promises[name] = async function (...params) {
      const error = check(params);
      if (error) throw error;
      return promised.apply(this, params);
    };
  }
  const callback = fs[name];
  if (callback) {
    fs[name] = function (...params) {
      const error = check(params);
      if (error) return process.nextTick(params[params.length - 1], error);
      return callback.apply(this, params);
    };
  }
}
const openSync = fs.openSync;
fs.openSync = function (file, flags, ...rest) {
  if (under(file) && writes(flags)) throw denied('open', file);
  return openSync.call(this, file, flags, ...rest);
};
const open = fs.promises.open;
fs.promises.open = async function (file, flags, ...rest) {
  if (under(file) && writes(flags)) throw denied('open', file);
  return open.call(this, file, flags, ...rest);
};
syncBuiltinESMExports();
