import type { Position } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { outputPathProblem } from '../safe-path.js';
import { aliasText, parseAlias } from './alias.js';
import { parseDate, sameZonedDay } from './dates.js';

/** What a Markdown source is: a dated article, or a standalone page (About, Contact…). */
export type ContentKind = 'article' | 'page';

/** One dated correction note of an article. */
export interface Correction {
  /** When the correction was made. */
  date: number;
  dateHasTime: boolean;
  /** The note, as plain text. */
  text: string;
}

/** What the field readers below need from the front-matter parser. */
export interface FieldReader {
  data: Record<string, unknown>;
  /** Position of a top-level field (its value, else line 1). */
  where(field: string): Position;
  /** Position of a nested value, or null. */
  at(path: (string | number)[]): Position | null;
  fail(message: string, ruleId: string, position: Position | null): void;
  timeZone: string;
  describe(value: unknown): string;
}

/** schema.org types a page may declare with `pageType` (WebPage and its common kinds). */
export const PAGE_TYPES = ['WebPage', 'AboutPage', 'ContactPage', 'FAQPage', 'CollectionPage', 'ItemPage'] as const;

/** Front matter `kind`: 'article' (the default), 'live' (an article made of timestamped updates, see live-updates.ts) or 'page'. */
export function readKind(r: FieldReader): ContentKind {
  const value = r.data.kind;
  if (value === undefined || value === null || value === 'article' || value === 'live') return 'article';
  if (value === 'page') return 'page';
  r.fail(`"kind" must be "article", "live" or "page", not ${typeof value === 'string' ? JSON.stringify(value) : r.describe(value)}`, 'front-matter-kind', r.where('kind'));
  return 'article';
}

/**
 * Front matter `author` or its synonym `authors`: one name or a list of
 * names. Names are trimmed; a repeated name (in any case) counts once.
 */
export function readAuthors(r: FieldReader): string[] {
  const { data } = r;
  const given = ['author', 'authors'].filter((f) => data[f] !== undefined && data[f] !== null);
  if (given.length === 2) {
    r.fail('give either "author" or "authors", not both (both take one name or a list)', 'front-matter-authors', r.where('authors'));
    return [];
  }
  const field = given[0];
  if (!field) return [];
  const value = data[field];
  const names: string[] = [];
  if (typeof value === 'string') {
    names.push(value);
  } else if (Array.isArray(value)) {
    value.forEach((name, index) => {
      if (typeof name === 'string') names.push(name);
      else r.fail(`${field} ${index + 1} must be a name, not ${r.describe(name)}`, 'front-matter-type', r.at([field, index]) ?? r.where(field));
    });
  } else {
    r.fail(`"${field}" must be a name or a list of names, not ${r.describe(value)}`, 'front-matter-type', r.where(field));
  }
  const seen = new Set<string>();
  const authors: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const key = name.normalize('NFKC').toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    authors.push(name);
  }
  return authors;
}

/**
 * Front matter `corrections`: a list of `{date, text}` notes. A correction
 * must not be dated before the article it corrects.
 * @param published The article's date, or null when it has none (or an invalid one).
 */
