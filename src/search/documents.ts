import crypto from 'node:crypto';
import { textOfHtml } from '../content/html-text.js';
import { safeJson } from '../render/helpers.js';
import type { ArticleView } from '../render/context.js';
import type { SiteArticle } from '../site/model.js';
import { BODY, SUMMARY, TITLE } from './postings.js';
import { byCodeUnit, eachTermCount, termCounts } from './terms.js';

/** An article or page as the index sees it. */
export interface SearchDocument {
  id: number;
  /** Digest of everything its postings and record are made from: unchanged, neither is made again. */
  fingerprint: string;
  article: SiteArticle;
  view: ArticleView;
}

/**
 * Document ids: stable from build to build, so that adding a story leaves the others' postings
 * as they were. Pages take a 32-bit hash of their URL; stories come above, by day, then a 16-bit
 * hash of the URL: a higher id is a more recent story (how the browser breaks ties), and a
 * year is a range of ids (how it filters). Two documents landing on one id: the one whose
 * URL sorts later takes the next free one.
 */
const PAGE_IDS = 2 ** 32;
const PER_DAY = 2 ** 16;
const DAY_MS = 86_400_000;
/** 0001-01-01T00:00Z. */
const DAY_ZERO = Date.UTC(2000, 0, 1) - 730_119 * DAY_MS;
/** Longest text a document's record keeps for snippets, in characters. */
export const SNIPPET_TEXT = 20_000;

/** The day number of `YYYY-MM-DD` (0 for 0001-01-01), as the browser computes it for the year filter. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  return Math.max(0, Math.round((at.getTime() - DAY_ZERO) / DAY_MS));
}

/** FNV-1a, 32 bits, over UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * What the last index's state says of its documents, and which items the build knows may differ from
 * what that state indexed (see known-changes.ts): a document known unchanged takes its fingerprint
 * from the state instead of being hashed again.
 */
export interface KeptFingerprints {
  /** The state's documents' fingerprints by id, in increasing id. */
  docs: ReadonlyMap<number, string>;
  /** Whether an item's own inputs (its source, its parse) may differ from those the state indexed. */
  mayDiffer: (article: SiteArticle) => boolean;
  /**
   * Set by `searchDocuments` when it could keep fingerprints: the documents it fingerprinted (every
   * document new or changed since the state is among them) and the state's ids no document has now.
   */
  found?: { fingerprinted: SearchDocument[]; gone: number[] };
}

/**
 * The documents of one language (its articles and pages), with their ids, in increasing id.
 *
 * With `kept`, a document is fingerprinted again only when it may have changed: its item may
 * differ, it is a live story (its updates come out with time and from files of their own), or
 * its id may differ from the one it had, which is so only in a day (for pages: among pages)
 * where a document came, went or may have changed (ids are given out within a day, from the
 * URLs of its documents: see below). Any other keeps the state's fingerprint for its id, once
 * the body hash the fingerprint ends with is seen to be the body's.
 * @throws Error when more stories than ids share a day (65,536).
 */
