import type { Nodes, Root } from 'hast';
import { sanitize, type Schema } from 'hast-util-sanitize';
import { find, html } from 'property-information';

/** Longest attribute value shown in a message, in characters. */
const SHOWN_VALUE = 60;

/**
 * Sanitize `tree` with `schema` and say what the sanitizer took out: each
 * element (`<script>`) and attribute (`href="javascript:…" on <a>`) of the
 * tree that the result no longer has, in document order, each once.
 * @returns The sanitized tree, and what was removed (empty when nothing was).
 */
export function sanitizeReporting(tree: Root, schema: Schema): { tree: Root; removed: string[] } {
  const clean = sanitize(tree, schema) as Root;
  const kept = new Map<string, number>();
  for (const item of itemsOf(clean)) kept.set(item, (kept.get(item) ?? 0) + 1);
  const removed: string[] = [];
  for (const item of itemsOf(tree)) {
    const left = kept.get(item) ?? 0;
    if (left > 0) kept.set(item, left - 1);
    else if (!removed.includes(item)) removed.push(item);
  }
  return { tree: clean, removed };
}

/** Every element of `tree` as `<tag>`, and every attribute as `name="value" on <tag>`. */
function itemsOf(tree: Nodes): string[] {
  const items: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'element') {
      items.push(`<${node.tagName}>`);
      for (const [name, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null || value === false) continue;
        const info = find(html, name);
        const text = Array.isArray(value) ? value.join(info.commaSeparated ? ', ' : ' ') : value === true ? '' : String(value);
        const shown = text.length > SHOWN_VALUE ? `${text.slice(0, SHOWN_VALUE)}…` : text;
        items.push(`${info.attribute}${value === true ? '' : `="${shown}"`} on <${node.tagName}>`);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return items;
}
