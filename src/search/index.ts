import type { ArticleView } from '../render/context.js';
import type { OutputFile, SiteArticle } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import { editedDocument, type SearchDocument } from './documents.js';
import { editIndex, fullTextIndex } from './full-text.js';
import { IndexState, stateDir, WrittenFiles } from './index-state.js';
import type { SourceChanges } from './known-changes.js';

export { discardIndexStates, MissingIndexFile } from './index-state.js';
export type { SourceChanges } from './known-changes.js';

/**
 * The full-text indexes of a site, one per language, and what the next build (or watch's next
 * rebuild) updates them from: the state each was left in, kept in memory and, with a cache
 * folder, saved there once the site is written (`save`).
 */
export class SearchIndexes {
  private readonly states = new Map<string, IndexState>();
  /** What watch's quick path needs to patch each language's index (see `refreshEdited`). */
  private readonly made = new Map<string, Made>();
  private readonly written: WrittenFiles;
  private readonly previousStates: ReadonlyMap<string, IndexState>;

  /**
   * @param cacheDir The build cache folder, or null (each build then indexes everything).
   * @param storedPage Where the page store keeps the file of a hash (the last build's files are
   *   read back from there), or null without one.
   * @param outDir The output folder, where they are read back from otherwise.
   * @param previous The indexes of the last site this process made (watch), if any.
   * @param recordsFile Whether the site also has the headline file `search-index.json` (its theme reads it).
   * @param changes Which sources changed since the build that saved the states in the cache folder, when the build knows.
   */
  constructor(
    private readonly cacheDir: string | null,
    storedPage: ((hash: string) => string) | null,
    outDir: string,
    previous: SearchIndexes | null = null,
    readonly recordsFile = false,
    private readonly changes: SourceChanges | null = null,
  ) {
    this.written = new WrittenFiles(storedPage, outDir);
    // Only the last indexes' states, not the indexes themselves: each watch rebuild's indexes
    // would otherwise hold the one before, and every state since the start stayed in memory.
    this.previousStates = new Map(previous?.states);
  }

  /** The index files of one language's plan: made again only where documents changed since the last state. */
  filesFor(plan: SitePlan, language: string): OutputFile[] {
    // Timed from before the state is read: reading it is part of what an update costs.
    const started = performance.now();
    const dir = this.cacheDir ? stateDir(this.cacheDir, language) : null;
    const previous = this.states.get(language) ?? this.previousStates.get(language) ?? (dir ? IndexState.load(dir) : null);
    const { files, state, how, docs, at } = fullTextIndex(plan, { previous, written: this.written, stateDir: dir, changes: this.changes });
    if (process.env.GAZETTE_TIMING) process.stderr.write(`[timing]   search index ${at('')}: ${how}, ${Math.round(performance.now() - started)} ms\n`);
    this.states.set(language, state);
    this.made.set(language, { docs, at, byUrl: null, places: null });
    return files;
  }

  /**
   * Save each language's state in the cache folder: once the files it describes are written.
   * @param made The build saving them (its start time), which its build record names too.
   */
  save(made: number | null = null): void {
    for (const state of this.states.values()) state.save(made);
  }

  /**
   * Update a generated site's index files after articles were edited in place (watch's quick
   * path), in time proportional to the edits: the edited documents' postings, the fragments
   * they touch and their records. `edited` are the articles as they are now, at the URLs they
   * had. `files` is changed in place: each changed index file replaced. Returns the files
   * replaced. An edit that changes more than that (a section, say) makes the index files from
   * the whole plan again, as a build does.
   */
  refreshEdited(plan: SitePlan, language: string, edited: { article: SiteArticle; view: ArticleView }[], files: OutputFile[]): OutputFile[] {
    const made = this.made.get(language);
    const previous = this.states.get(language);
    if (!made || !previous) return this.refreshInPlace(plan, language, files);
    // Found once per site: at 10,000 articles, listing the documents on every save took most of its time.
    if (!made.byUrl) {
      made.byUrl = new Map(made.docs.map((doc) => [doc.view.url, doc]));
      made.docs = [];
    }
    const docs: SearchDocument[] = [];
    for (const { article, view } of edited) {
      const before = made.byUrl.get(view.url);
      const doc = before && editedDocument(before, article, view);
      if (!doc) return this.refreshInPlace(plan, language, files);
      docs.push(doc);
    }
    const dir = this.cacheDir ? stateDir(this.cacheDir, language) : null;
    const update = editIndex(docs, previous, { previous, written: this.written, stateDir: dir }, made.at);
    if (!update) return this.refreshInPlace(plan, language, files);
    made.places ??= placesOf(files);
    const slots: number[] = [];
    for (const file of update.files) {
      let at = made.places.get(file.path);
      if (at === undefined || files[at]?.path !== file.path) at = (made.places = placesOf(files)).get(file.path);
      // Not a file of this site's index after all: made from the whole site again.
      if (at === undefined) return this.refreshInPlace(plan, language, files);
      slots.push(at);
    }
    this.states.set(language, update.state());
    for (const doc of docs) made.byUrl.set(doc.view.url, doc);
    update.files.forEach((file, i) => (files[slots[i]!] = file));
    return update.files;
  }

  /** The index files made again from the whole plan, replacing those in `files` that changed; returns the files replaced. */
  private refreshInPlace(plan: SitePlan, language: string, files: OutputFile[]): OutputFile[] {
    const next = new Map(this.filesFor(plan, language).map((f) => [f.path, f]));
    const changed: OutputFile[] = [];
    files.forEach((file, i) => {
      const replacement = next.get(file.path);
      if (!replacement || file.type !== 'text' || replacement.type !== 'text') return;
      if (replacement.fingerprint !== undefined ? replacement.fingerprint === file.fingerprint : replacement.content === file.content) return;
      changed.push(replacement);
      files[i] = replacement;
    });
    return changed;
  }
}

/** What watch's quick path patches a language's index from. */
interface Made {
  /** The documents of the last full making of the index, until `byUrl` is made from them. */
  docs: SearchDocument[];
  at: (name: string) => string;
  /** The current documents by URL. */
  byUrl: Map<string, SearchDocument> | null;
  /** Where each file lies in the site's list of files. */
  places: Map<string, number> | null;
}

function placesOf(files: OutputFile[]): Map<string, number> {
  return new Map(files.map((file, i) => [file.path, i]));
}
