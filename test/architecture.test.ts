/**
 * Issue #24: data flows one way. Every module of `src/` belongs to a layer; a module imports only
 * from its own layer or an earlier one (type-only imports count: they are dependencies too), and no
 * modules import each other in a circle. See docs/internals/architecture.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeFiles } from './helpers.js';

/**
 * The layers, earliest first: a folder of `src/` (or a single file, which overrides its folder).
 * The order written down once, here.
 */
const LAYERS: { name: string; paths: string[] }[] = [
  // What every layer uses: hashing, stamps, messages, progress, safe output paths, and how any cache file is read and written.
  { name: 'base', paths: ['hash.ts', 'push-all.ts', 'stamp.ts', 'version.ts', 'safe-path.ts', 'report', 'cache/cache-file.ts', 'cache/cache-notices.ts'] },
  // Parsing sources: front matter, dates, slugs (an image record is a field of an article).
  // (search/terms.ts: how text is cut into search terms, in the Markdown workers too.)
  { name: 'content', paths: ['content', 'images/record.ts', 'search/terms.ts'] },
  // Settings, each feature's checked where config reads them (the image settings and the sanitize schema user hooks are tried on).
  { name: 'config', paths: ['config', 'images/settings.ts', 'markdown/sanitize-schema.ts'] },
  // Handlebars templates, helpers, theme strings, and the views pages are rendered from.
  { name: 'render', paths: ['render'] },
  { name: 'markdown', paths: ['markdown'] },
  { name: 'images', paths: ['images'] },
  // Article[] → plan of pages, feeds, sitemaps.
  { name: 'site', paths: ['site'] },
  // The full-text index, made from the site's plan; how the last build's files are found again is given to it.
  { name: 'search', paths: ['search'] },
  // The types that travel between the build's stages, and the generated site.
  { name: 'model', paths: ['build/model.ts'] },
  { name: 'output', paths: ['output'] },
  { name: 'check', paths: ['check'] },
  // Wraps stages: keeps their results by what they depend on.
  { name: 'cache', paths: ['cache'] },
  // The stages, and generateSite composing them.
  { name: 'stages', paths: ['build', 'generate.ts'] },
  { name: 'build', paths: ['build.ts'] },
  { name: 'watch', paths: ['watch', 'serve'] },
  { name: 'tools', paths: ['import', 'init'] },
  { name: 'cli', paths: ['cli'] },
];

interface Import {
  from: string;
  to: string;
}

/** Every import (static, dynamic, and re-export) between modules of the `src` folder `srcDir`, as paths relative to it. */
function sourceImports(srcDir: string): { modules: string[]; imports: Import[] } {
  const modules = (fs.readdirSync(srcDir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  const imports: Import[] = [];
  for (const from of modules) {
    const source = ts.createSourceFile(from, fs.readFileSync(path.join(srcDir, from), 'utf8'), ts.ScriptTarget.Latest, false);
    const add = (specifier: ts.Node | undefined) => {
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return;
      const to = path.posix.join(path.posix.dirname(from), specifier.text).replace(/\.js$/, '.ts');
      imports.push({ from, to });
    };
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { modules, imports };
}

/** The index in LAYERS of a module (the longest matching path wins), or -1. */
function layerOf(module: string): number {
  let found = -1;
  let longest = -1;
  LAYERS.forEach((layer, index) => {
    for (const p of layer.paths) {
      const matches = p.endsWith('.ts') ? module === p : module.startsWith(`${p}/`);
      if (matches && p.length > longest) [found, longest] = [index, p.length];
    }
  });
  return found;
}

/** Imports that run back up the flow: to a later layer than the importing module's. */
function importsAgainstFlow(srcDir: string): string[] {
  return sourceImports(srcDir)
    .imports.filter(({ from, to }) => layerOf(to) > layerOf(from))
    .map(({ from, to }) => `${from} (${LAYERS[layerOf(from)]!.name}) → ${to} (${LAYERS[layerOf(to)]!.name})`);
}

/** Modules importing each other, directly or around a circle (each circle once, as its members). */
function importCircles(srcDir: string): string[][] {
  const { modules, imports } = sourceImports(srcDir);
  const next = new Map(modules.map((m) => [m, [] as string[]]));
  for (const { from, to } of imports) next.get(from)?.push(to);
  // Tarjan's strongly connected components: a component of more than one module is a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!next.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort());
    }
  };
  for (const m of modules) if (!index.has(m)) visit(m);
  return circles;
}

describe('the layers of src/', () => {
  const srcDir = path.join(ROOT, 'src');

  it('should place every module in a layer', () => {
    expect(sourceImports(srcDir).modules.filter((m) => layerOf(m) < 0)).toEqual([]);
  });

  it('should have no import running back up the flow', () => {
    expect(importsAgainstFlow(srcDir)).toEqual([]);
  });

  it('should have no modules importing each other in a circle', () => {
    expect(importCircles(srcDir)).toEqual([]);
  });

  it('should catch an import against the flow, a type-only one too, and a circle', () => {
    // The checks themselves, on a small tree: they must be able to fail.
    const dir = tempDir();
    writeFiles(dir, {
      'content/article.ts': "import type { Config } from '../config/index.js';\nexport const a = 1;\n",
      'config/index.ts': "export interface Config { x: number }\n",
      'watch/session.ts': "import { b } from './watcher.js';\nexport const a = b;\n",
      'watch/watcher.ts': "export { a as b } from './session.js';\n",
      'cli/index.ts': "export const load = () => import('../watch/session.js');\n",
    });
    expect(importsAgainstFlow(dir)).toEqual(['content/article.ts (content) → config/index.ts (config)']);
    expect(importCircles(dir)).toEqual([['watch/session.ts', 'watch/watcher.ts']]);
  });
});
