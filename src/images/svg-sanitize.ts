import type { Element, ElementContent, Root, RootContent } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';

/** Part of the cache key of sanitized SVGs: change it whenever the rules below change what they keep. */
export const SVG_SANITIZER_VERSION = 'svg-sanitize-1';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** Namespaces whose elements browsers give behaviour to inside an SVG file (scripts, frames, links): never kept. */
const FOREIGN_NS = new Set(['http://www.w3.org/1999/xhtml', 'http://www.w3.org/1998/Math/MathML']);
const XML_EVENTS_NS = 'http://www.w3.org/2001/xml-events';

/**
 * The SVG elements kept (SVG 1.1 and 2, and the flowed text Inkscape writes). Not here, so
 * dropped with what they hold: `script`, `foreignObject` (HTML inside), `handler` and
 * `listener`, and names no browser draws.
 */
const SVG_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'desc', 'title', 'metadata', 'symbol', 'use', 'image', 'switch', 'style', 'a', 'view',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath', 'tref', 'altGlyph', 'altGlyphDef', 'altGlyphItem', 'glyphRef',
  'marker', 'pattern', 'clipPath', 'mask', 'linearGradient', 'radialGradient', 'stop', 'solidcolor', 'hatch', 'hatchpath', 'mesh', 'meshgradient', 'meshpatch', 'meshrow',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight',
  'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
  'animate', 'animateColor', 'animateMotion', 'animateTransform', 'set', 'mpath',
  'font', 'font-face', 'font-face-format', 'font-face-name', 'font-face-src', 'font-face-uri', 'glyph', 'missing-glyph', 'hkern', 'vkern',
  'color-profile', 'cursor',
  'flowRoot', 'flowRegion', 'flowPara', 'flowSpan', 'flowDiv', 'flowRegionBreak', 'flowLine',
]);
/** Animations, which can set another attribute (an `href` to `javascript:`) after the file is loaded. */
const ANIMATIONS = new Set(['animate', 'animateColor', 'animateMotion', 'animateTransform', 'set']);
/** Elements whose `href` may embed a picture as a `data:` URL (raster formats only: they run nothing). */
const PICTURE_ELEMENTS = new Set(['image', 'feImage']);
const RASTER_DATA = /^data:image\/(?:png|jpeg|jpg|gif|webp|avif|bmp)[;,]/i;
/** What `url(…)` in CSS may name: a part of this file, or an embedded picture or font. */
const CSS_DATA = /^data:(?:image\/(?:png|jpeg|jpg|gif|webp|avif|bmp)|font\/[\w.+-]+|application\/(?:font-woff2?|x-font-woff|x-font-ttf|x-font-opentype|font-sfnt|vnd\.ms-fontobject))[;,]/i;
/** CSS that loads or runs something without `url(`: functions taking a URL as a string, and old script hooks. */
const CSS_LOADERS = /(?:^|[^\w-])(?:-webkit-)?(?:image-set|image|cross-fade|src|element|expression)\(|-moz-binding|behavior\s*:/;

/** An SVG file that is not well-formed XML (or not text gazette can decode): it cannot be checked. */
export class SvgProblem extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
  }
}

/** One thing the sanitizer took out, where the file had it. */
export interface SvgRemoval {
  what: string;
  line: number | null;
  column: number | null;
}

/**
 * Make an SVG file safe to publish in the site's origin: a file opened by
 * itself runs its scripts there. Parsed as XML (namespaces resolved as a
 * browser does), then rebuilt without scripts, `foreignObject`, HTML or
 * MathML elements, event-handler attributes (`on…`), `javascript:` and other
 * script URLs, references to other sites (`<use href="https://…">`, images,
 * `xml:base`, style sheets and `@import`, CSS `url()` other than this file's
 * parts and embedded pictures and fonts), processing instructions
 * (`<?xml-stylesheet?>`) and animations that set links or handlers.
 * Deterministic: the same bytes always give the same bytes.
 * @returns The sanitized file (UTF-8) and what was removed, in document order.
 * @throws SvgProblem when the file is not well-formed XML.
 */
