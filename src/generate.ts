import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/index.js';
import { parseArticle, type Article } from './content/article.js';
import { findSources, sourceFile, type SourceTree } from './content/find-sources.js';
import { loadContent } from './content/load-content.js';
import { unknownBylines } from './content/bylines.js';
import { ArticleCache } from './cache/article-cache.js';
import { cachedRelatedArticles } from './cache/related-cache.js';
import { MarkdownPool, type PoolOutcome } from './markdown/pool.js';
import { themeDigests } from './markdown/theme-digests.js';
import type { MarkdownOptions, RenderedMarkdown } from './markdown/processor.js';
import { assetUrl, resolveContentUrl, sourcePathOf, type UrlResolver } from './markdown/resolve-url.js';
import { ImageStore, type ImageCounts } from './images/image-store.js';
import { CENTRE, prepareImages, socialKey, type PreparedImages } from './images/image-stage.js';
import { imageDiagnostics } from './images/image-diagnostics.js';
import { prepareSvgs } from './images/svg-stage.js';
import { diagnostic, displayPath, GazetteError, type Diagnostic } from './report/diagnostics.js';
import type { ThemeStrings } from './render/strings.js';
import { embedLabels, loadTheme, shortcodePartials, themeFiles, type Theme } from './render/theme.js';
import type { OutputFile, SiteArticle, SiteProfile } from './site/model.js';
import { planPages, RELATED_LIMIT, type SitePlan } from './site/pages.js';
import { linkListingTranslations } from './site/listing-translations.js';
import { checkPermalinkPattern } from './site/permalink.js';
import { placeContent, type Placed } from './site/place.js';
import { assignLanguages, languageConfig, linkTranslations, type SourceLanguage } from './site/languages.js';
import { applySchedule, buildNow, type HeldBackReason, type Schedule } from './site/schedule.js';
import { correctionFeedFiles } from './site/corrections-feed.js';
import { checkOutputFolder, findCollisions } from './site/output-checks.js';
import { renderProfiles } from './site/profile-render.js';
import { feedFiles } from './site/feeds.js';
import { searchIndex } from './site/search-index.js';
import { SearchIndexes } from './search/index.js';
import { sitemapFiles } from './site/sitemaps.js';
import { planRedirects } from './site/redirects.js';
import { queryHost, withHostFiles } from './site/host-files.js';
import { sourceLinkProblems } from './check/source-links.js';
import { articleSource } from './check/unpublished-links.js';
import { claimedAssets, mentionTexts, publishedFiles, withheldAssets, type AssetClaims } from './site/published-assets.js';
import { codeIdentity } from './version.js';
import { sha1 } from './hash.js';
import { sampleHeap } from './report/memory.js';
import { pushAll } from './push-all.js';

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
  /** The full-text indexes, to save once the site is written and to update from. */
  search: SearchIndexes;
}

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
  /** The full-text indexes of the last site this process generated (watch), to update rather than build. */
  search?: SearchIndexes;
}

/**
 * The cache identity: anything that changes how every article is parsed or rendered, gazette's own
 * code included, and the config module's code and the versions of the packages it imports included.
 * (A theme shortcode partial changes only the articles using it: see `RenderedMarkdown.shortcodes`.)
 */
export function cacheIdentity(config: Config): string {
  // The image settings shape the <picture> markup of bodies; the default image only shows in page heads.
  const images = { ...config.images, defaultImage: null };
  return JSON.stringify({ gazette: codeIdentity(), trustHtml: config.trustHtml, timezone: config.timezone, images, code: config.module?.identity ?? null });
}

/** How `config` has article bodies rendered, as plain data for the worker threads. */
export function markdownOptions(config: Config): MarkdownOptions {
  const module = config.module;
  return {
    trustHtml: config.trustHtml,
    configModule: module ? { file: module.file, version: module.version, identity: module.identity } : null,
    shortcodes: shortcodePartials(config.templatesDir, displayPath),
    labels: embedLabels(config.templatesDir, config.language, displayPath),
    language: config.language,
    timeZone: config.timezone,
    basePath: config.site.basePath,
  };
}

