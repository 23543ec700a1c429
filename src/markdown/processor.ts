import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { randomUUID } from 'node:crypto';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { configModuleUrl, readConfigCode, type ConfigCode } from '../config/config-module.js';
import { truncate } from '../content/text.js';
import { sha1 } from '../hash.js';
import { termCounts } from '../search/terms.js';
import { parseInChunks } from './chunked-parse.js';
import { mayContainDirective, remarkDirectives, remarkDirectiveSyntax } from './directives/remark-directives.js';
import { rehypeShortcodes } from './directives/rehype-shortcodes.js';
import { createShortcodeRenderer } from './directives/shortcode-partials.js';
import { gfmFeaturesOf, remarkGfmSubset } from './gfm-subset.js';
import { hasFencedCode, HIGHLIGHT_OPTIONS, loadHighlighter } from './highlight.js';
import { listItemHandler } from './list-item.js';
import { themeDigests } from './theme-digests.js';
import { rehypeGfmHtml } from './rehype-gfm-html.js';
import { rehypeHeadingIds } from './rehype-heading-ids.js';
import { rehypeRawWhenPresent } from './rehype-raw-when-present.js';
import { rehypeResolveUrls, type ContentLink, type ResolvedUrl, type UsedImage } from './rehype-resolve-urls.js';
import type { UrlResolver } from './resolve-url.js';
import { rehypeSanitizeReporting } from './rehype-sanitize-reporting.js';
import { applySanitizeHook, articleSanitizeSchema, shortcodeSanitizeSchema } from './sanitize-schema.js';
import { failureMessage, fileMessages, wrapUserPlugins, type MarkdownMessage } from './user-plugins.js';

export type { MarkdownMessage } from './user-plugins.js';

/** How to render Markdown: plain data, so it can be handed to worker threads. */
export interface MarkdownOptions {
  /** Keep raw HTML exactly as authors wrote it (no sanitizing). */
  trustHtml: boolean;
  /** The JavaScript config whose plugins, helpers and partials apply (imported again in each thread); null for none. */
  configModule: { file: string; version: string; identity: string } | null;
  /** The theme's shortcode partials: directive name → Handlebars source of `directives/<name>.hbs`. */
  shortcodes: Record<string, string>;
  /** The texts the built-in embeds show, from the theme's strings in the site's language (see EMBED_LABELS). */
  labels: Record<string, string>;
  /** Settings of the helpers shortcode partials may use. */
  language: string;
  timeZone: string;
  basePath: string;
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
  /** What plugins and directives reported, at positions in the article's file. */
  messages: MarkdownMessage[];
  /**
   * What of the theme the body's directives used, with its digest ('' when the theme had none):
   * shortcode partials by name, names of unknown directives, embed texts as `#key` (see `themeDigests`).
   * A cached body is stale once one of them changes.
   */
  shortcodes: [string, string][];
  /** Every image of the sources the body shows, with its record's digest: a cached body is stale once one differs. */
  images: UsedImage[];
  /**
   * The body text's search terms and how often each occurs (see `termCounts`): counted here,
   * in a worker, and cached, so an unchanged article is never cut into words again.
   */
  search: string;
}

/** Longest summary made from an article's first paragraph, in characters. */
const SUMMARY_LENGTH = 200;

export type MarkdownRenderer = (body: string, sourcePath: string, resolver: UrlResolver) => Promise<RenderedMarkdown>;

/** The code of a config module, as the renderer uses it. */
export type MarkdownCode = Pick<ConfigCode, 'remarkPlugins' | 'rehypePlugins' | 'sanitize' | 'helpers' | 'partials'>;

const NO_CODE: MarkdownCode = { remarkPlugins: [], rehypePlugins: [], sanitize: null, helpers: {}, partials: {} };

/** Messages of gazette's own plugins that are not worth a warning: a fence in a language the highlighter does not know stays plain. */
const QUIET_RULES = new Set(['rehype-highlight:missing-language']);

