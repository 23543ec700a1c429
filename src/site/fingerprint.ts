import { sha1 } from '../hash.js';
import type { ArticleView, PageContext } from '../render/context.js';
import { ARTICLE_VIEW } from './plan/article-context.js';

/**
 * Fingerprints of page inputs: two pages with the same fingerprint, rendered
 * by the same theme, have the same bytes. Article views are shared by many
 * pages (cards, neighbours, related), so each is serialized and hashed once per build.
 */
export class PageFingerprints {
  private readonly views = new WeakMap<object, string>();

  constructor(private readonly themeId: string) {}

  of(template: string, context: PageContext): string {
    // Meta tags and JSON-LD are not enumerable, so not serialized: gazette's code (part of the theme id)
    // makes them from the site, the page's other fields and the article view, all hashed here.
    // The parts are joined by NUL into one string, hashed by one call: a call into the hash per part
    // cost as much as the hashing. Written out rather than pushed into a list, since every page of
    // the site is fingerprinted by every build.
    let text = `${this.themeId}\0${template}\0${this.digest(context.site)}`;
    const view = context.article ? (context.article as { [ARTICLE_VIEW]?: ArticleView })[ARTICLE_VIEW] : undefined;
    if (context.article && view) {
      // An article page's own fields derive from the site and its view (see ARTICLE_VIEW): the view's
      // digest stands for them, and the body counts by its hash, so it need not be in memory.
      text += `\0article page\0${this.digest(view)}\0${context.article.htmlHash}`;
    } else {
      text += `\0${JSON.stringify(context.page)}\0${context.article ? JSON.stringify(context.article) : 'null'}`;
    }
    text += `\0${context.previous ? this.digest(context.previous) : 'null'}\0${context.next ? this.digest(context.next) : 'null'}`;
    text += `\0[${context.related.length}]`;
    for (const item of context.related) text += `\0${this.digest(item)}`;
    text += `\0[${context.articles.length}]`;
    for (const item of context.articles) text += `\0${this.digest(item)}`;
    text += `\0${JSON.stringify(context.archive)}\0${JSON.stringify(context.tags)}\0${JSON.stringify(context.profile)}`;
    text += `\0[${context.corrections.length}]`;
    for (const entry of context.corrections) text += `\0${this.digest(entry.article)}\0${entry.id}\0${entry.date}\0${entry.text}`;
    return sha1(text);
  }

  /** A shared value's digest, computed once: pages then hash 40 characters per card instead of its whole JSON. */
  private digest(value: ArticleView | object): string {
    let digest = this.views.get(value);
    if (digest === undefined) this.views.set(value, (digest = sha1(JSON.stringify(value))));
    return digest;
  }
}
