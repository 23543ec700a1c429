import type { ArticleView, PageContext, SiteView } from '../../render/context.js';
import type { SiteArticle } from '../model.js';

/**
 * What an article page is made from, taken when it is planned: everything in its context derives
 * from these and the plan's fixed parts (its site, URLs, settings and strings; see ARTICLE_VIEW).
 */
export interface ArticlePageParts {
  site: SiteView;
  article: SiteArticle;
  view: ArticleView;
  previous: ArticleView | null;
  next: ArticleView | null;
  related: ArticleView[];
}

/**
 * An article page among the site's files, its context made only when something reads it.
 * A build with the cache renders a few of the site's article pages and fingerprints the others
 * from their parts: making the context of every one (its page view, its article's copy of the
 * view, its head data) was a good part of planning, and of what the collector had to copy.
 * Once made (or set, as watch does when it plans an edit), the context is kept and is what
 * stands for the page: it may then be changed in place (see PlanEdits), so the parts are dropped.
 */
export class ArticlePageFile {
  readonly type = 'page' as const;
  readonly template = 'article';
  private made: PageContext | null = null;
  private parts: ArticlePageParts | null;

  constructor(
    readonly path: string,
    readonly owner: string,
    parts: ArticlePageParts,
    private readonly make: (parts: ArticlePageParts) => PageContext,
  ) {
    this.parts = parts;
  }

  get context(): PageContext {
    if (this.made === null) {
      this.made = this.make(this.parts!);
      this.parts = null;
    }
    return this.made;
  }

  set context(context: PageContext) {
    this.made = context;
    this.parts = null;
  }

  /** The parts the context will be made from, or null once it is made: then read the context. */
  get unmade(): ArticlePageParts | null {
    return this.parts;
  }
}
