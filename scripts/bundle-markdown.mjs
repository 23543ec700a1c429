// Bundles the compiled Markdown pipeline (lib/markdown/processor.js and the unified plugins it uses)
// into lib/markdown/pipeline.js, one module that loads in a fraction of the time of the two hundred
// it is made of. `npm run compile` runs this after tsc.
//
// Hot upstream modules are changed on the way, each with identical results (see
// test/markdown/bundle-patches.test.ts and docs/internals/performance.md):
// - micromark-util-edit-map is replaced by gazette's own (lib/markdown/edit-map.js);
// - mdast-util-from-markdown's `compile` gives its handlers one context object per tokenizer
//   instead of a new copy for every event (a copy of nine fields per event was a tenth of the
//   parse of link-dense text, and much of its garbage), and its compiler (a hundred handler
//   closures) is made once per list of extensions instead of once per document;
// - micromark's `parse` merges the syntax extensions once per list of them, not per document;
// - unist-util-visit-parents no longer names each node's visitor function for stack traces.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Source edits, by the module's path inside node_modules: each `from` must occur exactly `count`
 * times, or the bundle fails (a new upstream version must be looked at again, never bundled
 * half-changed).
 */
export const PATCHES = {
  'mdast-util-from-markdown/lib/index.js': [
    {
      // A context per tokenizer (its sliceSerialize reads that tokenizer's chunks), made on first use.
      from: '    /** @type {Array<number>} */\n    const listStack = [];',
      to:
        // Events come in runs from one tokenizer: the last one's context is kept at hand.
        '    const contexts = new Map();\n' +
        '    let lastSlice = contexts, lastContext;\n' +
        '    const contextFor = (sliceSerialize) => {\n' +
        '      if (sliceSerialize === lastSlice) return lastContext;\n' +
        '      let found = contexts.get(sliceSerialize);\n' +
        '      if (found === undefined) contexts.set(sliceSerialize, (found = {...context, sliceSerialize}));\n' +
        '      lastSlice = sliceSerialize;\n' +
        '      return (lastContext = found);\n' +
        '    };\n' +
        '    /** @type {Array<number>} */\n    const listStack = [];',
      count: 1,
    },
    {
      from: '{\n          ...context,\n          sliceSerialize: events[index][2].sliceSerialize\n        }',
      to: 'contextFor(events[index][2].sliceSerialize)',
      count: 3,
    },
    {
      // One compiler (its hundred handler closures and merged extensions) per list of mdast
      // extensions, not per document: a processor passes the same list every time. Making it
      // for every body was garbage, and V8 spent about a second of CPU per thread optimizing it.
      from: '  return compiler(options)(postprocess(',
      to: '  return compilerFor(options)(postprocess(',
      count: 1,
    },
    {
      from: '/**\n * Note this compiler only understand complete buffering, not streaming.',
      to:
        'const compilers = new WeakMap();\n' +
        'let plainCompiler;\n' +
        'function compilerFor(options) {\n' +
        '  const extensions = (options || {}).mdastExtensions;\n' +
        '  if (!extensions || extensions.length === 0) return (plainCompiler ??= compiler());\n' +
        // A list that grew since (a plugin adding to it late) gets a compiler of its own again.
        '  let found = compilers.get(extensions);\n' +
        '  if (found === undefined || found.length !== extensions.length) compilers.set(extensions, (found = { length: extensions.length, compile: compiler(options) }));\n' +
        '  return found.compile;\n' +
        '}\n\n' +
        '/**\n * Note this compiler only understand complete buffering, not streaming.',
      count: 1,
    },
    {
      // The data handlers share while compiling, made per document now that the compiler is kept.
      from: '  /** @type {CompileData} */\n  const data = {};\n  return compile;',
      to: '  return compile;',
      count: 1,
    },
    {
      from: "    /** @type {Omit<CompileContext, 'sliceSerialize'>} */\n    const context = {",
      to: "    /** @type {CompileData} */\n    const data = {};\n    /** @type {Omit<CompileContext, 'sliceSerialize'>} */\n    const context = {",
      count: 1,
    },
  ],
  'micromark/lib/parse.js': [
    {
      // The constructs merged from the extensions, once per list of extensions rather than for
      // every document: nothing writes to them, and a processor passes the same list every time.
      from: '  const constructs = /** @type {FullNormalizedExtension} */\n  combineExtensions([defaultConstructs, ...(settings.extensions || [])]);',
      to: '  const constructs = constructsFor(settings.extensions);',
      count: 1,
    },
    {
      from: 'export function parse(options) {',
      to:
        'const combined = new WeakMap();\n' +
        'let plainConstructs;\n' +
        'function constructsFor(extensions) {\n' +
        '  if (!extensions || extensions.length === 0) return (plainConstructs ??= combineExtensions([defaultConstructs]));\n' +
        '  let found = combined.get(extensions);\n' +
        '  if (found === undefined || found.length !== extensions.length) combined.set(extensions, (found = { length: extensions.length, constructs: combineExtensions([defaultConstructs, ...extensions]) }));\n' +
        '  return found.constructs;\n' +
        '}\n\n' +
        'export function parse(options) {',
      count: 1,
    },
  ],
  'unist-util-visit-parents/lib/index.js': [
    {
      // Names each node's visitor for stack traces ("node (element<p>)"): a string and a property
      // definition for every node of every tree walked, and nothing else reads the name.
      from: "      Object.defineProperty(visit, 'name', {\n        value:\n          'node (' + color(node.type + (name ? '<' + name + '>' : '')) + ')'\n      })\n",
      to: '',
      count: 1,
    },
  ],
};

/** Apply `PATCHES[name]` to `source`; throws when one does not match as expected. */
export function patchSource(name, source) {
  let out = source;
  for (const { from, to, count } of PATCHES[name] ?? []) {
    const found = out.split(from).length - 1;
    if (found !== count) throw new Error(`bundle-markdown: expected ${count} of a patched passage in ${name}, found ${found}`);
    out = out.split(from).join(to);
  }
  return out;
}

/** The esbuild plugin that applies PATCHES to the modules it names. */
export const patchPlugin = {
  name: 'gazette-patches',
  setup(build) {
    const names = Object.keys(PATCHES);
    const filter = new RegExp(`node_modules[\\\\/](${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\\\//g, '[\\\\/]')).join('|')})$`);
    build.onLoad({ filter }, async (args) => {
      const name = names.find((n) => args.path.replace(/\\/g, '/').endsWith(`node_modules/${n}`));
      return { contents: patchSource(name, await fs.promises.readFile(args.path, 'utf8')), loader: 'js' };
    });
  },
};

/** esbuild options shared by the pipeline bundle and the tests that bundle a patched module alone. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  alias: { 'micromark-util-edit-map': path.join(root, 'lib/markdown/edit-map.js') },
  plugins: [patchPlugin],
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [path.join(root, 'lib/markdown/processor.js')],
    external: ['rehype-highlight', 'handlebars'],
    outfile: path.join(root, 'lib/markdown/pipeline.js'),
  });
}
