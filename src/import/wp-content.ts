import { autop } from './autop.js';
import { expandShortcodes, type ShortcodeContext } from './shortcodes.js';

/** What a post's content needs from the rest of the export. */
export interface WordPressContentContext extends ShortcodeContext {
  /** The content of the reusable block with this id, or undefined. */
  reusableBlock(id: string): string | undefined;
}

// A block editor delimiter: `<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`, `<!-- wp:image {"id":5} /-->`.
const DELIMITER = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)(\s+\{[\s\S]*?\})?\s+(\/)?-->/g;
const MAX_NESTED_REUSE = 5;

/**
 * Turn a post's content as WordPress stores it into the HTML it shows:
 * block editor delimiters removed (reusable blocks put in place), the
 * "more" and page-break markers dropped, shortcodes expanded, and classic
 * text given its paragraphs.
 */
export function wordpressHtml(content: string, context: WordPressContentContext, depth = 0): string {
  const text = expandShortcodes(content.replace(/\r\n?/g, '\n').replace(/<!--(?:more|nextpage|noteaser)\b[^>]*?-->/g, ''), context);
  let html = '';
  let level = 0;
  let last = 0;
  // Text outside any block is classic-editor text (a freeform block, or a whole classic post), which WordPress paragraphs itself.
  const flush = (segment: string) => (html += level === 0 && segment.trim() !== '' ? `\n${autop(segment)}\n` : segment);
  for (const match of text.matchAll(DELIMITER)) {
    flush(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [, closing, name, json, selfClosing] = match;
    if (closing) level = Math.max(0, level - 1);
    else if (!selfClosing) level++;
    else html += selfClosingBlock(name!, json, context, depth);
  }
  flush(text.slice(last));
  return html.trim();
}

/** A block with no content of its own: a reusable block's content, or nothing (with a warning for blocks WordPress builds when showing the page). */
function selfClosingBlock(name: string, json: string | undefined, context: WordPressContentContext, depth: number): string {
  let attributes: Record<string, unknown> = {};
  try {
    attributes = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    attributes = {};
  }
  if (name === 'block' && attributes.ref !== undefined) {
    const reused = context.reusableBlock(String(attributes.ref));
    if (reused === undefined) context.warn(`the reusable block ${String(attributes.ref)} is not in the export; its place is left empty`);
    else if (depth >= MAX_NESTED_REUSE) context.warn('reusable blocks nest too deeply; the innermost are left out');
    else return `\n${wordpressHtml(reused, context, depth + 1)}\n`;
    return '';
  }
  if (name !== 'more' && name !== 'nextpage' && name !== 'spacer' && name !== 'separator') {
    context.warn(`the block wp:${name} is left out: WordPress builds it when it shows the page, so the export holds none of its content`);
  }
  return '';
}
