import type { Nodes, Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /**
     * Whether the tree holds what the sanitizer may take out: raw HTML, or a link or image whose
     * address has a scheme other than http and https (see rehype-sanitize-reporting.ts).
     */
    mayLoseToSanitizer: boolean;
  }
}

/** An address that names a scheme, other than http: and https:. */
const OTHER_SCHEME = /^\s*(?!https?:)[a-z][a-z0-9+.-]*:/i;

/**
 * rehype-raw, run only on trees that hold raw HTML. Re-parsing a whole
 * article through an HTML parser is the costliest step after Markdown
 * parsing itself, and most articles contain no HTML at all; for those the
 * tree is already exactly what the re-parse would produce. The same pass
 * notes whether the sanitizer may find anything to take out.
 */
export function rehypeRawWhenPresent() {
  return (tree: Root, file: VFile): Root => {
    const found = scan(tree);
    file.data.mayLoseToSanitizer = found !== NOTHING;
    return found === RAW ? (raw(tree, { file }) as Root) : tree;
  };
}

const NOTHING = 0;
const SCHEME = 1;
const RAW = 2;

/** The most a tree holds of: raw HTML, an address with another scheme, neither. */
function scan(node: Nodes): number {
  if (node.type === 'raw') return RAW;
  if (node.type !== 'root' && node.type !== 'element') return NOTHING;
  let found = NOTHING;
  if (node.type === 'element') {
    const { href, src } = node.properties;
    if ((typeof href === 'string' && OTHER_SCHEME.test(href)) || (typeof src === 'string' && OTHER_SCHEME.test(src))) found = SCHEME;
  }
  for (const child of node.children) {
    const inner = scan(child as Nodes);
    if (inner === RAW) return RAW;
    if (inner > found) found = inner;
  }
  return found;
}