/**
 * Check the folders of `config` and list its sources.
 * @throws GazetteError when the source folder is missing, the output folder
 * would replace a source, or the permalink pattern is invalid.
 */
export async function locateSources(config: Config): Promise<SourceTree> {
  const display = displayPath;
  const excluded = checkOutputFolder(config, display);
  const permalinkProblem = checkPermalinkPattern(config.permalink);
  if (permalinkProblem) {
    throw new GazetteError(`Invalid permalink pattern "${config.permalink}": ${permalinkProblem}`, { exitCode: config.configFile ? 1 : 2 });
  }
  try {
    const stat = fs.statSync(config.srcDir);
    if (!stat.isDirectory()) throw new Error('not a folder');
  } catch {
    throw new GazetteError(`Source folder not found: ${display(config.srcDir)}`, { exitCode: 2 });
  }
  return findSources(config.srcDir, excluded, display(config.srcDir));
}

/**
 * Let waiting I/O run between stages: `serve` answers requests while a site is
 * generated in the background (a stage is hundreds of milliseconds at 10,000 articles).
 */
function breathe(): Promise<void> {
  sampleHeap();
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Load, parse and plan the whole site described by `config`, writing nothing.
 * @throws GazetteError listing every content problem found.
 */
export async function generateSite(config: Config, options: GenerateOptions = {}): Promise<GeneratedSite> {
  const { progress } = options;
  const cache = options.cache ?? new ArticleCache(null, cacheIdentity(config), false);
  const display = displayPath;
  const sources = options.sources ?? (await locateSources(config));

  const timing = stageTimer();
  const markdown = markdownOptions(config);
  const pool = options.pool ?? new MarkdownPool(markdown, { timeout: config.markdownTimeout });
  pool.warmUp(sources.articles.length - (options.unchanged?.size ?? 0));
  const readText = (file: string) => {
    let text = options.texts?.get(file);
    if (text === undefined) {
      text = fs.readFileSync(file, 'utf8');
      options.texts?.set(file, text);
    }
    return text;
  };
  // Load: every source through one door; one whose source is known unchanged is not even read.
  const content = loadContent(sources, {
    srcDir: config.srcDir,
    timezone: config.timezone,
    drafts: config.drafts,
    cache,
    readText,
    display,
    unchanged: options.unchanged,
    onProgress: (done, total) => progress?.stage('reading', done, total),
  });
  const { entries, sourceKeys, siteData } = content;
  const diagnostics = content.diagnostics;
  // Publish: what is live at the build's "now" (scheduled and expired articles are held back).
  const now = options.now ?? buildNow(config.now);
  const { live, heldBack, schedule } = applySchedule(content.items, now, config.future);
  // What is held back (drafts too) claims its files: they are published only if something live uses them as well.
  const textOf = (a: Article) => {
    try {
      return readText(entries.get(a)!.file);
    } catch {
      return null; // gone since it was listed: the next build, which the watcher makes, sees that
    }
  };
  const held = [...content.drafts, ...heldBack.map((h) => h.item)].map((a) => ({ sourcePath: a.sourcePath, text: textOf(a) ?? '' }));
  const claimed = claimedAssets(held, sources.assets, sources.articles);
  // A byline naming no profile, where profiles exist, is most often a misspelling (what is live or still to come).
  const bylined = [...live, ...heldBack.filter((h) => h.reason === 'scheduled').map((h) => h.item)];
  pushAll(diagnostics, unknownBylines(bylined, siteData.profiles, siteData.profilesFile, textOf));
  const loaded = live.filter((a) => a.kind === 'article');
  const pages = live.filter((a) => a.kind === 'page').sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0));

  timing('load');
  await breathe();
  // Place: give every article and page its URL, and every other source file its copy.
  loaded.sort((a, b) => b.date - a.date || (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0));
  // Each language's sources go under its folder of the site; a site in one language is placed as it always was.
  const languageOf = assignLanguages(live, config, diagnostics);
  const placed: (Placed & { place: SourceLanguage })[] = [];
  for (const language of config.siteLanguages) {
    const ofLanguage = (a: Article) => languageOf.get(a)?.language === language;
    const placement = placeContent(loaded.filter(ofLanguage), pages.filter(ofLanguage), languageConfig(config, language), (page) => languageOf.get(page)!.below);
    pushAll(diagnostics, placement.diagnostics);
    for (const { article, url, outputPath } of placement.placed) placed.push({ article, url, outputPath: language.prefix + outputPath, place: languageOf.get(article)! });
  }
  const translations = linkTranslations(placed, config.siteLanguages, diagnostics);
  const resolver: UrlResolver = { basePath: config.site.basePath, articleUrls: new Map(), assetUrls: new Map(), images: new Map(), social: new Map() };
  for (const { article, url } of placed) resolver.articleUrls.set(article.sourcePath, url);

  timing('place');
  await breathe();
  // Images: probe every one, name every variant and crop, and start encoding those not cached.
  const encode = options.encodeImages ?? true;
  const imageStore = config.images.process ? (options.images ?? new ImageStore(encode ? config.cacheDir : null)) : null;
  const images = imageStore ? await prepareSiteImages(config, sources, placed.map((p) => p.article), imageStore, encode, progress) : null;
  const assetFiles: OutputFile[] = [];
  const assetSources = new Map<OutputFile, string>(images?.fileSources);
  // SVGs run their scripts in the site's origin when opened: each is published sanitized, unless raw HTML is trusted.
  const svgs = config.trustHtml ? null : prepareSvgs({ srcDir: config.srcDir, assets: sources.assets, cacheDir: config.cacheDir, write: encode, display });
  if (svgs) pushAll(diagnostics, svgs.diagnostics);
  for (const rel of sources.assets) {
    const record = images?.records.get(rel);
    // A processed photo is published only as its variants: the original keeps its metadata (GPS).
    resolver.assetUrls.set(rel, record && images!.processed.has(rel) ? record.src : assetUrl(config.site.basePath, rel));
    if (images?.processed.has(rel)) continue;
    const copy: OutputFile = { type: 'copy', path: rel, owner: display(sourceFile(config.srcDir, rel)), from: svgs?.files.get(rel) ?? sourceFile(config.srcDir, rel) };
    assetFiles.push(copy);
    assetSources.set(copy, rel);
  }
  if (images) {
    for (const [source, record] of images.records) resolver.images.set(source, record);
    for (const [key, crops] of images.social) resolver.social.set(key, crops);
  }
  const defaultImage = config.images.defaultImage;
  if (images && defaultImage && !images.processed.has(defaultImage) && !images.problems.has(defaultImage)) {
    diagnostics.push(
      diagnostic(
        config.configFile ? display(config.configFile) : 'gazette.config.json',
        `"images.defaultImage" must be a photo (JPEG, PNG, WebP, AVIF or TIFF) in the source folder; there is none at ${display(path.join(config.srcDir, ...defaultImage.split('/')))}`,
        'config-invalid',
      ),
    );
  }

  timing('images');
  await breathe();
  // Parse: Markdown to HTML, with links between articles resolved; cached results are
  // reused when every relative URL they resolved still resolves the same way.
  pool.prepare(resolver);
  const resolverDigest = digestOf(resolver);
  const checkedBefore = options.checked?.resolverDigest === resolverDigest ? options.checked.keys : null;
  const shortcodeDigests = themeDigests(markdown);
  const rendered: (RenderedMarkdown | null)[] = placed.map(({ article }) => {
    const { key, entry } = entries.get(article)!;
    const cached = entry.markdown;
    if (!cached) return null;
    // A theme shortcode partial it used (or lacked) has changed since.
    if (!cached.shortcodes.every(([name, digest]) => digest === (shortcodeDigests.get(name) ?? ''))) return null;
    // Checked against this very resolver by the last build: no URL can resolve differently.
    if (checkedBefore?.has(key)) return cached;
    const stillValid =
      cached.basePath === resolver.basePath &&
      cached.resolved.every(([written, was]) => resolveContentUrl(written, article.sourcePath, resolver) === was) &&
      cached.images.every(([source, digest]) => resolver.images.get(source)?.digest === digest);
    return stillValid ? cached : null;
  });
  const jobIndexes = placed.flatMap((_, i) => (rendered[i] === null ? [i] : []));
  const jobs = jobIndexes.map((i) => placed[i]!);
  let fresh: PoolOutcome;
  let profiles: SiteProfile[];
  try {
    fresh = await pool.render(
      jobs.map(({ article }) => ({
        body: markdownOf(article, () => readText(entries.get(article)!.file), config),
        sourcePath: article.sourcePath,
        displayPath: article.displayPath,
      })),
      resolver,
      (done) => progress?.stage('rendering Markdown', done, jobs.length),
      // On a large site the bodies wait on disk for their pages, not in memory.
      jobs.length >= spillThreshold() ? (markdown) => cache.spill(markdown) : undefined,
    );
    profiles = await renderProfiles(siteData, pool, resolver, diagnostics);
  } finally {
    if (!options.pool) await pool.close();
  }
  // An article the renderer failed on (too slow, too deeply nested, a crash) is an error of its own.
  pushAll(diagnostics, fresh.diagnostics);
  jobs.forEach(({ article }, i) => {
    const { key, entry } = entries.get(article)!;
    const markdown = fresh.rendered[i];
    if (!markdown) return;
    // Rendered, the body is not kept: on a large site it is tens of megabytes that every later collection would scan.
    const parse = entry.parse.article ? { ...entry.parse, article: { ...entry.parse.article, body: '' } } : entry.parse;
    cache.set(key, { parse, markdown });
    rendered[jobIndexes[i]!] = markdown;
  });

  const articles: SiteArticle[] = [];
  const sitePages: SiteArticle[] = [];
  for (const [index, { article, url, outputPath, place }] of placed.entries()) {
    const markdown = rendered[index];
    if (!markdown) continue;
    const siteArticle = toSiteArticle(article, url, outputPath, markdown, resolver, place.language.code, translations.get(article));
    (article.kind === 'page' ? sitePages : articles).push(siteArticle);
    if (markdown.messages.length) pushAll(diagnostics, markdownDiagnostics(article, markdown, () => readText(entries.get(article)!.file)));
  }
  // Placed language by language: back to newest first across the site, as a site in one language has them.
  articles.sort((a, b) => b.date - a.date || (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0));
  // Files only held-back items use are left out of the site (issue #25).
  const keep = [config.images.defaultImage, ...profiles.map((p) => (p.photo ? sourcePathOf(p.photo, 'authors.md') : null))];
  const mentioned = () =>
    mentionTexts([...themeFiles(config.templatesDir), config.configFile, ...(config.module?.files ?? []), ...sources.data.map((rel) => sourceFile(config.srcDir, rel))]);
  const assetClaims = { claimed, withheld: withheldAssets(claimed, [...articles, ...sitePages], keep, mentioned) };

  // Bad images, each named with the articles that show it.
  const shown = () => placed.map((p, i) => ({ article: p.article, rendered: rendered[i] ?? { images: [] } }));
  if (images && images.problems.size > 0) pushAll(diagnostics, imageDiagnostics(images.problems, shown(), config, display));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    throw new GazetteError(`Build failed: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`, { diagnostics });
  }

  timing('markdown');
  await breathe();
  // Plan and render: every page of the site, then the generated files.
  const theme = loadTheme({
    templatesDir: config.templatesDir,
    language: config.language,
    languages: config.siteLanguages.map((l) => l.code),
    dateFormats: new Map(config.siteLanguages.flatMap((l) => (l.dateFormats ? [[l.code, l.dateFormats]] : []))),
    timeZone: config.timezone,
    basePath: config.site.basePath,
    display,
    code: config.module ? { helpers: config.module.code.helpers, partials: config.module.code.partials, identity: config.module.identity, file: config.module.file } : null,
  });
  // Every language has its own plan: front page, sections, tags, authors, archive, search, feeds.
  const multilingual = config.siteLanguages.length > 1;
  const plans = config.siteLanguages.map((language) => {
    const languageSettings = languageConfig(config, language);
    const mine = (a: SiteArticle) => a.language === language.code;
    const languageArticles = articles.filter(mine);
    // Related articles are kept in the cache folder only by builds that keep their articles there too (and of one language).
    const related = multilingual ? undefined : cachedRelatedArticles(cache.persistent ? config.cacheDir : null, languageArticles, RELATED_LIMIT);
    const plan = planPages(languageArticles, languageSettings, theme.stringsFor(language.code), related, {
      pages: sitePages.filter(mine),
      profiles,
      data: siteData.data,
      menuTargets: multilingual ? menuTargetsIn(language.code, articles, sitePages) : undefined,
      defaultImage: config.images.defaultImage ? (resolver.social.get(socialKey(config.images.defaultImage, CENTRE)) ?? []) : [],
      now,
    });
    // A menu entry pointing at nothing is reported once, by the default language's plan.
    if (!language.isDefault) plan.diagnostics = plan.diagnostics.filter((d) => d.ruleId !== 'menu-invalid');
    return { plan, config: languageSettings, language };
  });
  // Each listing links the same listing in the other languages, once all of them are planned.
  linkListingTranslations(plans);
  const plan = plans[0]!.plan;
  for (const { plan } of plans) pushAll(diagnostics, plan.diagnostics);
  const planErrors = plans.flatMap(({ plan }) => plan.diagnostics).filter((d) => d.severity === 'error');
  if (planErrors.length) {
    throw new GazetteError(`Build failed: ${planErrors.length} ${planErrors.length === 1 ? 'error' : 'errors'}`, { diagnostics });
  }
  const files: OutputFile[] = [];
  const search = new SearchIndexes(cache.persistent ? config.cacheDir : null, config.outDir, options.search);
  for (const { plan, config: languageSettings, language } of plans) {
    pushAll(files, plan.files);
    files.push({ type: 'text', path: plan.urls.outputPath(plan.urls.path('search-index.json')), owner: 'search index', content: searchIndex(plan) });
    pushAll(files, search.filesFor(plan, language.code));
    pushAll(files, feedFiles(plan, languageSettings));
    pushAll(files, correctionFeedFiles(plan, languageSettings));
  }
  pushAll(files, sitemapFiles(plans.map((p) => p.plan), config));
  for (const [rel, from] of theme.assets) files.push({ type: 'copy', path: `assets/${rel}`, owner: display(from), from });
  pushAll(files, publishedFiles([...assetFiles, ...(images?.files ?? [])], assetClaims.withheld, (file) => assetSources.get(file)));
  const heldBackSources = new Map([
    ...content.drafts.map((a) => [a.sourcePath, { reason: 'draft' as const, date: a.date }] as const),
    ...heldBack.map(({ item, reason }) => [item.sourcePath, { reason, date: item.date }] as const),
  ]);
  if (options.sourceLinks ?? true) {
    const outputs = new Set(files.map((f) => f.path.normalize('NFC')));
    const context = { site: config.site, outputs, markdown: sources.articles, heldBack: heldBackSources, links: config.links, sourceOf: articleSource(config.srcDir) };
    pushAll(diagnostics, sourceLinkProblems([...articles, ...sitePages], context));
    const linkErrors = diagnostics.filter((d) => d.severity === 'error');
    if (linkErrors.length) {
        throw new GazetteError(`Build failed: ${linkErrors.length} ${linkErrors.length === 1 ? 'error' : 'errors'}`, { diagnostics });
    }
  }
  timing('plan');
  await breathe();
  // The image stage finished its encodes before Markdown (which variants are kept depends on their sizes).
  if (images) imageStore!.finishBuild();
  // Old URLs lead to the new ones (a page at each, and the host's redirect file); a named host gets its files.
  const moved = planRedirects({
    items: [...articles, ...sitePages],
    entries: siteData.redirects,
    sourceUrls: resolver.articleUrls,
    site: config.site,
    files,
    queryHost: queryHost(config.deploy.host),
  });
  const hosted = withHostFiles({
    host: config.deploy.host,
    basePath: config.site.basePath,
    files: [...files, ...moved.files],
    // Only the photos published: a withheld one's name must not appear in the host's files either.
    fingerprinted: publishedPaths(files, images?.files ?? []),
    rules: moved.rules,
    configFile: config.configFile ? display(config.configFile) : 'gazette.config.json',
  });
  pushAll(pushAll(diagnostics, moved.diagnostics), hosted.diagnostics);
  const movedErrors = moved.diagnostics.filter((d) => d.severity === 'error').length;
  if (movedErrors) throw new GazetteError(`Build failed: ${movedErrors} ${movedErrors === 1 ? 'error' : 'errors'}`, { diagnostics });
  const siteFiles = hosted.files;
  const collisions = findCollisions(siteFiles);
  if (collisions.length) throw new GazetteError('Build failed: some outputs cannot be written', { diagnostics: [...diagnostics, ...collisions] });

  // Photos are published as variants made from them: their sources are inputs too.
  // So are the files held back, which a later build may publish.
  const inputs = [...sources.articles, ...sources.data, ...(images?.processed ?? []), ...assetClaims.withheld].map((rel) => sourceFile(config.srcDir, rel));
  const imageCounts = imageStore?.counts() ?? { encoded: 0, reused: 0, dropped: 0, droppedExamples: [] };
  return {
    articles,
    pages: sitePages,
    profiles,
    plan,
    resolver,
    files: siteFiles,
    theme,
    diagnostics,
    sourceKeys,
    resolverDigest,
    schedule,
    assets: assetClaims,
    heldBack: heldBackSources,
    drafts: content.drafts.length,
    inputs,
    notes: [...config.siteLanguages.flatMap((l) => stringNotes(theme.stringsFor(l.code))), ...plans.flatMap((p) => p.plan.notes)],
    markdownRendered: jobs.length,
    images: imageCounts,
    search,
  };
}

