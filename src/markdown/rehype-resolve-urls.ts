import type { Element, Root, Nodes } from 'hast';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { sizeImage, sizesFor, type SizeWarning } from './image-size.js';
import { BODY_IMAGE_SIZES, GALLERY_IMAGE_SIZES, toPicture } from './picture.js';
import { resolveContentUrl, dependsOnSources, sourcePathOf, type UrlResolver } from './resolve-url.js';

/** A link or image found in an article, for link checking. */
export interface ContentLink {
  url: string;
  /** 'file' for what another element loads: a video, a sound, a caption track (a video's poster is an image). */
  kind: 'link' | 'image' | 'file';
  line: number | null;
  column: number | null;
  /**
   * A link to a Markdown source that is not published (held back, or missing):
   * its address is left out of the HTML, which would name the file, so the
   * link is known only from this list.
   */
  unlinked?: true;
}

/** A relative URL as written and what it resolved to. */
export type ResolvedUrl = [written: string, resolved: string];

/** An image of the sources shown in a body: its source path, its record's digest, and where. */
export type UsedImage = [source: string, digest: string, line: number | null, column: number | null];

declare module 'vfile' {
  interface DataMap {
    /** Source path of the article, relative to the source folder. */
    sourcePath: string;
    resolver: UrlResolver;
    links: ContentLink[];
    resolved: ResolvedUrl[];
    images: UsedImage[];
    wordCount: number;
    /** How many of the words are Chinese or Japanese characters, which are read at another pace. */
    cjkCharacters: number;
    firstParagraph: string;
    /** The body's text, as found in its text nodes. */
    plainText: string;
  }
}

/** Elements inside a line of text: no space is added after them in the search text (see `plain`). */
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);

const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
};

/**
 * Rewrite relative URLs in an article: a link to another article's `.md`
 * file becomes that article's URL, a file beside the article becomes the URL
 * of its copy, and root-relative paths get the site's base path. Also counts
 * words and keeps the first paragraph's text as a fallback summary.
 */
export function rehypeResolveUrls() {
  return (tree: Root, file: VFile) => {
    const resolver = file.data.resolver;
    const sourcePath = file.data.sourcePath ?? '';
    const links: ContentLink[] = [];
    const resolvedUrls: ResolvedUrl[] = [];
    const images: UsedImage[] = [];
    const resolve = (url: string) => {
      if (!resolver) return url;
      const result = resolveContentUrl(url, sourcePath, resolver);
      if (dependsOnSources(url)) resolvedUrls.push([url, result]);
      return result;
    };
    let words = 0;
    let cjkCharacters = 0;
    let firstParagraph = '';
    // A story with no paragraph, only a list ("What we know:" points), is described by its first point
    // (of the outer list: without the points nested in it, which are visited before it ends).
    let firstItem = '';
    let itemDepth = 0;
    // The body's text for search: text nodes, with a space after each block so words never run together.
    const plain: string[] = [];

    // Inside a gallery's grid an image shows at a fraction of the column (see GALLERY_IMAGE_SIZES).
    let galleryDepth = 0;
    // An element made by a directive has no place of its own in the source: the directive's is the nearest one that has.
    let place: Point | undefined;
    const visit = (node: Nodes, inParagraph: boolean, parent: string): string => {
      if (node.type === 'text') {
        const counted = countWords(node.value);
        words += counted.words;
        cjkCharacters += counted.cjk;
        plain.push(node.value);
        return node.value;
      }
      if (node.type !== 'element' && node.type !== 'root') return '';
      const outerPlace = place;
      place = node.position?.start ?? place;
      const text = visitElement(node, inParagraph, parent);
      place = outerPlace;
      return text;
    };
    const visitElement = (node: Element | Root, inParagraph: boolean, parent: string): string => {
      // An image of the sources is rewritten from its record (a picture made here holds final URLs).
      if (node.type === 'element' && node.tagName === 'img' && rewriteImage(node, parent)) return '';
      if (node.type === 'element') rewrite(node);
      // A footnote's number is no word of the text it follows: "the vote¹" is "the vote" in the
      // summary and in search, not "the vote1".
      if (node.type === 'element' && node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        plain.push(' ');
        return '';
      }
      const isParagraph = node.type === 'element' && node.tagName === 'p';
      const tag = node.type === 'element' ? node.tagName : '';
      const gallery = tag === 'ul' && isGalleryList(node as Element);
      if (gallery) galleryDepth++;
      if (tag === 'li') itemDepth++;
      let text = '';
      let ownText = '';
      for (const child of node.children) {
        const childText = visit(child as Nodes, inParagraph || isParagraph, tag);
        text += childText;
        if (child.type !== 'element' || (child.tagName !== 'ul' && child.tagName !== 'ol')) ownText += childText;
      }
      if (gallery) galleryDepth--;
      if (!PHRASING.has(tag)) plain.push(' ');
      if (isParagraph && !inParagraph && !firstParagraph && text.trim()) firstParagraph = text.replace(/\s+/g, ' ').trim();
      if (tag === 'li' && --itemDepth === 0 && !firstItem && ownText.trim()) firstItem = ownText.replace(/\s+/g, ' ').trim();
      return text;
    };

    /**
     * An image among the sources: its record gives the final URL, the
     * intrinsic size and, for a processed photo without the author's own
     * srcset, a <picture>. Returns false for other images, which `rewrite` handles.
     */
    const rewriteImage = (element: Element, parent: string): boolean => {
      const src = element.properties.src;
      if (!resolver || typeof src !== 'string') return false;
      const source = sourcePathOf(src, sourcePath);
      const record = source === null ? undefined : resolver.images.get(source);
      if (!record) return false;
      const start = element.position?.start ?? place;
      images.push([record.source, record.digest, start?.line ?? null, start?.column ?? null]);
      if (dependsOnSources(src)) resolvedUrls.push([src, record.src]);
      links.push({ url: record.src, kind: 'image', line: start?.line ?? null, column: start?.column ?? null });
      element.properties.loading ??= 'lazy';
      element.properties.decoding ??= 'async';
      const authorSrcset = element.properties.srcSet !== undefined;
      // The author's width or height is the box the image shows in: the other follows, and the variant fetched fits it.
      const shown = sizeImage(element, record, warnAt(element));
      if (record.srcset && !authorSrcset && parent !== 'picture') {
        const column = galleryDepth > 0 ? GALLERY_IMAGE_SIZES : BODY_IMAGE_SIZES;
        toPicture(element, record, shown === null ? column : sizesFor(shown, column));
      } else {
        element.properties.src = record.src;
        resolveSrcset(element);
      }
      return true;
    };

    const warnAt =
      (element: Element): SizeWarning =>
      (reason) =>
        void file.message(reason, { place: element.position ?? place, ruleId: 'image-size', source: 'gazette' });

    const resolveSrcset = (element: Element) => {
      const srcSet = element.properties.srcSet;
      if (resolver && (element.tagName === 'img' || element.tagName === 'source') && (typeof srcSet === 'string' || Array.isArray(srcSet))) {
        // Each candidate is "url [descriptor]"; hast may hold them as one string or a list.
        const candidates = typeof srcSet === 'string' ? srcSet.split(',') : srcSet;
        element.properties.srcSet = candidates
          .map((candidate) => {
            const [url = '', ...descriptor] = String(candidate).trim().split(/\s+/);
            return [resolve(url), ...descriptor].join(' ');
          })
          .join(', ');
      }
    };

    const rewrite = (element: Element) => {
      const names = URL_ATTRIBUTES[element.tagName];
      if (!names) return;
      for (const name of names) {
        const value = element.properties[name];
        if (typeof value !== 'string') continue;
        const resolved = resolve(value);
        const start = element.position?.start ?? place;
        const kind = element.tagName === 'a' ? 'link' : element.tagName === 'img' || name === 'poster' ? 'image' : 'file';
        const link: ContentLink = { url: resolved, kind, line: start?.line ?? null, column: start?.column ?? null };
        links.push(link);
        if (element.tagName === 'a' && resolver && namesUnpublishedArticle(value, sourcePath, resolver)) {
          // A draft's, a scheduled or an expired story's file name would give it away: the words stay, the address goes.
          unlink(element);
          link.unlinked = true;
          continue;
        }
        element.properties[name] = resolved;
      }
      resolveSrcset(element);
      if (element.tagName === 'img') {
        element.properties.loading ??= 'lazy';
        element.properties.decoding ??= 'async';
        // An image of unknown size (remote, missing) still gets the author's size corrected.
        sizeImage(element, null, warnAt(element));
      }
    };

    visit(tree, false, '');
    file.data.plainText = plain.join('');
    file.data.links = links;
    file.data.resolved = resolvedUrls;
    file.data.images = images;
    file.data.wordCount = words;
    file.data.cjkCharacters = cjkCharacters;
    file.data.firstParagraph = firstParagraph || firstItem;
  };
}