export function sanitizeSvg(bytes: Uint8Array): { bytes: Buffer; removed: SvgRemoval[] } {
  const { text, declared } = decodeXml(bytes);
  let tree: Root;
  try {
    tree = fromXml(text);
  } catch (error) {
    const err = error as { cause?: { message?: string }; line?: number; column?: number };
    const reason = (err.cause?.message ?? String(error)).split('\n')[0]!.replace(/ \(line \d+, column \d+\)$/, '');
    throw new SvgProblem(`is not well-formed XML (${reason})`, err.line ?? null, err.column ?? null);
  }
  const removed: SvgRemoval[] = [];
  const remove = (what: string, node: { position?: { start: { line: number; column: number } } }) =>
    removed.push({ what, line: node.position?.start.line ?? null, column: node.position?.start.column ?? null });

  const children = (nodes: RootContent[], scope: Map<string, string>): RootContent[] => {
    const out: RootContent[] = [];
    for (const node of nodes) {
      if (node.type === 'instruction') {
        if (node.name.toLowerCase() !== 'xml') remove(`<?${node.name}?>`, node);
        // Now written as UTF-8, whatever the file was written in.
        else out.push(declared ? { ...node, value: node.value.replace(/encoding\s*=\s*(["'])[^"']*\1/, 'encoding="UTF-8"') } : node);
      } else if (node.type === 'element') {
        const kept = element(node, scope);
        if (kept) out.push(kept);
      } else out.push(node);
    }
    return out;
  };

  const element = (node: Element, parentScope: Map<string, string>): Element | null => {
    const scope = declarations(node, parentScope);
    const [prefix, local] = splitName(node.name);
    const ns = scope.get(prefix) ?? (prefix === '' ? '' : null);
    if (ns !== null && FOREIGN_NS.has(ns)) {
      remove(`<${node.name}>`, node);
      return null;
    }
    const svg = ns === SVG_NS || ns === '';
    if (svg && !SVG_ELEMENTS.has(local)) {
      remove(`<${node.name}>`, node);
      return null;
    }
    if (svg && ANIMATIONS.has(local)) {
      const target = splitName(String(node.attributes.attributeName ?? '').trim())[1].toLowerCase();
      if (target === 'href' || target === 'src' || target === 'style' || target === 'base' || target.startsWith('on')) {
        remove(`<${node.name} attributeName="${node.attributes.attributeName}">`, node);
        return null;
      }
    }
    const attributes: Element['attributes'] = {};
    for (const [name, value] of Object.entries(node.attributes)) {
      if (value === null || value === undefined) continue;
      const why = attributeProblem(name, String(value), scope, svg ? local : null);
      if (why) remove(why === 'value' ? `${name}="${shorten(String(value))}" on <${node.name}>` : `${name} on <${node.name}>`, node);
      else attributes[name] = value;
    }
    if (svg && local === 'style') {
      const css = node.children.map((child) => (child.type === 'text' || child.type === 'cdata' ? child.value : '')).join('');
      if (!safeCss(css)) {
        remove(`<${node.name}> that loads other files or runs code (@import, url() of another file)`, node);
        return null;
      }
    }
    return { ...node, attributes, children: children(node.children as RootContent[], scope) as ElementContent[] };
  };

  /** Why attribute `name` must go ('name': always; 'value': for this value), or null to keep it. */
  const attributeProblem = (name: string, value: string, scope: Map<string, string>, svgElement: string | null): 'name' | 'value' | null => {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return null;
    const [prefix, local] = splitName(name);
    const ns = prefix === '' ? '' : prefix === 'xml' ? 'xml' : (scope.get(prefix) ?? null);
    if (local.toLowerCase().startsWith('on')) return 'name';
    if (ns === 'xml' && local === 'base') return 'name';
    if (ns === XML_EVENTS_NS) return 'name';
    const lower = local.toLowerCase();
    if (lower === 'href' || lower === 'src') {
      const link = svgElement === 'a' && (ns === '' || ns === XLINK_NS);
      return (link ? safeLink(value) : safeResource(value, svgElement !== null && PICTURE_ELEMENTS.has(svgElement))) ? null : 'value';
    }
    if (lower === 'style') return safeCss(value) ? null : 'value';
    if (/url\s*\(/i.test(value)) return safeCss(value) ? null : 'value';
    return null;
  };

  const root: Root = { ...tree, children: children(tree.children, new Map([['xml', 'xml']])) };
  return { bytes: Buffer.from(toXml(root, { closeEmptyElements: true }), 'utf8'), removed };
}

/** The namespaces in scope on `node`: its parent's, with its own `xmlns` declarations. */
function declarations(node: Element, parent: Map<string, string>): Map<string, string> {
  let scope = parent;
  for (const [name, value] of Object.entries(node.attributes)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === parent) scope = new Map(parent);
    scope.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), String(value ?? ''));
  }
  return scope;
}

function splitName(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** A URL as a browser reads it: surrounding spaces and control characters gone, tabs and newlines removed. */
function compact(url: string): string {
  // eslint-disable-next-line no-control-regex
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** A link's target: a web page, an address, a phone number, or a path or part of this site. */
function safeLink(value: string): boolean {
  const scheme = SCHEME.exec(compact(value))?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto' || scheme === 'tel';
}

/** Something the file loads: a part of itself, a file of this site, or a picture embedded as `data:`. */
function safeResource(value: string, picture: boolean): boolean {
  const url = compact(value);
  if (url === '' || url.startsWith('#')) return true;
  if (SCHEME.test(url)) return picture && RASTER_DATA.test(url);
  // "//host/x" (and the backslash spellings browsers accept) leave the site.
  return !/^[\\/][\\/]/.test(url);
}

/** CSS that loads nothing from elsewhere and runs nothing; escapes, which could hide either, are refused whole. */
export function safeCss(css: string): boolean {
  const text = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  if (text.includes('\\')) return false;
  const lower = text.toLowerCase();
  if (lower.includes('@import') || CSS_LOADERS.test(lower)) return false;
  for (const match of lower.matchAll(/url\(\s*(["']?)([^"')]*)/g)) {
    const target = compact(match[2]!);
    if (!target.startsWith('#') && !CSS_DATA.test(target)) return false;
  }
  return true;
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}

/**
 * The text of an XML file, decoded as its byte order mark or declaration says (UTF-8 by
 * default), and whether it declared an encoding other than UTF-8.
 * @throws SvgProblem for bytes that are not text in that encoding.
 */
function decodeXml(bytes: Uint8Array): { text: string; declared: boolean } {
  let label = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, start] = ['utf-16be', 2];
  else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const declared = /^<\?xml[^>]*?\sencoding\s*=\s*(["'])([A-Za-z0-9._:-]+)\1/.exec(head)?.[2];
    if (declared) label = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new SvgProblem(`declares the encoding "${label}", which gazette cannot read; save it as UTF-8`);
  }
  try {
    const text = decoder.decode(bytes.subarray(start));
    return { text, declared: decoder.encoding !== 'utf-8' };
  } catch {
    throw new SvgProblem(`is not valid ${decoder.encoding.toUpperCase()} text`);
  }
}