/** A --verbose note naming the theme strings the site's language has no text for. */
function stringNotes(strings: ThemeStrings): string[] {
  const { missing, language } = strings;
  if (missing.length === 0) return [];
  const listed = missing.slice(0, 8).join(', ') + (missing.length > 8 ? ` and ${missing.length - 8} more` : '');
  return [`The theme has no ${language} text for ${missing.length} ${missing.length === 1 ? 'string' : 'strings'} (${listed}): shown in English. Add them to templates/strings/${language}.json.`];
}

/** From this many articles to render, rendered bodies are kept on disk until written (GAZETTE_SPILL_MIN overrides). */
function spillThreshold(): number {
  const fromEnv = process.env.GAZETTE_SPILL_MIN;
  return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : 20_000;
}

/** An article's Markdown body; entries read from the build cache do not keep it, so it comes from the source again. */
function markdownOf(article: Article, text: () => string, config: Config): string {
  if (article.body !== '') return article.body;
  return parseArticle(text(), article.sourcePath, article.displayPath, config.timezone).article?.body ?? '';
}

/** What plugins and directives reported while rendering an article's body, as diagnostics in its file (`text` reads the file, for code frames). */
export function markdownDiagnostics(article: Article, body: RenderedMarkdown, text: () => string): Diagnostic[] {
  let source: string | undefined;
  try {
    source = text();
  } catch {
    source = undefined; // gone since: the messages stand without their code frames
  }
  return body.messages.map((m) =>
    diagnostic(article.displayPath, m.reason, m.ruleId, {
      position: m.line ? { line: m.line, column: m.column ?? 1 } : null,
      source,
      severity: m.fatal ? 'error' : 'warning',
    }),
  );
}

