import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';
import type { Processor } from 'unified';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { closest } from '../../report/suggest.js';
import { BUILTIN_DIRECTIVES, builtinDirective, type DirectiveInput, type EmbedLabel } from './builtins.js';
import { replaceAt } from '../../push-all.js';

/** A theme shortcode met in an article, to be filled in by its partial after sanitizing. */
export interface ShortcodeUse {
  name: string;
  /** The directive's attributes, plus `label` (the text of its `[label]`) when it has one. */
  attributes: Record<string, string>;
  position: Position | undefined;
}

declare module 'vfile' {
  interface DataMap {
    /** Theme shortcodes in the order met; the marker's number indexes this list. */
    shortcodes: ShortcodeUse[];
    /**
     * What of the theme the article's directives used: shortcode names, names of directives that
     * are neither built in nor the theme's (the article renders differently once the theme has
     * them), and `#key` for each theme string a built-in showed.
     */
    directiveNames: string[];
  }
}

export interface DirectiveOptions {
  /** Names of the theme's shortcode partials (`directives/<name>.hbs`). */
  shortcodes: ReadonlySet<string>;
  /** Marks this render's shortcode placeholders, so raw HTML in the article cannot pose as one. */
  nonce: string;
  /** The texts built-ins show, by key (see EMBED_LABELS). */
  labels: Readonly<Record<string, string>>;
}

type DirectiveNode = Parent & {
  type: 'containerDirective' | 'leafDirective' | 'textDirective';
  name: string;
  attributes?: Record<string, string | null | undefined> | null;
};

const DIRECTIVE_TYPES = new Set(['containerDirective', 'leafDirective', 'textDirective']);

/**
 * The directive syntax, parsing only: what remark-directive adds minus
 * turning trees back into Markdown, which gazette never does (and which
 * would bring a Markdown serializer into every thread).
 */
export function remarkDirectiveSyntax(this: Processor) {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(directive());
  (data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown());
}

/**
 * Turn directives (`:name[…]{…}`, `::name[…]{…}`, `:::name … :::`) into
 * HTML: the built-in embeds render here, theme shortcodes become
 * placeholders for `rehypeShortcodes`, and any other directive is a warning
 * with its text kept. Invalid attributes are fatal messages at the
 * directive's position. Runs right after parsing, before users' remark plugins.
 */
