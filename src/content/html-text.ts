/** Elements inside a line of text: their tags part no words (see `textOfHtml`). */
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);
const TAG = /<!--[\s\S]*?-->|<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>|<\/?([a-zA-Z][\w-]*)[^>]*>/g;
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos|nbsp));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text of rendered HTML (a body, for search snippets; a profile's bio, for its description):
 * its tags taken out (a space where a block starts or ends, none around a link or emphasis), its
 * character references decoded, whitespace collapsed. Search makes it from the HTML, which the
 * build has for every body anyway, rather than keeping it beside it: at 10,000 articles the texts
 * kept from rendering to writing were a tenth of the build's memory. The HTML is gazette's own
 * serialization, whose text holds numeric references only (and the few named ones a trusted raw
 * block may keep).
 */
export function textOfHtml(html: string): string {
  const text = html
    .replace(TAG, (_, _raw: string | undefined, name: string | undefined) => (name && PHRASING.has(name.toLowerCase()) ? '' : ' '))
    .replace(REFERENCE, (whole, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
      if (named) return NAMED[named]!;
      const code = hex ? parseInt(hex, 16) : Number(decimal);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  return text.replace(/\s+/g, ' ').trim();
}
