import fs from 'node:fs/promises';
import path from 'node:path';
import { Document, isScalar } from 'yaml';
import { parseArticle } from '../content/article.js';
import { isoInZone, zonedParts } from '../content/dates.js';
import { fallbackSlug, slugify } from '../content/slug.js';
import { resolveInside } from '../safe-path.js';
import { formatDiagnostic } from '../report/diagnostics.js';
import { expandPermalink } from '../site/permalink.js';
import type { ImportEntry } from './entry.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { MediaLibrary } from './media.js';

/** What the writer needs to know about the site it writes into. */
export interface SiteShape {
  timeZone: string;
  permalink: string;
  trustHtml: boolean;
  /** Whether the site's host can redirect an address with a query (`/?p=12`): only then are such old addresses kept as aliases. */
  queryAliases: boolean;
  /** The old site's home, for telling its own addresses from others. */
  oldSiteUrl: string | null;
}

/** An entry with the file it goes to and its new address. */
export interface PlannedEntry {
  entry: ImportEntry;
  /** Path below the output folder, '/'-separated (`2024/council-budget.md`). */
  file: string;
  /** Its URL below the site's base path, decoded, with a leading '/'. */
  url: string;
  /** Pages: the `url` front matter. */
  pageUrl: string | null;
  aliases: string[];
}

// Top-level folders of the URLs gazette makes itself: a page there would collide with them.
const RESERVED = new Set(['archive', 'authors', 'corrections', 'search', 'section', 'tags', 'page', 'assets', 'images', 'index', '404']);
// Names Windows will not give a file.
const DEVICE_NAME = /^(?:con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * Give every entry a safe, unique file and its new URL: articles go to
 * `<yyyy>/<slug>.md`, pages to their path (`about/team.md`, with `url:
 * /about/team/`). Slugs come from the old slugs through gazette's slug rules,
 * so no name can climb out of the folder; a repeated slug gets `-2`, `-3`.
 * Aliases that are the new address of any entry are dropped (they would
 * collide with it).
 */
export function planEntries(entries: ImportEntry[], site: SiteShape): PlannedEntry[] {
  const used = new Set<string>();
  const unique = (wanted: string, key: (candidate: string) => string) => {
    let candidate = wanted;
    for (let n = 2; used.has(key(candidate)); n++) candidate = `${wanted}-${n}`;
    used.add(key(candidate));
    return candidate;
  };
  // Articles first: their URLs come from the permalink pattern, and a page must not take one of them.
  const planned: PlannedEntry[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind !== 'article') return;
    const slug = unique(safeSlug(entry.slug, entry.title, `post-${index + 1}`), (c) => `article:${c.toLowerCase()}`);
    const date = entry.date ?? 0;
    const year = String(zonedParts(date, site.timeZone).year).padStart(4, '0');
    const where = expandPermalink(site.permalink, { date, slug, sectionSlug: entry.section ? slugify(entry.section) || null : null, timeZone: site.timeZone });
    const url = `/${safeDecode(where.urlPath)}`;
    used.add(`url:${url.toLowerCase()}`);
    planned.push({ entry, file: `${year}/${slug}.md`, url, pageUrl: null, aliases: [] });
  });
  entries.forEach((entry, index) => {
    if (entry.kind !== 'page') return;
    const segments = (entry.pagePath ?? [entry.slug]).map((s, i) => safeSlug(s, i === 0 ? entry.title : '', `page-${index + 1}`));
    if (RESERVED.has(segments[0]!)) {
      entry.warnings.push(`its address /${segments.join('/')}/ is one gazette uses itself, so it is published at /${segments[0]}-page/… instead`);
      segments[0] = `${segments[0]}-page`;
    }
    const wanted = segments.join('/');
    const place = unique(wanted, (c) => `url:/${c.toLowerCase()}/`);
    if (place !== wanted) entry.warnings.push(`another page or article has the address /${wanted}/, so this page is published at /${place}/`);
    planned.push({ entry, file: `${place}.md`, url: `/${place}/`, pageUrl: `/${place}/`, aliases: [] });
  });
  const taken = new Set(planned.map((p) => p.url));
  for (const p of planned) p.aliases = p.entry.aliases.filter((alias) => !taken.has(safeDecode(alias)) && (site.queryAliases || !alias.includes('?')));
  // Back in the order of the export, so the report reads like it.
  const order = new Map(entries.map((entry, index) => [entry, index]));
  return planned.sort((a, b) => order.get(a.entry)! - order.get(b.entry)!);
}

