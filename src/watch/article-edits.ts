import type { ArticleCache } from '../cache/article-cache.js';
import type { Config } from '../config/index.js';
import { parseArticle, type Article } from '../content/article.js';
import { markdownDiagnostics, toSiteArticle } from '../build/site-article.js';
import type { GeneratedSite } from '../build/model.js';
import type { MarkdownPool } from '../markdown/pool.js';
import { GazetteError, type Diagnostic } from '../report/diagnostics.js';
import type { ArticleView, PageContext } from '../render/context.js';
import type { OutputFile, SiteArticle } from '../site/model.js';
import { feedFiles } from '../site/feeds.js';
import { newsSitemapFile } from '../site/sitemaps.js';
import { changesClaims } from '../site/published-assets.js';
import { sourceLinkProblems } from '../check/source-links.js';
import { articleContext } from '../site/plan/article-context.js';
import { searchIndex, searchRecord } from '../site/search-index.js';
import { articlePageFields, articleView, withHeadData, type TermLinks } from '../site/views.js';
import { pushAll } from '../push-all.js';

/** One saved article: where it lives and its new text. */
export interface ArticleEdit {
  sourcePath: string;
  displayPath: string;
  text: string;
  cacheKey: string;
}

type PageFile = Extract<OutputFile, { type: 'page' }>;

/**
 * Applies edits to existing articles directly to the last generated site,
 * without planning the site again, when the edits leave its structure
 * alone: same date, `updated` time, section, tags, author, slug and draft
 * state, so every listing keeps its members and order and no URL moves.
 * Then only the article's own page, the pages showing its card (listings,
 * neighbours, related blocks), the feeds and the search index can change.
 * Any other edit returns null, and the caller makes a full rebuild.
 */
export class ArticleEdits {
  private readonly bySource = new Map<string, { index: number; page: PageFile }>();
  /** Every page context that shows a view, found once per generated site. */
  private readonly shownIn = new Map<ArticleView, PageContext[]>();
  private readonly fileOf = new Map<PageContext, PageFile>();
  private readonly sourceFiles = new Set<string>();
  /** The site's output paths and Markdown sources, for link checks: the same for every edit the quick path applies. */
  private linkTargets: { outputs: Set<string>; markdown: string[] } | null = null;

  constructor(
    private readonly site: GeneratedSite,
    srcDir: string,
  ) {
    const pages = new Map<string, PageFile>();
    // Every source the site was made from: a vanished one is a deletion, not an editor's temporary file.
    for (const file of site.inputs) this.sourceFiles.add(file);
    for (const file of site.files) {
      if (file.type === 'copy') this.sourceFiles.add(file.from);
      if (file.type !== 'page') continue;
      pages.set(file.path, file);
      this.fileOf.set(file.context, file);
      const { context } = file;
      for (const view of [context.previous, context.next, ...context.related, ...context.articles]) {
        if (!view) continue;
        let list = this.shownIn.get(view);
        if (!list) this.shownIn.set(view, (list = []));
        if (!list.includes(context)) list.push(context);
      }
    }
    site.plan.entries.forEach(({ article }, index) => {
      const page = pages.get(article.outputPath);
      if (page) this.bySource.set(article.sourcePath, { index, page });
    });
  }

  /** Whether an article is among the newest `limit` of the site or of its section, i.e. in a feed. */
  private inAFeed(article: SiteArticle, index: number, limit: number): boolean {
    if (index < limit) return true;
    return this.site.plan.sections.some((section) => {
      const at = section.items.indexOf(article);
      return at >= 0 && at < limit;
    });
  }

  /** Whether an absolute path is one of the last site's source files (an article or a file beside one). */
  knowsFile(file: string): boolean {
    return this.sourceFiles.has(file);
  }

  /** Whether `sourcePath` is an article of the last site (a candidate for `apply`). */
  knows(sourcePath: string): boolean {
    return this.bySource.has(sourcePath);
  }

