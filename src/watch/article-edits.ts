import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ArticleCache } from '../cache/article-cache.js';
import type { Config } from '../config/index.js';
import { parseArticle, type Article } from '../content/article.js';
import { unknownBylines } from '../content/bylines.js';
import { loadSiteData, PROFILES_NAME } from '../content/data-files.js';
import { DATA_FOLDER } from '../content/find-sources.js';
import { markdownDiagnostics, toSiteArticle } from '../build/site-article.js';
import type { GeneratedSite, LanguagePlan } from '../build/model.js';
import type { MarkdownPool } from '../markdown/pool.js';
import { GazetteError, type Diagnostic } from '../report/diagnostics.js';
import type { ArticleView } from '../render/context.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../site/model.js';
import { renderProfiles } from '../site/profile-render.js';
import { correctionFeedFiles } from '../site/corrections-feed.js';
import { feedFiles } from '../site/feeds.js';
import { liveBlogFiles, liveStoryFiles } from '../site/live-files.js';
import { newsSitemapFile, PageSitemaps, sitemapFiles } from '../site/sitemaps.js';
import { modifiedTime } from '../site/views.js';
import { changesClaims, withheldAssets } from '../site/published-assets.js';
import { sourceLinkProblems } from '../check/source-links.js';
import { PlanEdits, type ItemEdit } from '../site/plan/item-edits.js';
import { SEARCH_RECORDS_FILE, searchIndex, searchRecord } from '../site/search-index.js';
import { menuSources, sameAuthors, sameStructure } from './structure.js';
import { pushAll } from '../push-all.js';

type PageFile = Extract<OutputFile, { type: 'page' }>;

/** One saved article: where it lives and its new text. */
export interface ArticleEdit {
  sourcePath: string;
  displayPath: string;
  text: string;
  cacheKey: string;
}

/** An item of the last site (an article or a standalone page, in any language) and the plan of its language. */
interface Known {
  item: SiteArticle;
  plan: LanguagePlan;
  /** Its place in the site's list of articles or of pages: an edit keeps it. */
  place: number;
}

/**
 * Applies edits to existing articles and standalone pages, in any language
 * of the site, to the last generated site without planning it again, when
 * the edits leave its structure alone (see `sameStructure`): every listing
 * keeps its members and order and no URL moves. The edited sources go
 * through the build's own stages on less: parsed, rendered by the Markdown
 * threads, made site items (`toSiteArticle`), planned again with the pages
 * showing them (`PlanEdits`), and the generated files that list them made
 * again by the functions the emit stage makes them with. Any other edit
 * returns null, and the caller makes a full rebuild.
 */
export class ArticleEdits {
  private readonly items = new Map<string, Known>();
  /** Each output file's place in the site's list, found on the first edit that makes a generated file again. */
  private filePlaces: Map<string, number> | null = null;
  /** Each language's plan, ready to plan edited items again: made on the first edit in that language. */
  private readonly planEdits = new Map<LanguagePlan, PlanEdits>();
  private readonly sourceFiles = new Set<string>();
  /** The author profiles file (relative to the source folder), or null when the site has none. */
  private readonly profilesSource: string | null = null;
  /** The source paths of the items whose titles menus show, made on the first title edit. */
  private menuItems: Set<string> | null = null;
  /** The site's output paths and Markdown sources, for link checks: the same for every edit the quick path applies. */
  private linkTargets: { outputs: Set<string>; markdown: string[]; files: string[] } | null = null;
  /** The sitemap with each page's entry, for saves that move pages' times (a live story's update): made for a site with a live story. */
  private sitemaps: PageSitemaps | null = null;

  constructor(
    private readonly site: GeneratedSite,
    private readonly srcDir: string,
  ) {
    // Every source the site was made from: a vanished one is a deletion, not an editor's temporary file.
    for (const file of site.inputs) {
      this.sourceFiles.add(file);
      const rel = path.relative(srcDir, file).split(path.sep).join('/');
      if (/^(.*)\.(json|ya?ml)$/i.exec(rel)?.[1] === `${DATA_FOLDER}/${PROFILES_NAME}`) this.profilesSource = rel;
    }
    for (const file of site.files) if (file.type === 'copy') this.sourceFiles.add(file.from);
    const places = new Map<SiteArticle, number>();
    site.articles.forEach((article, i) => places.set(article, i));
    site.pages.forEach((page, i) => places.set(page, i));
    for (const plan of site.plans) {
      for (const { article } of [...plan.plan.entries, ...plan.plan.pages]) this.items.set(article.sourcePath, { item: article, plan, place: places.get(article)! });
    }
  }

