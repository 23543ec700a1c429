import GithubSlugger, { slug } from 'github-slugger';
import type { Element, Nodes, Root } from 'hast';

/** The id of a heading with nothing to name it by (no text, no image's alt): `section`, `section-1`… */
const FALLBACK = 'section';

/**
 * Give every heading without an `id` one made from its text, as GitHub and
 * rehype-slug make them (`## Results` → `results`, then `results-1`…). A
 * heading whose text gives no letter or digit (only an image, an emoji, a
 * dash) is named after its images' alt text, else `section`: never an empty
 * id (invalid HTML) nor one like `-1` (issue #25). Ids are unique on the page
 * among those this plugin makes; ids already there are kept.
 */
export function rehypeHeadingIds() {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    const visit = (node: Nodes) => {
      if (node.type !== 'element' && node.type !== 'root') return;
      if (node.type === 'element' && /^h[1-6]$/.test(node.tagName) && !node.properties.id) {
        const text = textOf(node);
        const name = usable(slug(text)) ? text : usable(slug(altOf(node))) ? altOf(node) : FALLBACK;
        node.properties.id = slugger.slug(name);
      }
      for (const child of node.children) visit(child as Nodes);
    };
    visit(tree);
  };
}

/** Whether a slug names something: it has a letter or a digit, not only dashes and marks. */
function usable(slugged: string): boolean {
  return /[\p{L}\p{N}]/u.test(slugged);
}

/** The concatenated text of a node's descendants, as the DOM's `textContent` (and rehype-slug) read it. */
function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((child) => textOf(child as Nodes)).join('') : '';
}

/** The alt texts of the images inside an element, joined by spaces. */
function altOf(element: Element): string {
  const alts: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type !== 'element') return;
    if (node.tagName === 'img' && typeof node.properties.alt === 'string') alts.push(node.properties.alt);
    for (const child of node.children) visit(child as Nodes);
  };
  visit(element);
  return alts.join(' ');
}
