import { childNamed, childrenNamed, childText, textOf, type XmlElement } from './xml.js';

// WordPress has written three versions of its export namespace; a file declares one of them.
const WP = ['http://wordpress.org/export/1.2/', 'http://wordpress.org/export/1.1/', 'http://wordpress.org/export/1.0/', 'wp:'];
const EXCERPT = WP.map((ns) => (ns === 'wp:' ? 'excerpt:' : `${ns}excerpt/`));
const CONTENT = ['http://purl.org/rss/1.0/modules/content/', 'content:'];
const DC = ['http://purl.org/dc/elements/1.1/', 'dc:'];

/** One `<item>` of a WordPress export, its fields as WordPress wrote them. */
export interface WxrItem {
  id: string;
  title: string;
  link: string;
  guid: string;
  /** Login of the author (`dc:creator`). */
  creator: string;
  content: string;
  excerpt: string;
  /** `YYYY-MM-DD HH:MM:SS` in UTC, or '' (WordPress writes zeros for drafts never published). */
  dateGmt: string;
  /** `YYYY-MM-DD HH:MM:SS` in the old site's zone. */
  dateLocal: string;
  name: string;
  status: string;
  /** Set when the post was password-protected. */
  password: string;
  type: string;
  parentId: string;
  menuOrder: number;
  attachmentUrl: string;
  /** Taxonomy terms: `domain` is `category`, `post_tag`, or another taxonomy. */
  terms: { domain: string; slug: string; name: string }[];
  meta: Map<string, string>;
}

/** A WordPress export: the site, its authors and its items. */
export interface WxrExport {
  title: string;
  /** The site's home, e.g. `https://example.org/blog/`. */
  siteUrl: string;
  /** Author logins → display names. */
  authors: Map<string, string>;
  items: WxrItem[];
}

/**
 * Read a WordPress export (WXR: RSS 2.0 with WordPress's namespaces).
 * @param root The parsed document.
 * @returns The export, or null when the document is not one (no `<channel>` with WordPress's fields).
 */
export function readWxr(root: XmlElement): WxrExport | null {
  const channel = root.name === 'rss' ? childNamed(root, '', 'channel') : undefined;
  if (!channel || !childNamed(channel, WP, 'wxr_version')) return null;
  const authors = new Map<string, string>();
  for (const author of childrenNamed(channel, WP, 'author')) {
    const login = childText(author, WP, 'author_login');
    const display = childText(author, WP, 'author_display_name') || [childText(author, WP, 'author_first_name'), childText(author, WP, 'author_last_name')].filter(Boolean).join(' ');
    if (login) authors.set(login, display || login);
  }
  return {
    title: childText(channel, '', 'title'),
    siteUrl: childText(channel, WP, 'base_blog_url') || childText(channel, '', 'link'),
    authors,
    items: childrenNamed(channel, '', 'item').map(readItem),
  };
}

function readItem(item: XmlElement): WxrItem {
  const wp = (name: string) => childText(item, WP, name);
  const meta = new Map<string, string>();
  for (const entry of childrenNamed(item, WP, 'postmeta')) {
    const key = childText(entry, WP, 'meta_key');
    if (key) meta.set(key, textOf(childNamed(entry, WP, 'meta_value')));
  }
  return {
    id: wp('post_id'),
    title: textOf(childNamed(item, '', 'title')).trim(),
    link: childText(item, '', 'link'),
    guid: childText(item, '', 'guid'),
    creator: childText(item, DC, 'creator'),
    content: textOf(childNamed(item, CONTENT, 'encoded')),
    excerpt: textOf(childNamed(item, EXCERPT, 'encoded')),
    dateGmt: /^0000/.test(wp('post_date_gmt')) ? '' : wp('post_date_gmt'),
    dateLocal: /^0000/.test(wp('post_date')) ? '' : wp('post_date'),
    name: wp('post_name'),
    status: wp('status'),
    password: wp('post_password'),
    type: wp('post_type'),
    parentId: wp('post_parent'),
    menuOrder: Number(wp('menu_order')) || 0,
    attachmentUrl: wp('attachment_url'),
    terms: childrenNamed(item, '', 'category').map((term) => ({ domain: term.attrs.domain ?? 'category', slug: term.attrs.nicename ?? '', name: textOf(term).trim() })),
    meta,
  };
}
