import type { ArticleCache } from '../cache/article-cache.js';
import type { SourceTree } from '../content/find-sources.js';
import type { ImageStore } from '../images/image-store.js';
import type { MarkdownPool } from '../markdown/pool.js';
import type { BuildProgress } from '../report/progress.js';
import type { SearchIndexes, SourceChanges } from '../search/index.js';

/** What a build may reuse from earlier builds, and the threads it renders with. */
export interface GenerateOptions {
  progress?: BuildProgress;
  /** Parsed and rendered articles from earlier builds; default: none kept. */
  cache?: ArticleCache;
  /** Markdown renderer threads; default: a pool made for this build and closed after it. */
  pool?: MarkdownPool;
  /** The sources, when the caller has listed them already. */
  sources?: SourceTree;
  /** Cache keys of articles whose source is known unchanged since they were stored (source path → key). */
  unchanged?: Map<string, string>;
  /**
   * How many of the sources not known unchanged the last build read too, their stamps moved since (a fresh
   * checkout moves every one): likely still in the cache with their bodies, so no reason to start every
   * Markdown thread before the load has shown how many need rendering. Default: none.
   */
  movedSources?: number;
  /** The build's "now" (ms); default: `config.now`, else the clock. */
  now?: number;
  /** Cached articles (by key) whose rendered URLs the last build checked, and the digest of the resolver it checked them against. */
  checked?: { resolverDigest: string; keys: Set<string> };
  /** Encoded images kept across builds; default: the cache folder's, or a temporary one without a cache. */
  images?: ImageStore;
  /** False to probe images and name their variants without encoding them (`gazette check`); default true. */
  encodeImages?: boolean;
  /**
   * False to leave links and images leading to no file to the caller's link check (`gazette check`,
   * `build --strict`); default true: an error (or a warning, see config `links`), and a warning for links to held-back articles.
   */
  sourceLinks?: boolean;
  /**
   * True to return bad photos (damaged, of the wrong format, over the pixel limit) in the site's diagnostics
   * rather than fail on them, so the caller checks the pages' links too (`gazette check`); default false.
   */
  returnPhotoErrors?: boolean;
  /** The full-text indexes of the last site this process generated (watch), to update rather than build. */
  search?: SearchIndexes;
  /** Which sources changed since the last build, for the full-text index (see search/known-changes.ts); default: not known. */
  searchChanges?: SourceChanges | null;
}

