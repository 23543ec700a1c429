import type { ArticleView, PageContext } from '../../render/context.js';
import type { OutputFile, SiteArticle } from '../model.js';
import type { SitePlan } from '../pages.js';
import type { Term } from '../taxonomy.js';
import { articlePageContext } from './article-pages.js';
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

  constructor(private readonly plan: SitePlan) {
    const byPath = new Map<string, PageFile>();
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
      const index = entries.findIndex((e) => e.article === old);
      const oldView = entries[index]!.view;
      const view = plan.view(next);
      entries[index] = { article: next, view };
      const items = next.kind === 'page' ? plan.extras.pages : plan.articles;
      items[items.indexOf(old)] = next;
      if (plan.viewOf.delete(old)) plan.viewOf.set(next, view);
      for (const terms of [plan.sections, plan.tags, plan.authors]) replaceIn(terms, old, next);
      for (const entry of this.plan.corrections) if (entry.article === oldView) entry.article = view;
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
        next.kind === 'page' ? standalonePageContext(plan, next, views[i]!.next) : articlePageContext(plan, plan.articles.indexOf(next), file.context.related);
      changed.add(file);
    });
    return { files: [...changed], views };
  }
}

/** The article views a page shows besides its own article. */
function viewsShown(context: PageContext): ArticleView[] {
  const shown = [...context.related, ...context.articles, ...context.corrections.map((c) => c.article)];
  for (const view of [context.previous, context.next]) if (view) shown.push(view);
  return shown;
}

function replaceIn(terms: Term<SiteArticle>[], old: SiteArticle, next: SiteArticle): void {
  for (const term of terms) {
    const at = term.items.indexOf(old);
    if (at >= 0) term.items[at] = next;
  }
}
