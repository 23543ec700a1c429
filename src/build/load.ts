import { parseArticle, type Article } from '../content/article.js';
import { loadContent } from '../content/load-content.js';
import { sourceFile } from '../content/find-sources.js';
import { addFolderUpdates, splitLiveFolders } from '../content/live-folders.js';
import type { ArticleCache, ArticleCacheEntry } from '../cache/article-cache.js';
import { displayPath } from '../report/diagnostics.js';
import { pushAll } from '../push-all.js';
import type { Loaded, StageContext } from './model.js';

/**
 * Load: every source through one door (see `loadContent`), each parse taken from the article cache
 * by the source's key when it is there, else parsed and stored. A source known unchanged
 * (`unchanged`: source path → cache key) is not even read.
 */
export function loadStage(stage: StageContext, cache: ArticleCache, unchanged?: Map<string, string>): Loaded {
  const { config, sources, readText, readSource, progress } = stage;
  const stored = new Map<string, ArticleCacheEntry>();
  const parse = (sourcePath: string, file: string) => {
    const knownKey = unchanged?.get(sourcePath);
    let key = knownKey ?? '';
    let entry = knownKey ? cache.get(knownKey) : null;
    if (!entry) {
      const source = readSource(file);
      key = cache.key(sourcePath, displayPath(file), source);
      entry = cache.get(key);
      if (!entry) {
        const text = source.toString('utf8');
        const parsed = parseArticle(text, sourcePath, displayPath(file), config.timezone);
        // The body is read from the source again when it is rendered (see `markdownStage`): kept
        // from here, the whole site's Markdown (1.1 GiB at 100,000 articles, in UTF-16) would be held
        // through the Markdown stage, and the heap grown for it would fill with garbage up to twice that.
        if (parsed.article) parsed.article.body = '';
        // Stored now without HTML; a source that gets rendered is stored again with it.
        entry = { parse: parsed, markdown: null };
        cache.set(key, entry);
      }
    }
    stored.set(sourcePath, entry);
    return { key, parse: entry.parse };
  };
  // Live stories' update files are read with their story.
  const folders = splitLiveFolders(sources);
  const content = loadContent(folders.stories, {
    srcDir: config.srcDir,
    drafts: config.drafts,
    parse,
    readText,
    display: displayPath,
    onProgress: (done, total) => progress?.stage('reading', done, total),
  });
  const inSource = (rel: string) => sourceFile(config.srcDir, rel);
  pushAll(
    content.diagnostics,
    addFolderUpdates(content, folders.updateFiles, { readText: (rel) => readText(inSource(rel)), display: (rel) => displayPath(inSource(rel)), timeZone: config.timezone }),
  );
  const textOf = (a: Article) => {
    try {
      return readText(content.entries.get(a)!.file);
    } catch {
      return null; // gone since it was listed: the next build, which the watcher makes, sees that
    }
  };
  return { content, textOf, stored: (a) => stored.get(a.sourcePath)! };
}
