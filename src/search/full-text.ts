import { createHash } from 'node:crypto';
import { sha1 } from '../hash.js';
import { safeJson } from '../render/helpers.js';
import type { OutputFile } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import { codeIdentity } from '../version.js';
import { documentRecord, documentTerms, recordName, searchDocuments, type SearchDocument } from './documents.js';
import { IndexState, KeptText, WrittenFiles } from './index-state.js';
import { keptFingerprints, termsDigest, type SourceChanges } from './known-changes.js';
import { StateWriter } from './state-writer.js';
import { decodeTerm, DENSE, denseThreshold, encodeIds, encodeTerm, hasBitmap, patchDense, Universe } from './postings.js';
import { bucketOf, byCodeUnit } from './terms.js';

/**
 * The full-text search index of one language, cut into fragments so a query downloads
 * only what it needs, whatever the site's size (all under `search-index/`):
 *
 * - `meta.json`: the count of fragments, the sections and the years; a few hundred bytes.
 * - `f-<bucket>.json`: the postings of the terms whose hash falls in that bucket (see postings.ts).
 * - `ids.json`: every document's id, in increasing order, which dense terms' bitmaps index; read
 *   only by a query that needs a bitmap.
 * - `s-<key>.json`: the ids of a section's documents, for the section filter.
 * - `d/<id>.json`: one document's title, URL, date, section, summary and text, for snippets.
 *
 * Built once whole; after that, from the last build's state (index-state.ts), only what
 * the changed documents touch is made again: their records, and the fragments where their
 * postings changed, from those fragments' previous bytes and the documents' old postings.
 * Either way the files are the same bytes, as ids and order depend on the documents only.
 */

/** Format of the files; the theme's search script reads exactly this. */
export const INDEX_VERSION = 4;
/** Documents per fragment aimed at: a few thousand postings, some tens of kilobytes. */
const DOCS_PER_BUCKET = 32;
const MAX_BUCKETS = 4096;

type TextFile = Extract<OutputFile, { type: 'text' }>;

/** Where the index of a language is built from, and what it can reuse. */
export interface IndexContext {
  /** The state the last build left, or null for a full build. */
  previous: IndexState | null;
  /** Where the files of the last build are read back from. */
  written: WrittenFiles;
  /** Where the new state is saved, or null (no cache). */
  stateDir: string | null;
  /** Which sources changed since the build that saved `previous`, when the build knows (see known-changes.ts). */
  changes?: SourceChanges | null;
}

/** How many fragments an index of `count` documents has: a power of two. */
export function bucketCount(count: number): number {
  let buckets = 1;
  while (buckets < MAX_BUCKETS && count / buckets > DOCS_PER_BUCKET) buckets *= 2;
  return buckets;
}

/** What `fullTextIndex` made: the files, the state for the next build, and what `editIndex` needs. */
export interface LanguageIndex {
  files: TextFile[];
  state: IndexState;
  /** How it was made, for the build's timing line: `updated` or `built whole`, and the count of fragments made. */
  how: string;
  /** The documents, in increasing id. */
  docs: SearchDocument[];
  /** Where a file of the index lies (`meta.json` → `search-index/meta.json`, with the language's folder). */
  at: (name: string) => string;
}

