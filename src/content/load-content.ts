import fs from 'node:fs';
import type { ArticleCache, ArticleCacheEntry } from '../cache/article-cache.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { parseArticle, type Article } from './article.js';
import { sourceFile, type SourceTree } from './find-sources.js';
import { loadSiteData, type SiteData } from './data-files.js';
import { pushAll } from '../push-all.js';

/** Where a loaded source's cache entry is, so the render stage can store its HTML beside it. */
export interface LoadedEntry {
  key: string;
  entry: ArticleCacheEntry;
  /** Absolute path of the source. */
  file: string;
}

/** Everything read from the source folder: Markdown sources (articles and pages) and the data folder. */
export interface LoadedContent {
  /** Articles and pages, drafts left out unless wanted, in source order. */
  items: Article[];
  /** The drafts left out, in source order (their files must not be published either). */
  drafts: Article[];
  entries: Map<Article, LoadedEntry>;
  /** The cache key of every Markdown source read (source path → key). */
  sourceKeys: Map<string, string>;
  siteData: SiteData;
  diagnostics: Diagnostic[];
}

/** What loading needs besides the sources. */
export interface LoadOptions {
  srcDir: string;
  timezone: string;
  drafts: boolean;
  cache: ArticleCache;
  /** Reads a file's text (absolute path), through the watcher's memory when there is one. */
  readText(file: string): string;
  /** How messages name a file (absolute path). */
  display(file: string): string;
  /** Cache keys of sources known unchanged (source path → key): those are not even read. */
  unchanged?: Map<string, string>;
  onProgress?(done: number, total: number): void;
}

/**
 * The one door content comes in by: every Markdown source (an article or a
 * page, told apart by its `kind`) is read, or found in the cache by its key,
 * and validated; then the data folder's files and author profiles are read.
 * Nothing here knows the clock: what is published is decided later.
 */
export function loadContent(sources: SourceTree, options: LoadOptions): LoadedContent {
  const { cache, display, srcDir } = options;
  const items: Article[] = [];
  const drafts: Article[] = [];
  const entries = new Map<Article, LoadedEntry>();
  const sourceKeys = new Map<string, string>();
  const diagnostics: Diagnostic[] = [...sources.diagnostics];
  let read = 0;
  for (const sourcePath of sources.articles) {
    const file = sourceFile(srcDir, sourcePath);
    const knownKey = options.unchanged?.get(sourcePath);
    let key = knownKey ?? '';
    let entry = knownKey ? cache.get(knownKey) : null;
    if (!entry) {
      const text = options.readText(file);
      key = cache.key(sourcePath, display(file), text);
      entry = cache.get(key);
      if (!entry) {
        // Stored now without HTML; a source that gets rendered is stored again with it.
        entry = { parse: parseArticle(text, sourcePath, display(file), options.timezone), markdown: null };
        cache.set(key, entry);
      }
    }
    sourceKeys.set(sourcePath, key);
    const result = entry.parse;
    pushAll(diagnostics, result.diagnostics);
    if (result.article) {
      (options.drafts || !result.article.draft ? items : drafts).push(result.article);
      entries.set(result.article, { key, entry, file });
    }
    options.onProgress?.(++read, sources.articles.length);
  }
  const fileOf = (rel: string) => sourceFile(srcDir, rel);
  const siteData = loadSiteData(sources.data, (rel) => options.readText(fileOf(rel)), (rel) => display(fileOf(rel)));
  pushAll(diagnostics, siteData.diagnostics);
  return { items, drafts, entries, sourceKeys, siteData, diagnostics };
}

/** Read a file as UTF-8 text (the default reader). */
export function readTextFile(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
