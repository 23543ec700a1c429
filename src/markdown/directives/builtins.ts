import type { Element, ElementContent, Properties } from 'hast';
import type { Image, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { Position } from 'unist';
import { pushAll } from '../../push-all.js';

/** Texts of the built-ins that readers see, from the theme's strings (`strings/<language>.json`). */
export const EMBED_LABELS = ['embedPlayVideo', 'embedVideo', 'embedFactBox', 'embedKeyPoints'] as const;
export type EmbedLabel = (typeof EMBED_LABELS)[number];

/** A directive as the built-ins see it: its name, kind, attributes and Markdown children (label excluded). */
export interface DirectiveInput {
  name: string;
  kind: 'containerDirective' | 'leafDirective' | 'textDirective';
  attributes: Record<string, string>;
  /** The `[label]`, as phrasing content. */
  label: PhrasingContent[];
  /** The body of a container directive. */
  children: RootContent[];
  /** A text of the theme's strings, its `{name}` placeholders left as they are. */
  text(key: EmbedLabel): string;
  /** Where the directive is written, for what it makes of its attributes (a figure's `src`). */
  position?: Position;
}

/** What a built-in makes of a directive: an mdast node carrying its HTML shape, or problems (fatal). */
export type BuiltinResult = { node: RootContent } | { errors: string[] };

/** A built-in directive: the attributes it knows and how it renders. */
interface Builtin {
  attributes: string[];
  render(input: DirectiveInput): BuiltinResult;
}

const COMMON = ['id', 'class'];

// An mdast node standing for one HTML element: mdast-util-to-hast turns unknown nodes
// with children into the element named by `data.hName`, their children converted as usual.
function element(tag: string, properties: Properties, children: (RootContent | Nodes)[] = [], hChildren?: ElementContent[]): RootContent {
  return { type: 'gazetteElement', data: { hName: tag, hProperties: properties, ...(hChildren ? { hChildren } : {}) }, children } as unknown as RootContent;
}

function hast(tag: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName: tag, properties, children };
}

const text = (value: string): ElementContent => ({ type: 'text', value });

/**
 * Classes and id the writer gave (`{#id .class}`), kept on the outer element after the built-in's own classes.
 * A video's `id` is the video's, not the element's.
 */
function outer(input: DirectiveInput, own: string): Properties {
  const classes = [...own.split(' '), ...(input.attributes.class ?? '').split(/\s+/).filter(Boolean)];
  const keepId = input.attributes.id && input.name !== 'youtube' && input.name !== 'vimeo';
  return { className: classes, ...(keepId ? { id: input.attributes.id } : {}) };
}

/** The caption content of a directive: its label, else its children. */
function captionOf(input: DirectiveInput): RootContent[] {
  if (input.label.length) return input.label as RootContent[];
  return input.children;
}