/** The index's files for one language plan (paths relative to the output folder), and its state for the next build. */
export function fullTextIndex(plan: SitePlan, context: IndexContext): LanguageIndex {
  const terms = termsDigest(plan);
  const kept = keptFingerprints(context.previous, context.changes, terms);
  const docs = searchDocuments([...plan.pages, ...plan.entries], kept);
  const buckets = bucketCount(docs.length);
  // Made once: a file name for each of the site's documents is asked for.
  const folder = plan.urls.outputPath(plan.urls.path('search-index/meta.json')).slice(0, -'meta.json'.length);
  const at = (name: string) => `${folder}${name}`;
  const text = (name: string, content: string): TextFile => ({ type: 'text', path: at(name), owner: 'search index', content });
  const threshold = denseThreshold(docs.length);
  const universe = new Universe(Float64Array.from(docs, (doc) => doc.id));
  const previous = context.previous?.buckets === buckets && context.previous.threshold === threshold ? context.previous : null;
  const updated = previous && updateIndex(docs, universe, previous, context, at, kept?.found ?? null);
  const built = updated || buildIndex(docs, buckets, universe, threshold, context);
  const { meta, sections } = metaAndSections(docs, buckets);
  const files: TextFile[] = [text('meta.json', meta), text('ids.json', universe.text())];
  for (const [key, ids] of sections) files.push(text(`s-${key}.json`, `"${encodeIds(ids)}"\n`));
  built.state.fragments.forEach((hash, bucket) => {
    const name = fragmentName(bucket, buckets);
    const content = built.fresh.get(bucket);
    files.push(content === undefined ? new KeptText(at(name), hash, context.written) : { ...text(name, content), fingerprint: hash });
  });
  // A record is made when the writer needs it, from what its fingerprint covers.
  const identity = codeIdentity();
  for (const doc of docs) files.push(new RecordFile(at(recordName(doc.id)), `${doc.fingerprint}:${identity}`, doc));
  built.state.terms = terms;
  const how = `${updated ? 'updated' : 'built whole'}, ${built.fresh.size} of ${buckets} fragments made, ${kept?.found?.fingerprinted.length ?? docs.length} of ${docs.length} documents fingerprinted`;
  return { files, state: built.state, how, docs, at };
}

/** A document's record file, made only when written. */
class RecordFile {
  readonly type = 'text' as const;
  readonly owner = 'search index';

  constructor(
    readonly path: string,
    readonly fingerprint: string,
    private readonly doc: SearchDocument,
  ) {}

  get content(): string {
    return documentRecord(this.doc);
  }
}

/** Fragments made by this build (bucket → text) and the state they leave. */
interface Built {
  fresh: Map<number, string>;
  state: IndexState;
}

/** A document's postings as the state keeps them. */
function postingsText(terms: [string, number][]): string {
  return terms.map(([term, value]) => `${term} ${value}`).join(' ');
}

function parsePostings(text: string): [string, number][] {
  const parts = text === '' ? [] : text.split(' ');
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i]!, Number(parts[i + 1])]);
  return pairs;
}

/**
 * The whole index, in one pass over the documents: their postings go into flat typed arrays
 * (term, document, value), sorted by term with a counting sort, then written fragment by fragment.
 * A document unchanged since the state's build (a change of the count of fragments) gives the
 * postings the state kept; the others are cut from their view and their body's counted terms.
 */
