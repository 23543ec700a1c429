import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';
import type { Processor } from 'unified';

/**
 * GFM exactly as remark-gfm adds it, minus autolink literals (bare
 * `www.`/`https://` URLs and e-mail addresses). That one extension roughly
 * doubles parse time, so gazette uses this plugin only for articles that
 * `mayContainAutolinkLiteral` proves cannot contain one.
 */
export function remarkGfmWithoutAutolinks(this: Processor) {
  const data = this.data() as {
    micromarkExtensions?: unknown[];
    fromMarkdownExtensions?: unknown[];
  };
  (data.micromarkExtensions ??= []).push(
    combineExtensions([gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem()]),
  );
  (data.fromMarkdownExtensions ??= []).push([
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ]);
}

// URLs that can never be literal autolinks: inline link destinations
// `[text](url "title")`, CommonMark autolinks `<https://…>` and HTML tags with
// well-formed attributes. Anything looser is left in, so the check errs towards true.
const INLINE_LINK = /\[[^\[\]\n]*\]\(\s*[^\s()<>]*(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;
const AUTOLINK = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/g;
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*\s*\/?>/g;
const TRIGGER = /www\.|http|@|mailto:|xmpp:/i;

/**
 * Whether GFM autolink literals could occur in `markdown`: true when any text
 * outside link destinations, autolinks and HTML tags mentions `www.`, `http`,
 * `@`, `mailto:` or `xmpp:`. Backslash escapes make bracket and tag syntax
 * unreliable, so their presence answers from the raw text alone.
 */
export function mayContainAutolinkLiteral(markdown: string): boolean {
  if (!TRIGGER.test(markdown)) return false;
  if (/\\[[\]()<>]/.test(markdown)) return true;
  const text = markdown.replace(INLINE_LINK, '[]()').replace(AUTOLINK, '').replace(HTML_TAG, '');
  return TRIGGER.test(text);
}
