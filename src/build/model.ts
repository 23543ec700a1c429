/**
 * The types that travel between the build's stages (load → schedule → place → images → markdown →
 * plan → emit), and what the build as a whole takes and gives. Each stage is a module of its own
 * in this folder; `generateSite` (../generate.ts) composes them.
 */
import type { Article } from '../content/article.js';
import type { SourceTree } from '../content/find-sources.js';
import type { LoadedContent } from '../content/load-content.js';
import type { ArticleCache } from '../cache/article-cache.js';
import type { MarkdownPool } from '../markdown/pool.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import type { ImageCounts, ImageStore } from '../images/image-store.js';
import type { PreparedImages } from '../images/image-stage.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { Theme } from '../render/theme.js';
import type { Config } from '../config/index.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import type { Placed } from '../site/place.js';
import type { SourceLanguage } from '../site/languages.js';
import type { Schedule, HeldBackReason } from '../site/schedule.js';
import type { AssetClaims } from '../site/published-assets.js';

/** Progress callbacks, so the CLI can show where a long build is. */
export interface BuildProgress {
  stage(name: string, done: number, total: number): void;
}

/** What a build may reuse from earlier builds, and the threads it renders with. */
export interface GenerateOptions {
  progress?: BuildProgress;
  /** Parsed and rendered articles from earlier builds; default: none kept. */
  cache?: ArticleCache;
  /** Markdown renderer threads; default: a pool made for this build and closed after it. */
  pool?: MarkdownPool;
  /**
   * Texts of source files already read (absolute path → text), kept by a
   * watcher that knows which files changed; missing files are read and added.
   */
  texts?: Map<string, string>;
  /** The sources, when the caller has listed them already. */
  sources?: SourceTree;
  /** Cache keys of articles whose source is known unchanged since they were stored (source path → key). */
  unchanged?: Map<string, string>;
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
}

/** What every stage is given besides its input: the settings, the sources and how to read them. */
export interface StageContext {
  config: Config;
  sources: SourceTree;
  /** The text of a source file (absolute path), read once per build (or kept by watch). */
  readText(file: string): string;
  progress?: BuildProgress;
}

/** The load stage's output: every source parsed (or taken from the cache). */
export interface Loaded {
  content: LoadedContent;
  /** The text of an item's source, null when it is gone since it was listed. */
  textOf(article: Article): string | null;
}

/** The schedule stage's output: what is live at the build's "now", and what is held back. */
export interface Scheduled {
  now: number;
  /** Every live item (articles and pages), in source order. */
  live: Article[];
  /** Live articles (kind 'article'), newest first. */
  articles: Article[];
  /** Live standalone pages, by source path. */
  pages: Article[];
  heldBack: { item: Article; reason: HeldBackReason }[];
  schedule: Schedule;
  /** The source files held-back items claim (published only if something live uses them too). */
  claimed: AssetClaims['claimed'];
  diagnostics: Diagnostic[];
}

/** An article or page with its URL, its output path and its language. */
export type PlacedItem = Placed & { place: SourceLanguage };

/** The place stage's output: every live item's URL, in every language. */
export interface PlacedSite {
  placed: PlacedItem[];
  /** Each item's versions in other languages. */
  translations: Map<Article, SiteArticle['translations']>;
  /** Source path → URL of every placed item. */
  articleUrls: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** The image stage's output: every image's variants, the other source files' copies, and what relative URLs resolve to. */
export interface SiteImages {
  /** Null when images are not processed (config `images.process`). */
  images: PreparedImages | null;
  store: ImageStore | null;
  /** The copies of source files that are not processed photos. */
  assetFiles: OutputFile[];
  /** The source file each copy or variant comes from. */
  assetSources: Map<OutputFile, string>;
  resolver: UrlResolver;
  diagnostics: Diagnostic[];
}

/** The markdown stage's output: every live item with its rendered body, and the profiles' bios. */
export interface RenderedContent {
  /** Articles newest first across the site. */
  articles: SiteArticle[];
  /** Standalone pages. */
  pages: SiteArticle[];
  profiles: SiteProfile[];
  /** Each placed item's body, in the order of `PlacedSite.placed` (null where rendering failed). */
  bodies: (RenderedMarkdown | null)[];
  resolverDigest: string;
  /** How many items went through Markdown (the others came from the cache). */
  markdownRendered: number;
  diagnostics: Diagnostic[];
}

/** One language's plan with the settings it was made with. */
export interface LanguagePlan {
  plan: SitePlan;
  config: Config;
  language: Config['siteLanguages'][number];
}

/** The plan stage's output: every language's pages. */
export interface PlannedSite {
  theme: Theme;
  plans: LanguagePlan[];
  diagnostics: Diagnostic[];
}

/** A site generated in memory: every output file, not yet written. */
export interface GeneratedSite {
  articles: SiteArticle[];
  /** Standalone pages (kind 'page'), by source path. */
  pages: SiteArticle[];
  /** Author profiles, their bios rendered. */
  profiles: SiteProfile[];
  /** What the build's "now" held back, and when that changes. */
  schedule: Schedule;
  /** The source files held-back items claim, and those left out of the site for them. */
  assets: AssetClaims;
  /** The sources held back (drafts, scheduled and expired items): source path → why, and the item's date. */
  heldBack: Map<string, { reason: HeldBackReason; date: number }>;
  /** Drafts left out (none with `--drafts`). */
  drafts: number;
  /** Every source file read (absolute paths): Markdown sources and data files. */
  inputs: string[];
  /** The plan the files came from: views, sections, URLs. */
  plan: SitePlan;
  /** Resolves relative URLs in articles, as it did for this site. */
  resolver: UrlResolver;
  files: OutputFile[];
  theme: Theme;
  /** Warnings; errors abort generation with a GazetteError instead. */
  diagnostics: Diagnostic[];
  /** Remarks for --verbose that are not problems (a theme string shown in English, say). */
  notes: string[];
  /** The cache key of every article source read (source path → key). */
  sourceKeys: Map<string, string>;
  /** Digest of every URL relative links could resolve to: while it stays the same, rendered links stay right. */
  resolverDigest: string;
  /** How many articles went through Markdown in this build (the others came from the cache). */
  markdownRendered: number;
  /** Image files encoded by this build, and found in the image cache. */
  images: ImageCounts;
}
