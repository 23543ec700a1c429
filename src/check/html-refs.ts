import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';

type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type Element = DefaultTreeAdapterTypes.Element;

/** One URL found in an attribute of an HTML element. */
export interface HtmlRef {
  /** The URL as the browser sees it (entities decoded, not yet resolved). */
  url: string;
  /** Lower-case tag name, e.g. 'a', 'img', 'link'. */
  tag: string;
  /** The attribute it came from: 'href', 'src', 'srcset' or 'poster'. */
  attr: string;
  /** The `rel` attribute of `<a>`/`<link>`, if any, for messages. */
  rel: string | null;
  /** Which element holds it: refs of the same element share this number (document order). */
  element: number;
  /** Position in the scanned HTML, 1-based. */
  line: number | null;
  column: number | null;
}

/** What link checking needs from one HTML document or fragment. */
export interface HtmlScan {
  refs: HtmlRef[];
  /** Every `id`, and every `name` of an `<a>`: the targets of `#fragment` links. */
  anchors: Set<string>;
  /** The `href` of the first `<base>` element, or null. */
  baseHref: string | null;
}

/** Attributes whose value is a single URL; `srcset` holds a list and is split separately. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster']);

/**
 * Parse a whole HTML page with a real HTML parser and collect every URL in
 * `href`, `src`, `srcset` and `poster` attributes, plus the anchors the page
 * offers. `<noscript>` content is parsed as markup, so its links are checked too.
 */
export function scanHtmlPage(html: string, options: ScanOptions = {}): HtmlScan {
  return scan(parse(html, { scriptingEnabled: false, sourceCodeLocationInfo: options.positions ?? true }));
}

/** Like `scanHtmlPage`, for a fragment such as an article body. */
export function scanHtmlFragment(html: string, options: ScanOptions = {}): HtmlScan {
  return scan(parseFragment(html, { scriptingEnabled: false, sourceCodeLocationInfo: options.positions ?? true }));
}

export interface ScanOptions {
  /**
   * Whether to record each URL's line and column (default: true). Tracking them costs the parser a
   * fair share of its time, so a caller that never shows them turns it off and gets null.
   */
  positions?: boolean;
}

function scan(root: ParentNode): HtmlScan {
  const refs: HtmlRef[] = [];
  const anchors = new Set<string>();
  let baseHref: string | null = null;
  let elementIndex = 0;

  const visit = (node: ParentNode) => {
    for (const child of node.childNodes) {
      if (!('tagName' in child)) continue;
      const element = child as Element;
      const index = elementIndex++;
      const tag = element.tagName.toLowerCase();
      const rel = element.attrs.find((a) => a.name === 'rel')?.value ?? null;
      for (const attr of element.attrs) {
        if (attr.prefix) continue;
        const name = attr.name.toLowerCase();
        if (name === 'id' && attr.value !== '') anchors.add(attr.value);
        else if (name === 'name' && tag === 'a' && attr.value !== '') anchors.add(attr.value);
        if (tag === 'base' && name === 'href') {
          baseHref ??= attr.value;
          continue;
        }
        const location = element.sourceCodeLocation?.attrs?.[attr.name] ?? element.sourceCodeLocation ?? null;
        const at = { element: index, line: location?.startLine ?? null, column: location?.startCol ?? null };
        if (URL_ATTRIBUTES.has(name)) {
          refs.push({ url: attr.value, tag, attr: name, rel, ...at });
        } else if (name === 'srcset' || name === 'imagesrcset') {
          for (const url of parseSrcset(attr.value)) refs.push({ url, tag, attr: name, rel, ...at });
        }
      }
      visit(element);
      // A <template>'s markup lives in its content fragment.
      if ('content' in element && element.content) visit(element.content as ParentNode);
    }
  };
  visit(root);
  return { refs, anchors, baseHref };
}

/**
 * The URLs of a `srcset` value, following the HTML parsing rules: candidates
 * are separated by commas, each a URL followed by an optional descriptor.
 */
export function parseSrcset(value: string): string[] {
  const urls: string[] = [];
  const space = /[\t\n\f\r ]/;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (space.test(value[i]!) || value[i] === ',')) i++;
    if (i >= value.length) break;
    const start = i;
    while (i < value.length && !space.test(value[i]!)) i++;
    let url = value.slice(start, i);
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // Skip the descriptor, which ends at the next comma outside parentheses.
      let depth = 0;
      for (; i < value.length; i++) {
        const c = value[i];
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        else if (c === ',' && depth === 0) break;
      }
    }
    if (url !== '') urls.push(url);
  }
  return urls;
}
