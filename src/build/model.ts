/**
 * The types that travel between the build's stages (load → schedule → place → images → markdown →
 * plan → emit), and what the build as a whole takes and gives. Each stage is a module of its own
 * in this folder; `generateSite` (../generate.ts) composes them.
 */
import type { RedirectEntry } from '../content/redirects-file.js';
import type { Article, ParseResult } from '../content/article.js';
import type { SourceTree } from '../content/find-sources.js';
import type { LoadedContent } from '../content/load-content.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import type { ImageCounts, ImageStore } from '../images/image-store.js';
import type { BuildProgress } from '../report/progress.js';
import type { PreparedImages } from '../images/image-stage.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { Theme } from '../render/theme.js';
import type { SearchIndexes } from '../search/index.js';
import type { Config } from '../config/index.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../site/model.js';
import type { SitePlan } from '../site/pages.js';
import type { Placed } from '../site/place.js';
import type { SourceLanguage } from '../site/languages.js';
import type { Schedule, HeldBackReason } from '../site/schedule.js';
import type { AssetClaims } from '../site/published-assets.js';

/** What every stage is given besides its input: the settings, the sources and how to read them. */
export interface StageContext {
  config: Config;
  sources: SourceTree;
  /** The text of a source file (absolute path). */
  readText(file: string): string;
  /**
   * A source's bytes, which its cache key is hashed from: a build that finds the source's parse in
   * the cache never decodes it (a CI build, where every source's stamp is new, decodes none).
   */
  readSource(file: string): Buffer;
  progress?: BuildProgress;
}

/** The load stage's output: every source parsed (or taken from the cache). */
export interface Loaded {
  content: LoadedContent;
  /** The text of an item's source, null when it is gone since it was listed. */
  textOf(article: Article): string | null;
  /** What the article cache holds for an item's source: its parse, and its rendered body when it has one. */
  stored(article: Article): { parse: ParseResult; markdown: RenderedMarkdown | null };
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
  /** The plan the files came from: views, sections, URLs (the default language's). */
  plan: SitePlan;
  /** Every language's plan, the default language's first. */
  plans: LanguagePlan[];
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
  /** The full-text indexes, to save once the site is written and to update from. */
  search: SearchIndexes;
  /** The entries of the redirects file (`_data/redirects.yml`), for `check` to follow their targets. */
  redirects: RedirectEntry[];
  /** Source paths of the images that cannot be used (damaged, misnamed, too large): left out, as nothing showed them. */
  badImages: ReadonlySet<string>;
}
