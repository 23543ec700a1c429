import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { truncate } from '../content/text.js';
import { sha1 } from '../hash.js';
import { gfmFeaturesOf, remarkGfmSubset } from './gfm-subset.js';
import { rehypeGfmHtml } from './rehype-gfm-html.js';
import { rehypeRawWhenPresent } from './rehype-raw-when-present.js';
import { rehypeResolveUrls, type ContentLink, type ResolvedUrl, type UsedImage } from './rehype-resolve-urls.js';
import type { UrlResolver } from './resolve-url.js';
import { articleSanitizeSchema } from './sanitize-schema.js';

export interface MarkdownOptions {
  /** Keep raw HTML exactly as authors wrote it (no sanitizing). */
  trustHtml: boolean;
}

/** What rendering one article's Markdown yields: plain data, safe to pass between threads and to cache. */
export interface RenderedMarkdown {
  html: string;
  /** SHA-1 of `html`: what page fingerprints use, so they need not read the body. */
  htmlHash: string;
  wordCount: number;
  /** How many of `wordCount` are Chinese or Japanese characters (each counted as a word). */
  cjkCharacters: number;
  /** The first paragraph's text, shortened: the article's summary when front matter gives none. */
  summary: string;
  links: ContentLink[];
  /** The base path root-relative URLs were resolved with. */
  basePath: string;
  /** Every document-relative URL the body resolved and what it resolved to, to revalidate a cached result. */
  resolved: ResolvedUrl[];
  /** Every image of the sources the body shows, with its record's digest: a cached body is stale once one differs. */
  images: UsedImage[];
}

/** Longest summary made from an article's first paragraph, in characters. */
const SUMMARY_LENGTH = 200;

export type MarkdownRenderer = (body: string, sourcePath: string, resolver: UrlResolver) => RenderedMarkdown;

/**
 * Build the unified processors once and return a function that renders article bodies with them.
 * Plugin order matters: raw HTML is parsed into the tree first so it can be
 * sanitized like everything else; heading ids are added after sanitizing so
 * ours are never stripped; URLs are resolved last, on the final tree.
 * GFM constructs are costly to parse even where absent, so each body goes
 * through a processor with only the GFM extensions it could need; the
 * processors, one per combination met, are built once and reused.
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
  const processors = new Map<string, ReturnType<typeof build>>();
  const processorFor = (body: string) => {
    const { autolinks, ...others } = gfmFeaturesOf(body);
    // Autolink literals dominate the cost, so articles that may hold them get remark-gfm whole.
    const key = autolinks ? 'all' : JSON.stringify(others);
    let processor = processors.get(key);
    if (!processor) processors.set(key, (processor = build(autolinks ? [remarkGfm] : [[remarkGfmSubset, others]])));
    return processor;
  };

  return (body, sourcePath, resolver) => {
    const processor = processorFor(body);
    const file = new VFile({ value: body, path: sourcePath, data: { sourcePath, resolver } });
    const tree = processor.runSync(processor.parse(file), file);
    const html = processor.stringify(tree, file);
    return {
      html,
      htmlHash: sha1(html),
      wordCount: file.data.wordCount ?? 0,
      cjkCharacters: file.data.cjkCharacters ?? 0,
      summary: truncate(file.data.firstParagraph ?? '', SUMMARY_LENGTH),
      links: file.data.links ?? [],
      basePath: resolver.basePath,
      resolved: file.data.resolved ?? [],
      images: file.data.images ?? [],
    };
  };
}