function buildIndex(docs: SearchDocument[], buckets: number, universe: Universe, threshold: number, context: IndexContext): Built {
  const kept = context.previous;
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  // About 300 distinct terms a story: room grows by half when that is too few.
  let capacity = Math.max(1 << 12, docs.length * 320);
  let termOf = new Uint32Array(capacity);
  let docOf = new Uint32Array(capacity);
  let valueOf = new Uint16Array(capacity);
  let count = 0;
  // Each document's postings go to the state's files as they are made (or stay in memory without a cache).
  const forward = new StateWriter(context.stateDir);
  const fingerprints = new Map<number, string>();
  docs.forEach((doc, d) => {
    const stored = kept?.docs.get(doc.id) === doc.fingerprint ? kept.postingsOf(doc.id) : null;
    const terms = stored === null ? documentTerms(doc) : parsePostings(stored);
    forward.add(doc.id, stored ?? postingsText(terms));
    fingerprints.set(doc.id, doc.fingerprint);
    if (count + terms.length > capacity) {
      while (count + terms.length > capacity) capacity = Math.ceil(capacity * 1.5);
      termOf = grow(termOf, new Uint32Array(capacity));
      docOf = grow(docOf, new Uint32Array(capacity));
      valueOf = grow(valueOf, new Uint16Array(capacity));
    }
    for (const [term, value] of terms) {
      let t = termIds.get(term);
      if (t === undefined) {
        t = termNames.length;
        termIds.set(term, t);
        termNames.push(term);
      }
      termOf[count] = t;
      docOf[count] = d;
      valueOf[count] = value;
      count++;
    }
  });
  // Counting sort by term: documents stay in increasing id within each term.
  const starts = new Uint32Array(termNames.length + 1);
  for (let i = 0; i < count; i++) starts[termOf[i]! + 1]!++;
  for (let t = 0; t < termNames.length; t++) starts[t + 1]! += starts[t]!;
  const next = starts.slice(0, termNames.length);
  // Documents by place in `docs` (4 bytes, not an 8-byte id: 30 million postings at 100,000 articles); ids are looked up per term.
  const places = new Uint32Array(count);
  const values = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const at = next[termOf[i]!]!++;
    places[at] = docOf[i]!;
    values[at] = valueOf[i]!;
  }
  // Released before the fragments are written: tens of megabytes on a large site.
  termOf = docOf = new Uint32Array(0);
  valueOf = new Uint16Array(0);
  const byBucket: number[][] = Array.from({ length: buckets }, () => []);
  termNames.forEach((term, t) => byBucket[bucketOf(term, buckets)]!.push(t));
  const fresh = new Map<number, string>();
  const hashes: string[] = [];
  const bitmaps = new Set<number>();
  // One term's ids at a time (`universe.ids` are the documents' ids by place).
  let longest = 0;
  for (let t = 0; t < termNames.length; t++) longest = Math.max(longest, starts[t + 1]! - starts[t]!);
  const ids = new Float64Array(longest);
  const encoded = (t: number) => {
    const from = starts[t]!;
    const to = starts[t + 1]!;
    for (let at = from; at < to; at++) ids[at - from] = universe.ids[places[at]!]!;
    return encodeTerm(ids, values.subarray(from, to), universe, threshold, 0, to - from);
  };
  byBucket.forEach((terms, bucket) => {
    terms.sort((a, b) => byCodeUnit(termNames[a]!, termNames[b]!));
    const entries = terms.map((t): [string, string] => [termNames[t]!, encoded(t)]);
    if (entries.some(([, list]) => hasBitmap(list))) bitmaps.add(bucket);
    const content = fragmentText(entries);
    fresh.set(bucket, content);
    hashes.push(sha1(content));
  });
  return { fresh, state: forward.state(buckets, threshold, hashes, bitmaps, fingerprints) };
}

function grow<T extends Uint32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The index updated from `previous`: the postings of documents added, changed or gone come
 * out of the fragments they were in (known from the state) and the new ones go in. Null when
 * a fragment to update cannot be read back: the caller builds the index whole.
 */
function updateIndex(
  docs: SearchDocument[],
  universe: Universe,
  previous: IndexState,
  context: IndexContext,
  at: (name: string) => string,
  found: { fingerprinted: SearchDocument[]; gone: number[] } | null,
): Built | null {
  // Documents not fingerprinted again have the state's fingerprints (see `searchDocuments`): only the others are compared.
  const { changed, added, gone } = found ? { ...changedAmong(found.fingerprinted, previous.docs), gone: found.gone } : differences(docs, previous.docs);
  if (changed.length === 0 && gone.length === 0) return { fresh: new Map(), state: previous };
  // Most documents changed (a new base path, say): building the index whole is quicker.
  if ((changed.length + gone.length) * 4 > docs.length + 8) return null;
  // The same ids as before: bitmaps are read and written against the same list, made once.
  const moved = added > 0 || gone.length > 0;
  const update = changedFragments(changed, gone, previous, context, at, universe, moved ? previous.universe() : universe);
  if (!update) return null;
  let fingerprints: Map<number, string>;
  if (moved) fingerprints = new Map(docs.map((doc) => [doc.id, doc.fingerprint]));
  else {
    // Copying the map keeps its order (increasing id) and costs less than making it from the documents.
    fingerprints = new Map(previous.docs);
    for (const doc of changed) fingerprints.set(doc.id, doc.fingerprint);
  }
  return { fresh: update.fresh, state: previous.update(update.fragments, update.bitmaps, fingerprints, update.postings) };
}