export function readCorrections(r: FieldReader, published: number | null): Correction[] {
  const value = r.data.corrections;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.fail(`"corrections" must be a list of notes, each with a "date" and a "text", not ${r.describe(value)}`, 'front-matter-corrections', r.where('corrections'));
    return [];
  }
  const corrections: Correction[] = [];
  value.forEach((item, index) => {
    const here = (key?: string) => r.at(key ? ['corrections', index, key] : ['corrections', index]) ?? r.at(['corrections', index]) ?? r.where('corrections');
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.fail(`correction ${index + 1} must be a mapping with "date" and "text", not ${r.describe(item)}`, 'front-matter-corrections', here());
      return;
    }
    const note = item as Record<string, unknown>;
    for (const key of Object.keys(note)) {
      if (key !== 'date' && key !== 'text') {
        r.fail(`correction ${index + 1} has an unknown field "${key}"; a correction has only "date" and "text"`, 'front-matter-corrections', here(key));
      }
    }
    let ok = true;
    const text = typeof note.text === 'string' ? note.text.trim().replace(/\s+/g, ' ') : '';
    if (!text) {
      r.fail(`correction ${index + 1} needs a "text" saying what was corrected`, 'front-matter-corrections', here(note.text === undefined ? undefined : 'text'));
      ok = false;
    }
    const rawDate = note.date;
    const parsed = typeof rawDate === 'string' ? parseDate(rawDate, r.timeZone) : null;
    if (rawDate === undefined || rawDate === null) {
      r.fail(`correction ${index + 1} needs a "date" (YYYY-MM-DD or YYYY-MM-DDTHH:MM)`, 'front-matter-corrections', here());
      ok = false;
    } else if (!parsed) {
      r.fail(`correction ${index + 1}: "date" must be a date such as 2024-03-05, not ${r.describe(rawDate)}`, 'front-matter-date', here('date'));
      ok = false;
    } else if ('error' in parsed) {
      r.fail(`correction ${index + 1}: ${parsed.error}`, 'front-matter-date', here('date'));
      ok = false;
    } else if (published !== null && parsed.epochMs < published && !(parsed.hasTime === false && sameZonedDay(parsed.epochMs, published, r.timeZone))) {
      r.fail(`correction ${index + 1} is dated before the article itself; a correction comes after publication`, 'front-matter-corrections', here('date'));
      ok = false;
    }
    // A day alone on the day of publication ("2024-01-18" for a story out at 09:00 that day) is that day after publication, not its midnight.
    if (ok && parsed && !('error' in parsed)) corrections.push({ date: published === null ? parsed.epochMs : Math.max(parsed.epochMs, published), dateHasTime: parsed.hasTime, text });
  });
  return corrections.sort((a, b) => a.date - b.date);
}

/**
 * The fields only pages have: `url` (a path under the base path, ending in
 * "/" or ".html") and `pageType`; an article giving them is told so.
 */
export function readPageFields(r: FieldReader, kind: ContentKind): { urlPath: string | null; pageType: string } {
  const { data } = r;
  if (kind === 'article') {
    for (const field of ['url', 'pageType']) {
      if (data[field] !== undefined && data[field] !== null) {
        r.fail(`"${field}" is for pages only; add "kind: page" to make this a standalone page`, 'front-matter-page-field', r.where(field));
      }
    }
    return { urlPath: null, pageType: 'WebPage' };
  }
  for (const field of ['section', 'tags', 'author', 'authors', 'corrections', 'expires']) {
    if (data[field] !== undefined && data[field] !== null) {
      r.fail(`"${field}" is for articles only; a page has no ${field === 'authors' ? 'author' : field}`, 'front-matter-page-field', r.where(field));
    }
  }
  // A page's address comes from its path or its "url": a slug would be ignored without a word.
  if (data.slug !== undefined && data.slug !== null) {
    r.fail('"slug" is for articles only; a page lives at its path in the source folder, or at the "url" it gives (url: /about-us/)', 'front-matter-page-field', r.where('slug'));
  }
  let pageType = 'WebPage';
  if (data.pageType !== undefined && data.pageType !== null) {
    if (typeof data.pageType === 'string' && (PAGE_TYPES as readonly string[]).includes(data.pageType)) pageType = data.pageType;
    else {
      // "aboutpage", "About", "Contact page": the type meant, in schema.org's spelling.
      const meant = typeof data.pageType === 'string' ? closest(data.pageType.replace(/\s+/g, ''), PAGE_TYPES) ?? closest(`${data.pageType.replace(/\s+/g, '')}Page`, PAGE_TYPES) : null;
      const hint = meant ? `; did you mean "${meant}"?` : '';
      r.fail(`"pageType" must be one of ${PAGE_TYPES.join(', ')}, not ${JSON.stringify(data.pageType)}${hint}`, 'front-matter-page-type', r.where('pageType'));
    }
  }
  let urlPath: string | null = null;
  const url = data.url;
  if (url !== undefined && url !== null) {
    const problem = typeof url !== 'string' ? `not ${r.describe(url)}` : pageUrlProblem(url);
    if (problem) r.fail(`"url" must be a path such as /about/ or /legal/privacy.html: ${problem}`, 'front-matter-url', r.where('url'));
    else urlPath = (url as string).replace(/^\/+/, '');
  }
  return { urlPath, pageType };
}

