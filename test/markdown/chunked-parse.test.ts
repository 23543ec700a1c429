import fc from 'fast-check';
import type { Root } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseInChunks } from '../../lib/markdown/chunked-parse.js';
import { createMarkdownRenderer } from '../../lib/markdown/pipeline.js';

function directiveSyntax(this: Processor) {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(directive());
  (data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown());
}
const processor = unified().use(remarkParse).use(remarkGfm).use(directiveSyntax);
const parse = (text: string) => processor.parse(text) as Root;

/** Parse in chunks, counting the parses and whether the whole body was parsed again. */
function chunked(body: string, chunkChars: number) {
  let parses = 0;
  let whole = false;
  const tree = parseInChunks(
    (text) => {
      parses++;
      if (parses > 1 && text === body) whole = true;
      return parse(text);
    },
    body,
    chunkChars,
  );
  return { tree, parses, whole };
}

// Blocks of the kinds that could run across a cut: lists of every bullet (tight, loose, lazy, with
// fences, HTML and tables inside), headings, fenced code closed or not, HTML blocks, blockquotes,
// tables, container directives, thematic breaks, setext headings, ordered lists.
const inline = fc.constantFrom('text', '*em*', '**bold**', '`code`', '[link](http://x.org)', 'www.x.org', '~~gone~~', '<span>', '&amp;', 'end\\', '**open', '[^1]', '_u');
const bullet = fc.constantFrom('*', '*', '-', '+');
const item = fc.record({
  marker: bullet,
  text: inline,
  extra: fc.constantFrom('', '', '', '\n  more', '\nlazy line', '\n\n  loose paragraph', '\n  ```\n  code', '\n  ```\n  code\n  ```', '\n  * nested\n  * nested', '\n  > quoted', '\n  <div>\n  html', '\n  | a | b |\n  | - | - |\n  | 1 | 2 |'),
});
const list = fc.record({ items: fc.array(item, { minLength: 1, maxLength: 8 }), sameMarker: fc.boolean(), loose: fc.boolean() }).map(({ items, sameMarker, loose }) =>
  items.map((i) => `${sameMarker ? items[0]!.marker : i.marker} ${i.text}${i.extra}`).join(loose ? '\n\n' : '\n'),
);
const block = fc.oneof(
  { weight: 4, arbitrary: list },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([level, text]) => `${'#'.repeat(level)} ${text}`) },
  { weight: 2, arbitrary: fc.tuple(inline, inline).map(([a, b]) => `${a} ${b}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '```js\ncode\n# not a heading\n* not an item\n```',
      '~~~\nnever closed\n',
      '```\nnever closed\n\n# x\n',
      '<div>\n\n# in html\n</div>',
      '<!--\n\n* c\n\n# h\n-->',
      '<pre>\n\n# x\n</pre>',
      '<script>\n\n* a\n',
      ':::note\n\n# in a directive\n* x\n:::',
      ':::warn\n\n* never closed\n',
      '::leaf{a=1}',
      '> quote\n> * quoted item\nlazy',
      '| a | b |\n| - | - |\n| 1 | 2 |',
      '---',
      '* * *',
      'setext\n===',
      '    indented\n\n    code',
      '1. one\n2. two',
      '3) three',
      '* [ ] task\n* [x] done',
      '[^1]: a footnote',
      '[label\nover two lines]: /url',
      '> [quoted]: /url',
      'See [label over two lines] and [quoted][] and [^1].',
    ),
  },
);
const document = fc
  .tuple(fc.array(fc.tuple(block, fc.constantFrom('\n', '\n\n', '\n\n', '\n\n\n')), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([blocks, crlf]) => {
    const body = blocks.map(([b, gap]) => b + gap).join('');
    return crlf ? body.replace(/\n/g, '\r\n') : body;
  });

/** A release-notes post: headings over long tight lists of link-dense lines. */
function releaseNotes(items: number): string {
  const lines = ['Intro paragraph.', '', '### Notable changes', ''];
  for (let i = 0; i < items; i++) {
    lines.push(`* \\[[\`${(i * 7919).toString(16).padStart(10, '0')}\`](https://example.org/commit/${i})] - **scope**: change number ${i} (Someone) [#${i}](https://example.org/pull/${i})`);
    if (i % 400 === 399) lines.push('', `### Section ${i}`, '');
  }
  return lines.join('\n') + '\n';
}

describe('parseInChunks', () => {
  it('should give the same tree as one parse, positions included, whatever the document', () => {
    fc.assert(
      fc.property(document, fc.constantFrom(8, 40, 150), (body, chunkChars) => {
        expect(chunked(body, chunkChars).tree).toEqual(parse(body));
      }),
      { numRuns: 1000, seed: 17 },
    );
  });

  it('should parse a long release-notes post in pieces, joining its lists, without parsing it whole', () => {
    const body = releaseNotes(3000);
    const { tree, parses, whole } = chunked(body, 16 * 1024);
    expect(whole).toBe(false);
    expect(parses).toBeGreaterThan(body.length / (16 * 1024) - 2);
    expect(tree).toEqual(parse(body));
    expect(tree.children.filter((node) => node.type === 'list')).toHaveLength(8);
  });

  it('should parse a body whole when it defines links or footnotes, which pieces would not see', () => {
    const body = releaseNotes(600) + '\n[ref]: https://example.org\n';
    expect(chunked(body, 4096).parses).toBe(1);
    // A definition the line scan does not see (its label runs over two lines) is found in the trees.
    const hidden = `See [the notes list] for more.\n\n${releaseNotes(600)}\n[the notes\nlist]: https://example.org\n`;
    const result = chunked(hidden, 4096);
    expect(result.whole).toBe(true);
    expect(result.tree).toEqual(parse(hidden));
    expect(JSON.stringify(result.tree)).toContain('"type":"linkReference"');
  });

  it('should still cut a body where "]:" appears in text but defines nothing', () => {
    const body = `**Breaking [2.0]:** read this first.\n\n${releaseNotes(600)}`;
    const result = chunked(body, 4096);
    expect(result.whole).toBe(false);
    expect(result.parses).toBeGreaterThan(2);
    expect(result.tree).toEqual(parse(body));
  });

  it('should parse a body whole again when a cut falls inside a block that runs on', () => {
    // A fence never closed: every heading after it is code, so no cut after it may stand.
    const body = releaseNotes(300) + '\n```\n' + releaseNotes(1200).replace(/^\* /gm, '') + '\n# Heading\n\ntext\n';
    const result = chunked(body, 4096);
    expect(result.whole).toBe(true);
    expect(result.tree).toEqual(parse(body));
  });

  it('should render a large body to the same HTML and messages as a single parse does', async () => {
    const options = { trustHtml: false, configModule: null, shortcodes: {}, labels: {}, language: 'en', timeZone: 'UTC', basePath: '/' };
    const resolver = { basePath: '/', articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };
    const inPieces = createMarkdownRenderer(options);
    // Any remark plugin of the user's turns pieces off (it may add syntax); this one does nothing.
    const whole = createMarkdownRenderer(options, { remarkPlugins: [() => undefined], rehypePlugins: [], sanitize: null, helpers: {}, partials: {} });
    const body = `${releaseNotes(2500)}\n## Last [section](#top)\n\nA footnote[^n] at the end.\n\n::nope-not-a-directive\n`;
    const a = await inPieces(body, 'notes.md', resolver);
    const b = await whole(body, 'notes.md', resolver);
    expect(a.html.length).toBeGreaterThan(300_000);
    expect(a).toEqual(b);
    // The message about the unknown directive points at its line, far into the body.
    expect(a.messages.map((m) => m.line)).toContain(body.split('\n').length - 1);
  });
});
