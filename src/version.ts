import { createHash } from 'node:crypto';
import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampOf } from './stamp.js';

/** gazette's own version, from its package.json. */
export const GAZETTE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** gazette's own files: its package.json and compiled code. */
export function ownFiles(): string[] {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = [path.join(root, 'package.json')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name.endsWith('.js')) files.push(path.join(dir, entry.name));
    }
  };
  try {
    walk(path.join(root, 'lib'));
  } catch {
    // Not laid out as a package: the version alone identifies gazette.
  }
  return files;
}

let code: string | null = null;

/**
 * Identifies this copy of gazette's code: its version and the bytes of its
 * files. Output made by other code (an upgrade, a local change) is never
 * taken for current, even when the version number is the same; the same code
 * installed afresh (a CI checkout, with new file times) is recognised as the same.
 * Reading the 1.8 MB of compiled code takes a few milliseconds, once per process.
 */
export function codeIdentity(): string {
  if (code === null) {
    const hash = createHash('sha1').update(GAZETTE_VERSION);
    // Sorted: the order a folder lists its files in differs between file systems.
    for (const file of ownFiles().sort()) {
      hash.update(`\0${path.basename(file)}\0`);
      try {
        hash.update(fs.readFileSync(file));
      } catch {
        hash.update(String(stampOf(file)));
      }
    }
    code = hash.digest('hex');
  }
  return code;
}