// What a page's "url" cannot hold, named: a space, most often, from a title typed as the address.
const BAD_URL_CHARACTER: Record<string, string> = {
  ' ': 'a space; join the words with "-" (/about-us/)',
  '\0': 'a NUL character',
  '%': '"%" (write the letters themselves, not percent-encoded)',
};

/** Why a page's `url` cannot be used, or null. */
function pageUrlProblem(url: string): string | null {
  if (!url.startsWith('/') || url.startsWith('//')) return `${JSON.stringify(url)} does not start with a single "/"`;
  if (!url.endsWith('/') && !url.endsWith('.html')) return `${JSON.stringify(url)} ends neither with "/" nor ".html"`;
  const bad = /[\\\0?#%\s]/.exec(url)?.[0];
  if (bad !== undefined) return `${JSON.stringify(url)} contains ${BAD_URL_CHARACTER[bad] ?? (/\s/.test(bad) ? 'a space' : JSON.stringify(bad))}`;
  if (url.split('/').some((s) => s === '.' || s === '..')) return `${JSON.stringify(url)} contains "." or ".." segments`;
  if (url === '/') return 'the front page belongs to the site';
  // As `pagePath` places it: "/C:/x/" would be a drive, a 300-letter name no file system holds (#26).
  const trimmed = url.replace(/^\/+/, '').replace(/\/+$/, '');
  const problem = outputPathProblem(url.endsWith('/') ? `${trimmed}/index.html` : trimmed);
  if (problem) return `${JSON.stringify(url)} cannot be a file in the output folder: ${problem}`;
  return null;
}

/**
 * Front matter `share`: `false` hides the share block on this article's page;
 * `true` or nothing follows the site's `share` setting (which it cannot turn on).
 */
export function readShare(r: FieldReader): boolean {
  const value = r.data.share;
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : r.describe(value);
  r.fail(`"share" must be true or false (false hides the share links on this article), not ${shown}`, 'front-matter-type', r.where('share'));
  return true;
}

/**
 * Front matter `aliases`: old URLs of this article or page (`/2019/05/old-url/`,
 * `/?p=123`) that should lead to it. One alias may be given as a string.
 * Each is validated (see `parseAlias`); a repeated one counts once.
 */
export function readAliases(r: FieldReader): string[] {
  const value = r.data.aliases;
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!list) {
    r.fail(`"aliases" must be a list of old URLs such as [/2019/05/old-url/, /?p=123], not ${r.describe(value)}`, 'front-matter-aliases', r.where('aliases'));
    return [];
  }
  const aliases: string[] = [];
  list.forEach((item, index) => {
    const parsed = parseAlias(item);
    if ('problem' in parsed) {
      const shown = typeof item === 'string' ? JSON.stringify(item.trim()) : r.describe(item);
      const where = typeof value === 'string' ? r.where('aliases') : (r.at(['aliases', index]) ?? r.where('aliases'));
      r.fail(`alias ${shown} ${parsed.problem}`, 'front-matter-aliases', where);
      return;
    }
    const text = aliasText(parsed);
    if (!aliases.includes(text)) aliases.push(text);
  });
  return aliases;
}

