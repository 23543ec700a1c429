// The renderer leaves out the GFM parser extensions a body cannot need. That must change nothing:
// every body here renders byte for byte as it does through remark-gfm whole.
import fs from 'node:fs';
import path from 'node:path';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { gfmFeaturesOf } from '../../lib/markdown/gfm-subset.js';
import rehypeHighlight from 'rehype-highlight';
import { createMarkdownRenderer } from '../../lib/markdown/processor.js';
import { rehypeGfmHtml } from '../../lib/markdown/rehype-gfm-html.js';
import { rehypeHeadingIds } from '../../lib/markdown/rehype-heading-ids.js';
import { rehypeRawWhenPresent } from '../../lib/markdown/rehype-raw-when-present.js';
import { rehypeResolveUrls } from '../../lib/markdown/rehype-resolve-urls.js';
import { articleSanitizeSchema } from '../../lib/markdown/sanitize-schema.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

const EDGE_CASES = [
  'a|b\n-|-\n1|2',
  '| a |\n| - |',
  'text\n|x|\n|-|',
  'a\\|b and `c|d`',
  '~~gone~~ and ~one~ and ~~~\nfenced\n~~~',
  'x[^1] and y[^note]\n\n[^1]: first\n[^note]: second',
  'foo[^bar] with no definition, [^]: nothing',
  '- [ ] open\n- [x] done\n- [X] also\n- [\ttab]',
  '> - [ ] quoted task\n>   1. [x] nested',
  '- [\n] split\n* [ ]',
  '[ ] not a list item, [x] neither',
  'see www.example.com, <https://a.example/> and [b](https://b.example "t") or me@example.org',
  '<span title="www.x.y">raw</span> http\\://not-a-link',
  '# Results\n\n## Results\n\n## Results\n\n### *Emphasis*, `code` and [a link](other.md)\n\n#### \n\n###### Six',
  '<h2 id="kept">Raw heading</h2>\n\n## Raw heading\n\n<h3>Raw without id</h3>',
  '- [ ] task with [a link](a.md)\n- [x] ## not a heading\n\n| h |\n| :-: |\n| c |',
];

function bodiesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) bodiesUnder(file, out);
    else if (entry.name.endsWith('.md')) out.push(fs.readFileSync(file, 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, ''));
  }
  return out;
}

describe('GFM extensions chosen per article', () => {
  const resolver = { basePath: '/', articleUrls: new Map<string, string>(), assetUrls: new Map<string, string>(), images: new Map(), social: new Map() };
  const whole = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRawWhenPresent)
    .use(rehypeSanitize, articleSanitizeSchema())
    // Fenced code is highlighted in every processor (issue #14); only GFM differs here.
    .use(rehypeHighlight, { detect: false })
    .use(rehypeHeadingIds)
    .use(rehypeGfmHtml)
    .use(rehypeResolveUrls)
    .use(rehypeStringify)
    .freeze();
  const render = createMarkdownRenderer({ trustHtml: false, configModule: null, shortcodes: {}, labels: { embedPlayVideo: 'Play video: {title}', embedVideo: '{host} video', embedFactBox: 'Fact box', embedKeyPoints: 'Key points' }, language: 'en', timeZone: 'UTC', basePath: '/' });

  it('renders every fixture and edge case exactly as remark-gfm whole does', async () => {
    // Bodies with block directives (::name) render differently by design: they are tested in test/extend.
    const bodies = [...bodiesUnder(FIXTURES), ...EDGE_CASES].filter((body) => !/^::/m.test(body));
    expect(bodies.length).toBeGreaterThan(50);
    for (const body of bodies) {
      const file = new VFile({ value: body, path: 'a.md', data: { sourcePath: 'a.md', resolver } });
      const expected = String(whole.stringify(whole.runSync(whole.parse(file), file), file));
      expect((await render(body, 'a.md', resolver)).html).toBe(expected);
    }
  });

  it('rules a construct out only when its marker is absent', () => {
    expect(gfmFeaturesOf('plain prose, nothing else')).toEqual({
      autolinks: false,
      footnotes: false,
      strikethrough: false,
      tables: false,
      taskItems: false,
    });
    expect(gfmFeaturesOf('a | b')).toMatchObject({ tables: true });
    expect(gfmFeaturesOf('~x~')).toMatchObject({ strikethrough: true });
    expect(gfmFeaturesOf('x[^1]')).toMatchObject({ footnotes: true });
    expect(gfmFeaturesOf('- [x] a')).toMatchObject({ taskItems: true });
    expect(gfmFeaturesOf('- [\r\n] a')).toMatchObject({ taskItems: true });
    expect(gfmFeaturesOf('see www.example.com')).toMatchObject({ autolinks: true });
  });
});