/**
 * The schema bodies are sanitized with: gazette's, or what the config's
 * `markdown.sanitize` makes of it (checked when the config was loaded), plus
 * this render's shortcode placeholders, which no schema may take away.
 */
function sanitizeSchemaOf(code: MarkdownCode, nonce: string) {
  let schema = articleSanitizeSchema();
  if (code.sanitize) {
    const custom = applySanitizeHook(code.sanitize, schema);
    // The main thread refused a hook like this when it loaded the config: only one that answers differently each time gets here.
    if ('problem' in custom) throw new Error(custom.problem);
    schema = custom.schema;
  }
  const marker = ['dataGazetteShortcode', new RegExp(`^${nonce}-\\d+$`)] as [string, RegExp];
  const attributes = { ...schema.attributes };
  for (const tag of ['div', 'span']) attributes[tag] = [...(attributes[tag] ?? []), marker] as never;
  return { ...schema, attributes };
}

/**
 * Import the config module named in `options` (if any) and build a renderer
 * with its plugins: each worker thread calls this, since functions cannot
 * be handed to a thread.
 */
export async function loadMarkdownRenderer(options: MarkdownOptions): Promise<MarkdownRenderer> {
  if (!options.configModule) return createMarkdownRenderer(options);
  const { file, version } = options.configModule;
  const exports = (await import(configModuleUrl(file, version))) as { default?: Record<string, unknown> };
  // The main thread has checked this module already; here it is only read.
  return createMarkdownRenderer(options, readConfigCode(exports.default ?? {}, file).code);
}

/**
 * Build the unified processors once and return a function that renders article bodies with them.
 * Plugin order matters: directives become HTML (or shortcode placeholders) right
 * after parsing, then the config's remark plugins run; after remark-rehype, raw
 * HTML is parsed into the tree so it can be sanitized like everything else; the
 * config's rehype plugins run before the sanitizer (heading ids already added, so
 * anchor plugins find them), which therefore still cleans what they produce unless
 * trustHtml is set; code is highlighted and shortcode partials filled in after
 * sanitizing (a partial's output is sanitized on its own, as the theme's markup
 * holding the writer's attribute values); URLs are resolved last, on the final tree.
 * GFM constructs, directives and code highlighting cost time even where absent, so each
 * body goes through a processor with only the extensions it could need; the
 * processors, one per combination met, are built once and reused.
 */