  /**
   * Apply the edits, updating the site in place.
   * @returns The output files that may have changed, or null when a full rebuild is needed.
   * @throws GazetteError when an edited article has errors; the site is then untouched.
   */
  async apply(edits: ArticleEdit[], config: Config, cache: ArticleCache, pool: MarkdownPool): Promise<OutputFile[] | null> {
    const { site } = this;
    // A site in several languages has a plan per language, which this quick path does not patch: plan it all again.
    if (config.siteLanguages.length > 1) return null;
    const parsed: { edit: ArticleEdit; article: Article; old: SiteArticle; index: number; page: PageFile }[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const edit of edits) {
      const known = this.bySource.get(edit.sourcePath);
      if (!known) return null;
      const result = parseArticle(edit.text, edit.sourcePath, edit.displayPath, config.timezone);
      pushAll(diagnostics, result.diagnostics);
      const old = site.plan.entries[known.index]!.article;
      if (result.article && !sameStructure(old, result.article)) return null;
      if (result.article) parsed.push({ edit, article: result.article, old, ...known });
      cache.set(edit.cacheKey, { parse: result, markdown: null });
    }
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      throw new GazetteError(`Build failed: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`, { diagnostics });
    }

    const { rendered, diagnostics: failures } = await pool.render(
      parsed.map(({ article }) => ({ body: article.body, sourcePath: article.sourcePath, displayPath: article.displayPath })),
      site.resolver,
    );
    if (failures.length) {
      const all = [...diagnostics, ...failures];
      throw new GazetteError(`Build failed: ${failures.length} ${failures.length === 1 ? 'error' : 'errors'}`, { diagnostics: all });
    }
    // What plugins and directives reported counts like the article's own problems.
    const bodyDiagnostics = parsed.flatMap(({ edit, article }, i) => markdownDiagnostics(article, rendered[i]!, () => edit.text));
    const failed = bodyDiagnostics.filter((d) => d.severity === 'error');
    if (failed.length) {
      throw new GazetteError(`Build failed: ${failed.length} ${failed.length === 1 ? 'error' : 'errors'}`, { diagnostics: [...diagnostics, ...bodyDiagnostics] });
    }
    // Using a file a held-back item claims, or no longer using one, changes which files the site publishes.
    if (parsed.some(({ article, old }, i) => changesClaims(site.assets, old, { ...article, rendered: rendered[i]! }))) return null;
    const nexts = parsed.map(({ article, old }, i) => toSiteArticle(article, old.url, old.outputPath, rendered[i]!, site.resolver, old.language, old.translations));
    // Where their links lead, as a full build checks it. Edits here add and remove no file, so the lists are made once
    // per site: at 10,000 articles, making them took longer than the rest of a save.
    this.linkTargets ??= { outputs: new Set(site.files.map((f) => f.path.normalize('NFC'))), markdown: [...site.sourceKeys.keys()] };
    const linkDiagnostics = sourceLinkProblems(nexts, {
      site: config.site,
      ...this.linkTargets,
      heldBack: site.heldBack,
      links: config.links,
      sourceOf: (a) => parsed.find((p) => p.article.sourcePath === a.sourcePath)?.edit.text ?? null,
    });
    const brokenLinks = linkDiagnostics.filter((d) => d.severity === 'error');
    if (brokenLinks.length) {
      const all = [...diagnostics, ...bodyDiagnostics, ...linkDiagnostics];
      throw new GazetteError(`Build failed: ${brokenLinks.length} ${brokenLinks.length === 1 ? 'error' : 'errors'}`, { diagnostics: all });
    }
    const changed = new Set<OutputFile>();
    let indexChanged = false;
    let feedsChanged = false;
    let titleChanged = false;
    parsed.forEach(({ edit, article, old, index, page }, i) => {
      const markdown = rendered[i]!;
      cache.set(edit.cacheKey, { parse: { article, diagnostics: diagnostics.filter((d) => d.file === edit.displayPath) }, markdown });
      const next = nexts[i]!;
      const oldView = site.plan.entries[index]!.view;
      const view = articleView(next, config, site.plan.urls, sameTerms(oldView, article));
      // The article's own page.
      page.context.article = articleContext(view, next);
      const { fields, head } = articlePageFields(site.plan.site, view, site.plan.urls);
      withHeadData(Object.assign(page.context.page, fields), head);
      changed.add(page);
      // Every card, neighbour link and related block showing it.
      for (const context of this.shownIn.get(oldView) ?? []) {
        if (context.previous === oldView) context.previous = view;
        if (context.next === oldView) context.next = view;
        context.related = context.related.map((v) => (v === oldView ? view : v));
        context.articles = context.articles.map((v) => (v === oldView ? view : v));
        const file = this.fileOf.get(context);
        if (file) changed.add(file);
      }
      // The search index and the feeds change only if they show something that changed.
      if (searchRecord(view) !== searchRecord(oldView)) indexChanged = true;
      if (this.inAFeed(old, index, config.feedLimit)) feedsChanged = true;
      // The news sitemap shows the titles of the latest articles.
      if (next.title !== old.title) titleChanged = true;
      this.shownIn.set(view, this.shownIn.get(oldView) ?? []);
      this.shownIn.delete(oldView);
      site.plan.entries[index] = { article: next, view };
      site.articles[site.articles.indexOf(old)] = next;
      for (const section of site.plan.sections) {
        const at = section.items.indexOf(old);
        if (at >= 0) section.items[at] = next;
      }
    });
    site.diagnostics = [
      ...site.diagnostics.filter((d) => !edits.some((e) => e.displayPath === d.file)),
      ...diagnostics,
      ...bodyDiagnostics,
      ...linkDiagnostics,
    ];

