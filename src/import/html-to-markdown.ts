import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { BlockContent, Nodes as MdastNodes, PhrasingContent } from 'mdast';
import { directiveToMarkdown } from 'mdast-util-directive';
import rehypeParse from 'rehype-parse';
import rehypeRemark, { type Options as ToMdastOptions } from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified, type Processor } from 'unified';
import { embedFor, type Embed } from './embeds.js';

/** How one body is converted: where its URLs lead, and what to do with what Markdown cannot say. */
export interface ConvertOptions {
  /** The URL to write for a link (`link`) or a picture, video or sound (`media`) in the body. */
  rewriteUrl(url: string, kind: 'link' | 'media'): string;
  /** The site keeps raw HTML unsanitized (config `trustHtml`): iframes may stay as they are. */
  trustHtml: boolean;
  warn(message: string): void;
}

// Markup Markdown has no syntax for, kept as raw HTML inside the text (gazette's sanitizer allows all of it).
const INLINE_RAW = new Set(['sup', 'sub', 'u', 'mark', 'ins', 'abbr', 'bdi', 'bdo']);
// Blocks kept as raw HTML whole.
const BLOCK_RAW = new Set(['details', 'video', 'audio', 'dl']);
// What the conversion would drop silently: said in a warning instead.
const DROPPED = new Set(['svg', 'math', 'object', 'embed', 'canvas', 'form', 'noscript']);
const MEDIA_ATTRIBUTES: Record<string, string[]> = { img: ['src'], video: ['src', 'poster'], audio: ['src'], source: ['src'] };

/**
 * Turn a post's HTML into gazette Markdown: GFM for what Markdown says,
 * gazette's directives for figures with captions, galleries and embeds,
 * and raw HTML for the rest, so no text is lost.
 * @param html The body, with WordPress's own markup (shortcodes, automatic paragraphs) already expanded.
 * @returns Markdown, ending with one line break (or '' for an empty body).
 */
export function htmlToMarkdown(html: string, options: ConvertOptions): string {
  const processor = unified()
    .use(rehypeParse, { fragment: true })
    .use(() => (tree: Root) => prepare(tree, options))
    .use(rehypeRemark, {
      handlers: { 'gazette-directive': directiveHandler },
      nodeHandlers: { raw: (_state, node: { value: string }) => ({ type: 'html', value: node.value }) },
    })
    .use(remarkGfm)
    .use(function directives(this: Processor) {
      const data = this.data();
      (data.toMarkdownExtensions ??= []).push(directiveToMarkdown());
    })
    .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, rule: '-', listItemIndent: 'one', resourceLink: false });
  const markdown = String(processor.processSync(html)).trim();
  return markdown ? `${markdown}\n` : '';
}

/** A stand-in element carrying the directive a piece of HTML becomes; its children are the label or body. */
interface DirectiveSpec {
  kind: 'leafDirective' | 'containerDirective';
  name: string;
  attributes: Record<string, string>;
}

function directiveElement(spec: DirectiveSpec, children: ElementContent[]): Element {
  return { type: 'element', tagName: 'gazette-directive', properties: { dataSpec: JSON.stringify(spec) }, children };
}

type Handle = NonNullable<NonNullable<ToMdastOptions['handlers']>[string]>;

/** rehype-remark handler for the stand-ins: the directive, its children converted as usual. */
const directiveHandler: Handle = (state, node): MdastNodes => {
  const spec = JSON.parse(String(node.properties.dataSpec)) as DirectiveSpec;
  const children = state.all(node);
  if (spec.kind === 'leafDirective') {
    return { type: 'leafDirective', name: spec.name, attributes: spec.attributes, children: children as PhrasingContent[] };
  }
  return { type: 'containerDirective', name: spec.name, attributes: spec.attributes, children: state.toFlow(children) as BlockContent[] };
};

/** Rewrite URLs, then replace what needs more than the default conversion, depth first. */
function prepare(tree: Root, options: ConvertOptions): void {
  rewriteUrls(tree, options);
  transformChildren(tree, options);
}

