import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diagnostic, GazetteError } from '../report/diagnostics.js';

/** An XML element with its namespace resolved: `<wp:post_id>` is `{ns: 'http://wordpress.org/export/1.2/', name: 'post_id'}`. */
export interface XmlElement {
  /** Namespace URI, '' for none. */
  ns: string;
  /** Local name, without the prefix. */
  name: string;
  /** Attributes by their name as written (`href`, `xml:lang`). */
  attrs: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

type RawNode = Record<string, unknown>;

const ATTRS = ':@';
const TEXT = '#text';
const CDATA = '#cdata';

/**
 * Parse an XML document into elements with resolved namespaces, CDATA kept as text.
 * @param text The document.
 * @param display The file as messages name it.
 * @returns The root element.
 * @throws GazetteError naming `display:line:column` when the XML is not well formed.
 */
export function parseXml(text: string, display: string): XmlElement {
  const source = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new GazetteError(`${display} is not well-formed XML`, {
      diagnostics: [diagnostic(display, `${msg.replace(/\.$/, '')}; the file may be cut short or edited by hand`, 'import-xml', { position: { line, column: col }, source })],
    });
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    cdataPropName: CDATA,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Numeric character references and the HTML entities feeds use (&nbsp;) become characters.
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Real exports nest a few levels; a hostile file is refused rather than recursed into.
    maxNestedTags: 200,
  });
  const top = parser.parse(source) as RawNode[];
  const root = top.map((node) => toElement(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]))).find((n): n is XmlElement => typeof n !== 'string');
  if (!root) throw new GazetteError(`${display} has no root element: it is not an XML export or feed`);
  return root;
}

/** One raw node of the parser's ordered output, namespaces resolved with `scope` (prefix → URI; '' is the default). */
function toElement(node: RawNode, scope: Map<string, string>): XmlNode {
  if (TEXT in node) return String(node[TEXT]);
  if (CDATA in node) return (node[CDATA] as RawNode[]).map((part) => String(part[TEXT] ?? '')).join('');
  const qname = Object.keys(node).find((key) => key !== ATTRS)!;
  const attrs = { ...((node[ATTRS] as Record<string, string> | undefined) ?? {}) };
  let inner = scope;
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (inner === scope) inner = new Map(scope);
      inner.set(key === 'xmlns' ? '' : key.slice(6), String(value));
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  return {
    // An undeclared prefix keeps its name so that "wp:" still reads as WordPress's in a sloppy export.
    ns: inner.get(prefix) ?? (prefix ? `${prefix}:` : ''),
    name: colon === -1 ? qname : qname.slice(colon + 1),
    attrs,
    children: ((node[qname] as RawNode[] | undefined) ?? []).map((child) => toElement(child, inner)),
  };
}

/** The child elements of `element` named `name` in namespace `ns` (any of `ns` when a list). */
export function childrenNamed(element: XmlElement, ns: string | readonly string[], name: string): XmlElement[] {
  const spaces = typeof ns === 'string' ? [ns] : ns;
  return element.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name && spaces.includes(c.ns));
}

/** The first child element named `name` in `ns`, or undefined. */
export function childNamed(element: XmlElement, ns: string | readonly string[], name: string): XmlElement | undefined {
  return childrenNamed(element, ns, name)[0];
}

/** All the text inside an element (CDATA included), as written. */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The trimmed text of the first child `name` in `ns`, or ''. */
export function childText(element: XmlElement, ns: string | readonly string[], name: string): string {
  return textOf(childNamed(element, ns, name)).trim();
}

/** An element's children written back as XML (for Atom's inline XHTML content). */
export function serializeChildren(element: XmlElement): string {
  return element.children.map(serializeNode).join('');
}

function serializeNode(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  const attrs = Object.entries(node.attrs)
    .filter(([key]) => key !== 'xmlns' && !key.startsWith('xmlns:'))
    .map(([key, value]) => ` ${key}="${escapeXml(value).replace(/"/g, '&quot;')}"`)
    .join('');
  // Written as HTML reads it: `</br>` would be a second line break.
  if (VOID.has(node.name)) return `<${node.name}${attrs}>`;
  return `<${node.name}${attrs}>${serializeChildren(node)}</${node.name}>`;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