    // Generated text files that show article fields: feeds and the search index.
    const regenerated: OutputFile[] = [
      ...(indexChanged ? [{ type: 'text' as const, path: 'search-index.json', owner: 'search index', content: searchIndex(site.plan) }] : []),
      ...(feedsChanged ? feedFiles(site.plan, config) : []),
      ...(titleChanged ? [newsSitemapFile([site.plan], config)] : []),
    ];
    // The full-text index: only the fragments and records the edits touch are made again.
    const index = site.search.refresh(site.plan, config.siteLanguages[0]!.code, site.files);
    site.files = index.files;
    for (const file of index.changed) changed.add(file);
    if (regenerated.length > 0) {
      const byPath = new Map(regenerated.map((f) => [f.path, f]));
      site.files = site.files.map((file) => {
        const replacement = byPath.get(file.path);
        if (!replacement) return file;
        changed.add(replacement);
        return replacement;
      });
    }
    return [...changed];
  }
}

/** Same place in the site: nothing that decides URLs, listings, their order or the sitemap differs. */
function sameStructure(old: Article, next: Article): boolean {
  return (
    old.date === next.date &&
    old.updated === next.updated &&
    old.kind === next.kind &&
    old.section === next.section &&
    old.slug === next.slug &&
    old.draft === next.draft &&
    old.expires === next.expires &&
    old.lang === next.lang &&
    old.translationKey === next.translationKey &&
    // A live story's updates make its JSON file and feed too: a full rebuild writes them.
    old.live === null &&
    next.live === null &&
    // Featured and breaking stories shape the front page and the banner on every page: a full rebuild places them.
    sameCuration(old, next) &&
    // Aliases make redirect pages and host redirect lines: a full rebuild writes them.
    sameList(old.aliases, next.aliases) &&
    // Another lead photo or focal point needs its social crops made: a full rebuild makes them.
    old.image?.src === next.image?.src &&
    old.image?.focus?.x === next.image?.focus?.x &&
    old.image?.focus?.y === next.image?.focus?.y &&
    sameList(old.authors, next.authors) &&
    // Corrections show on the corrections page and its feeds, and decide whether that page exists.
    old.corrections.length === next.corrections.length &&
    old.corrections.every((c, i) => c.date === next.corrections[i]!.date && c.text === next.corrections[i]!.text) &&
    old.tags.length === next.tags.length &&
    old.tags.every((tag, i) => tag === next.tags[i])
  );
}

function sameCuration(old: Article, next: Article): boolean {
  const a = old.curation;
  const b = next.curation;
  if (a === null || b === null) return a === b;
  // The banner shows a breaking story's title on every page.
  if ((a.breaking || b.breaking) && old.title !== next.title) return false;
  return a.featured === b.featured && a.priority === b.priority && a.featuredUntil === b.featuredUntil && a.breaking === b.breaking && a.breakingUntil === b.breakingUntil;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The section, tag and author links of the old view: the structure, hence the slugs, did not change. */
function sameTerms(oldView: ArticleView, article: Article): TermLinks {
  return {
    section: () => oldView.section!,
    author: (name) => oldView.authors[article.authors.indexOf(name)]!,
    tag: (name) => oldView.tags[article.tags.indexOf(name)]!,
  };
}
