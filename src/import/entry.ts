/**
 * One item of another system's archive, read and mapped to gazette's fields
 * but not yet turned into a file: what the readers (WordPress, feeds) hand
 * to the writer.
 */
export interface ImportEntry {
  /** How the report names the item: `post 42`, `entry 3`. */
  origin: string;
  kind: 'article' | 'page';
  /** Plain text. */
  title: string;
  /** Publication instant (ms), or null for a page without one. */
  date: number | null;
  draft: boolean;
  /** Scheduled on the old site: published at `date`, which was then still to come. */
  scheduled: boolean;
  /** Bylines, display names. */
  authors: string[];
  section: string | null;
  tags: string[];
  /** Plain text, or null. */
  summary: string | null;
  image: { src: string; alt: string | null; caption: string | null } | null;
  /** The wanted file name and URL slug (not yet made safe or unique). */
  slug: string;
  /** Pages: the wanted URL path below the site, segments without slashes (`['about', 'team']`). */
  pagePath: string[] | null;
  /** Old addresses of the item on its old site, root-relative (`/2019/05/old/`, `/?p=12`). */
  aliases: string[];
  /** The body as HTML, ready for conversion (WordPress's own markup already expanded). */
  html: string;
  /** Absolute URL relative links in `html` are resolved against, or null. */
  baseUrl: string | null;
  warnings: string[];
}

/** An item left out, and why. */
export interface SkippedItem {
  title: string;
  origin: string;
  reason: string;
}

/** What a reader makes of a whole export or feed. */
export interface ImportSource {
  /** The old site's home, e.g. `https://example.org/blog/`, or null when unknown. */
  siteUrl: string | null;
  entries: ImportEntry[];
  skipped: SkippedItem[];
}
