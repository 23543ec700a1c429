import * as esbuild from 'esbuild';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_OPTIONS, patchPlugin, patchSource } from '../../scripts/bundle-markdown.mjs';
import { listIsLoose, listItemHandler } from '../../lib/markdown/list-item.js';
import { tempDir } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

// Markdown made of what makes micromark and the tree builders work hardest: link-dense list items
// (tight, loose, nested, lazy, task items), code spans, emphasis, autolink literals, references and
// footnotes, tables, directives, HTML, headings and fences.
const inline = fc.constantFrom(
  'text', 'two words', '*em*', '**bold**', '_u_', '`code`', '``a ` b``', '[link](http://x.org/a "t")', '[`sha`](https://x.org/c/1)',
  '![img](p.png)', 'www.x.org', 'http://x.org/p?q=1', 'a@b.co', '~~gone~~', '<span>', '&amp;', 'end\\', '**open', '[ref]', '[^1]',
  ':name[label]{#id}', '|', '*', '[', ']', '(', '\t', 'é', '<http://x.org>', '**[bold link](/x)**',
);
const prefix = fc.constantFrom('', '', '', '- ', '- ', '* ', '+ ', '1. ', '2) ', '  - ', '    - ', '   ', '    ', '> ', '> - ', '- [ ] ', '- [x] ', '  ');
const block = fc.constantFrom('', '', '', '# heading', '## h *x*', 'Setext', '===', '---', '```js', '```', '~~~', '[ref]: http://x.org/r', '[^1]: a note', '| a | b |', '| - | :-: |', '| 1 | 2 |', ':::note', ':::', '<div>', '</div>', '<!-- c -->');
const line = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(prefix, fc.array(inline, { minLength: 1, maxLength: 6 })).map(([p, parts]) => p + parts.join(' ')) },
  { weight: 2, arbitrary: block },
);
const markdown = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('the Markdown bundle (patched upstream modules)', () => {
  let dir: string;
  type Parser = { parse: (text: string) => unknown; parseAlone: (text: string) => unknown; parsePlain: (text: string) => unknown; parseGrowing: (text: string) => unknown; grow: () => void; walk: (tree: unknown, skip: string) => string[] };
  let original: Parser;
  let patched: Parser;

  /** Bundle the parser (micromark, mdast-util-from-markdown, GFM, directives) alone, with or without gazette's patches. */
  async function parserBundle(name: string, plugins: esbuild.Plugin[]): Promise<Parser> {
    const outfile = path.join(dir, `${name}.mjs`);
    await esbuild.build({
      ...BUNDLE_OPTIONS,
      plugins,
      stdin: {
        resolveDir: root,
        contents: [
          "import { fromMarkdown } from 'mdast-util-from-markdown';",
          "import { gfm } from 'micromark-extension-gfm';",
          "import { gfmFromMarkdown } from 'mdast-util-gfm';",
          "import { directive } from 'micromark-extension-directive';",
          "import { directiveFromMarkdown } from 'mdast-util-directive';",
          "import { visitParents, SKIP } from 'unist-util-visit-parents';",
          // One options object for every document, as a processor passes the same extensions each time (the patched compiler is kept per list of them).
          'const options = { extensions: [gfm(), directive()], mdastExtensions: [gfmFromMarkdown(), directiveFromMarkdown()] };',
          'export const parse = (text) => fromMarkdown(text, options);',
          'export const parseAlone = (text) => fromMarkdown(text, { extensions: [gfm(), directive()], mdastExtensions: [gfmFromMarkdown(), directiveFromMarkdown()] });',
          'export const parsePlain = (text) => fromMarkdown(text);',
          // Options whose lists of extensions grow after a first parse.
          'const growing = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };',
          'export const parseGrowing = (text) => fromMarkdown(text, growing);',
          'export const grow = () => { growing.extensions.push(directive()); growing.mdastExtensions.push(directiveFromMarkdown()); };',
          // Every visit with its ancestry, skipping the children of nodes of one type.
          'export const walk = (tree, skip) => { const seen = []; visitParents(tree, (node, parents) => { seen.push(`${parents.map((p) => p.type).join("/")}>${node.type}`); return node.type === skip ? SKIP : undefined; }); return seen; };',
        ].join('\n'),
      },
      outfile,
    });
    return (await import(pathToFileURL(outfile).href)) as Parser;
  }

  beforeAll(async () => {
    dir = tempDir();
    original = await parserBundle('original', []);
    patched = await parserBundle('patched', [patchPlugin]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should build the same mdast trees with the patched mdast-util-from-markdown as with the original', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        expect(patched.parse(text)).toEqual(original.parse(text));
      }),
      { numRuns: 600, seed: 30 },
    );
  }, 300_000);

  it('should build the same trees whatever was parsed before, with or without extensions', () => {
    // The patched compiler and constructs are made once per list of extensions and kept: nothing of one document may reach the next.
    fc.assert(
      fc.property(fc.array(markdown, { minLength: 2, maxLength: 4 }), (texts) => {
        for (const text of texts) {
          const expected = original.parseAlone(text);
          expect(patched.parse(text)).toEqual(expected);
          expect(patched.parseAlone(text)).toEqual(expected);
          expect(patched.parsePlain(text)).toEqual(original.parsePlain(text));
        }
      }),
      { numRuns: 150, seed: 31 },
    );
  }, 300_000);

  it('should parse with the extensions added to a list after it was first used', () => {
    const text = ':::note\n**bold** and :name[label]\n:::\n\n| a |\n| - |\n| 1 |';
    const before = original.parseGrowing(text);
    expect(patched.parseGrowing(text)).toEqual(before);
    original.grow();
    patched.grow();
    const after = original.parseGrowing(text);
    expect(after).not.toEqual(before);
    expect(patched.parseGrowing(text)).toEqual(after);
  });

  it('should walk trees with the patched unist-util-visit-parents as with the original', () => {
    const types = fc.constantFrom('', 'list', 'listItem', 'paragraph', 'link', 'table', 'emphasis');
    fc.assert(
      fc.property(markdown, types, (text, skip) => {
        const tree = original.parse(text);
        expect(patched.walk(tree, skip)).toEqual(original.walk(tree, skip));
      }),
      { numRuns: 300, seed: 30 },
    );
  });

  it('should patch the bundled pipeline, and refuse an upstream module the patch no longer fits', () => {
    const bundle = fs.readFileSync(path.join(root, 'lib/markdown/pipeline.js'), 'utf8');
    expect(bundle).toContain('const contextFor = (sliceSerialize)');
    expect(bundle).toContain('return compilerFor(options)(postprocess(');
    expect(bundle).toContain('= constructsFor(settings.extensions);');
    expect(bundle).not.toContain('sliceSerialize: events[index2][2].sliceSerialize');
    expect(bundle).not.toContain('Object.defineProperty(visit');
    expect(() => patchSource('mdast-util-from-markdown/lib/index.js', 'export function fromMarkdown() {}')).toThrow(/expected 1 of a patched passage/);
  });
});