/** A digest of everything relative URLs in articles resolve against. */
function digestOf(resolver: UrlResolver): string {
  // One string, hashed by one call: a call into the hash per URL cost more than the hashing.
  const parts = [resolver.basePath];
  for (const map of [resolver.articleUrls, resolver.assetUrls]) {
    parts.push(String(map.size));
    for (const [from, to] of map) parts.push(from, to);
  }
  parts.push(String(resolver.images.size));
  for (const [source, record] of resolver.images) parts.push(source, record.digest);
  return sha1(parts.join('\0'));
}

/** With GAZETTE_TIMING=1, print how long each stage took (for profiling, not for users). */
export function stageTimer(): (stage: string) => void {
  if (!process.env.GAZETTE_TIMING) return () => undefined;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  return (stage) => {
    const now = performance.now();
    // CPU time of the whole process, every thread: how busy the cores were during the stage.
    const cpu = process.cpuUsage(lastCpu);
    process.stderr.write(
      `[timing] ${stage}: ${Math.round(now - last)} ms (cpu: ${Math.round(cpu.user / 1000)} ms user, ${Math.round(cpu.system / 1000)} ms system)\n`,
    );
    last = now;
    lastCpu = process.cpuUsage();
  };
}

/** An article with its place in the site and its rendered body. */
export function toSiteArticle(
  article: Article,
  url: string,
  outputPath: string,
  markdown: RenderedMarkdown,
  resolver: UrlResolver,
  language: string,
  translations: SiteArticle['translations'] = [],
): SiteArticle {
  const lead = article.image ? sourcePathOf(article.image.src, article.sourcePath) : null;
  // Field by field rather than spread: a spread of a parsed object cost several microseconds an article.
  // (The type checker makes sure no field of Article is left out.)
  return {
    kind: article.kind,
    sourcePath: article.sourcePath,
    displayPath: article.displayPath,
    title: article.title,
    date: article.date,
    dated: article.dated,
    dateHasTime: article.dateHasTime,
    updated: article.updated,
    expires: article.expires,
    authors: article.authors,
    corrections: article.corrections,
    urlPath: article.urlPath,
    pageType: article.pageType,
    section: article.section,
    tags: article.tags,
    summary: article.summary,
    image: article.image,
    draft: article.draft,
    slug: article.slug,
    lang: article.lang,
    translationKey: article.translationKey,
    aliases: article.aliases,
    curation: article.curation,
    data: article.data,
    // The Markdown is no longer needed once rendered; dropping it keeps large sites' memory down.
    body: '',
    url,
    outputPath,
    // Kept whole, not copied out: a body from the build cache is read only if a page or the link check needs it.
    rendered: markdown,
    htmlHash: markdown.htmlHash,
    wordCount: markdown.wordCount,
    cjkCharacters: markdown.cjkCharacters,
    summaryText: article.summary ?? markdown.summary,
    imageUrl: article.image ? resolveContentUrl(article.image.src, article.sourcePath, resolver) : null,
    imageRecord: lead === null ? null : (resolver.images.get(lead) ?? null),
    socialImages: lead === null ? [] : (resolver.social.get(socialKey(lead, article.image!.focus ?? CENTRE)) ?? []),
    language,
    translations,
  };
}