export function searchDocuments(entries: { article: SiteArticle; view: ArticleView }[], kept: KeptFingerprints | null = null): SearchDocument[] {
  const days = new Map<string, number>();
  const dayOf = (date: string) => {
    let day = days.get(date);
    if (day === undefined) days.set(date, (day = dayNumber(date)));
    return day;
  };
  // Numbers kept in typed arrays, not on an object per document: ids pass 2^31, and fields that
  // change from small integers to doubles made every object change shape (tens of ms at 10,000).
  const count = entries.length;
  const bases = new Float64Array(count);
  const wants = new Float64Array(count);
  const ids = new Float64Array(count);
  // The id each would take were it alone: the order of (base, wanted slot), as pages' are below 2^32 and a day's slots below 2^16.
  const first = new Float64Array(count);
  entries.forEach(({ article, view }, i) => {
    const page = article.kind === 'page' || view.date === '';
    const hash = fnv1a(view.url);
    // Where its id is looked for (0 for pages), and which of the ids from there it would take.
    bases[i] = page ? 0 : PAGE_IDS + dayOf(view.date.slice(0, 10)) * PER_DAY;
    wants[i] = page ? hash : hash % PER_DAY;
    first[i] = bases[i]! + wants[i]!;
  });
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => first[a]! - first[b]! || byCodeUnit(entries[a]!.view.url, entries[b]!.view.url));
  // In order of wanted slot, each takes the first free one from its own on: until a day's slots
  // run out and the search wraps round, that is the one after the last taken (no set needed).
  let base = -1;
  let start = 0;
  let last = -1;
  let taken: Set<number> | null = null;
  for (let at = 0; at < count; at++) {
    const i = order[at]!;
    if (bases[i] !== base) {
      base = bases[i]!;
      start = at;
      last = -1;
      taken = null;
    }
    const span = base === 0 ? PAGE_IDS : PER_DAY;
    let slot = Math.max(wants[i]!, last + 1);
    if (taken || slot >= span) {
      taken ??= new Set(order.slice(start, at).map((j) => ids[j]! - base));
      if (taken.size >= span) throw new Error(`more than ${span} documents for one day of the search index`);
      slot = wants[i]!;
      while (taken.has(slot)) slot = (slot + 1) % span;
      taken.add(slot);
    }
    last = slot;
    ids[i] = base + slot;
  }
  order.sort((a, b) => ids[a]! - ids[b]!);
  const gone: number[] = [];
  const touched = kept && touchedDays(entries, order, ids, bases, kept, gone);
  const fingerprinted: SearchDocument[] = [];
  const docs = order.map((i) => {
    const { article, view } = entries[i]!;
    const id = ids[i]!;
    const known = touched && !touched.has(bases[i]!) ? kept!.docs.get(id) : undefined;
    if (known !== undefined && known.endsWith(bodyTag(article))) return { id, article, view, fingerprint: known };
    const doc = { id, article, view, fingerprint: fingerprintOf(id, article, view) };
    fingerprinted.push(doc);
    return doc;
  });
  if (touched) kept!.found = { fingerprinted, gone };
  return docs;
}

/**
 * The bases of ids (a story's day, or 0 for pages) where a document's id or inputs may differ from
 * the state's (the ids gone are added to `gone`): those of an id new or gone (found in one walk over both lists, in increasing id),
 * of an item that may differ and of a live story. Null when the state's ids are not in increasing
 * order (never saved so): every document is then fingerprinted.
 */
function touchedDays(entries: { article: SiteArticle }[], order: number[], ids: Float64Array, bases: Float64Array, kept: KeptFingerprints, gone: number[]): Set<number> | null {
  const touched = new Set<number>();
  const old = kept.docs.keys();
  let next = old.next();
  let last = -1;
  const goneNow = () => {
    const id = next.value!;
    if (id <= last) return false;
    last = id;
    gone.push(id);
    touched.add(baseOfId(id));
    next = old.next();
    return true;
  };
  for (const i of order) {
    const id = ids[i]!;
    while (!next.done && next.value < id) if (!goneNow()) return null;
    if (!next.done && next.value === id) {
      if (id <= last) return null;
      last = id;
      next = old.next();
    } else touched.add(bases[i]!);
    const { article } = entries[i]!;
    if (article.live || kept.mayDiffer(article)) touched.add(bases[i]!);
  }
  while (!next.done) if (!goneNow()) return null;
  return touched;
}

/** The base an id was given from: its day's first id for a story, 0 for a page. */
function baseOfId(id: number): number {
  return id < PAGE_IDS ? 0 : PAGE_IDS + Math.floor((id - PAGE_IDS) / PER_DAY) * PER_DAY;
}

/** Length of the hash part of a fingerprint, and of the body's hash that follows it (64 bits, hex). */
const HASHED = 22;
const BODY_TAG = 16;

