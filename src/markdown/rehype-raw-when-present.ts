import type { Nodes, Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

/**
 * rehype-raw, run only on trees that hold raw HTML. Re-parsing a whole
 * article through an HTML parser is the costliest step after Markdown
 * parsing itself, and most articles contain no HTML at all; for those the
 * tree is already exactly what the re-parse would produce.
 */
export function rehypeRawWhenPresent() {
  return (tree: Root, file: VFile): Root => (containsRaw(tree) ? (raw(tree, { file }) as Root) : tree);
}

function containsRaw(node: Nodes): boolean {
  if (node.type === 'raw') return true;
  if (node.type !== 'root' && node.type !== 'element') return false;
  for (const child of node.children) if (containsRaw(child as Nodes)) return true;
  return false;
}
