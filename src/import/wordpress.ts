import { parseDate } from '../content/dates.js';
import type { ImportEntry, ImportSource, SkippedItem } from './entry.js';
import { htmlToText } from './html-to-markdown.js';
import type { AttachmentImage } from './shortcodes.js';
import { wordpressHtml } from './wp-content.js';
import type { WxrExport, WxrItem } from './wxr.js';

// Why items of WordPress's own types are not imported.
const SKIPPED_TYPES: Record<string, string> = {
  attachment: 'an attachment (a media file): posts that show it keep its address',
  revision: 'a revision: an older version of a post',
  nav_menu_item: 'a menu entry: menus are set in gazette.config.json',
  wp_block: 'a reusable block: its content goes into the posts that use it',
  custom_css: 'the theme\'s custom CSS',
  customize_changeset: 'a saved theme customization',
  oembed_cache: 'WordPress\'s cache of an embed',
  wp_navigation: 'a navigation menu: menus are set in gazette.config.json',
  wp_template: 'a theme template',
  wp_template_part: 'a theme template part',
  wp_global_styles: 'the theme\'s styles',
};
const SKIPPED_STATUSES: Record<string, string> = {
  trash: 'in the trash',
  'auto-draft': 'an empty draft WordPress saved by itself',
  inherit: 'a copy belonging to another item',
};
const DRAFT_STATUSES = new Set(['draft', 'pending', 'private']);

/**
 * Map a WordPress export to gazette entries: posts become articles and
 * pages pages; drafts (also pending and private posts) are kept as drafts,
 * scheduled posts keep their date; everything else is skipped with a reason.
 * @param timeZone Zone of dates the export gives only in local time (drafts never published).
 */
export function wordpressEntries(wxr: WxrExport, timeZone: string): ImportSource {
  const byId = new Map(wxr.items.map((item) => [item.id, item]));
  const attachmentOf = (item: WxrItem | undefined): AttachmentImage | undefined =>
    item?.type === 'attachment'
      ? { url: item.attachmentUrl || item.guid, alt: item.meta.get('_wp_attachment_image_alt')?.trim() ?? '', caption: htmlToText(item.excerpt) }
      : undefined;
  const attachmentsOf = new Map<string, WxrItem[]>();
  for (const item of wxr.items) {
    if (item.type === 'attachment') attachmentsOf.set(item.parentId, [...(attachmentsOf.get(item.parentId) ?? []), item]);
  }
  const entries: ImportEntry[] = [];
  const skipped: SkippedItem[] = [];
  for (const item of wxr.items) {
    const title = htmlToText(item.title);
    const origin = `${item.type || 'item'} ${item.id}`;
    const reason = item.type === 'post' || item.type === 'page' ? SKIPPED_STATUSES[item.status] : (SKIPPED_TYPES[item.type] ?? `of the type "${item.type}", which gazette does not import (a plugin's own content)`);
    if (reason) {
      skipped.push({ title, origin, reason });
      continue;
    }
    const warnings: string[] = [];
    const date = itemDate(item, timeZone);
    if (date === null) {
      skipped.push({ title, origin, reason: 'it has no date' });
      continue;
    }
    const own = [...(attachmentsOf.get(item.id) ?? [])].sort((a, b) => a.menuOrder - b.menuOrder);
    const html = wordpressHtml(item.content, {
      attachment: (id) => attachmentOf(byId.get(id)),
      ownAttachments: () => own.map((a) => attachmentOf(a)!),
      reusableBlock: (id) => (byId.get(id)?.type === 'wp_block' ? byId.get(id)!.content : undefined),
      warn: (message) => warnings.push(message),
    });
    if (item.status === 'private') warnings.push('it was private on WordPress, so it is imported as a draft');
    // gazette has no passwords: a protected post must not become public by moving.
    const locked = item.password !== '' && !DRAFT_STATUSES.has(item.status);
    if (locked) warnings.push('it was password-protected on WordPress, so it is imported as a draft (a gazette site has no passwords)');
    const isPage = item.type === 'page';
    // A login the export names no author for (a deleted user's, "ghost") would be published as the byline.
    if (!isPage && item.creator && wxr.authors.size > 0 && !wxr.authors.has(item.creator)) {
      warnings.push(`its author "${item.creator}" is not among the export's authors, so the byline is that login; write the name readers should see in its "author"`);
    }
    const thumbnailId = item.meta.get('_thumbnail_id')?.trim();
    const thumbnail = thumbnailId ? attachmentOf(byId.get(thumbnailId)) : undefined;
    if (thumbnailId && !thumbnail) warnings.push(`its featured image (attachment ${thumbnailId}) is not in the export`);
    const categories = item.terms.filter((t) => t.domain === 'category' && t.slug !== 'uncategorized').map((t) => htmlToText(t.name)).filter(Boolean);
    const tags = item.terms.filter((t) => t.domain === 'post_tag').map((t) => htmlToText(t.name)).filter(Boolean);
    entries.push({
      origin,
      kind: isPage ? 'page' : 'article',
      title: title || `Untitled ${origin}`,
      date,
      draft: DRAFT_STATUSES.has(item.status) || locked,
      scheduled: item.status === 'future',
      authors: isPage ? [] : authorsOf(item, wxr.authors),
      section: isPage ? null : (categories[0] ?? null),
      // A post in several categories keeps the others as tags.
      tags: isPage ? [] : [...new Set([...categories.slice(1), ...tags])],
      summary: htmlToText(item.excerpt) || null,
      image: thumbnail ? { src: thumbnail.url, alt: thumbnail.alt || null, caption: thumbnail.caption || null } : null,
      slug: decodeSlug(item.name) || title,
      pagePath: isPage ? pagePath(item, byId) : null,
      aliases: oldAddresses(item, wxr.siteUrl),
      html,
      baseUrl: item.link || wxr.siteUrl || null,
      warnings: title ? warnings : ['it has no title, so it is called after its id', ...warnings],
    });
  }
  return { siteUrl: wxr.siteUrl || null, entries, skipped };
}