describe('the list item handler', () => {
  const html = (handlers: Record<string, unknown>) => {
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true, handlers }).use(rehypeStringify);
    return (text: string) => String(processor.processSync(text));
  };
  const withDefault = html({});
  const withOurs = html({ listItem: listItemHandler });

  it('should give the HTML the default handler gives', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        expect(withOurs(text)).toBe(withDefault(text));
      }),
      { numRuns: 400, seed: 30 },
    );
  }, 300_000);

  it('should work out whether a list is loose once per list, not once per item', () => {
    // Counts how often the items' `spread` is read while the list is converted.
    let reads = 0;
    const items = Array.from({ length: 400 }, (_, i) => {
      const item = { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: `item ${i}` }] }] };
      Object.defineProperty(item, 'spread', { enumerable: true, get: () => (reads++, false) });
      return item;
    });
    const tree = { type: 'root', children: [{ type: 'list', ordered: false, spread: false, children: items }] };
    const toHtml = unified().use(remarkRehype, { handlers: { listItem: listItemHandler } }).use(rehypeStringify);
    const out = toHtml.stringify(toHtml.runSync(tree as never) as never);
    expect(out.match(/<li>/g)).toHaveLength(400);
    // The default handler reads them n² times (160,000 here); this one a few times per item.
    expect(reads).toBeLessThanOrEqual(4 * items.length);
    expect(listIsLoose(tree.children[0] as never)).toBe(false);
  });

  it('should be what the bundled pipeline converts list items with', () => {
    const bundle = fs.readFileSync(path.join(root, 'lib/markdown/pipeline.js'), 'utf8');
    expect(bundle).toMatch(/handlers: \{ listItem: listItemHandler \}/);
  });
});
