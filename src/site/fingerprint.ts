import { sha1 } from '../hash.js';
import type { ArticleView, CorrectionEntryView, PageContext, SiteView } from '../render/context.js';
import type { OutputFile } from './model.js';
import { ARTICLE_VIEW } from './plan/article-context.js';
import { ArticlePageFile, type ArticlePageParts } from './plan/article-page-file.js';

/** What a page with no archive, tags or profile (an article page) has in their place. */
const NO_LISTS = `${JSON.stringify([])}\0${JSON.stringify([])}\0${JSON.stringify(null)}`;
const NONE: never[] = [];

/**
 * Fingerprints of page inputs: two pages with the same fingerprint, rendered
 * by the same theme, have the same bytes. Article views are shared by many
 * pages (cards, neighbours, related), so each is serialized and hashed once per build.
 */
export class PageFingerprints {
  private readonly views = new WeakMap<object, string>();

  constructor(private readonly themeId: string) {}

  /** A page file's fingerprint: an article page whose context was not made yet by its parts, the same as its context would give. */
  ofFile(file: Extract<OutputFile, { type: 'page' }>): string {
    const parts = file instanceof ArticlePageFile ? file.unmade : null;
    return parts ? this.ofArticle(file.template, parts) : this.of(file.template, file.context);
  }

  of(template: string, context: PageContext): string {
    // Meta tags and JSON-LD are not enumerable, so not serialized: gazette's code (part of the theme id)
    // makes them from the site, the page's other fields and the article view, all hashed here.
    const view = context.article ? (context.article as { [ARTICLE_VIEW]?: ArticleView })[ARTICLE_VIEW] : undefined;
    // An article page's own fields derive from the site and its view (see ARTICLE_VIEW): the view's
    // digest stands for them, and the body counts by its hash, so it need not be in memory.
    const own =
      context.article && view
        ? `article page\0${this.digest(view)}\0${context.article.htmlHash}`
        : `${JSON.stringify(context.page)}\0${context.article ? JSON.stringify(context.article) : 'null'}`;
    const lists = `${JSON.stringify(context.archive)}\0${JSON.stringify(context.tags)}\0${JSON.stringify(context.profile)}`;
    return this.compose(template, context.site, own, context.previous, context.next, context.related, context.articles, lists, context.corrections);
  }

  /** An article page's fingerprint from its parts: what `of` gives for the context made from them (see articlePageFromParts). */
  private ofArticle(template: string, parts: ArticlePageParts): string {
    const own = `article page\0${this.digest(parts.view)}\0${parts.article.htmlHash}`;
    return this.compose(template, parts.site, own, parts.previous, parts.next, parts.related, NONE, NO_LISTS, NONE);
  }

  /**
   * The page's parts joined by NUL into one string, hashed by one call: a call into the hash per part
   * cost as much as the hashing. Written out rather than pushed into a list, since every page of
   * the site is fingerprinted by every build.
   */
  private compose(
    template: string,
    site: SiteView,
    own: string,
    previous: ArticleView | null,
    next: ArticleView | null,
    related: ArticleView[],
    articles: ArticleView[],
    lists: string,
    corrections: CorrectionEntryView[],
  ): string {
    let text = `${this.themeId}\0${template}\0${this.digest(site)}\0${own}`;
    text += `\0${previous ? this.digest(previous) : 'null'}\0${next ? this.digest(next) : 'null'}`;
    text += `\0[${related.length}]`;
    for (const item of related) text += `\0${this.digest(item)}`;
    text += `\0[${articles.length}]`;
    for (const item of articles) text += `\0${this.digest(item)}`;
    text += `\0${lists}`;
    text += `\0[${corrections.length}]`;
    for (const entry of corrections) text += `\0${this.digest(entry.article)}\0${entry.id}\0${entry.date}\0${entry.text}`;
    return sha1(text);
  }

  /** A shared value's digest, computed once: pages then hash 40 characters per card instead of its whole JSON. */
  private digest(value: ArticleView | object): string {
    let digest = this.views.get(value);
    if (digest === undefined) this.views.set(value, (digest = sha1(JSON.stringify(value))));
    return digest;
  }
}
