import type { ArticleView, PageContext } from '../../render/context.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../model.js';
import type { SitePlan } from '../pages.js';
import { termKey, type Term } from '../taxonomy.js';
import { articlePageContext } from './article-pages.js';
import { planAuthorPage } from './author-pages.js';
import { authorView } from './plan-context.js';
import { standalonePageContext } from './standalone-pages.js';

type PageFile = Extract<OutputFile, { type: 'page' }>;

/** An edited item: the one planned, and the one to plan in its place. */
export interface ItemEdit {
  old: SiteArticle;
  next: SiteArticle;
}

/**
 * Plans edited items (articles and standalone pages) again in a plan made
 * before the edits, when the edits left each item's place alone: same URL,
 * same listings, same order (watch decides that, see watch/structure.ts).
 * Each item gets its view from the plan's own `view`, its page is planned
 * again by the function that planned it, and every other page showing it
 * (cards, neighbours, related blocks, corrections) shows the new view. No
 * other page can change, so none is planned again.
 */
export class PlanEdits {
  /** Each item's own page. */
  private readonly ownPage = new Map<SiteArticle, PageFile>();
  /** The pages showing a view besides its item's own page, found once per plan. */
  private readonly shownIn = new Map<ArticleView, Set<PageFile>>();
  private readonly byPath = new Map<string, PageFile>();
  /**
   * Each item's place in the plan's lists (`entries` and `articles`, or `pageEntries` and the pages),
   * which keep the same order: an edit leaves it alone, so a save does not search lists as long as the site.
   */
  private readonly at = new Map<SiteArticle, number>();
  /** The plan's sections, tags and authors by key, to find an item's own terms. */
  private readonly terms: Map<string, Term<SiteArticle>>[];

  constructor(private readonly plan: SitePlan) {
    const { byPath } = this;
    const { context } = plan;
    context.entries.forEach(({ article }, i) => this.at.set(article, i));
    context.pageEntries.forEach(({ article }, i) => this.at.set(article, i));
    this.terms = [context.sections, context.tags, context.authors].map((list) => new Map(list.map((term) => [termKey(term.name), term])));
    for (const file of plan.files) {
      if (file.type !== 'page') continue;
      byPath.set(file.path, file);
      for (const view of viewsShown(file.context)) {
        let files = this.shownIn.get(view);
        if (!files) this.shownIn.set(view, (files = new Set()));
        files.add(file);
      }
    }
    for (const { article } of [...plan.entries, ...plan.pages]) {
      const page = byPath.get(article.outputPath);
      if (page) this.ownPage.set(article, page);
    }
  }

  /** Whether `article` is an item of this plan. */
  has(article: SiteArticle): boolean {
    return this.ownPage.has(article);
  }

  /**
   * Put each edit's `next` in its `old`'s place.
   * @returns The page files whose contexts changed, and each edit's old and new view.
   */
  apply(edits: ItemEdit[]): { files: PageFile[]; views: { old: ArticleView; next: ArticleView }[] } {
    const { context: plan } = this.plan;
    const changed = new Set<PageFile>();
    // Every new view first: pages planned again below show the other edited items' new views too.
    const views = edits.map(({ old, next }) => {
      const entries = next.kind === 'page' ? plan.pageEntries : plan.entries;
      const index = this.at.get(old)!;
      const oldView = entries[index]!.view;
      const view = plan.view(next);
      entries[index] = { article: next, view };
      const items = next.kind === 'page' ? plan.extras.pages : plan.articles;
      items[index] = next;
      if (plan.viewOf.delete(old)) plan.viewOf.set(next, view);
      // Its own section, tags and authors list it; the same ones, as the edit keeps them (and only articles are in them).
      if (old.kind !== 'page') this.replaceInTerms(old, next);
      this.at.delete(old);
      this.at.set(next, index);
      // Only an item with corrections is on the corrections page (and the edit keeps their number).
      if (old.corrections.length > 0) for (const entry of this.plan.corrections) if (entry.article === oldView) entry.article = view;
      return { old: oldView, next: view };
    });
    for (const { old, next } of views) {
      const files = this.shownIn.get(old) ?? new Set<PageFile>();
      for (const file of files) {
        const { context } = file;
        if (context.previous === old) context.previous = next;
        if (context.next === old) context.next = next;
        context.related = context.related.map((v) => (v === old ? next : v));
        context.articles = context.articles.map((v) => (v === old ? next : v));
        // The corrections page's entries are the plan's, changed above.
        changed.add(file);
      }
      this.shownIn.delete(old);
      this.shownIn.set(next, files);
    }
    edits.forEach(({ old, next }, i) => {
      const file = this.ownPage.get(old)!;
      this.ownPage.delete(old);
      this.ownPage.set(next, file);
      file.context =
        next.kind === 'page' ? standalonePageContext(plan, next, views[i]!.next) : articlePageContext(plan, this.at.get(next)!, file.context.related);
      changed.add(file);
    });
    return { files: [...changed], views };
  }