/**
 * What menu entries naming a source point to in `language`: its version in that language where there
 * is one, else itself; and the titles of the versions in that language (for labels it lacks).
 */
function menuTargetsIn(language: string, articles: SiteArticle[], pages: SiteArticle[]) {
  const byUrl = new Map([...articles, ...pages].map((a) => [a.url, a]));
  const titles = new Map<string, string>();
  const target = (list: SiteArticle[]) =>
    new Map(
      list.map((a) => {
        const version = a.language === language ? a : byUrl.get(a.translations.find((t) => t.language === language)?.url ?? '');
        if (version) titles.set(a.sourcePath, version.title);
        return [a.sourcePath, version?.url ?? a.url];
      }),
    );
  return { pages: target(pages), articles: target(articles), titles };
}

/** Run the image stage over the sources: every image, and social crops for lead photos and the default image. */
async function prepareSiteImages(
  config: Config,
  sources: SourceTree,
  articles: Article[],
  store: ImageStore,
  encode: boolean,
  progress?: BuildProgress,
): Promise<PreparedImages> {
  store.startBuild();
  const crops = articles.flatMap((article) => {
    const source = article.image ? sourcePathOf(article.image.src, article.sourcePath) : null;
    return source === null ? [] : [{ source, focus: article.image!.focus ?? CENTRE }];
  });
  if (config.images.defaultImage) crops.push({ source: config.images.defaultImage, focus: CENTRE });
  return prepareImages(
    { srcDir: config.srcDir, basePath: config.site.basePath, assets: sources.assets, crops, display: displayPath },
    config.images,
    store,
    encode,
    (done, total) => progress?.stage('encoding images', done, total),
  );
}

/** The paths of `candidates` that are among the site's `files`. */
function publishedPaths(files: OutputFile[], candidates: OutputFile[]): Set<string> {
  const wanted = new Set(candidates.map((f) => f.path));
  const found = new Set<string>();
  for (const file of files) if (wanted.has(file.path)) found.add(file.path);
  return found;
}