/**
 * The documents added or changed since the state's build (and how many of them are new), and the
 * ids gone: in one walk over both lists, which are in increasing id, without a map of either.
 */
function differences(docs: SearchDocument[], before: ReadonlyMap<number, string>): { changed: SearchDocument[]; added: number; gone: number[] } {
  const changed: SearchDocument[] = [];
  const gone: number[] = [];
  let added = 0;
  // Its ids only (an entry would be an array a document): a fingerprint is looked up when the ids meet.
  const old = before.keys();
  let next = old.next();
  let ordered = true;
  const advance = () => {
    const id = next.value!;
    next = old.next();
    if (!next.done && next.value <= id) ordered = false;
  };
  for (const doc of docs) {
    while (!next.done && next.value < doc.id) {
      gone.push(next.value);
      advance();
    }
    if (!next.done && next.value === doc.id) {
      if (before.get(doc.id) !== doc.fingerprint) changed.push(doc);
      advance();
    } else {
      changed.push(doc);
      added++;
    }
  }
  while (!next.done) {
    gone.push(next.value);
    advance();
  }
  return ordered ? { changed, added, gone } : differencesByMap(docs, before);
}

/** The documents among `docs` added or changed since the state's build, and how many of them are new. */
function changedAmong(docs: SearchDocument[], before: ReadonlyMap<number, string>): { changed: SearchDocument[]; added: number } {
  const changed = docs.filter((doc) => before.get(doc.id) !== doc.fingerprint);
  return { changed, added: changed.filter((doc) => !before.has(doc.id)).length };
}

/** `differences` for a state whose documents are not in increasing id (never saved so, but not trusted). */
function differencesByMap(docs: SearchDocument[], before: ReadonlyMap<number, string>): { changed: SearchDocument[]; added: number; gone: number[] } {
  const current = new Set(docs.map((doc) => doc.id));
  const changed = docs.filter((doc) => before.get(doc.id) !== doc.fingerprint);
  return { changed, added: changed.filter((doc) => !before.has(doc.id)).length, gone: [...before.keys()].filter((id) => !current.has(id)) };
}

/**
 * The index after some of its documents were edited in place, keeping their ids, sections and
 * dates (watch's quick path): their postings, the fragments where those changed and their
 * records, in time proportional to the edits, not to the site. `edited` are the documents as
 * they are now. Null when a fragment to update cannot be read back. `state()` makes the new
 * state, to which `previous` is handed on: it is not to be used after that.
 */
export function editIndex(
  edited: SearchDocument[],
  previous: IndexState,
  context: IndexContext,
  at: (name: string) => string,
): { files: TextFile[]; state: () => IndexState } | null {
  const started = performance.now();
  const changed = edited.filter((doc) => previous.docs.get(doc.id) !== doc.fingerprint);
  if (changed.length === 0) return { files: [], state: () => previous };
  const ids = previous.universe();
  const update = changedFragments(changed, [], previous, context, at, ids, ids);
  if (!update) return null;
  if (process.env.GAZETTE_TIMING) {
    process.stderr.write(`[timing]   search index ${at('')}: ${changed.length} edited in place, ${update.fresh.size} of ${previous.buckets} fragments made, ${Math.round(performance.now() - started)} ms\n`);
  }
  const files: TextFile[] = [];
  for (const [bucket, content] of update.fresh) {
    files.push({ type: 'text', path: at(fragmentName(bucket, previous.buckets)), owner: 'search index', content, fingerprint: update.fragments[bucket]! });
  }
  const identity = codeIdentity();
  for (const doc of changed) files.push(new RecordFile(at(recordName(doc.id)), `${doc.fingerprint}:${identity}`, doc));
  const state = () => previous.handOn(update.fragments, update.bitmaps, new Map(changed.map((doc) => [doc.id, doc.fingerprint])), update.postings);
  return { files, state };
}

