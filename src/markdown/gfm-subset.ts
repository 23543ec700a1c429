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
 * The GFM constructs an article may contain, as far as a cheap scan of its
 * text can tell. Each flag errs towards true: false means the construct
 * cannot occur, so leaving its parser extension out changes nothing but speed.
 */
export interface GfmFeatures {
  autolinks: boolean;
  footnotes: boolean;
  strikethrough: boolean;
  tables: boolean;
  taskItems: boolean;
}

/**
 * Which GFM constructs `markdown` could contain. Every one needs a marker
 * character: a table row a `|`, strikethrough a `~`, a footnote call or
 * definition `[^`, a task item `[ ]` or `[x]`. Autolink literals need a
 * closer look (see `mayContainAutolinkLiteral`).
 */
export function gfmFeaturesOf(markdown: string): GfmFeatures {
  return {
    autolinks: mayContainAutolinkLiteral(markdown),
    footnotes: markdown.includes('[^'),
    strikethrough: markdown.includes('~'),
    tables: markdown.includes('|'),
    // The checkbox may hold any space or line ending (CRLF counts as one), or an x.
    taskItems: /\[(?:\s|\r\n|x|X)\]/.test(markdown),
  };
}

/**
 * GFM exactly as remark-gfm adds it, in the same order, minus autolink
 * literals and whichever other constructs `features` rules out. The
 * table extension alone costs about a third of the parse time (it is
 * tried at the start of every line), autolink literals about as much again.
 */
export function remarkGfmSubset(this: Processor, features: Omit<GfmFeatures, 'autolinks'>) {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  const syntax = [];
  const trees = [];
  if (features.footnotes) syntax.push(gfmFootnote()), trees.push(gfmFootnoteFromMarkdown());
  if (features.strikethrough) syntax.push(gfmStrikethrough()), trees.push(gfmStrikethroughFromMarkdown());
  if (features.tables) syntax.push(gfmTable()), trees.push(gfmTableFromMarkdown());
  if (features.taskItems) syntax.push(gfmTaskListItem()), trees.push(gfmTaskListItemFromMarkdown());
  (data.micromarkExtensions ??= []).push(combineExtensions(syntax));
  (data.fromMarkdownExtensions ??= []).push(trees);
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
