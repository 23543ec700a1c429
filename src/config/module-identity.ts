import fs from 'node:fs';
import path from 'node:path';
import { sha1 } from '../hash.js';

/** What a JavaScript config module depends on, as far as its import statements tell. */
export interface ModuleDependencies {
  /** The module itself and every local file it imports, directly or through other local files (absolute paths). */
  files: string[];
  /** Each package imported by those files → its installed version, or null when it is not installed. */
  packages: Map<string, string | null>;
  /** Changes whenever any of those files' content or any package's installed version changes. */
  identity: string;
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`; comments are not parsed
// away, so a commented-out import still counts: it errs towards re-rendering.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;

/**
 * Follow the imports of a config module: local files are read and followed
 * in turn, packages are resolved from the importing file's folder the way
 * Node does (the nearest `node_modules/<name>/package.json`) and their
 * installed versions taken. A plugin upgrade or an edit to a local plugin
 * file therefore changes the identity; nothing else does.
 * @param file Absolute path of the config module.
 */
export function moduleDependencies(file: string): ModuleDependencies {
  const files: string[] = [];
  const packages = new Map<string, string | null>();
  const parts: string[] = [];
  const visit = (current: string) => {
    if (files.includes(current)) return;
    let text: string;
    try {
      text = fs.readFileSync(current, 'utf8');
    } catch {
      return; // a missing import fails when the module is imported, with Node's own message
    }
    files.push(current);
    parts.push(`file\0${current}\0${sha1(text)}`);
    for (const [, , specifier] of text.matchAll(IMPORT)) {
      if (specifier!.startsWith('node:')) continue;
      if (specifier!.startsWith('.') || specifier!.startsWith('/') || specifier!.startsWith('file:')) {
        const target = specifier!.startsWith('file:') ? new URL(specifier!).pathname : path.resolve(path.dirname(current), specifier!);
        visit(target);
        continue;
      }
      const name = packageName(specifier!);
      if (packages.has(name)) continue;
      const version = installedVersion(name, path.dirname(current));
      packages.set(name, version);
      parts.push(`package\0${name}\0${version ?? 'missing'}`);
    }
  };
  visit(file);
  return { files, packages, identity: sha1(parts.join('\n')) };
}

/** 'remark-math' of 'remark-math/lib/x.js', '@scope/pkg' of '@scope/pkg/sub'. */
function packageName(specifier: string): string {
  const segments = specifier.split('/');
  return specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0]!;
}

/** The `version` of the package `name` as Node would find it from `dir`, or null. */
function installedVersion(name: string, dir: string): string | null {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'node_modules', ...name.split('/'), 'package.json');
    try {
      const data = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown };
      return typeof data.version === 'string' ? data.version : null;
    } catch {
      // not installed here: look further up
    }
    if (path.dirname(current) === current) return null;
  }
}
