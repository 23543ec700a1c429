import type { OutputFile } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import { fullTextIndex } from './full-text.js';
import { IndexState, stateDir, WrittenFiles } from './index-state.js';

export { discardIndexStates, MissingIndexFile } from './index-state.js';

/**
 * The full-text indexes of a site, one per language, and what the next build (or watch's next
 * rebuild) updates them from: the state each was left in, kept in memory and, with a cache
 * folder, saved there once the site is written (`save`).
 */
export class SearchIndexes {
  private readonly states = new Map<string, IndexState>();
  private readonly written: WrittenFiles;
  private readonly previousStates: ReadonlyMap<string, IndexState>;

  /**
   * @param cacheDir The build cache folder, or null (each build then indexes everything).
   * @param storedPage Where the page store keeps the file of a hash (the last build's files are
   *   read back from there), or null without one.
   * @param outDir The output folder, where they are read back from otherwise.
   * @param previous The indexes of the last site this process made (watch), if any.
   */
  constructor(
    private readonly cacheDir: string | null,
    storedPage: ((hash: string) => string) | null,
    outDir: string,
    previous: SearchIndexes | null = null,
  ) {
    this.written = new WrittenFiles(storedPage, outDir);
    // Only the last indexes' states, not the indexes themselves: each watch rebuild's indexes
    // would otherwise hold the one before, and every state since the start stayed in memory.
    this.previousStates = new Map(previous?.states);
  }

  /** The index files of one language's plan: made again only where documents changed since the last state. */
  filesFor(plan: SitePlan, language: string): OutputFile[] {
    const dir = this.cacheDir ? stateDir(this.cacheDir, language) : null;
    const previous = this.states.get(language) ?? this.previousStates.get(language) ?? (dir ? IndexState.load(dir) : null);
    const { files, state } = fullTextIndex(plan, { previous, written: this.written, stateDir: dir });
    this.states.set(language, state);
    return files;
  }

  /** Save each language's state in the cache folder: once the files it describes are written. */
  save(): void {
    for (const state of this.states.values()) state.save();
  }

  /**
   * Update a generated site's index files after its articles were edited in place (watch):
   * `files` with each changed index file replaced. Returns the new list and the files replaced.
   */
  refresh(plan: SitePlan, language: string, files: OutputFile[]): { files: OutputFile[]; changed: OutputFile[] } {
    const next = new Map(this.filesFor(plan, language).map((f) => [f.path, f]));
    const changed: OutputFile[] = [];
    const result = files.map((file) => {
      const replacement = next.get(file.path);
      if (!replacement || file.type !== 'text' || replacement.type !== 'text') return file;
      if (replacement.fingerprint !== undefined ? replacement.fingerprint === file.fingerprint : replacement.content === file.content) return file;
      changed.push(replacement);
      return replacement;
    });
    return { files: result, changed };
  }
}
