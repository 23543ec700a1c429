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

/** A config's `markdown.sanitize`: receives a copy of gazette's schema, returns the one to use. */
export type SanitizeHook = (schema: Record<string, unknown>) => unknown;

/** The keys of a hast-util-sanitize schema, and what each must hold. */
const SCHEMA_KEYS: Record<string, (value: unknown) => boolean> = {
  allowComments: (v) => typeof v === 'boolean',
  allowDoctypes: (v) => typeof v === 'boolean',
  ancestors: (v) => isRecordOf(v, isStringList),
  attributes: (v) => isRecordOf(v, (list) => Array.isArray(list) && list.every((d) => typeof d === 'string' || (Array.isArray(d) && typeof d[0] === 'string'))),
  clobber: isStringList,
  clobberPrefix: (v) => typeof v === 'string',
  protocols: (v) => isRecordOf(v, (list) => list === null || list === undefined || isStringList(list)),
  required: (v) => isRecordOf(v, (props) => typeof props === 'object' && props !== null && !Array.isArray(props)),
  strip: isStringList,
  tagNames: isStringList,
};

/** URL schemes that run code: no schema may allow them (only `trustHtml` publishes raw HTML as written). */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript']);

/**
 * Apply a config's `markdown.sanitize` to a copy of `base` and check what it
 * returns: a schema object with a list of `tagNames` (a schema without one
 * lets every element through), no `script` element, no event-handler
 * attribute and no `javascript:` scheme. URL attributes `base` limits to
 * some schemes stay limited unless the returned schema lists schemes for them.
 * @returns The schema to use, or why the hook's result cannot be used (a sentence for the config's error).
 */
export function applySanitizeHook(hook: SanitizeHook, base: Schema): { schema: Schema } | { problem: string } {
  const fix = 'to publish raw HTML as written, set "trustHtml": true instead';
  let result: unknown;
  try {
    result = hook(structuredClone(base) as Record<string, unknown>);
  } catch (error) {
    return { problem: `"markdown.sanitize" threw an error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    return { problem: '"markdown.sanitize" returned a Promise: it must return the schema itself, not asynchronously' };
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    const shown = result === null || result === undefined || typeof result === 'boolean' || typeof result === 'number' ? String(result) : Array.isArray(result) ? 'a list' : `a ${typeof result}`;
    return { problem: `"markdown.sanitize" must return the sanitizer's schema (the object it is given, changed), not ${shown}; ${fix}` };
  }
  const schema = result as Record<string, unknown>;
  for (const [key, value] of Object.entries(schema)) {
    const valid = SCHEMA_KEYS[key];
    if (!valid) return { problem: `"markdown.sanitize" returned a schema with an unknown key "${key}" (a schema has ${Object.keys(SCHEMA_KEYS).join(', ')})` };
    if (value !== undefined && !valid(value)) return { problem: `"markdown.sanitize" returned a schema whose "${key}" is not what hast-util-sanitize expects` };
  }
  if (!Array.isArray(schema.tagNames)) {
    return { problem: `"markdown.sanitize" returned a schema without "tagNames", which would let every element through (scripts included); ${fix}` };
  }
  if ((schema.tagNames as string[]).some((name) => name.toLowerCase() === 'script')) {
    return { problem: `"markdown.sanitize" returned a schema that allows <script>; ${fix}` };
  }
  for (const [tag, list] of Object.entries((schema.attributes ?? {}) as Record<string, (string | [string])[]>)) {
    const handler = list.map((d) => (typeof d === 'string' ? d : d[0])).find((name) => /^on/i.test(name));
    if (handler) return { problem: `"markdown.sanitize" returned a schema that allows the event-handler attribute "${handler}" on ${tag === '*' ? 'every element' : `<${tag}>`}; ${fix}` };
  }
  const protocols: Record<string, string[]> = {};
  for (const [attribute, schemes] of Object.entries({ ...base.protocols, ...(schema.protocols as Schema['protocols']) })) {
    // An empty list, like none, lets every scheme through: where gazette limits schemes, they stay limited.
    const kept = schemes?.length ? schemes : base.protocols?.[attribute];
    if (!kept?.length) continue;
    const unsafe = kept.find((scheme) => SCRIPT_SCHEMES.has(scheme.toLowerCase()));
    if (unsafe) return { problem: `"markdown.sanitize" returned a schema that allows ${unsafe}: URLs in "${attribute}"; ${fix}` };
    protocols[attribute] = kept;
  }
  return { schema: { ...(schema as Schema), protocols } };
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecordOf(value: unknown, valid: (item: unknown) => boolean): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(valid);
}

/**
 * The schema theme shortcodes' output is sanitized with: the body's, except that
 * class names are free on every element. The body's schema keeps authors from
 * dressing their markup as gazette's (`footnotes`, `video-link`); a theme's own
 * classes are its to choose, and a class runs nothing.
 */
export function shortcodeSanitizeSchema(schema: Schema): Schema {
  const attributes: NonNullable<Schema['attributes']> = {};
  for (const [tag, list] of Object.entries(schema.attributes ?? {})) {
    const others = (list ?? []).filter((rule) => (typeof rule === 'string' ? rule : rule[0]) !== 'className');
    attributes[tag] = tag === '*' ? [...others, 'className'] : others;
  }
  attributes['*'] ??= ['className'];
  return { ...schema, attributes };
}