/**
 * The fragments that change when documents `changed` (added or edited) and `gone` (removed) do:
 * each fragment's new text, every fragment's hash, those holding bitmaps, and the new postings by
 * document (undefined: gone). `universe` is the documents' ids after the change and `was` the
 * state's (the same object when no id came or went): when they differ, every fragment holding a
 * bitmap is made again, its bits moved. Null when a
 * fragment to update cannot be read back, or a dense term becomes a list (the counts it needs
 * are not in the fragment).
 */
function changedFragments(
  changed: SearchDocument[],
  gone: number[],
  previous: IndexState,
  context: IndexContext,
  at: (name: string) => string,
  universe: Universe,
  was: Universe,
): { fresh: Map<number, string>; fragments: string[]; bitmaps: Set<number>; postings: Map<number, string | undefined> } | null {
  const buckets = previous.buckets;
  // Per fragment: each changed document's postings there before and after.
  type Change = { before: Map<number, [string, number][]>; after: Map<number, [string, number][]> };
  const changes = new Map<number, Change>();
  const place = (id: number, terms: [string, number][], side: 'before' | 'after') => {
    for (const pair of terms) {
      const bucket = bucketOf(pair[0], buckets);
      let change = changes.get(bucket);
      if (!change) changes.set(bucket, (change = { before: new Map(), after: new Map() }));
      let list = change[side].get(id);
      if (!list) change[side].set(id, (list = []));
      list.push(pair);
    }
  };
  const postings = new Map<number, string | undefined>();
  for (const id of gone) {
    const old = previous.postingsOf(id);
    if (old === null) return null;
    place(id, parsePostings(old), 'before');
    postings.set(id, undefined);
  }
  for (const doc of changed) {
    if (previous.docs.has(doc.id)) {
      const old = previous.postingsOf(doc.id);
      if (old === null) return null;
      place(doc.id, parsePostings(old), 'before');
    }
    const terms = documentTerms(doc);
    place(doc.id, terms, 'after');
    postings.set(doc.id, postingsText(terms));
  }
  const moved = was !== universe && !was.equals(universe);
  if (moved) for (const bucket of previous.bitmaps) if (!changes.has(bucket)) changes.set(bucket, { before: new Map(), after: new Map() });
  const fresh = new Map<number, string>();
  const fragments = [...previous.fragments];
  const bitmaps = new Set(previous.bitmaps);
  for (const [bucket, change] of [...changes].sort((a, b) => a[0] - b[0])) {
    const ids = new Set([...change.before.keys(), ...change.after.keys()]);
    const same = [...ids].every((id) => postingsText(change.before.get(id) ?? []) === postingsText(change.after.get(id) ?? []));
    if (same && !(moved && previous.bitmaps.has(bucket))) continue;
    const name = fragmentName(bucket, buckets);
    const old = context.written.find(at(name), previous.fragments[bucket]!);
    if (old === null) return null;
    const made = updateFragment(old, change.before, change.after, was, universe, previous.threshold);
    if (made === null) return null;
    fresh.set(bucket, made.content);
    fragments[bucket] = sha1(made.content);
    if (made.bitmaps) bitmaps.add(bucket);
    else bitmaps.delete(bucket);
  }
  return { fresh, fragments, bitmaps, postings };
}

/**
 * A fragment's text with the `before` postings of some documents taken out and their `after` ones
 * put in, its bitmaps read against the ids `was` and written against `now`; whether it holds a
 * bitmap. Null when a dense term would become a list: its counts are not kept in its dense form.
 */
