import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { VFile } from 'vfile';
import { pushAll } from '../../push-all.js';

/** Renders the theme partial of shortcode `name` with its attributes and inner HTML (`content`). */
export type ShortcodeRenderer = (name: string, context: Record<string, string>) => string;

export interface ShortcodeOptions {
  render: ShortcodeRenderer;
  /** The marker `remarkDirectives` gave this render's placeholders. */
  nonce: string;
}

/**
 * Fill each shortcode placeholder with its theme partial. Runs after
 * sanitizing: the partial is the theme's own markup, and what the writer
 * supplied reaches it either escaped (attributes, through `{{…}}`) or
 * already sanitized (`{{{content}}}`, the directive's inner HTML). The
 * partial's output is parsed back into the tree so heading ids and URL
 * resolution still apply to it.
 */
export function rehypeShortcodes(options: ShortcodeOptions) {
  const prefix = `${options.nonce}-`;
  return (tree: Root, file: VFile) => {
    const uses = file.data.shortcodes;
    if (!uses?.length) return;
    const walk = (parent: Root | Element) => {
      const out: (RootContent | ElementContent)[] = [];
      for (const child of parent.children) {
        const marker = child.type === 'element' ? child.properties.dataGazetteShortcode : undefined;
        const use = typeof marker === 'string' && marker.startsWith(prefix) ? uses[Number(marker.slice(prefix.length))] : undefined;
        if (child.type === 'element') walk(child);
        if (!use) {
          // A marker without a matching use was written by hand in raw HTML: drop the attribute, keep the element.
          if (child.type === 'element' && marker !== undefined) delete child.properties.dataGazetteShortcode;
          out.push(child);
          continue;
        }
        const element = child as Element;
        let html: string;
        try {
          html = options.render(use.name, { ...use.attributes, content: toHtml(element.children) });
        } catch (error) {
          const err = error as Error & { lineNumber?: number };
          const at = err.lineNumber ? ` (line ${err.lineNumber} of the partial)` : '';
          const message = file.message(`the shortcode partial directives/${use.name}.hbs failed${at}: ${err.message}`, {
            place: use.position,
            ruleId: 'shortcode-render',
            source: 'gazette',
          });
          message.fatal = true;
          continue;
        }
        pushAll(out, fromHtml(html, { fragment: true }).children as ElementContent[]);
      }
      parent.children = out as never;
    };
    walk(tree);
  };
}