export function createMarkdownRenderer(options: MarkdownOptions, code: MarkdownCode = NO_CODE): MarkdownRenderer {
  const remarkPlugins = wrapUserPlugins(code.remarkPlugins, 'markdown.remarkPlugins');
  const rehypePlugins = wrapUserPlugins(code.rehypePlugins, 'markdown.rehypePlugins');
  const userPlugins = remarkPlugins.length + rehypePlugins.length > 0;
  // Marks shortcode placeholders; random, so raw HTML in an article cannot forge one past the sanitizer.
  const nonce = randomUUID();
  const shortcodeNames = new Set(Object.keys(options.shortcodes));
  const shortcodeDigests = themeDigests(options);
  const schema = sanitizeSchemaOf(code, nonce);
  // Shortcode partials' output passes the same sanitizer, theme classes aside.
  const shortcodeSchema = options.trustHtml ? null : shortcodeSanitizeSchema(schema);
  let renderShortcode: ReturnType<typeof createShortcodeRenderer> | null = null;
  let highlighter: Awaited<ReturnType<typeof loadHighlighter>> | null = null;

  const build = (gfm: PluggableList, directives: boolean, fencedCode: boolean) =>
    unified()
      .use(remarkParse)
      .use(gfm)
      .use(directives ? [remarkDirectiveSyntax, [remarkDirectives, { shortcodes: shortcodeNames, nonce, labels: options.labels }]] : [])
      .use(remarkPlugins)
      // clobberPrefix '' keeps footnote ids short (#fn-1); the sanitizer does not prefix ids either.
      // The list item handler is the default one without its cost per item that grows with the list.
      .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '', handlers: { listItem: listItemHandler } })
      .use(rehypeRawWhenPresent)
      .use(rehypePlugins.length ? [rehypeHeadingIds, ...rehypePlugins] : [])
      .use(options.trustHtml ? [] : [[rehypeSanitizeReporting, { schema, always: userPlugins || code.sanitize !== null }]])
      .use(fencedCode ? [[highlighter!, HIGHLIGHT_OPTIONS]] : [])
      .use(directives && shortcodeNames.size ? [[rehypeShortcodes, { nonce, schema: shortcodeSchema, render: (name: string, context: Record<string, string>) => renderShortcode!(name, context) }]] : [])
      // Without rehype plugins, ids are added after sanitizing, on exactly the headings that remain.
      .use(rehypePlugins.length ? [] : [rehypeHeadingIds])
      .use(rehypeGfmHtml)
      .use(rehypeResolveUrls)
      .use(rehypeStringify)
      .freeze();
  const processors = new Map<string, ReturnType<typeof build>>();
  const processorFor = async (body: string) => {
    const { autolinks, ...others } = gfmFeaturesOf(body);
    const directives = mayContainDirective(body);
    const fencedCode = hasFencedCode(body);
    // The highlighter and Handlebars load only once a body needs them.
    if (fencedCode) highlighter ??= await loadHighlighter();
    if (directives && shortcodeNames.size && !renderShortcode) {
      const hbs = (await import('handlebars')).default;
      renderShortcode = createShortcodeRenderer(hbs, {
        partials: options.shortcodes,
        helpers: code.helpers,
        userPartials: code.partials,
        language: options.language,
        timeZone: options.timeZone,
        basePath: options.basePath,
      });
    }
    // Autolink literals dominate the cost, so articles that may hold them get remark-gfm whole.
    const key = `${autolinks ? 'all' : JSON.stringify(others)}|${directives}|${fencedCode}`;
    let processor = processors.get(key);
    if (!processor) processors.set(key, (processor = build(autolinks ? [remarkGfm] : [[remarkGfmSubset, others]], directives, fencedCode)));
    return processor;
  };

  return async (body, sourcePath, resolver) => {
    const file = new VFile({ value: body, path: sourcePath, data: { sourcePath, resolver } });
    let html = '';
    let failure = null;
    try {
      const processor = await processorFor(body);
      // Users' remark plugins may add syntax that spans the places where pieces are cut.
      const parsed = remarkPlugins.length > 0 ? processor.parse(file) : parseInChunks((text) => processor.parse(text), body);
      // Users' plugins may be asynchronous; gazette's own are not, and the synchronous run is cheaper.
      const tree = userPlugins ? await processor.run(parsed, file) : processor.runSync(parsed, file);
      html = processor.stringify(tree, file);
    } catch (error) {
      failure = failureMessage(error);
      if (!failure) throw error;
    }
    const messages = fileMessages(file, (rule) => QUIET_RULES.has(rule));
    if (failure) messages.push(failure);
    return {
      html,
      htmlHash: sha1(html),
      wordCount: file.data.wordCount ?? 0,
      cjkCharacters: file.data.cjkCharacters ?? 0,
      summary: truncate(file.data.firstParagraph ?? '', SUMMARY_LENGTH),
      links: file.data.links ?? [],
      basePath: resolver.basePath,
      resolved: file.data.resolved ?? [],
      messages,
      shortcodes: [...new Set(file.data.directiveNames ?? [])].map((name) => [name, shortcodeDigests.get(name) ?? '']),
      images: file.data.images ?? [],
      // Whitespace separates terms whatever it is, so the text is counted as it is, not tidied first.
      search: termCounts(file.data.plainText ?? ''),
    };
  };
}
