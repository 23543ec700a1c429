import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { rehypeGfmHtml } from './rehype-gfm-html.js';
import { rehypeResolveUrls, type ContentLink } from './rehype-resolve-urls.js';
import { articleSanitizeSchema } from './sanitize-schema.js';
import type { UrlResolver } from './resolve-url.js';

export interface MarkdownOptions {
  /** Keep raw HTML exactly as authors wrote it (no sanitizing). */
  trustHtml: boolean;
}

/** What rendering one article's Markdown yields. */
export interface RenderedMarkdown {
  html: string;
  wordCount: number;
  firstParagraph: string;
  links: ContentLink[];
}

export type MarkdownRenderer = (body: string, sourcePath: string, resolver: UrlResolver) => RenderedMarkdown;

/**
 * Build the unified processor once and return a function that renders article bodies with it.
 * Plugin order matters: raw HTML is parsed into the tree first so it can be
 * sanitized like everything else; heading ids are added after sanitizing so
 * ours are never stripped; URLs are resolved last, on the final tree.
 */
export function createMarkdownRenderer(options: MarkdownOptions): MarkdownRenderer {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    // clobberPrefix '' keeps footnote ids short (#fn-1); ids are not prefixed by the sanitizer either.
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
    .use(rehypeRaw)
    .use(options.trustHtml ? [] : [[rehypeSanitize, articleSanitizeSchema()]])
    .use(rehypeSlug)
    .use(rehypeGfmHtml)
    .use(rehypeResolveUrls)
    .use(rehypeStringify)
    .freeze();

  return (body, sourcePath, resolver) => {
    const file = new VFile({ value: body, path: sourcePath, data: { sourcePath, resolver } });
    const tree = processor.runSync(processor.parse(file), file);
    const html = processor.stringify(tree, file);
    return {
      html,
      wordCount: file.data.wordCount ?? 0,
      firstParagraph: file.data.firstParagraph ?? '',
      links: file.data.links ?? [],
    };
  };
}
