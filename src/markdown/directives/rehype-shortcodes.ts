import type { Element, ElementContent, Nodes, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { pushAll } from '../../push-all.js';
import { sanitizeReporting } from '../sanitize-report.js';

/** Renders the theme partial of shortcode `name` with its attributes and inner HTML (`content`). */
export type ShortcodeRenderer = (name: string, context: Record<string, string>) => string;

export interface ShortcodeOptions {
  render: ShortcodeRenderer;
  /** The marker `remarkDirectives` gave this render's placeholders. */
  nonce: string;
  /** What the partials' output is sanitized with (see `shortcodeSanitizeSchema`); null with `trustHtml`. */
  schema: Schema | null;
}

/**
 * Fill each shortcode placeholder with its theme partial. Runs after the
 * body is sanitized, and sanitizes each partial's output in turn (unless
 * `trustHtml`): the writer's attribute values reach the partial escaped for
 * HTML but not checked as URLs, so `href="{{href}}"` could otherwise publish
 * a `javascript:` link. What the sanitizer removes is a warning at the
 * directive. The output is parsed back into the tree, positioned at the
 * directive, so heading ids, URL resolution and link checks apply to it.
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
        let fragment = fromHtml(html, { fragment: true });
        if (options.schema) {
          const { tree: clean, removed } = sanitizeReporting(fragment, options.schema);
          fragment = clean;
          if (removed.length) {
            file.message(`the sanitizer removed from the output of directives/${use.name}.hbs what an article may not contain: ${removed.join(', ')} (the theme can allow more with "markdown.sanitize")`, {
              place: use.position,
              ruleId: 'shortcode-sanitized',
              source: 'gazette',
            });
          }
        }
        placeAt(fragment, use.position);
        pushAll(out, fragment.children as ElementContent[]);
      }
      parent.children = out as never;
    };
    walk(tree);
  };
}

/** Give every node of `tree` the directive's position: the partial's own lines mean nothing in the article. */
function placeAt(tree: Nodes, position: Position | undefined): void {
  if (position) tree.position = position;
  else delete tree.position;
  if ('children' in tree) for (const child of tree.children) placeAt(child, position);
}