/** Front matter that curates the front page: `featured`, `priority`, `featuredUntil`, `breaking`, `breakingUntil`. */
export interface Curation {
  /** Whether the story is kept at the top of the front page and of its section (`featured: true`, or a `priority`). */
  featured: boolean;
  /** Among featured stories, higher first; `featured: true` alone is 0. */
  priority: number;
  /** When the story stops being featured, or null. */
  featuredUntil: number | null;
  /** Whether a breaking-news banner links to it from every page of its language. */
  breaking: boolean;
  /** When the banner goes, or null. */
  breakingUntil: number | null;
}

/** The curation fields' names, known to the front-matter parser. */
export const CURATION_FIELDS = ['featured', 'priority', 'featuredUntil', 'breaking', 'breakingUntil'] as const;

/**
 * Front matter `featured`, `priority`, `featuredUntil`, `breaking` and
 * `breakingUntil`; null when none is given (most articles). Pages have no
 * place on the front page, so they may not give them.
 * @param published The article's date, or null; an end time must come after it.
 */
export function readCuration(r: FieldReader, kind: ContentKind, published: number | null): Curation | null {
  const { data } = r;
  const given = CURATION_FIELDS.filter((f) => data[f] !== undefined && data[f] !== null);
  if (given.length === 0) return null;
  if (kind === 'page') {
    for (const field of given) r.fail(`"${field}" is for articles only; a page has no place on the front page`, 'front-matter-page-field', r.where(field));
    return null;
  }
  const flag = (field: 'featured' | 'breaking'): boolean | null => {
    const value = data[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    r.fail(`"${field}" must be true or false, not ${r.describe(value)}`, 'front-matter-type', r.where(field));
    return null;
  };
  const until = (field: 'featuredUntil' | 'breakingUntil'): number | null => {
    const value = data[field];
    if (value === undefined || value === null) return null;
    const parsed = typeof value === 'string' ? parseDate(value, r.timeZone) : null;
    if (!parsed) {
      r.fail(`"${field}" must be a date and time such as 2024-03-05T18:00, not ${r.describe(value)}`, 'front-matter-date', r.where(field));
      return null;
    }
    if ('error' in parsed) {
      r.fail(`"${field}": ${parsed.error}`, 'front-matter-date', r.where(field));
      return null;
    }
    if (published !== null && parsed.epochMs <= published) {
      r.fail(`"${field}" must be later than "date"`, 'front-matter-date', r.where(field));
      return null;
    }
    return parsed.epochMs;
  };
  const featuredFlag = flag('featured');
  const breakingFlag = flag('breaking');
  let priority: number | null = null;
  if (data.priority !== undefined && data.priority !== null) {
    const value = data.priority;
    if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1_000_000) priority = value;
    else r.fail(`"priority" must be a number from -1000000 to 1000000 (higher stays above lower), not ${r.describe(value)}`, 'front-matter-type', r.where('priority'));
  }
  if (featuredFlag === false && priority !== null) {
    r.fail('"priority" features the story, but "featured" is false; remove one of them', 'front-matter-curation', r.where('priority'));
  }
  const featured = featuredFlag === true || (featuredFlag === null && priority !== null);
  const featuredUntil = until('featuredUntil');
  const breakingUntil = until('breakingUntil');
  if (data.featuredUntil !== undefined && data.featuredUntil !== null && !featured && featuredFlag !== false) {
    r.fail('"featuredUntil" needs "featured: true" or a "priority"', 'front-matter-curation', r.where('featuredUntil'));
  }
  if (data.breakingUntil !== undefined && data.breakingUntil !== null && breakingFlag !== true && breakingFlag !== false) {
    r.fail('"breakingUntil" needs "breaking: true"', 'front-matter-curation', r.where('breakingUntil'));
  }
  return { featured, priority: priority ?? 0, featuredUntil, breaking: breakingFlag === true, breakingUntil };
}
