import type { Element, Nodes, Root } from 'hast';

/**
 * Make GFM's HTML valid and accessible: task-list checkboxes get an
 * accessible name (the item's text), and table cells' obsolete `align`
 * attribute becomes a `text-align` style. Runs after sanitizing, so the
 * style it adds is ours, never an author's.
 */
export function rehypeGfmHtml() {
  return (tree: Root) => {
    const visit = (node: Nodes) => {
      if (node.type !== 'element' && node.type !== 'root') return;
      if (node.type === 'element') fix(node);
      for (const child of node.children) visit(child as Nodes);
    };
    visit(tree);
  };
}

function fix(element: Element) {
  if ((element.tagName === 'td' || element.tagName === 'th') && typeof element.properties.align === 'string') {
    element.properties.style = `text-align: ${element.properties.align}`;
    delete element.properties.align;
  }
  if (element.tagName === 'li' && hasClass(element, 'task-list-item')) {
    const box = element.children.find(
      (c): c is Element => c.type === 'element' && c.tagName === 'input' && c.properties.type === 'checkbox',
    ) ?? findCheckbox(element);
    if (box && !box.properties.ariaLabel) {
      const label = textOf(element).replace(/\s+/g, ' ').trim();
      box.properties.ariaLabel = `${box.properties.checked ? 'Done' : 'To do'}: ${label}`;
    }
  }
}

function findCheckbox(element: Element): Element | undefined {
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'input' && child.properties.type === 'checkbox') return child;
    if (child.tagName === 'p') return findCheckbox(child);
  }
  return undefined;
}

function hasClass(element: Element, name: string): boolean {
  const value = element.properties.className;
  return Array.isArray(value) && value.includes(name);
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && (node.tagName === 'ul' || node.tagName === 'ol')) return '';
  if (node.type === 'element' || node.type === 'root') return node.children.map((c) => textOf(c as Nodes)).join('');
  return '';
}
