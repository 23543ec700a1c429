/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…, and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A link whose whole text is an address, as Markdown writes autolinks: a URL (`https://…`, `mailto:…`),
 * a `www.` host or an e-mail address, with no space.
 */
const ADDRESS_LINK = /<a href="([^"]*)">((?:[a-z][a-z0-9+.-]*:|www\.)[^<\s]+|[^<\s@]+@[^<\s@]+)<\/a>/gi;

/**
 * Make the addresses shown as text in a right-to-left body read left to right (`dir="ltr"`): inside
 * Arabic or Hebrew text, a URL's trailing slash or a leading `@` would otherwise land at the wrong end.
 * (Code spans are isolated by the theme's CSS.)
 * @param html A rendered body, as gazette's Markdown renderer writes it.
 */
export function isolateAddresses(html: string): string {
  if (!html.includes('<a href=')) return html;
  return html.replace(ADDRESS_LINK, (link: string, href: string, text: string) => (RTL_LETTER.test(text) ? link : `<a href="${href}" dir="ltr">${text}</a>`));
}