/** What a fingerprint ends with: the start of its body's hash. */
function bodyTag(article: SiteArticle): string {
  return article.htmlHash.slice(0, BODY_TAG);
}

/**
 * A document edited in place (watch's quick path): the same id as before, which its URL and date
 * decide; null when the edit changed what the id, the metadata or the section files are made of
 * (its URL, date, kind or section), so the index must be made from the whole site again.
 */
export function editedDocument(before: SearchDocument, article: SiteArticle, view: ArticleView): SearchDocument | null {
  const was = before.view;
  if (was.url !== view.url || was.date !== view.date || before.article.kind !== article.kind || (was.section?.name ?? null) !== (view.section?.name ?? null)) return null;
  return { id: before.id, article, view, fingerprint: fingerprintOf(before.id, article, view) };
}

/**
 * Fingerprints by view: a view is never changed once made (an edit makes a new one), so watch's
 * saves hash only the edited documents again, not the whole site's.
 */
const fingerprints = new WeakMap<ArticleView, { key: string; fingerprint: string }>();

function fingerprintOf(id: number, article: SiteArticle, view: ArticleView): string {
  // A live story's body is indexed only once all its updates are out (see holdsBackText): both counts.
  const live = article.live ? `${view.live?.updates.length ?? 0}/${article.live.updates.length}` : '';
  const key = `${id}\0${article.kind}\0${article.htmlHash}\0${live}`;
  const known = fingerprints.get(view);
  if (known?.key === key) return known.fingerprint;
  // One string, not an array joined: this runs for every document of every build.
  let parts = `${key}\0${view.url}\0${view.date}\0${view.title}\0${view.summary}\0${view.section?.name ?? ''}`;
  for (const tag of view.tags) parts += `\0${tag.name}`;
  // The body's own hash is added in clear: a build that knows an item unchanged checks that much of it (see `searchDocuments`).
  const fingerprint = crypto.hash('sha1', parts, 'base64').slice(0, HASHED) + bodyTag(article);
  fingerprints.set(view, { key, fingerprint });
  return fingerprint;
}

/**
 * A document's postings, by term (sorted): fields (title, then summary with section and tags,
 * then body) and how often it is in the body, as `fields + 8 × count`.
 */
export function documentTerms(doc: SearchDocument): [string, number][] {
  const { view } = doc;
  const terms = new Map<string, number>();
  const add = (counted: string, field: number) =>
    eachTermCount(counted, (term, count) => {
      const value = terms.get(term) ?? 0;
      terms.set(term, field === BODY ? (value | BODY) + 8 * count : value | field);
    });
  add(termCounts(view.title), TITLE);
  add(termCounts([view.summary, view.section?.name ?? '', ...view.tags.map((t) => t.name)].join(' ')), SUMMARY);
  // The body's terms were counted when it was rendered, in a worker, and are cached with it.
  if (!holdsBackText(doc)) add(doc.article.rendered.search, BODY);
  return [...terms].sort((a, b) => byCodeUnit(a[0], b[0]));
}

/**
 * A live story with updates not out yet at the build's "now": its body holds their text, which no
 * index may show before their time, so only its title and summary are indexed until they are all out.
 */
function holdsBackText({ article, view }: SearchDocument): boolean {
  return article.live !== null && article.live !== undefined && (view.live?.updates.length ?? 0) < article.live.updates.length;
}

/** What the browser shows of a result: its record, fetched only for the results shown. */
export function documentRecord(doc: SearchDocument): string {
  const { article, view } = doc;
  const record = {
    u: view.url,
    t: view.title,
    d: article.kind === 'page' || view.date === '' ? null : view.date.slice(0, 10),
    s: view.section?.name ?? null,
    x: view.summary,
    b: holdsBackText(doc) ? '' : textOfHtml(article.rendered.html).slice(0, SNIPPET_TEXT),
  };
  return `${safeJson(record)}\n`;
}

/** The name of a document's record file. */
export function recordName(id: number): string {
  return `d/${id.toString(36)}.json`;
}