/** The instant an item was (or will be) published: its UTC date, else its local date read in `timeZone`. */
function itemDate(item: WxrItem, timeZone: string): number | null {
  const gmt = item.dateGmt ? parseDate(`${item.dateGmt}Z`, 'UTC') : null;
  if (gmt && !('error' in gmt)) return gmt.epochMs;
  const local = item.dateLocal ? parseDate(item.dateLocal, timeZone) : null;
  return local && !('error' in local) ? local.epochMs : null;
}

/** The display names of an item's author and co-authors (the Co-Authors Plus plugin's `author` terms). */
function authorsOf(item: WxrItem, authors: Map<string, string>): string[] {
  const names = [item.creator, ...item.terms.filter((t) => t.domain === 'author').map((t) => t.slug.replace(/^cap-/, '') || t.name)]
    .filter(Boolean)
    .map((login) => authors.get(login) ?? login);
  return [...new Set(names.map((name) => htmlToText(name)).filter(Boolean))];
}

/** `wp:post_name` as written: WordPress percent-encodes letters outside ASCII (`%e4%b8%ad` → `中`). */
function decodeSlug(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** A page's path below the site: its ancestors' slugs and its own (`about/team`). */
function pagePath(item: WxrItem, byId: Map<string, WxrItem>): string[] {
  const path = [decodeSlug(item.name) || htmlToText(item.title)];
  const seen = new Set([item.id]);
  for (let parent = byId.get(item.parentId); parent && parent.type === 'page' && !seen.has(parent.id); parent = byId.get(parent.parentId)) {
    seen.add(parent.id);
    path.unshift(decodeSlug(parent.name) || htmlToText(parent.title));
  }
  return path;
}

/** The item's old addresses below the site: its permalink, its `guid` and the `?p=` address every WordPress post answers to. */
function oldAddresses(item: WxrItem, siteUrl: string): string[] {
  const addresses = [item.link, item.guid].map((url) => pathBelow(url, siteUrl)).filter((path): path is string => path !== null);
  addresses.push(item.type === 'page' ? `/?page_id=${item.id}` : `/?p=${item.id}`);
  // Only addresses a redirect page can answer: not the home page, nor ones with other query strings.
  return [...new Set(addresses)].filter((path) => path !== '/' && (/^\/\?(?:p|page_id)=\d+$/.test(path) || !path.includes('?')));
}

/**
 * The root-relative address of `url` below the site's home (`https://example.org/blog/2024/05/x/` → `/2024/05/x/`),
 * or null when it is elsewhere.
 */
export function pathBelow(url: string, siteUrl: string): string | null {
  try {
    const target = new URL(url);
    const home = new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`);
    if (target.host !== home.host || !target.pathname.startsWith(home.pathname)) return null;
    return `/${target.pathname.slice(home.pathname.length)}${target.search}`;
  } catch {
    return null;
  }
}
