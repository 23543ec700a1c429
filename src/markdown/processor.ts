import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { rehypeGfmHtml } from './rehype-gfm-html.js';
import { rehypeRawWhenPresent } from './rehype-raw-when-present.js';
import { rehypeResolveUrls, type ContentLink, type ResolvedUrl } from './rehype-resolve-urls.js';
import { mayContainAutolinkLiteral, remarkGfmWithoutAutolinks } from './remark-gfm-without-autolinks.js';
import type { UrlResolver } from './resolve-url.js';
import { articleSanitizeSchema } from './sanitize-schema.js';

export interface MarkdownOptions {
  /** Keep raw HTML exactly as authors wrote it (no sanitizing). */
  trustHtml: boolean;
}

/** What rendering one article's Markdown yields: plain data, safe to pass between threads and to cache. */
export interface RenderedMarkdown {
  html: string;
  wordCount: number;
  firstParagraph: string;
  links: ContentLink[];
  /** Every relative URL the body resolved and what it resolved to, to revalidate a cached result. */
  resolved: ResolvedUrl[];
}

export type MarkdownRenderer = (body: string, sourcePath: string, resolver: UrlResolver) => RenderedMarkdown;

/**
 * Build the unified processors once and return a function that renders article bodies with them.
 * Plugin order matters: raw HTML is parsed into the tree first so it can be
 * sanitized like everything else; heading ids are added after sanitizing so
 * ours are never stripped; URLs are resolved last, on the final tree.
 * Two processors differ only in GFM autolink literals, which are costly to
 * parse: the lighter one serves bodies that cannot contain any.
 */
export function createMarkdownRenderer(options: MarkdownOptions): MarkdownRenderer {
  const build = (gfm: PluggableList) =>
    unified()
      .use(remarkParse)
      .use(gfm)
      // clobberPrefix '' keeps footnote ids short (#fn-1); the sanitizer does not prefix ids either.
      .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
      .use(rehypeRawWhenPresent)
      .use(options.trustHtml ? [] : [[rehypeSanitize, articleSanitizeSchema()]])
      .use(rehypeSlug)
      .use(rehypeGfmHtml)
      .use(rehypeResolveUrls)
      .use(rehypeStringify)
      .freeze();
  const full = build([remarkGfm]);
  const light = build([remarkGfmWithoutAutolinks]);

  return (body, sourcePath, resolver) => {
    const processor = mayContainAutolinkLiteral(body) ? full : light;
    const file = new VFile({ value: body, path: sourcePath, data: { sourcePath, resolver } });
    const tree = processor.runSync(processor.parse(file), file);
    const html = processor.stringify(tree, file);
    return {
      html,
      wordCount: file.data.wordCount ?? 0,
      firstParagraph: file.data.firstParagraph ?? '',
      links: file.data.links ?? [],
      resolved: file.data.resolved ?? [],
    };
  };
}