/** Images alone in their paragraphs (`![alt](src)` on a line of its own), taken out of `children`. */
function takeImages(children: RootContent[]): { images: Image[]; rest: RootContent[] } {
  const images: Image[] = [];
  const rest: RootContent[] = [];
  for (const child of children) {
    const parts = child.type === 'paragraph' ? (child as Paragraph).children.filter((c) => !(c.type === 'text' && c.value.trim() === '')) : [];
    if (parts.length > 0 && parts.every((c) => c.type === 'image')) pushAll(images, parts as Image[]);
    else rest.push(child);
  }
  return { images, rest };
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{6,12}$/;

/** A YouTube video id from an id or a watch, share, shorts or embed URL. */
function youtubeId(attributes: Record<string, string>): string | null {
  const given = attributes.id ?? attributes.url ?? '';
  if (YOUTUBE_ID.test(given)) return given;
  try {
    const url = new URL(given);
    const host = url.hostname.replace(/^(?:www|m)\./, '');
    const candidate =
      host === 'youtu.be' ? url.pathname.slice(1) : host.endsWith('youtube.com') || host.endsWith('youtube-nocookie.com') ? (url.searchParams.get('v') ?? url.pathname.split('/').pop() ?? '') : '';
    return YOUTUBE_ID.test(candidate) ? candidate : null;
  } catch {
    return null;
  }
}

function vimeoId(attributes: Record<string, string>): string | null {
  const given = attributes.id ?? attributes.url ?? '';
  if (VIMEO_ID.test(given)) return given;
  try {
    const url = new URL(given);
    const candidate = /vimeo\.com$/.test(url.hostname) ? (url.pathname.split('/').filter(Boolean).pop() ?? '') : '';
    return VIMEO_ID.test(candidate) ? candidate : null;
  } catch {
    return null;
  }
}

/** Seconds from `start="90"`, `"1:30"` or `"1m30s"`; null when absent, NaN when malformed. */
function startSeconds(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (units && value !== '') return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return Number.NaN;
}

/**
 * A video that loads nothing from the host until the reader asks: a link to
 * the host's privacy-enhanced player, which the theme's script turns into
 * an inline player on click. No still is fetched from the host (its
 * thumbnail server would see every reader): a `poster` the site gives is shown, else a plain frame.
 */
function video(host: 'YouTube' | 'Vimeo', input: DirectiveInput): BuiltinResult {
  const errors: string[] = [];
  const id = host === 'YouTube' ? youtubeId(input.attributes) : vimeoId(input.attributes);
  if (!id) {
    const given = input.attributes.id ?? input.attributes.url;
    errors.push(
      given === undefined
        ? `::${input.name} needs the video: id="${host === 'YouTube' ? 'dQw4w9WgXcQ' : '76979871'}" or url="…"`
        : `"${given}" is not a ${host} video id or URL (${host === 'YouTube' ? 'an id is 11 letters, digits, - or _' : 'an id is a number'})`,
    );
  }
  const start = startSeconds(input.attributes.start);
  if (start !== null && !Number.isFinite(start)) errors.push(`start="${input.attributes.start}" is not a time; use seconds ("90") or minutes:seconds ("1:30")`);
  if (errors.length) return { errors };
  const params = new URLSearchParams(host === 'YouTube' ? { autoplay: '1' } : { dnt: '1', autoplay: '1' });
  if (start && host === 'YouTube') params.set('start', String(start));
  const base = host === 'YouTube' ? `https://www.youtube-nocookie.com/embed/${id}` : `https://player.vimeo.com/video/${id}`;
  // Vimeo takes the start time as a fragment (#t=90s), not a parameter.
  const vimeoStart = host === 'Vimeo' && start ? `#t=${start}s` : '';
  const href = `${base}?${params.toString()}${vimeoStart}`;
  const title = input.attributes.title?.trim() || input.text('embedVideo').replaceAll('{host}', host);
  // "Play video: {title}": the title gets an element of its own, which the theme's script reads.
  const [before = '', after = ''] = input.text('embedPlayVideo').split('{title}');
  const poster = input.attributes.poster;
  const link = hast('a', { className: ['video-link'], href}, [
    ...(poster ? [hast('img', { className: ['video-poster'], src: poster, alt: '', loading: 'lazy', decoding: 'async' })] : []),
    hast('span', { className: ['video-play'], ariaHidden: 'true' }),
    hast('span', { className: ['video-label'] }, [
      ...(before ? [text(before)] : []),
      hast('span', { className: ['video-title'] }, [text(title)]),
      ...(after ? [text(after)] : []),
      hast('span', { className: ['video-host'] }, [text(` (${host}, ${host === 'YouTube' ? 'youtube-nocookie.com' : 'player.vimeo.com'})`)]),
    ]),
  ]);
  const caption = captionOf(input);
  return {
    node: element('figure', outer(input, 'video'), [
      element('div', { className: ['video-frame'] }, [], [link]),
      ...(caption.length ? [element('figcaption', {}, caption)] : []),
    ]),
  };
}

const BUILTINS: Record<string, Builtin> = {
  figure: {
    attributes: [...COMMON, 'src', 'alt', 'credit', 'caption'],
    render(input) {
      const { images, rest } = takeImages(input.children);
      const { src, alt, credit } = input.attributes;
      const errors: string[] = [];
      if (src !== undefined && alt === undefined) errors.push('::figure needs alt="…" describing the image (alt="" when it is decorative)');
      if (src === undefined && images.length === 0) errors.push('::figure needs an image: src="photo.jpg" alt="…", or ![alt](photo.jpg) on its first line');
      if (errors.length) return { errors };
      const image: RootContent = src !== undefined ? ({ type: 'image', url: src, alt, position: input.position } as Image) : images[0]!;
      const captionParts: RootContent[] = input.attributes.caption ? [{ type: 'text', value: input.attributes.caption } as RootContent] : input.label.length ? (input.label as RootContent[]) : src !== undefined ? input.children : rest;
      const creditNode = credit ? [element('small', { className: ['credit'] }, [{ type: 'text', value: credit } as RootContent])] : [];
      const hasCaption = captionParts.length > 0 || creditNode.length > 0;
      return {
        node: element('figure', outer(input, 'figure'), [
          image,
          ...images.slice(src !== undefined ? 0 : 1),
          ...(hasCaption ? [element('figcaption', {}, [...captionParts, ...creditNode])] : []),
        ]),
      };
    },
  },
  pullquote: {
    attributes: [...COMMON, 'cite', 'by'],
    render(input) {
      const quote = input.label.length ? [{ type: 'paragraph', children: input.label } as RootContent] : input.children;
      if (quote.length === 0) return { errors: ['::pullquote needs the quotation: ::pullquote[The words]{by="Who said them"} or a :::pullquote block'] };
      const by = input.attributes.by ?? input.attributes.cite;
      return {
        node: element('figure', outer(input, 'pullquote'), [
          element('blockquote', {}, quote),
          ...(by ? [element('figcaption', {}, [{ type: 'text', value: by } as RootContent])] : []),
        ]),
      };
    },
  },
  factbox: {
    attributes: [...COMMON, 'title'],
    render: (input) => box(input, input.text('embedFactBox'), 'factbox'),
  },
  keypoints: {
    attributes: [...COMMON, 'title'],
    render: (input) => box(input, input.text('embedKeyPoints'), 'factbox keypoints'),
  },
  youtube: { attributes: [...COMMON, 'id', 'url', 'title', 'start', 'poster'], render: (input) => video('YouTube', input) },
  vimeo: { attributes: [...COMMON, 'id', 'url', 'title', 'start', 'poster'], render: (input) => video('Vimeo', input) },
  embed: {
    attributes: [...COMMON, 'url', 'title', 'author', 'site', 'date'],
    render(input) {
      const url = input.attributes.url;
      let parsed: URL | null = null;
      try {
        parsed = url ? new URL(url) : null;
      } catch {
        parsed = null;
      }
      if (!url) return { errors: ['::embed needs url="https://…" of the post or page it quotes'] };
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return { errors: [`url="${url}" is not an http(s) address`] };
      const { title, author, date } = input.attributes;
      const site = input.attributes.site ?? parsed.hostname.replace(/^www\./, '');
      const quote = input.label.length ? [{ type: 'paragraph', children: input.label } as RootContent] : input.children;
      const source: RootContent[] = [
        ...(author ? [element('span', { className: ['embed-author'] }, [{ type: 'text', value: author } as RootContent]), { type: 'text', value: ', ' } as RootContent] : []),
        element('a', { href: url, className: ['embed-link'] }, [{ type: 'text', value: title ?? site } as RootContent]),
        ...(title ? [{ type: 'text', value: ' ' } as RootContent, element('span', { className: ['embed-site'] }, [{ type: 'text', value: `(${site})` } as RootContent])] : []),
        ...(date ? [{ type: 'text', value: ', ' } as RootContent, element('span', { className: ['embed-date'] }, [{ type: 'text', value: date } as RootContent])] : []),
      ];
      return {
        node: element('figure', outer(input, 'embed-card'), [
          ...(quote.length ? [element('blockquote', { cite: url }, quote)] : []),
          element('figcaption', {}, source),
        ]),
      };
    },
  },
  gallery: {
    attributes: [...COMMON, 'caption'],
    render(input) {
      const { images, rest } = takeImages(input.children);
      if (images.length === 0) return { errors: [':::gallery needs images inside, each ![alt](photo.jpg) on a line of its own'] };
      const caption: RootContent[] = input.attributes.caption ? [{ type: 'text', value: input.attributes.caption } as RootContent] : input.label.length ? (input.label as RootContent[]) : rest;
      return {
        node: element('figure', outer(input, 'gallery'), [
          element('ul', { className: ['gallery-items'] }, images.map((image) => element('li', {}, [image]))),
          ...(caption.length ? [element('figcaption', {}, caption)] : []),
        ]),
      };
    },
  },
};

function box(input: DirectiveInput, defaultTitle: string, className: string): BuiltinResult {
  const content = input.label.length ? [{ type: 'paragraph', children: input.label } as RootContent] : input.children;
  if (content.length === 0) return { errors: [`:::${input.name} needs content: the facts, usually a list, between :::${input.name} and :::`] };
  const title = input.attributes.title?.trim() || defaultTitle;
  return {
    node: element('div', { ...outer(input, className), role: 'note', ariaLabel: title }, [
      element('p', { className: ['factbox-title'] }, [{ type: 'text', value: title } as RootContent]),
      ...content,
    ]),
  };
}

/** The built-in directive called `name`, or undefined. */
export function builtinDirective(name: string): Builtin | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}

/** Names of every built-in directive. */
export const BUILTIN_DIRECTIVES = Object.keys(BUILTINS);