  /**
   * Make now what the first save would otherwise make (each language's `PlanEdits`, the lists links are
   * checked against): at 30,000 articles they took the first save one to three seconds.
   */
  prepare(config: Config): void {
    for (const plan of this.site.plans) this.planEditsOf(plan);
    this.linkTargetsOf();
    if (this.site.plans.some(({ plan }) => plan.entries.some(({ article }) => article.live))) this.sitemapsOf(config);
  }

  /** The sitemap kept page by page, made on first use (see `prepare`). */
  private sitemapsOf(config: Config): PageSitemaps {
    return (this.sitemaps ??= new PageSitemaps(this.site.plans.map((p) => p.plan), config));
  }

  /** The site's output paths and source files, for link checks: the same for every edit the quick path applies. */
  private linkTargetsOf(): { outputs: Set<string>; markdown: string[]; files: string[] } {
    return (this.linkTargets ??= {
      outputs: new Set(this.site.files.map((f) => f.path.normalize('NFC'))),
      markdown: [...this.site.sourceKeys.keys()],
      files: [...this.sourceFiles].map((file) => path.relative(this.srcDir, file).split(path.sep).join('/')),
    });
  }

  /** Whether an article is among the newest `limit` of its language or of its section, i.e. in a feed. */
  private static inAFeed(article: SiteArticle, { plan }: LanguagePlan, limit: number): boolean {
    if (article.kind === 'page') return false;
    if (plan.entries.slice(0, limit).some((e) => e.article === article)) return true;
    return plan.sections.some((section) => section.items.slice(0, limit).includes(article));
  }

  /** Whether an absolute path is one of the last site's source files (an article or a file beside one). */
  knowsFile(file: string): boolean {
    return this.sourceFiles.has(file);
  }

