import { parseDate } from '../content/dates.js';
import type { ImportEntry, ImportSource, SkippedItem } from './entry.js';
import { htmlToText } from './html-to-markdown.js';
import { pathBelow } from './wordpress.js';
import { childNamed, childrenNamed, childText, serializeChildren, textOf, type XmlElement } from './xml.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const CONTENT = ['http://purl.org/rss/1.0/modules/content/', 'content:'];
const DC = ['http://purl.org/dc/elements/1.1/', 'dc:'];
const MEDIA = ['http://search.yahoo.com/mrss/', 'media:'];
// A description longer than this is the story itself, not a summary of it.
const MAX_SUMMARY = 500;

/**
 * Map an RSS 2.0 or Atom feed to gazette articles: title, date, authors,
 * categories as tags, summary and content, a picture enclosure as the
 * lead image, and the entry's address as an alias when it is on the feed's own site.
 * @param timeZone Zone of dates written without one.
 * @returns The entries, or null when the document is neither RSS 2.0 nor Atom.
 */
export function feedEntries(root: XmlElement, timeZone: string): ImportSource | null {
  if (root.name === 'rss' && root.ns === '') {
    const channel = childNamed(root, '', 'channel');
    return channel ? rssEntries(channel, timeZone) : null;
  }
  if (root.name === 'feed' && root.ns === ATOM) return atomEntries(root, timeZone);
  return null;
}

function rssEntries(channel: XmlElement, timeZone: string): ImportSource {
  const siteUrl = childText(channel, '', 'link') || null;
  const entries: ImportEntry[] = [];
  const skipped: SkippedItem[] = [];
  childrenNamed(channel, '', 'item').forEach((item, index) => {
    const title = htmlToText(textOf(childNamed(item, '', 'title')));
    const origin = `item ${index + 1}`;
    const link = childText(item, '', 'link');
    const guid = childNamed(item, '', 'guid');
    const permalink = link || (guid && guid.attrs.isPermaLink !== 'false' ? textOf(guid).trim() : '');
    const date = parseFeedDate(childText(item, '', 'pubDate') || childText(item, DC, 'date') || childText(item, ATOM, 'updated'), timeZone);
    if (date === null) {
      skipped.push({ title, origin, reason: 'it has no date (pubDate) that can be read' });
      return;
    }
    const description = textOf(childNamed(item, '', 'description'));
    const content = textOf(childNamed(item, CONTENT, 'encoded'));
    const written = childrenNamed(item, '', 'author').map((a) => textOf(a).trim());
    // An address alone names nobody, and a byline would publish it on the author's page.
    const addressesOnly = written.filter((text) => rssAuthor(text) === '' && text !== '');
    const authors = [...written.map(rssAuthor), ...childrenNamed(item, DC, 'creator').map((a) => htmlToText(textOf(a)))];
    const made = entry({
      origin,
      title,
      date,
      permalink,
      siteUrl,
      authors,
      tags: childrenNamed(item, '', 'category').map((c) => htmlToText(textOf(c))),
      summaryHtml: content.trim() ? description : '',
      html: content.trim() ? content : description,
      image: rssImage(item),
    });
    if (addressesOnly.length && !made.authors.length) made.warnings.push(`its author is given as an e-mail address only (${addressesOnly.join(', ')}), which is not published as a byline: add "author" by hand`);
    entries.push(made);
  });
  return { siteUrl, entries, skipped };
}

function atomEntries(feed: XmlElement, timeZone: string): ImportSource {
  const siteUrl = alternateLink(feed);
  const entries: ImportEntry[] = [];
  const skipped: SkippedItem[] = [];
  childrenNamed(feed, ATOM, 'entry').forEach((item, index) => {
    const title = htmlToText(atomHtml(childNamed(item, ATOM, 'title')));
    const origin = `entry ${index + 1}`;
    const date = parseFeedDate(childText(item, ATOM, 'published') || childText(item, ATOM, 'updated'), timeZone);
    if (date === null) {
      skipped.push({ title, origin, reason: 'it has no date (published or updated) that can be read' });
      return;
    }
    const content = childNamed(item, ATOM, 'content');
    const summary = atomHtml(childNamed(item, ATOM, 'summary'));
    const body = content && !content.attrs.src ? atomHtml(content) : '';
    const authors = childrenNamed(item, ATOM, 'author').map((a) => childText(a, ATOM, 'name'));
    const made = entry({
      origin,
      title,
      date,
      permalink: alternateLink(item) ?? '',
      siteUrl,
      authors: authors.length ? authors : childrenNamed(feed, ATOM, 'author').map((a) => childText(a, ATOM, 'name')),
      tags: childrenNamed(item, ATOM, 'category').map((c) => c.attrs.label ?? c.attrs.term ?? ''),
      summaryHtml: body.trim() ? summary : '',
      html: body.trim() ? body : summary,
      image: atomImage(item),
    });
    if (content?.attrs.src) made.warnings.push(`its content is elsewhere (${content.attrs.src}) and is not fetched; only its summary is imported`);
    entries.push(made);
  });
  return { siteUrl, entries, skipped };
}

