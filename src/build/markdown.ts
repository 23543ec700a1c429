import { articleBody, type Article } from '../content/article.js';
import type { LiveUpdate } from '../content/live-updates.js';
import type { ArticleCache } from '../cache/article-cache.js';
import type { MarkdownPool, PoolOutcome } from '../markdown/pool.js';
import { themeDigests } from '../markdown/theme-digests.js';
import type { MarkdownOptions, RenderedMarkdown } from '../markdown/processor.js';
import { resolveContentUrl, type UrlResolver } from '../markdown/resolve-url.js';
import { diagnostic, displayPath, type Diagnostic } from '../report/diagnostics.js';
import type { SiteArticle, SiteProfile } from '../site/model.js';
import { renderProfiles } from '../site/profile-render.js';
import { renderFolderUpdates } from './live-updates.js';
import { sourceFile } from '../content/find-sources.js';
import { sha1 } from '../hash.js';
import { pushAll } from '../push-all.js';
import { markdownDiagnostics, toSiteArticle } from './site-article.js';
import type { Loaded, PlacedSite, RenderedContent, SiteImages, StageContext } from './model.js';

/** What the markdown stage renders with, and what it may reuse. */
export interface MarkdownStageOptions {
  pool: MarkdownPool;
  /** Close the pool once rendered (a pool made for this build alone). */
  closePool: boolean;
  markdown: MarkdownOptions;
  /** Keeps parsed and rendered articles; rendered bodies are stored back into it. */
  cache: ArticleCache;
  /** Cached articles (by key) whose rendered URLs the last build checked, and the digest of the resolver it checked them against. */
  checked?: { resolverDigest: string; keys: Set<string> };
}

/**
 * Markdown: every placed item's body to HTML, with links between articles resolved, and the profiles'
 * bios. A cached body is reused while every relative URL it resolved still resolves the same way and
 * no theme shortcode partial it used has changed.
 */
export async function markdownStage(stage: StageContext, loaded: Loaded, placed: PlacedSite, images: SiteImages, options: MarkdownStageOptions): Promise<RenderedContent> {
  const { config, readText, readSource, progress } = stage;
  const { pool, cache } = options;
  const { entries, siteData } = loaded.content;
  const { resolver } = images;
  const diagnostics: Diagnostic[] = [];
  pool.prepare(resolver);
  const resolverDigest = digestOf(resolver);
  const checkedBefore = options.checked?.resolverDigest === resolverDigest ? options.checked.keys : null;
  const shortcodeDigests = themeDigests(options.markdown);
  const bodies: (RenderedMarkdown | null)[] = placed.placed.map(({ article }) => {
    const { key } = entries.get(article)!;
    const cached = loaded.stored(article).markdown;
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
  const jobIndexes = placed.placed.flatMap((_, i) => (bodies[i] === null ? [i] : []));
  const jobs = jobIndexes.map((i) => placed.placed[i]!);
  let fresh: PoolOutcome;
  let profiles: SiteProfile[];
  let updateHtml: Map<LiveUpdate, string>;
  /** Sources whose text, read again to render, is no longer the text their cache key and front matter came from. */
  const changedSince = new Set<Article>();
  const readAgain = (article: Article): string => {
    const { file, key } = entries.get(article)!;
    const source = readSource(file);
    if (cache.key(article.sourcePath, displayPath(file), source) !== key) changedSince.add(article);
    return source.toString('utf8');
  };
  try {
    fresh = await pool.render(
      jobs.map(({ article }) => ({
        body: () => markdownOf(article, () => readAgain(article)),
        sourcePath: article.sourcePath,
        displayPath: article.displayPath,
      })),
      resolver,
      (done) => progress?.stage('rendering Markdown', done, jobs.length),
      // On a large site the bodies wait on disk for their pages, not in memory.
      jobs.length >= spillThreshold() ? (markdown) => cache.spill(markdown) : undefined,
    );
    profiles = await renderProfiles(siteData, pool, resolver, diagnostics);
    const published = placed.placed.map(({ article }) => article);
    const updates = await renderFolderUpdates(published, pool, resolver, (u) => readText(sourceFile(config.srcDir, u.file!.sourcePath)));
    pushAll(diagnostics, updates.diagnostics);
    updateHtml = updates.html;
  } finally {
    if (options.closePool) await pool.close();
  }
  // The Markdown is not read again in this build (a later render reads the source): the parses
  // loaded for every article would otherwise hold the whole site's text through planning (#30).
  for (const { article } of jobs) article.body = '';
  // An article the renderer failed on (too slow, too deeply nested, a crash) is an error of its own.
  pushAll(diagnostics, fresh.diagnostics);
  jobs.forEach(({ article }, i) => {
    const { key } = entries.get(article)!;
    const entry = loaded.stored(article);
    const markdown = fresh.rendered[i];
    if (!markdown) return;
    if (changedSince.has(article)) {
      // Its page shows this body under the front matter read before: the next build (its stamp moved) makes it whole.
      // Never stored: under the old text's key, the new body would be taken for the old text's if it came back (an undo).
      diagnostics.push(diagnostic(article.displayPath, 'changed while the build was running: its page may mix the two versions until the next build', 'source-changed-during-build', { severity: 'warning' }));
      bodies[jobIndexes[i]!] = markdown;
      return;
    }
    // Rendered, the body is not kept: on a large site it is tens of megabytes that every later collection would scan.
    const parse = entry.parse.article ? { ...entry.parse, article: { ...entry.parse.article, body: '' } } : entry.parse;
    cache.set(key, { parse, markdown });
    bodies[jobIndexes[i]!] = markdown;
  });

  const articles: SiteArticle[] = [];
  const pages: SiteArticle[] = [];
  for (const [index, { article, url, outputPath, place }] of placed.placed.entries()) {
    const markdown = bodies[index];
    if (!markdown) continue;
    const siteArticle = toSiteArticle(article, url, outputPath, markdown, resolver, place.language.code, placed.translations.get(article), updateHtml);
    (article.kind === 'page' ? pages : articles).push(siteArticle);
    if (markdown.messages.length) pushAll(diagnostics, markdownDiagnostics(article, markdown, () => readText(entries.get(article)!.file)));
  }
  // Placed language by language: back to newest first across the site, as a site in one language has them.
  articles.sort((a, b) => b.date - a.date || (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0));
  return { articles, pages, profiles, bodies, resolverDigest, markdownRendered: jobs.length, diagnostics };
}

/**
 * From this many articles to render, rendered bodies are kept on disk until written (GAZETTE_SPILL_MIN
 * overrides): below it they are a few megabytes; at 10,000 articles holding them cost 180 MiB of the
 * peak, and writing and reading them back about a second of CPU (#30).
 */
function spillThreshold(): number {
  const fromEnv = process.env.GAZETTE_SPILL_MIN;
  return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : 1_000;
}

/** An article's Markdown body; parses loaded (see `loadStage`) or read from the build cache do not keep it, so it comes from the source again. */
function markdownOf(article: Article, text: () => string): string {
  if (article.body !== '') return article.body;
  return articleBody(text()) ?? '';
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
