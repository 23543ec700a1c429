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
    const parts = [this.themeId, template, this.digest(context.site)];
    const view = context.article ? (context.article as { [ARTICLE_VIEW]?: ArticleView })[ARTICLE_VIEW] : undefined;
    if (context.article && view) {
      // An article page's own fields derive from the site and its view (see ARTICLE_VIEW): the view's
      // digest stands for them, and the body counts by its hash, so it need not be in memory.
      parts.push('article page', this.digest(view), context.article.htmlHash);
    } else {
      parts.push(JSON.stringify(context.page), context.article ? JSON.stringify(context.article) : 'null');
    }
    for (const view of [context.previous, context.next]) parts.push(view ? this.digest(view) : 'null');
    for (const list of [context.related, context.articles]) {
      parts.push(`[${list.length}]`);
      for (const view of list) parts.push(this.digest(view));
    }
    parts.push(JSON.stringify(context.archive), JSON.stringify(context.tags), JSON.stringify(context.profile));
    parts.push(`[${context.corrections.length}]`);
    for (const entry of context.corrections) parts.push(this.digest(entry.article), entry.id, entry.date, entry.text);
    // One string, hashed by one call: a call into the hash per part cost as much as the hashing.
    return sha1(parts.join('\0'));
  }

  /** A shared value's digest, computed once: pages then hash 40 characters per card instead of its whole JSON. */
  private digest(value: ArticleView | object): string {
    let digest = this.views.get(value);
    if (digest === undefined) this.views.set(value, (digest = sha1(JSON.stringify(value))));
    return digest;
  }
}
