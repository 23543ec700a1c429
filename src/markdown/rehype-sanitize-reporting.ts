import type { Element, Nodes, Properties, Root } from 'hast';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import type { VFile } from 'vfile';

/** Longest attribute value quoted in a warning, in characters. */
const QUOTED_VALUE = 60;
/** Hosts whose players the video directives embed. */
const VIDEO_HOSTS = /(?:^|\.)(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com)$/i;

/**
 * The article sanitizer (rehype-sanitize's job), saying what it took out: an
 * author's pasted `<iframe>` or `href="javascript:…"` vanished from the page
 * without a word. Each element and attribute the sanitizer removed from what
 * the author wrote is a warning at its place, once per kind in an article.
 * Elements gazette made without a place in the source are not reported.
 * @param options.always Look at every body, not only those the raw HTML pass marked: plugins or a
 *   schema of the site's own are in play.
 */
export function rehypeSanitizeReporting(options: { schema: Schema; always: boolean }) {
  const { schema, always } = options;
  return (tree: Root, file: VFile): Root => {
    const clean = sanitize(tree, schema) as Root;
    // Gazette's Markdown alone gives nothing to take out but an address's scheme (see rehype-raw-when-present.ts);
    // plugins and a schema of the site's own may. Most bodies lose nothing, and counting is cheaper than matching.
    if ((always || file.data.mayLoseToSanitizer) && itemCount(clean) !== itemCount(tree)) reportRemoved(tree, clean, file, schema);
    return clean;
  };
}

/** Elements and set attributes in `tree`. */
function itemCount(tree: Nodes): number {
  let count = 0;
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'element') {
      count++;
      for (const name in node.properties) if (isSet(node.properties[name])) count++;
    }
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
  return count;
}

function reportRemoved(tree: Root, clean: Root, file: VFile, schema: Schema): void {
  // The sanitizer keeps each element's place, so an element of the source is found in the result by it.
  const kept = new Map<string, Element>();
  walkElements(clean, (element) => {
    const key = placeKey(element);
    if (key) kept.set(key, element);
    return true;
  });
  const said = new Set<string>();
  const say = (what: string, element: Element, advice: string) => {
    if (said.has(what)) return;
    said.add(what);
    void file.message(`the sanitizer removed ${what}${advice}`, { place: element.position, ruleId: 'sanitized', source: 'gazette' });
  };
  walkElements(tree, (element) => {
    const key = placeKey(element);
    if (!key) return true;
    const survivor = kept.get(key);
    if (!survivor) {
      say(`<${element.tagName}>`, element, elementAdvice(element));
      // An element taken out with its content: what was inside it is gone with it, and not said again.
      return element.children.some((child) => child.type === 'element' && placeKey(child) !== null && kept.has(placeKey(child)!));
    }
    for (const name in element.properties) {
      const value = element.properties[name];
      if (!isSet(value) || isSet(survivor.properties[name])) continue;
      say(`${attributeText(name, value)} from <${element.tagName}>`, element, attributeAdvice(name, schema));
    }
    return true;
  });
}

/** Visit each element, depth first, into its children while `visit` says so. */
function walkElements(node: Nodes, visit: (element: Element) => boolean): void {
  if (node.type === 'element' && !visit(node)) return;
  if ('children' in node) for (const child of node.children) walkElements(child as Nodes, visit);
}

function placeKey(element: Element): string | null {
  const start = element.position?.start;
  return start?.offset === undefined ? null : `${element.tagName}@${start.offset}`;
}

function isSet(value: Properties[string]): boolean {
  return value !== undefined && value !== null && value !== false;
}

/** An attribute as the author wrote it, its value shortened: `href="javascript:alert(1)"`. */
function attributeText(name: string, value: Properties[string]): string {
  const info = find(html, name);
  if (value === true) return info.attribute;
  const text = Array.isArray(value) ? value.join(info.commaSeparated ? ', ' : ' ') : String(value);
  return `${info.attribute}=${JSON.stringify(text.length > QUOTED_VALUE ? `${text.slice(0, QUOTED_VALUE)}…` : text)}`;
}

const ALLOW = 'a site whose authors are all trusted can set "trustHtml", and a theme can allow more with "markdown.sanitize"';

function elementAdvice(element: Element): string {
  if (element.tagName === 'iframe') {
    const src = String(element.properties.src ?? '');
    let host = '';
    try {
      host = new URL(src, 'https://invalid.invalid/').hostname;
    } catch {
      host = '';
    }
    if (VIDEO_HOSTS.test(host)) return ': embed the video with the ::youtube or ::vimeo directive';
    return `: quote a post with the :::embed directive, or link to it; ${ALLOW}`;
  }
  if (element.tagName === 'script') return `: articles do not run scripts (a post's embed code: quote it with the :::embed directive); ${ALLOW}`;
  return `: articles may not contain it; ${ALLOW}`;
}

function attributeAdvice(name: string, schema: Schema): string {
  const info = find(html, name);
  const schemes = schema.protocols?.[info.property];
  if (schemes) return `: addresses there may be relative or use ${schemes.join(', ')}`;
  if (/^on/i.test(info.attribute)) return ': articles do not run scripts';
  return `: articles may not use it there; ${ALLOW}`;
}
