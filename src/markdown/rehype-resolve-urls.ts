import type { Element, Root, Nodes } from 'hast';
import type { VFile } from 'vfile';
import { resolveContentUrl, type UrlResolver } from './resolve-url.js';

/** A link or image found in an article, for link checking. */
export interface ContentLink {
  url: string;
  kind: 'link' | 'image';
  line: number | null;
  column: number | null;
}

declare module 'vfile' {
  interface DataMap {
    /** Source path of the article, relative to the source folder. */
    sourcePath: string;
    resolver: UrlResolver;
    links: ContentLink[];
    wordCount: number;
    firstParagraph: string;
  }
}

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
    let words = 0;
    let firstParagraph = '';

    const visit = (node: Nodes, inParagraph: boolean): string => {
      if (node.type === 'text') {
        words += countWords(node.value);
        return node.value;
      }
      if (node.type !== 'element' && node.type !== 'root') return '';
      if (node.type === 'element') rewrite(node);
      const isParagraph = node.type === 'element' && node.tagName === 'p';
      let text = '';
      for (const child of node.children) text += visit(child as Nodes, inParagraph || isParagraph);
      if (isParagraph && !inParagraph && !firstParagraph && text.trim()) firstParagraph = text.replace(/\s+/g, ' ').trim();
      return text;
    };

    const rewrite = (element: Element) => {
      const names = URL_ATTRIBUTES[element.tagName];
      if (!names) return;
      for (const name of names) {
        const value = element.properties[name];
        if (typeof value !== 'string') continue;
        const resolved = resolver ? resolveContentUrl(value, sourcePath, resolver) : value;
        element.properties[name] = resolved;
        const start = element.position?.start;
        links.push({ url: resolved, kind: element.tagName === 'a' ? 'link' : 'image', line: start?.line ?? null, column: start?.column ?? null });
      }
      const srcSet = element.properties.srcSet;
      if (resolver && (element.tagName === 'img' || element.tagName === 'source') && (typeof srcSet === 'string' || Array.isArray(srcSet))) {
        // Each candidate is "url [descriptor]"; hast may hold them as one string or a list.
        const candidates = typeof srcSet === 'string' ? srcSet.split(',') : srcSet;
        element.properties.srcSet = candidates
          .map((candidate) => {
            const [url = '', ...descriptor] = String(candidate).trim().split(/\s+/);
            return [resolveContentUrl(url, sourcePath, resolver), ...descriptor].join(' ');
          })
          .join(', ');
      }
      if (element.tagName === 'img') {
        element.properties.loading ??= 'lazy';
        element.properties.decoding ??= 'async';
      }
    };

    visit(tree, false);
    file.data.links = links;
    file.data.wordCount = words;
    file.data.firstParagraph = firstParagraph;
  };
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Words in a run of text; each CJK character counts as one word. */
export function countWords(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const rest = text.replace(CJK, ' ').match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  return cjk + rest;
}