/** The fields both kinds of feed share, made into an entry. */
function entry(fields: {
  origin: string;
  title: string;
  date: number;
  permalink: string;
  siteUrl: string | null;
  authors: string[];
  tags: string[];
  summaryHtml: string;
  html: string;
  image: ImportEntry['image'];
}): ImportEntry {
  const summary = htmlToText(fields.summaryHtml);
  const alias = fields.permalink && fields.siteUrl ? pathBelow(fields.permalink, fields.siteUrl) : null;
  const lastSegment = (() => {
    try {
      return new URL(fields.permalink).pathname.split('/').filter(Boolean).pop()?.replace(/\.(?:html?|php|aspx?)$/i, '') ?? '';
    } catch {
      return '';
    }
  })();
  return {
    origin: fields.origin,
    kind: 'article',
    title: fields.title || `Untitled ${fields.origin}`,
    date: fields.date,
    draft: false,
    scheduled: false,
    authors: [...new Set(fields.authors.map((a) => a.trim()).filter(Boolean))],
    section: null,
    tags: [...new Set(fields.tags.map((t) => t.trim()).filter(Boolean))],
    summary: summary && summary.length <= MAX_SUMMARY ? summary : null,
    image: fields.image,
    slug: decodeSegment(lastSegment) || fields.title,
    pagePath: null,
    aliases: alias && alias !== '/' && !alias.includes('?') ? [alias] : [],
    html: fields.html,
    baseUrl: fields.permalink || fields.siteUrl,
    warnings: fields.title ? [] : ['it has no title, so it is called after its place in the feed'],
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** RSS's `author` is an address, often with the name in brackets: `jo@example.org (Jo Roe)`; '' for an address alone. */
function rssAuthor(text: string): string {
  const named = /\(([^)]+)\)\s*$/.exec(text.trim());
  if (named) return htmlToText(named[1]!);
  const name = htmlToText(text);
  return /^[^\s@]+@[^\s@]+$/.test(name) ? '' : name;
}

/** An RSS item's picture enclosure or Media RSS picture, as the lead image. */
function rssImage(item: XmlElement): ImportEntry['image'] {
  const enclosure = childrenNamed(item, '', 'enclosure').find((e) => /^image\//i.test(e.attrs.type ?? '') && e.attrs.url);
  return leadImage(enclosure?.attrs.url, item);
}

/** An Atom entry's picture enclosure (`<link rel="enclosure" type="image/…">`) or Media RSS picture, as the lead image. */
function atomImage(item: XmlElement): ImportEntry['image'] {
  const enclosure = childrenNamed(item, ATOM, 'link').find((l) => l.attrs.rel === 'enclosure' && /^image\//i.test(l.attrs.type ?? '') && l.attrs.href);
  return leadImage(enclosure?.attrs.href, item);
}

/** The enclosure's picture, else the item's Media RSS picture (which Atom feeds carry too), with its caption. */
function leadImage(enclosureUrl: string | undefined, item: XmlElement): ImportEntry['image'] {
  const media = [...childrenNamed(item, MEDIA, 'content'), ...childrenNamed(item, MEDIA, 'thumbnail')].find(
    (m) => m.attrs.url && (m.name === 'thumbnail' || m.attrs.medium === 'image' || /^image\//i.test(m.attrs.type ?? '')),
  );
  const src = enclosureUrl ?? media?.attrs.url;
  if (!src) return null;
  const description = media ? childText(media, MEDIA, 'description') || childText(media, MEDIA, 'title') : '';
  return { src, alt: null, caption: description ? htmlToText(description) : null };
}

/** An Atom text construct as HTML, whatever its `type`. */
function atomHtml(element: XmlElement | undefined): string {
  if (!element) return '';
  const type = (element.attrs.type ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    // The content is one XHTML div, whose own markup is not part of the text.
    const div = element.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'div');
    return div ? serializeChildren(div) : serializeChildren(element);
  }
  const text = textOf(element);
  if (type === 'html' || type === 'text/html') return text;
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => `<p>${p.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('\n');
}

/** The `rel="alternate"` (or rel-less) link of a feed or entry. */
function alternateLink(element: XmlElement): string | null {
  const link = childrenNamed(element, ATOM, 'link').find((l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.href);
  return link?.attrs.href ?? null;
}

/**
 * ISO 8601 (Atom, Dublin Core) and RFC 822 (RSS) dates; null when there is none or it cannot be read.
 * A date without a zone is read in `timeZone` (ISO) or UTC (RFC 822), never in this machine's zone.
 */
function parseFeedDate(text: string, timeZone: string): number | null {
  if (!text) return null;
  const iso = parseDate(text, timeZone);
  if (!('error' in iso)) return iso.epochMs;
  const zoned = /(?:\b(?:GMT|UTC?|Z|[ECMP][SD]T)|[+-]\d{4})\s*$/i.test(text);
  const ms = Date.parse(zoned ? text : `${text} GMT`);
  return Number.isNaN(ms) ? null : ms;
}