  /**
   * The files in folder `dir` (absolute) and below it, hidden ones aside as the watcher ignores them,
   * when they are the very files the last site was made from there; else null (a file it does not know,
   * one of its sources gone, a symbolic link or an unreadable folder).
   */
  knownFilesIn(dir: string): string[] | null {
    const found: string[] = [];
    const walk = (folder: string): boolean => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return false;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!walk(file)) return false;
        } else if (entry.isFile() && this.sourceFiles.has(file)) found.push(file);
        else return false;
      }
      return true;
    };
    if (!walk(dir)) return null;
    const prefix = dir + path.sep;
    let known = 0;
    for (const file of this.sourceFiles) if (file.startsWith(prefix)) known++;
    return known === found.length ? found : null;
  }

  /** Whether `sourcePath` is an article, a standalone page or the author profiles of the last site (a candidate for `apply`). */
  knows(sourcePath: string): boolean {
    return this.items.has(sourcePath) || this.isProfiles(sourcePath);
  }

  /** Whether `sourcePath` is the author profiles file the last site was made with. */
  isProfiles(sourcePath: string): boolean {
    return sourcePath === this.profilesSource;
  }

  /** Whether a menu entry of a site of several languages shows `item`'s title: one naming it, or naming another version of it. */
  private inMenus(item: Article): boolean {
    if (!this.menuItems) {
      const byUrl = new Map([...this.items.values()].map(({ item }) => [item.url, item]));
      this.menuItems = new Set();
      for (const named of menuSources(this.site.plans[0]!.config.menus)) {
        const target = this.items.get(named)?.item;
        if (!target) continue;
        this.menuItems.add(named);
        for (const version of target.translations) {
          const other = byUrl.get(version.url);
          if (other) this.menuItems.add(other.sourcePath);
        }
      }
    }
    return this.menuItems.has(item.sourcePath);
  }

  /**
   * Apply the edits, updating the site in place.
   * @returns The output files that may have changed, or null when a full rebuild is needed.
   * @throws GazetteError when an edited item has errors; the site is then untouched.
   */
  async apply(edits: ArticleEdit[], config: Config, cache: ArticleCache, pool: MarkdownPool): Promise<OutputFile[] | null> {
    const { site } = this;
    const parsed: { edit: ArticleEdit; article: Article; old: SiteArticle; plan: LanguagePlan }[] = [];
    const diagnostics: Diagnostic[] = [];
    const profilesEdit = edits.find((edit) => this.isProfiles(edit.sourcePath));
    for (const edit of edits) {
      if (edit === profilesEdit) continue;
      const known = this.items.get(edit.sourcePath);
      if (!known) return null;
      const result = parseArticle(edit.text, edit.sourcePath, edit.displayPath, config.timezone);
      pushAll(diagnostics, result.diagnostics);
      const old = known.item;
      const structure = { now: known.plan.plan.context.now, config, inMenus: (item: Article) => this.inMenus(item) };
      if (result.article && !sameStructure(old, result.article, structure)) return null;
      if (result.article) parsed.push({ edit, article: result.article, old, plan: known.plan });
      cache.set(edit.cacheKey, { parse: result, markdown: null });
    }
    // A byline naming no profile is a warning of every build (see `scheduleStage`), of this one too, placed in the new
    // text; not of the parse, which the cache keeps.
    const texts = new Map(parsed.map(({ edit, article }) => [article, edit.text]));
    const bylines = unknownBylines([...texts.keys()], site.profiles, site.profiles[0]?.file ?? null, (article) => texts.get(article) ?? null);
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
    // A bad photo nothing used was only a warning: one the edited sources use now (found as a whole build finds
    // them) fails the build, as a whole build says.
    if (site.badImages.size > 0 && withheldAssets(new Set(site.badImages), nexts, [], () => (profilesEdit ? [profilesEdit.text] : [])).size < site.badImages.size) return null;
    // Where their links lead, as a full build checks it. Edits here add and remove no file, so the lists are made once
    // per site: at 10,000 articles, making them took longer than the rest of a save.
    const linkDiagnostics = sourceLinkProblems(nexts, {
      site: config.site,
      ...this.linkTargetsOf(),
      heldBack: site.heldBack,
      links: config.links,
      sourceOf: (a) => parsed.find((p) => p.article.sourcePath === a.sourcePath)?.edit.text ?? null,
    });
    const brokenLinks = linkDiagnostics.filter((d) => d.severity === 'error');
    if (brokenLinks.length) {
      const all = [...diagnostics, ...bodyDiagnostics, ...linkDiagnostics];
      throw new GazetteError(`Build failed: ${brokenLinks.length} ${brokenLinks.length === 1 ? 'error' : 'errors'}`, { diagnostics: all });
    }

    const profiles = profilesEdit ? await this.editedProfiles(profilesEdit, pool) : undefined;
    if (profiles === null) return null;

    parsed.forEach(({ edit, article }, i) => {
      cache.set(edit.cacheKey, { parse: { article, diagnostics: diagnostics.filter((d) => d.file === edit.displayPath) }, markdown: rendered[i]! });
    });
    const changed = new Set<OutputFile>();
    const regenerated: OutputFile[] = [];
    let sitemaps: 'all' | 'news' | null = null;
    /** The pages, language by language, whose time may have moved: their sitemap entries are made again. */
    const moved: { plan: LanguagePlan; files: PageFile[] }[] = [];
    // Language by language: the plan of each edited item's language plans it again, with the pages showing it.
    for (const plan of new Set(parsed.map((p) => p.plan))) {
      const mine = parsed.flatMap((p, i) => (p.plan === plan ? [{ old: p.old, next: nexts[i]! }] : []));
      const inFeeds = mine.some(({ old }) => ArticleEdits.inAFeed(old, plan, plan.config.feedLimit));
      const planned = this.planEditsOf(plan).apply(mine);
      for (const file of planned.files) changed.add(file);
      for (const { old, next } of mine) this.replace(old, next, plan);
      pushAll(regenerated, this.generatedFiles(plan, mine, planned.views, inFeeds));
      if (mine.some(({ old }) => old.kind === 'page')) sitemaps = 'all';
      else {
        // A live story's new update moves its lastmod (and its listings'): those pages are listed again.
        if (planned.views.some(({ old, next }) => modifiedTime(old) !== modifiedTime(next))) moved.push({ plan, files: planned.files });
        // The news sitemap shows the titles of the latest articles.
        if (sitemaps === null && mine.some(({ old, next }) => old.title !== next.title)) sitemaps = 'news';
      }
      // The full-text index: only the fragments and records the edits touch are made again.
      const edited = mine.map(({ next }, i) => ({ article: next, view: planned.views[i]!.next }));
      for (const file of site.search.refreshEdited(plan.plan, plan.language.code, edited, site.files)) changed.add(file);
    }
    if (profiles) {
      // One list of profiles, shared by every language's plan.
      site.profiles.length = 0;
      pushAll(site.profiles, profiles.profiles);
      pushAll(diagnostics, profiles.diagnostics);
      for (const plan of site.plans) {
        for (const file of this.planEditsOf(plan).applyProfiles(profiles.profiles)) changed.add(file);
        // A live story's JSON file and feed show its updates' authors.
        if (plan.plan.entries.some(({ article }) => article.live)) pushAll(regenerated, liveBlogFiles(plan.plan, plan.config));
      }
    }
    const plans = site.plans.map((p) => p.plan);
    if (sitemaps === 'all') {
      pushAll(regenerated, sitemapFiles(plans, config));
      // Listed from the plans again: the kept entries are made again when next needed.
      this.sitemaps = null;
    } else {
      if (sitemaps === 'news') regenerated.push(newsSitemapFile(plans, config));
      if (moved.length > 0) {
        // Made now (a save before `prepare`), the entries are the edited plans' already: the files are made from them.
        const fresh = this.sitemaps === null;
        const kept = this.sitemapsOf(config);
        // Every language's pages listed again before the files are made once.
        if (moved.map(({ plan, files }) => kept.update(plan.plan, files)).some(Boolean) || fresh) pushAll(regenerated, kept.files());
      }
    }
    // The schedule's coming changes name their items by title, which an edit here may change (not their times).
    for (const event of site.schedule.next) {
      const edited = event.source === undefined ? undefined : parsed.find(({ article }) => article.sourcePath === event.source);
      if (edited) event.title = edited.article.title;
    }
    site.diagnostics = [
      ...site.diagnostics.filter((d) => !edits.some((e) => e.displayPath === d.file)),
      ...diagnostics,
      ...bylines,
      ...bodyDiagnostics,
      ...linkDiagnostics,
    ];
    if (regenerated.length > 0) {
      // Edits here add and remove no file: each made again stands where it stood.
      if (!this.filePlaces) this.filePlaces = new Map(site.files.map((file, i) => [file.path, i]));
      // Made twice (a live story's files, for its edit and for its authors'), the last one counts.
      for (const file of new Map(regenerated.map((f) => [f.path, f])).values()) {
        const at = this.filePlaces.get(file.path);
        if (at === undefined) continue;
        site.files[at] = file;
        changed.add(file);
      }
    }
    return [...changed];
  }

  /**
   * The author profiles of an edited profiles file, read by the load stage's function and their bios
   * rendered by the markdown stage's; null when a full rebuild is needed (see `sameAuthors`).
   * @throws GazetteError when the file has errors; the site is then untouched.
   */
  private async editedProfiles(edit: ArticleEdit, pool: MarkdownPool): Promise<{ profiles: SiteProfile[]; diagnostics: Diagnostic[] } | null> {
    const data = loadSiteData([edit.sourcePath], () => edit.text, () => edit.displayPath);
    const old = this.site.profiles;
    const diagnostics = [...data.diagnostics];
    const fail = (list: Diagnostic[]) => {
      const errors = list.filter((d) => d.severity === 'error');
      if (errors.length) throw new GazetteError(`Build failed: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}`, { diagnostics: list });
    };
    fail(diagnostics);
    if (!sameAuthors(old, data.profiles)) return null;
    const profiles = await renderProfiles(data, pool, this.site.resolver, diagnostics);
    fail(diagnostics);
    return { profiles, diagnostics };
  }

  private planEditsOf(plan: LanguagePlan): PlanEdits {
    let edits = this.planEdits.get(plan);
    if (!edits) this.planEdits.set(plan, (edits = new PlanEdits(plan.plan)));
    return edits;
  }

  /** Put `next` in `old`'s place among the site's items. */
  private replace(old: SiteArticle, next: SiteArticle, plan: LanguagePlan): void {
    const list = old.kind === 'page' ? this.site.pages : this.site.articles;
    const { place } = this.items.get(old.sourcePath)!;
    list[place] = next;
    this.items.set(next.sourcePath, { item: next, plan, place });
  }

  /**
   * The files the emit stage makes from a language's plan that can show what the edits changed, made
   * again as it makes them: the search index when a record changed, the feeds when an edited article is
   * in one, the corrections feeds when it has corrections, a live story's JSON file and feed. The writer
   * writes those whose bytes changed.
   */
  private generatedFiles(plan: LanguagePlan, edits: ItemEdit[], views: { old: ArticleView; next: ArticleView }[], inFeeds: boolean): OutputFile[] {
    const { plan: sitePlan, config } = plan;
    const files: OutputFile[] = [];
    if (this.site.search.recordsFile && views.some(({ old, next }) => next.kind !== 'page' && searchRecord(old) !== searchRecord(next))) {
      files.push({ type: 'text', path: sitePlan.urls.outputPath(sitePlan.urls.path(SEARCH_RECORDS_FILE)), owner: 'search index', content: searchIndex(sitePlan) });
    }
    if (inFeeds) pushAll(files, feedFiles(sitePlan, config));
    if (edits.some(({ old }) => old.corrections.length > 0)) pushAll(files, correctionFeedFiles(sitePlan, config));
    // Each edited live story's own files: they show nothing of the site's other stories.
    edits.forEach(({ next }, i) => pushAll(files, liveStoryFiles(sitePlan, config, next, views[i]!.next)));
    return files;
  }
}
