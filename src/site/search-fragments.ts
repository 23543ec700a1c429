import { safeJson } from '../render/helpers.js';
import type { ArticleView } from '../render/context.js';
import { bucketOf, termCounts } from '../search/terms.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { SitePlan } from './pages.js';

/**
 * The full-text search index of one language, cut into fragments so a query
 * downloads only what it needs, whatever the site's size:
 *
 * - `search-index/meta.json`: the number of buckets, the sections, the documents
 *   of each year; a few hundred bytes.
 * - `search-index/f-<bucket>.json`: the postings of the terms whose hash falls in
 *   that bucket: term → [document delta, packed value, ...].
 * - `search-index/d/<n>.json`: one document's title, URL, date, section,
 *   summary and text, fetched only for the results shown (snippets).
 *
 * Documents are numbered standalone pages first, then articles oldest first, so a
 * new story takes the next number and the others keep theirs: its fragments and
 * its document file are the only files that change. A higher number is a more
 * recent story, which is how the browser breaks ties.
 */

/** Format of the files; the theme's search script reads exactly this. */
const VERSION = 2;
/**
 * Documents per bucket aimed at. A document has a few hundred distinct terms, so a bucket of a
 * large site holds some thousands of postings, some tens of kilobytes. The count of buckets follows
 * the count of documents, not of terms, so editing a body never adds or removes a bucket file.
 */
const DOCS_PER_BUCKET = 32;
const MAX_BUCKETS = 4096;
/** Longest text a document file keeps for snippets, in characters. */
export const SNIPPET_TEXT = 20000;
/** Fields a term was found in, as bits of a posting's packed value. */
const TITLE = 1;
const SUMMARY = 2;
const BODY = 4;

/** A document's terms: term → fields (bits) and how often it is in the body. */
type DocTerms = Map<string, { fields: number; count: number }>;

// Each view's terms, cut once: watch rebuilds reuse all but the edited one's.
const termsOfView = new WeakMap<ArticleView, DocTerms>();

function docTerms(view: ArticleView, article: SiteArticle): DocTerms {
  let terms = termsOfView.get(view);
  if (terms) return terms;
  terms = new Map();
  const add = (text: string, field: number) => {
    for (const [term, count] of termCounts(text)) {
      const entry = terms!.get(term);
      if (entry) entry.fields |= field;
      else terms!.set(term, { fields: field, count: field === BODY ? count : 0 });
      if (entry && field === BODY) entry.count = count;
    }
  };
  add(view.title, TITLE);
  add([view.summary, view.section?.name ?? '', ...view.tags.map((t) => t.name)].join(' '), SUMMARY);
  // The body's terms were counted when it was rendered (and are cached with it).
  for (const [term, count] of article.rendered.search.terms) {
    const entry = terms.get(term);
    if (entry) {
      entry.fields |= BODY;
      entry.count = count;
    } else terms.set(term, { fields: BODY, count });
  }
  termsOfView.set(view, terms);
  return terms;
}

type TextFile = Extract<OutputFile, { type: 'text' }>;

/** The index's files for one language plan, paths relative to the output folder. */
export function searchFiles(plan: SitePlan): TextFile[] {
  // Pages first (by source path), then articles oldest first: `entries` are newest first.
  const docs = [...plan.pages, ...[...plan.entries].reverse()];
  const sections = [...new Set(docs.flatMap(({ view }) => (view.section ? [view.section.name] : [])))].sort();
  const sectionNumber = new Map(sections.map((name, i) => [name, i + 1]));
  const years: [number, number, number][] = [];
  const postings = new Map<string, number[]>();
  docs.forEach(({ article, view }, doc) => {
    if (article.kind !== 'page') {
      const year = Number(view.date.slice(0, 4));
      const last = years[years.length - 1];
      if (last && last[0] === year) last[2] = doc;
      else years.push([year, doc, doc]);
    }
    const section = view.section ? sectionNumber.get(view.section.name)! : 0;
    for (const [term, { fields, count }] of docTerms(view, article)) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(doc, ((section * 256 + Math.min(count, 255)) * 8) | fields);
    }
  });
  let buckets = 1;
  while (buckets < MAX_BUCKETS && docs.length / buckets > DOCS_PER_BUCKET) buckets *= 2;

  const fragments: string[][] = Array.from({ length: buckets }, () => []);
  for (const term of [...postings.keys()].sort()) {
    const list = postings.get(term)!;
    // Document numbers as deltas: most are small numbers.
    for (let i = list.length - 2; i >= 2; i -= 2) list[i] = list[i]! - list[i - 2]!;
    fragments[bucketOf(term, buckets)]!.push(`${safeJson(term)}:[${list.join(',')}]`);
  }
  const digits = Math.max(1, (buckets - 1).toString(16).length);
  const file = (name: string, content: string): TextFile => ({ type: 'text', path: plan.urls.outputPath(plan.urls.path(`search-index/${name}`)), owner: 'search index', content });
  const files = [file('meta.json', `${safeJson({ version: VERSION, count: docs.length, buckets, sections, years })}\n`)];
  // Every bucket has its file, even an empty one: a file is never left behind when an edit empties it.
  fragments.forEach((entries, bucket) => {
    files.push(file(`f-${bucket.toString(16).padStart(digits, '0')}.json`, `{${entries.join(',')}}\n`));
  });
  docs.forEach(({ article, view }, doc) => {
    const record = {
      u: view.url,
      t: view.title,
      d: article.kind === 'page' ? null : view.date.slice(0, 10),
      s: view.section?.name ?? null,
      x: view.summary,
      b: article.rendered.search.text.slice(0, SNIPPET_TEXT),
    };
    files.push(file(`d/${doc}.json`, `${safeJson(record)}\n`));
  });
  return files;
}
