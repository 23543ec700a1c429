// Tags that stand on their own as blocks: a paragraph never wraps them (WordPress's list, plus media and iframes).
const BLOCK =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|video|audio|iframe)';
const BLOCK_OPEN = new RegExp(`(<${BLOCK}[\\s/>])`, 'gi');
const BLOCK_CLOSE = new RegExp(`(</${BLOCK}>)`, 'gi');
const BLOCK_TAG = new RegExp(`^</?${BLOCK}[\\s/>]`, 'i');
// Blocks whose text is already phrasing: text inside them gets no paragraph of its own.
const PHRASING_BLOCK = /^<\/?(?:li|td|th|dt|dd|caption|figcaption|summary|legend|h[1-6]|p|pre|address)[\s/>]/i;
// Elements whose text is kept exactly: no paragraphs or line breaks are added inside.
const VERBATIM = /<(pre|script|style|textarea)\b([^>]*)>([\s\S]*?)<\/\1>/gi;

/**
 * Give WordPress's classic-editor text the paragraphs WordPress adds when it
 * shows a post (its `wpautop`): text separated by a blank line becomes a
 * `<p>`, a single line break inside a paragraph a `<br />`, and block-level
 * markup (lists, tables, quotes, figures) is left unwrapped.
 * @param text A post's content as the export holds it.
 * @returns The same content as HTML paragraphs.
 */
export function autop(text: string): string {
  if (text.trim() === '') return '';
  const kept: string[] = [];
  // NUL cannot occur in XML text, so it marks the kept contents unambiguously.
  let html = text.replace(/\r\n?/g, '\n').replace(VERBATIM, (_, tag: string, attrs: string, inner: string) => `<${tag}${attrs}>\0${kept.push(inner) - 1}\0</${tag}>`);
  html = html
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
    // A line break inside a tag (between attributes) is not a line of text.
    .replace(/<[^<>]*>/g, (tag) => tag.replace(/\s*\n\s*/g, ' '))
    // Every block tag now starts or ends a chunk, so a chunk is [block tags] text [block tags].
    .replace(BLOCK_OPEN, '\n\n$1')
    .replace(BLOCK_CLOSE, '$1\n\n')
    .replace(/(<hr\s*\/?>)/gi, '$1\n\n');
  html = html
    .split(/\n[ \t]*\n\s*/)
    .map(paragraph)
    .filter((chunk) => chunk !== '')
    .join('\n');
  return html.replace(/\0(\d+)\0/g, (_, index: string) => kept[Number(index)] ?? '');
}

/** One chunk between blank lines: its text wrapped in `<p>` unless a block holding phrasing encloses it, line breaks as `<br />`. */
function paragraph(chunk: string): string {
  const parts = chunk.trim().split(/(<\/?[a-zA-Z][^<>]*>)/);
  const isBlockOrBlank = (part: string) => part.trim() === '' || BLOCK_TAG.test(part);
  let start = 0;
  while (start < parts.length && isBlockOrBlank(parts[start]!)) start++;
  let end = parts.length;
  while (end > start && isBlockOrBlank(parts[end - 1]!)) end--;
  const lead = parts.slice(0, start).join('');
  const trail = parts.slice(end).join('');
  const middle = parts
    .slice(start, end)
    .join('')
    .replace(/(<br\s*\/?>)?[ \t]*\n\s*/gi, (match, br: string | undefined) => (br ? match : '<br />\n'));
  if (middle === '') return lead + trail;
  // The nearest enclosing block is the last tag before the text, else the first after it.
  const leadTags = parts.slice(0, start).filter((p) => p.trim() !== '');
  const trailTags = parts.slice(end).filter((p) => p.trim() !== '');
  const encloser = leadTags.length ? leadTags[leadTags.length - 1]! : (trailTags[0] ?? '');
  const inPhrasing = PHRASING_BLOCK.test(encloser) && (leadTags.length ? !encloser.startsWith('</') : encloser.startsWith('</'));
  return inPhrasing ? lead + middle + trail : `${lead}<p>${middle}</p>${trail}`;
}
