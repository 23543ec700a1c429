import fs from 'node:fs';
import type { Diagnostic } from '../report/diagnostics.js';
import type { Article, ParseResult } from './article.js';
import { sourceFile, type SourceTree } from './find-sources.js';
import { loadSiteData, type SiteData } from './data-files.js';
import { pushAll } from '../push-all.js';

/** A loaded source's key (see `LoadOptions.parse`) and file, so later stages can find what was stored under it. */
export interface LoadedEntry {
  key: string;
  /** Absolute path of the source. */
  file: string;
}

/** A source parsed, and the key its parse (and later its rendered body) is known by. */
export interface ParsedSource {
  key: string;
  parse: ParseResult;
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
  drafts: boolean;
  /**
   * Parses a Markdown source (its source path and absolute path) with `parseArticle`, or takes
   * the parse from where it was kept: the load stage wraps the build cache around this.
   */
  parse(sourcePath: string, file: string): ParsedSource;
  /** Reads a file's text (absolute path), through the watcher's memory when there is one. */
  readText(file: string): string;
  /** How messages name a file (absolute path). */
  display(file: string): string;
  onProgress?(done: number, total: number): void;
}

/**
 * The one door content comes in by: every Markdown source (an article or a
 * page, told apart by its `kind`) is parsed and validated (see `LoadOptions.parse`);
 * then the data folder's files and author profiles are read.
 * Nothing here knows the clock: what is published is decided later.
 */
export function loadContent(sources: SourceTree, options: LoadOptions): LoadedContent {
  const { display, srcDir } = options;
  const items: Article[] = [];
  const drafts: Article[] = [];
  const entries = new Map<Article, LoadedEntry>();
  const sourceKeys = new Map<string, string>();
  const diagnostics: Diagnostic[] = [...sources.diagnostics];
  let read = 0;
  for (const sourcePath of sources.articles) {
    const file = sourceFile(srcDir, sourcePath);
    const { key, parse: result } = options.parse(sourcePath, file);
    sourceKeys.set(sourcePath, key);
    pushAll(diagnostics, result.diagnostics);
    if (result.article) {
      (options.drafts || !result.article.draft ? items : drafts).push(result.article);
      entries.set(result.article, { key, file });
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