function rewriteUrls(node: Root | Element, options: ConvertOptions): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const props = child.properties;
    if (child.tagName === 'a' && typeof props.href === 'string') props.href = options.rewriteUrl(props.href, 'link');
    for (const name of MEDIA_ATTRIBUTES[child.tagName] ?? []) {
      if (typeof props[name] === 'string') props[name] = options.rewriteUrl(props[name], 'media');
    }
    // WordPress's own sizes of a picture: gazette makes its own from the file.
    if (child.tagName === 'img') {
      delete props.srcSet;
      delete props.sizes;
    }
    rewriteUrls(child, options);
  }
}

function transformChildren(parent: Root | Element, options: ConvertOptions): void {
  parent.children = parent.children.flatMap((child): (RootContent & ElementContent)[] => {
    if (child.type === 'comment') return [];
    if (child.type !== 'element') return [child as RootContent & ElementContent];
    const replaced = transformElement(child, options);
    if (replaced !== undefined) return replaced;
    transformChildren(child, options);
    return [child];
  });
}

/** What an element becomes, or undefined to convert it (and its children) as usual. */
function transformElement(element: Element, options: ConvertOptions): ElementContent[] | undefined {
  const tag = element.tagName;
  if (tag === 'script' || tag === 'style' || tag === 'template') return [];
  if (DROPPED.has(tag)) {
    const what = tag === 'noscript' ? null : tag === 'form' ? 'a form' : `an <${tag}>`;
    if (what) options.warn(`${what} is left out: Markdown and gazette's sanitizer have no place for it`);
    return tag === 'form' ? undefined : [];
  }
  if (INLINE_RAW.has(tag) || BLOCK_RAW.has(tag)) return [raw(element)];
  if (tag === 'table') return isSimpleTable(element) ? undefined : [raw(element)];
  if (tag === 'iframe') return iframe(element, options);
  if (tag === 'figure') return figure(element, options);
  if (tag === 'p') {
    const url = bareUrl(element);
    const embed = url ? embedFor(url, { oembedOnly: true }) : null;
    if (embed) return [embedDirective(embed, null, [])];
  }
  return undefined;
}

/** Raw HTML for Markdown: no blank line inside, which would end the HTML block. */
function raw(element: Element): ElementContent {
  return { type: 'raw', value: toHtml(element).replace(/\n[ \t]*(?=\n)/g, '').replace(/\n{2,}/g, '\n') } as unknown as ElementContent;
}

/** A table GFM can write: no merged cells, no caption, nothing but text and inline markup in the cells. */
function isSimpleTable(table: Element): boolean {
  let simple = true;
  const walk = (node: Element, inCell: boolean) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const tag = child.tagName;
      if (tag === 'caption' || tag === 'table' && inCell) simple = false;
      if (tag === 'td' || tag === 'th') {
        if (Number(child.properties.colSpan ?? 1) > 1 || Number(child.properties.rowSpan ?? 1) > 1) simple = false;
      }
      if (inCell && /^(?:p|ul|ol|blockquote|pre|div|figure|h[1-6]|hr|dl|details)$/.test(tag)) simple = false;
      walk(child, inCell || tag === 'td' || tag === 'th');
    }
  };
  walk(table, false);
  return simple;
}

/** The URL a paragraph consists of, as WordPress embeds it (a bare address, or a link showing its own address), or null. */
function bareUrl(p: Element): string | null {
  const parts = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === '') && !(c.type === 'element' && c.tagName === 'br'));
  if (parts.length !== 1) return null;
  const only = parts[0]!;
  if (only.type === 'text') return /^\s*https?:\/\/\S+\s*$/i.test(only.value) ? only.value.trim() : null;
  if (only.type === 'element' && only.tagName === 'a' && typeof only.properties.href === 'string') {
    const text = textContent(only).trim();
    return text === only.properties.href ? text : null;
  }
  return null;
}

function iframe(element: Element, options: ConvertOptions): ElementContent[] {
  const src = typeof element.properties.src === 'string' ? element.properties.src : '';
  const title = typeof element.properties.title === 'string' ? element.properties.title : null;
  const embed = embedFor(src.startsWith('//') ? `https:${src}` : src, { oembedOnly: false });
  if (embed?.kind === 'video') return [embedDirective(embed, title, [])];
  if (options.trustHtml) return [raw(element)];
  if (!embed) {
    options.warn('an <iframe> without an http(s) address is left out');
    return [];
  }
  options.warn(`the <iframe> of ${embed.url} became a link card: gazette removes iframes from raw HTML unless "trustHtml" is true`);
  return [embedDirective(embed, title, [])];
}

