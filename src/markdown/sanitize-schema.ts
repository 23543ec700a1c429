import { defaultSchema } from 'rehype-sanitize';

type Schema = typeof defaultSchema;

/**
 * What authors' raw HTML may contain when it is not trusted: GitHub's safe
 * subset plus the ordinary markup of articles (figures, captions, time,
 * abbreviations, marks, table captions, media with controls), with `id`,
 * `class`, `title`, `lang` and `dir` on everything. Scripts, styles, iframes,
 * forms, event-handler attributes and `javascript:` URLs never pass.
 */
export function articleSanitizeSchema(): Schema {
  const attributes = { ...defaultSchema.attributes };
  const add = (tag: string, names: (string | [string, ...unknown[]])[]) => {
    attributes[tag] = [...(attributes[tag] ?? []), ...names] as never;
  };
  add('*', ['id', 'className', 'title', 'lang', 'dir', 'role', 'ariaHidden', 'ariaLabel']);
  add('a', ['rel', 'hrefLang', 'download']);
  add('img', ['alt', 'width', 'height', 'loading', 'decoding', 'srcSet', 'sizes']);
  add('source', ['src', 'type', 'media', 'sizes']);
  add('video', ['src', 'poster', 'controls', 'width', 'height', 'muted', 'loop', 'playsInline', 'preload']);
  add('audio', ['src', 'controls', 'loop', 'muted', 'preload']);
  add('track', ['src', 'kind', 'srcLang', 'label', 'default']);
  add('time', ['dateTime']);
  add('abbr', ['title']);
  add('ol', ['start', 'reversed', 'type']);
  add('td', ['colSpan', 'rowSpan', 'headers', 'align']);
  add('th', ['colSpan', 'rowSpan', 'headers', 'scope', 'align']);
  add('code', [['className', /^language-[\w+#.-]+$/]]);
  add('section', [['className', 'footnotes']]);
  // Classes of the built-in embeds (see markdown/directives/builtins.ts) on tags whose classes the
  // default schema limits. The sanitizer reads a tag's first className rule only, so these join it.
  const allowClasses = (tag: string, classes: string[]) => {
    attributes[tag] = (attributes[tag] ?? []).map((rule) => (Array.isArray(rule) && rule[0] === 'className' ? [...rule, ...classes] : rule)) as never;
  };
  allowClasses('a', ['video-link', 'embed-link']);
  allowClasses('ul', ['gallery-items']);
  return {
    ...defaultSchema,
    tagNames: [
      ...(defaultSchema.tagNames ?? []),
      'figure', 'figcaption', 'mark', 'abbr', 'time', 'cite', 'small', 'u', 'caption', 'colgroup', 'col',
      'aside', 'video', 'audio', 'track', 'dfn', 'bdi', 'bdo', 'wbr', 'address', 'hgroup',
    ],
    attributes,
    protocols: {
      ...defaultSchema.protocols,
      href: [...(defaultSchema.protocols?.href ?? []), 'tel'],
      poster: ['http', 'https'],
    },
    // Authors' ids are kept as written so in-page #anchors work.
    clobber: [],
    clobberPrefix: '',
    strip: ['script', 'style', 'template', 'noscript'],
  };
}