/** Attributes that only mean something on a link with an address. */
const LINK_ONLY = ['href', 'target', 'rel', 'download', 'hrefLang', 'type', 'ping', 'referrerPolicy'];

/** Whether `url` names a Markdown source (relative or from the root) that is no published article. */
function namesUnpublishedArticle(url: string, sourcePath: string, resolver: UrlResolver): boolean {
  const target = sourcePathOf(url, sourcePath);
  return target !== null && /\.md$/i.test(target) && !resolver.articleUrls.has(target);
}

/** Turn a link into a span holding the same content, without its address. */
function unlink(element: Element): void {
  element.tagName = 'span';
  for (const name of LINK_ONLY) delete element.properties[name];
}

/**
 * Chinese and Japanese characters: these scripts do not separate words with
 * spaces, so each character counts as a word. Korean separates words with
 * spaces, and is counted like other spaced scripts.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Words in a run of text, and how many of them are Chinese or Japanese characters (each counted as one word). */
export function countWords(text: string): { words: number; cjk: number } {
  const ascii = countAsciiWords(text);
  return ascii === -1 ? countUnicodeWords(text) : { words: ascii, cjk: 0 };
}

/**
 * The words of ASCII text, by the same rule as `countUnicodeWords` (a run between
 * whitespace holding a letter or digit), without its Unicode expressions and split:
 * most text nodes are ASCII, and counting was a few percent of a body's render. -1
 * for text that is not ASCII.
 */
function countAsciiWords(text: string): number {
  let words = 0;
  let worded = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    // Whitespace as `\s` has it in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      if (worded) words++;
      worded = false;
    } else if (!worded && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) worded = true;
  }
  return worded ? words + 1 : words;
}

function countUnicodeWords(text: string): { words: number; cjk: number } {
  let cjk = 0;
  let source = text;
  if (HAS_CJK.test(text)) {
    cjk = text.match(CJK)!.length;
    source = text.replace(CJK, ' ');
  }
  // A word is a whitespace-separated run holding at least one letter or digit.
  let words = cjk;
  for (const token of source.split(/\s+/)) {
    if (token && WORD.test(token)) words++;
  }
  return { words, cjk };
}

/** The list of images the `:::gallery` directive makes. */
function isGalleryList(element: Element): boolean {
  const className = element.properties.className;
  return Array.isArray(className) && className.includes('gallery-items');
}