/** A video directive (`::youtube`), or a link card (`::embed`) for any other address. */
function embedDirective(embed: Embed, title: string | null, caption: ElementContent[]): Element {
  // The video's own address, not `id`: written as `{#id}`, an id such as "-x1" would not read back.
  const attributes: Record<string, string> = { url: embed.kind === 'video' ? embed.watchUrl : embed.url };
  if (title) attributes.title = title;
  // A card's label would be shown as a quotation of the post, so its caption goes in as the title.
  if (embed.kind !== 'video' && caption.length && !title) attributes.title = caption.map(textContent).join('').trim();
  return directiveElement({ kind: 'leafDirective', name: embed.kind === 'video' ? embed.host : 'embed', attributes }, embed.kind === 'video' ? caption : []);
}

/** Figures: a picture with its caption, a gallery, or a block editor embed; anything else converts as usual. */
function figure(element: Element, options: ConvertOptions): ElementContent[] | undefined {
  const caption = element.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
  const captionContent = caption ? caption.children : [];
  const classes = (element.properties.className as string[] | undefined) ?? [];
  if (classes.includes('wp-block-embed')) {
    const wrapper = findElement(element, (e) => ((e.properties.className as string[] | undefined) ?? []).includes('wp-block-embed__wrapper'));
    const url = (wrapper ? textContent(wrapper) : '').trim() || (findElement(element, (e) => e.tagName === 'a')?.properties.href as string | undefined) || '';
    const embed = embedFor(url, { oembedOnly: false });
    if (embed) return [embedDirective(embed, null, captionContent)];
    const iframeElement = findElement(element, (e) => e.tagName === 'iframe');
    if (iframeElement) return iframe(iframeElement, options);
    return undefined;
  }
  if (element.properties.dataWpGallery !== undefined) {
    const images = collect(element, (e) => e.tagName === 'img');
    const items: ElementContent[] = images.map((img) => ({ type: 'element', tagName: 'p', properties: {}, children: [img] }));
    return [directiveElement({ kind: 'containerDirective', name: 'gallery', attributes: {} }, items)];
  }
  // One picture (perhaps linking to its own file) and a caption: gazette's figure.
  const rest = element.children.filter((c) => c !== caption && !(c.type === 'text' && c.value.trim() === ''));
  const images = collect(element, (e) => e.tagName === 'img');
  if (images.length !== 1 || !caption || rest.some((c) => textContent(c).trim() !== '')) return undefined;
  const link = findElement(element, (e) => e.tagName === 'a');
  if (link && !isPictureLink(String(link.properties.href ?? ''))) return undefined;
  transformChildren(caption, options);
  const captionBlocks = captionContent.some((c) => c.type === 'element' && c.tagName === 'p') ? captionContent : [{ type: 'element', tagName: 'p', properties: {}, children: captionContent } as Element];
  return [directiveElement({ kind: 'containerDirective', name: 'figure', attributes: {} }, [{ type: 'element', tagName: 'p', properties: {}, children: [images[0]!] }, ...captionBlocks])];
}

/** Whether a link around a picture leads to a picture file (its full size), which the figure may drop. */
function isPictureLink(href: string): boolean {
  return /\.(?:jpe?g|png|gif|webp|avif|tiff?|svg)(?:[?#].*)?$/i.test(href);
}

function collect(node: Element, test: (e: Element) => boolean, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (test(child)) found.push(child);
    collect(child, test, found);
  }
  return found;
}

function findElement(node: Element, test: (e: Element) => boolean): Element | undefined {
  return collect(node, test)[0];
}

/** The text of a hast node, as a reader sees it. */
export function textContent(node: ElementContent | Root): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' || node.type === 'root') return (node.children as ElementContent[]).map(textContent).join('');
  return '';
}

/** HTML as one line of plain text: a title, an excerpt, a term's name (`Q&amp;A <em>now</em>` → `Q&A now`). */
export function htmlToText(html: string): string {
  return textContent(fromHtml(html, { fragment: true })).replace(/\s+/g, ' ').trim();
}
