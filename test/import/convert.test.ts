import { describe, expect, it } from 'vitest';
import { autop } from '../../lib/import/autop.js';
import { htmlToMarkdown } from '../../lib/import/html-to-markdown.js';
import { expandShortcodes } from '../../lib/import/shortcodes.js';
import { wordpressHtml } from '../../lib/import/wp-content.js';

const keep = { rewriteUrl: (url: string) => url, trustHtml: false };
function convert(html: string, options: Partial<typeof keep> = {}) {
  const warnings: string[] = [];
  return { markdown: htmlToMarkdown(html, { ...keep, ...options, warn: (m) => warnings.push(m) }), warnings };
}
function wp(content: string) {
  const warnings: string[] = [];
  const html = wordpressHtml(content, {
    attachment: (id) => (id === '7' ? { url: 'https://ex.org/wp-content/uploads/a&b.jpg', alt: 'A "quoted" alt', caption: '' } : undefined),
    ownAttachments: () => [],
    reusableBlock: (id) => (id === '9' ? '<!-- wp:paragraph --><p>Shared text</p><!-- /wp:paragraph -->' : undefined),
    warn: (m) => warnings.push(m),
  });
  return { html, warnings };
}

describe('autop', () => {
  it('should make paragraphs of blank-line separated text and line breaks of single newlines, leaving blocks alone', () => {
    expect(autop('One\ntwo\n\nThree')).toBe('<p>One<br />\ntwo</p>\n<p>Three</p>');
    expect(autop('Intro\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nAfter')).toBe('<p>Intro</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>After</p>');
    expect(autop('<blockquote>One\n\nTwo</blockquote>')).toBe('<blockquote><p>One</p>\n<p>Two</p></blockquote>');
    expect(autop('<pre>a\n\n  b</pre>\n\nx')).toBe('<pre>a\n\n  b</pre>\n<p>x</p>');
    expect(autop('<p>Written</p>\n<p>by hand</p>')).toBe('<p>Written</p>\n<p>by hand</p>');
    expect(autop('<img\nsrc="x"\nalt="y"> text')).toBe('<p><img src="x" alt="y"> text</p>');
    expect(autop('  \n ')).toBe('');
  });
});

describe('wordpressHtml', () => {
  it('should drop block delimiters, put reusable blocks in place and warn about blocks WordPress builds itself', () => {
    const { html, warnings } = wp('<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->\n<!-- wp:block {"ref":9} /-->\n<!-- wp:archives /-->\n<!-- wp:block {"ref":3} /-->');
    expect(html).toBe('<p>A</p>\n\n\n<p>Shared text</p>');
    expect(warnings).toEqual([
      'the block wp:archives is left out: WordPress builds it when it shows the page, so the export holds none of its content',
      'the reusable block 3 is not in the export; its place is left empty',
    ]);
  });

  it('should expand captions and galleries, keep unknown shortcodes as text with a warning, and show [[escaped]] ones literally', () => {
    const { html, warnings } = wp('[caption id="x" width="300"]<img src="p.jpg" alt="P"> A <em>cap</em>[/caption]\n\n[gallery ids="7,8"]\n\n[poll id=3] and [[gallery]] and [sic]');
    expect(html).toBe(
      '<figure><p><img src="p.jpg" alt="P"></p>\n<figcaption>A <em>cap</em></figcaption>\n</figure>\n<figure data-wp-gallery=""><p><img src="https://ex.org/wp-content/uploads/a&amp;b.jpg" alt="A &quot;quoted&quot; alt"></p></figure>\n<p>[poll id=3] and [gallery] and [sic]</p>',
    );
    expect(warnings).toEqual([
      '[gallery] names 1 picture(s) the export does not hold; they are left out',
      'the shortcode [poll] is kept as text: gazette does not know what it showed (a plugin made it); replace it by hand',
    ]);
  });

  it('should leave an unclosed caption shortcode as text', () => {
    expect(expandShortcodes('[caption]<img src="a.jpg"> no end', { attachment: () => undefined, ownAttachments: () => [], warn: () => {} })).toBe('<img src="a.jpg"> no end');
  });
});

describe('htmlToMarkdown', () => {
  it('should write figures, galleries and videos as gazette directives', () => {
    expect(convert('<figure><a href="big.jpg"><img src="small.jpg" alt="A"></a><figcaption>Cap <em>x</em></figcaption></figure>').markdown).toBe(':::figure\n![A](small.jpg)\n\nCap _x_\n:::\n');
    expect(convert('<figure data-wp-gallery=""><img src="a.jpg" alt="A"><img src="b.jpg" alt="B"></figure>').markdown).toBe(':::gallery\n![A](a.jpg)\n\n![B](b.jpg)\n:::\n');
    expect(convert('<p>https://youtu.be/dQw4w9WgXcQ</p>').markdown).toBe('::youtube{url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"}\n');
    expect(convert('<iframe src="//player.vimeo.com/video/76979871" title="A &quot;film&quot;"></iframe>').markdown).toBe('::vimeo{url="https://vimeo.com/76979871" title="A &#x22;film&#x22;"}\n');
    // A bare address of a site WordPress does not embed stays text, as WordPress showed it (not made a link).
    expect(convert('<p>https://example.org/page</p>').markdown).toBe('https\\://example.org/page\n');
  });

  it('should keep what Markdown cannot say as raw HTML, and iframes as raw HTML only on a site that trusts its HTML', () => {
    expect(convert('<p>H<sub>2</sub>O and <abbr title="Fire Brigade">FB</abbr></p>').markdown).toBe('H<sub>2</sub>O and <abbr title="Fire Brigade">FB</abbr>\n');
    expect(convert('<table><tr><td colspan="2">Both</td></tr><tr><td>a</td><td>b</td></tr></table>').markdown).toBe(
      '<table><tbody><tr><td colspan="2">Both</td></tr><tr><td>a</td><td>b</td></tr></tbody></table>\n',
    );
    expect(convert('<details><summary>More</summary>\n\n<p>Hidden</p></details>').markdown).toBe('<details><summary>More</summary>\n<p>Hidden</p></details>\n');
    const map = '<iframe src="https://maps.example.net/x"></iframe>';
    expect(convert(map).markdown).toBe('::embed{url="https://maps.example.net/x"}\n');
    expect(convert(map).warnings).toEqual(['the <iframe> of https://maps.example.net/x became a link card: gazette removes iframes from raw HTML unless "trustHtml" is true']);
    expect(convert(map, { trustHtml: true }).markdown).toBe('<iframe src="https://maps.example.net/x"></iframe>\n');
    expect(convert('<p>Text<script>alert(1)</script></p><svg><text>x</text></svg>').markdown).toBe('Text\n');
  });

  it('should rewrite every link and picture address, and drop WordPress\'s own picture sizes', () => {
    const out = convert('<p><a href="/a"><img src="b.jpg" srcset="b-300.jpg 300w" alt=""></a></p>', { rewriteUrl: (url) => `X${url}` }).markdown;
    expect(out).toBe('[![](Xb.jpg)](X/a)\n');
  });
});