function updateFragment(
  text: string,
  before: Map<number, [string, number][]>,
  after: Map<number, [string, number][]>,
  was: Universe,
  now: Universe,
  threshold: number,
): { content: string; bitmaps: boolean } | null {
  const lists = new Map(Object.entries(JSON.parse(text) as Record<string, string>));
  const touched = new Map<string, { drop: Set<number>; add: [number, number][] }>();
  const touch = (term: string) => {
    let entry = touched.get(term);
    if (!entry) touched.set(term, (entry = { drop: new Set(), add: [] }));
    return entry;
  };
  for (const [id, terms] of before) for (const [term] of terms) touch(term).drop.add(id);
  for (const [id, terms] of after) for (const [term, value] of terms) touch(term).add.push([id, value]);
  // With documents added or removed, a bitmap's bits move: each is written again.
  if (was !== now && !was.equals(now)) for (const [term, list] of lists) if (hasBitmap(list)) touch(term);
  for (const [term, { drop, add }] of touched) {
    const old = lists.get(term);
    if (old?.startsWith(DENSE) && was === now) {
      const patched = patchDense(old, now, threshold, drop, add);
      if (patched === null) return null;
      lists.set(term, patched);
      continue;
    }
    const { ids, values } = old === undefined ? { ids: [], values: [] } : decodeTerm(old, was);
    const merged: [number, number][] = [];
    ids.forEach((id, i) => {
      if (!drop.has(id)) merged.push([id, values[i]!]);
    });
    for (const posting of add) merged.push(posting);
    merged.sort((a, b) => a[0] - b[0]);
    if (old?.startsWith(DENSE) && merged.length < threshold) return null;
    if (merged.length === 0) lists.delete(term);
    else
      lists.set(
        term,
        encodeTerm(
          merged.map((p) => p[0]),
          merged.map((p) => p[1]),
          now,
          threshold,
        ),
      );
  }
  const entries = [...lists].sort((a, b) => byCodeUnit(a[0], b[0]));
  return { content: fragmentText(entries), bitmaps: entries.some(([, list]) => hasBitmap(list)) };
}

/** A fragment's text: its terms, sorted, with their postings. */
function fragmentText(entries: [string, string][]): string {
  return `{${entries.map(([term, list]) => `${JSON.stringify(term)}:"${list}"`).join(',')}}\n`;
}

function fragmentName(bucket: number, buckets: number): string {
  const digits = Math.max(1, (buckets - 1).toString(16).length);
  return `f-${bucket.toString(16).padStart(digits, '0')}.json`;
}

/** A section's key in file names: a hash of its name. */
function sectionKey(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 16);
}

/**
 * The index's metadata (its format, count of fragments, sections (name and key) and years, newest
 * first) and each section's documents' ids (by key), in one pass over the documents: it runs on
 * every build that changes any of them.
 */
function metaAndSections(docs: SearchDocument[], buckets: number): { meta: string; sections: [string, number[]][] } {
  const bySection = new Map<string, number[]>();
  const years = new Set<number>();
  let lastYear = '';
  for (const { id, article, view } of docs) {
    if (view.section) {
      let ids = bySection.get(view.section.name);
      if (!ids) bySection.set(view.section.name, (ids = []));
      ids.push(id);
    }
    if (article.kind === 'page' || view.date === '') continue;
    // In id order stories run by day: most have the last one's year.
    const year = view.date.slice(0, 4);
    if (year === lastYear) continue;
    lastYear = year;
    years.add(Number(year));
  }
  const names = [...bySection.keys()].sort(byCodeUnit);
  const keys = new Map(names.map((name) => [name, sectionKey(name)]));
  const meta = `${safeJson({ version: INDEX_VERSION, count: docs.length, buckets, sections: names.map((name) => [name, keys.get(name)!]), years: [...years].sort((a, b) => b - a) })}\n`;
  // In the order the sections were first met, as the files always were.
  return { meta, sections: [...bySection].map(([name, ids]) => [keys.get(name)!, ids]) };
}