/** A slug gazette accepts and a file system can hold, from the wanted one, else the title, else `fallback`. */
function safeSlug(wanted: string, title: string, fallback: string): string {
  const slug = slugify(wanted) || slugify(title) || (title ? fallbackSlug(title, fallback) : fallback);
  return DEVICE_NAME.test(slug) ? `${slug}-1` : slug;
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** What writing one entry's file came to. */
export type WriteOutcome = { written: string } | { exists: string } | { rejected: string };

/**
 * Write one planned entry as a Markdown source: front matter then the body.
 * @param options.force Replace an existing file (default: leave it and say so).
 * @param options.linkTarget The source file an old address of the site leads to, for rewriting links between imported posts.
 */
export async function writeEntry(
  planned: PlannedEntry,
  outDir: string,
  site: SiteShape,
  options: { force: boolean; media: MediaLibrary | null; linkTarget(url: URL): { file: string; hash: string } | null },
): Promise<WriteOutcome> {
  const { entry } = planned;
  const from = path.posix.dirname(planned.file);
  const relative = (to: string) => path.posix.relative(from, to).split('/').map(encodeURIComponent).join('/');
  const warned = new Set<string>();
  const rewriteUrl = (raw: string, kind: 'link' | 'media'): string => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^(?:mailto|tel|data):/i.test(trimmed)) return trimmed;
    let url: URL;
    try {
      url = new URL(trimmed, entry.baseUrl ?? undefined);
    } catch {
      return trimmed;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return trimmed;
    const local = options.media?.find(url);
    if (local) return relative(local);
    if (options.media && url.pathname.includes('/wp-content/uploads/') && !warned.has(url.href)) {
      warned.add(url.href);
      entry.warnings.push(`${url.href} is not in the --media folder; the address is kept`);
    }
    if (kind === 'link') {
      const target = options.linkTarget(url);
      if (target) return relative(target.file) + target.hash;
    }
    return url.href;
  };
  const body = htmlToMarkdown(entry.html, { rewriteUrl, trustHtml: site.trustHtml, warn: (message) => entry.warnings.push(message) });
  if (entry.image && !entry.image.alt) entry.warnings.push('its featured image has no alternative text; add "imageAlt"');
  const text = `---\n${frontMatter(planned, site, entry.image ? rewriteUrl(entry.image.src, 'media') : null)}---\n\n${body}`;

  // Never write a source gazette itself would refuse.
  const check = parseArticle(text, planned.file, planned.file, site.timeZone);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (!check.article || errors.length) return { rejected: errors.map(formatDiagnostic).join('; ') || 'gazette cannot read it' };

  const file = resolveInside(outDir, planned.file);
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { exists: planned.file };
    throw error;
  }
  return { written: planned.file };
}

/** The entry's front matter as YAML: text double-quoted (no title can turn into another type), one field a line. */
function frontMatter(planned: PlannedEntry, site: SiteShape, image: string | null): string {
  const { entry } = planned;
  const fields: Record<string, unknown> = {};
  if (entry.kind === 'page') fields.kind = 'page';
  fields.title = entry.title;
  // A page needs no date, but keeps one it is scheduled by.
  const dated = entry.date !== null && (entry.kind === 'article' || entry.scheduled);
  if (dated) fields.date = isoInZone(entry.date!, site.timeZone);
  if (entry.authors.length) fields.author = entry.authors.length === 1 ? entry.authors[0] : entry.authors;
  if (entry.section) fields.section = entry.section;
  if (entry.tags.length) fields.tags = entry.tags;
  if (entry.summary) fields.summary = entry.summary;
  if (image) {
    fields.image = image;
    if (entry.image?.alt) fields.imageAlt = entry.image.alt;
    if (entry.image?.caption) fields.imageCaption = entry.image.caption;
  }
  if (entry.draft) fields.draft = true;
  if (planned.pageUrl) fields.url = planned.pageUrl;
  if (planned.aliases.length) fields.aliases = planned.aliases;
  const doc = new Document(fields, { schema: 'core' });
  const date = doc.get('date', true);
  if (isScalar(date)) date.type = 'PLAIN';
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0, flowCollectionPadding: false });
}