  /**
   * Put edited author profiles in place, for the same authors (names and slugs) as before: a changed
   * author's view is made again, and with it the views of the items naming them and the pages showing
   * those; their listing pages are planned again by the function that planned them.
   * @returns The page files whose contexts changed.
   */
  applyProfiles(profiles: SiteProfile[]): PageFile[] {
    const { context: plan } = this.plan;
    const changed = new Set<PageFile>();
    const named = new Set<string>();
    const authors: Term<SiteArticle>[] = [];
    for (const profile of profiles) {
      const key = termKey(profile.name);
      const before = plan.profileOf.get(key);
      if (before && JSON.stringify(before) === JSON.stringify(profile)) continue;
      plan.profileOf.set(key, profile);
      const author = plan.authors.find((t) => termKey(t.name) === key);
      if (!author) continue;
      authors.push(author);
      const view = authorView(plan.urls, author, profile);
      if (JSON.stringify(view) === JSON.stringify(plan.authorViews.get(key))) continue;
      plan.authorViews.set(key, view);
      named.add(key);
    }
    // The views of the items naming a changed author, made again with the author's new view.
    const items = [...plan.entries, ...plan.pageEntries].filter(({ article }) => article.authors.some((name) => named.has(termKey(name))));
    for (const file of this.apply(items.map(({ article }) => ({ old: article, next: article }))).files) changed.add(file);
    for (const author of authors) {
      const files = plan.files.length;
      const notes = plan.notes.length;
      planAuthorPage(plan, author);
      // Planned again: the planned files stand where the old ones are, and the notes were made once already.
      plan.notes.length = notes;
      for (const made of plan.files.splice(files)) {
        const file = made.type === 'page' ? this.byPath.get(made.path) : undefined;
        if (!file || made.type !== 'page') continue;
        // Linked to the same listing in the other languages once all of them were planned: that does not change.
        made.context.page.translations = file.context.page.translations;
        made.context.page.languages = file.context.page.languages;
        file.context = made.context;
        changed.add(file);
      }
    }
    return [...changed];
  }

  /**
   * Put `next` in `old`'s place in the terms naming it. A term's items are a part of the plan's articles
   * in the same order (newest first), so `old` is found by bisection on the places in `at`.
   */
  private replaceInTerms(old: SiteArticle, next: SiteArticle): void {
    const place = this.at.get(old)!;
    const names = [old.section ? [old.section] : [], old.tags, old.authors];
    names.forEach((list, kind) => {
      for (const name of list) {
        const items = this.terms[kind]!.get(termKey(name))?.items;
        if (!items) continue;
        let low = 0;
        let high = items.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          if (this.at.get(items[mid]!)! < place) low = mid + 1;
          else high = mid;
        }
        // Named twice in one list (two spellings of one tag), an item is in its term twice.
        for (let i = low; i < items.length && items[i] === old; i++) items[i] = next;
      }
    });
  }
}

/** The article views a page shows besides its own article. */
function viewsShown(context: PageContext): ArticleView[] {
  const shown = [...context.related, ...context.articles, ...context.corrections.map((c) => c.article)];
  for (const view of [context.previous, context.next]) if (view) shown.push(view);
  return shown;
}