export function remarkDirectives(options: DirectiveOptions) {
  return (tree: Root, file: VFile) => {
    const source = String(file.value);
    const sourceOf = (node: RootContent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      return start !== undefined && end !== undefined ? source.slice(start, end) : '';
    };
    const fail = (node: RootContent, reason: string, ruleId: string) => {
      const message = file.message(reason, { place: node.position, ruleId, source: 'gazette' });
      message.fatal = true;
    };
    const warn = (node: RootContent, reason: string, ruleId: string) => void file.message(reason, { place: node.position, ruleId, source: 'gazette' });

    const walk = (parent: Parent) => {
      for (let i = 0; i < parent.children.length; i++) {
        const child = parent.children[i]!;
        if (!DIRECTIVE_TYPES.has(child.type)) {
          if ('children' in child) walk(child as Parent);
          continue;
        }
        const node = child as unknown as DirectiveNode;
        const written = sourceOf(child);
        // `:name` alone in prose ("a ratio of 3:do") is text that only looks like a directive.
        if (node.type === 'textDirective' && !/[[{]/.test(written.slice(node.name.length + 1))) {
          parent.children[i] = { type: 'text', value: written || `:${node.name}`, position: child.position } as RootContent;
          continue;
        }
        const replacement = transform(node, written);
        // In place: the container's walk above holds this very array. (An unknown container directive gives back all its children.)
        replaceAt(parent.children as RootContent[], i, replacement);
        i += replacement.length - 1;
      }
    };

    const transform = (node: DirectiveNode, written: string): RootContent[] => {
      const child = node as unknown as RootContent;
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(node.attributes ?? {})) if (typeof value === 'string') attributes[key] = value;
      let label: PhrasingContent[] = [];
      let children = node.children as RootContent[];
      if (node.type === 'containerDirective') {
        const first = children[0] as (Parent & { data?: { directiveLabel?: boolean } }) | undefined;
        if (first?.data?.directiveLabel) {
          label = first.children as PhrasingContent[];
          children = children.slice(1);
        }
      } else {
        label = children as PhrasingContent[];
        children = [];
      }
      // Shortcodes and built-ins have their own content inside; walk it first.
      walk({ type: 'root', children } as Parent);

      const builtin = builtinDirective(node.name);
      if (builtin && node.type !== 'textDirective') {
        for (const key of Object.keys(attributes)) {
          if (!builtin.attributes.includes(key)) {
            const hint = closest(key, builtin.attributes);
            warn(child, `::${node.name} has no attribute "${key}"${hint ? `; did you mean "${hint}"?` : ''} (it takes ${builtin.attributes.join(', ')})`, 'directive-attribute');
          }
        }
        const text = (key: EmbedLabel) => {
          (file.data.directiveNames ??= []).push(`#${key}`);
          return options.labels[key] ?? key;
        };
        const input: DirectiveInput = { name: node.name, kind: node.type, attributes, label, children, text, position: child.position };
        const result = builtin.render(input);
        if ('errors' in result) {
          for (const reason of result.errors) fail(child, reason, 'directive-invalid');
          return [];
        }
        // Where the directive was written: the elements it makes (a figure's photo, a video's poster) are reported there.
        result.node.position ??= child.position;
        return [result.node];
      }

      if (options.shortcodes.has(node.name)) {
        const uses = (file.data.shortcodes ??= []);
        const index = uses.length;
        const labelText = label.map(plainText).join('');
        uses.push({ name: node.name, attributes: labelText && node.type === 'containerDirective' ? { label: labelText, ...attributes } : attributes, position: child.position });
        (file.data.directiveNames ??= []).push(node.name);
        const content = node.type === 'containerDirective' ? children : label;
        return [
          {
            type: 'gazetteShortcode',
            data: { hName: node.type === 'textDirective' ? 'span' : 'div', hProperties: { dataGazetteShortcode: `${options.nonce}-${index}` } },
            children: content,
          } as unknown as RootContent,
        ];
      }

      (file.data.directiveNames ??= []).push(node.name);
      const colons = node.type === 'textDirective' ? ':' : node.type === 'leafDirective' ? '::' : ':::';
      if (builtin) {
        warn(child, `${colons}${node.name} is a block: write ::${node.name}{…} on a line of its own; the text is kept as written`, 'directive-inline');
      } else {
        const hint = closest(node.name, [...BUILTIN_DIRECTIVES, ...options.shortcodes]);
        warn(
          child,
          `unknown directive ${colons}${node.name}${hint ? `; did you mean "${hint}"?` : ''}: it is neither built in nor a theme shortcode (templates/directives/${node.name}.hbs); the text is kept as written`,
          'directive-unknown',
        );
      }
      if (node.type === 'containerDirective') return [...(label.length ? [{ type: 'paragraph', children: label } as RootContent] : []), ...children];
      const kept = { type: 'text', value: written } as RootContent;
      return node.type === 'leafDirective' ? [{ type: 'paragraph', children: [kept] } as RootContent] : [kept];
    };

    walk(tree);
  };
}

function plainText(node: PhrasingContent): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as PhrasingContent[]).map(plainText).join('');
  return '';
}

/**
 * Whether `markdown` may contain a directive: a colon followed by a letter.
 * Errs towards true (a `mailto:` link counts); false means the directive
 * syntax extension can be left out of the parser without changing anything.
 */
export function mayContainDirective(markdown: string): boolean {
  return /:[A-Za-z]/.test(markdown);
}
