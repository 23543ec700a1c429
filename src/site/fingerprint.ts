import { createHash } from 'node:crypto';
import type { ArticleView, PageContext } from '../render/context.js';

/**
 * Fingerprints of page inputs: two pages with the same fingerprint, rendered
 * by the same theme, have the same bytes. Article views are shared by many
 * pages (cards, neighbours, related), so each is serialized and hashed once per build.
 */
export class PageFingerprints {
  private readonly views = new WeakMap<object, string>();

  constructor(private readonly themeId: string) {}

  of(template: string, context: PageContext): string {
    const hash = createHash('sha1').update(this.themeId).update('\0').update(template);
    hash.update(this.json(context.site));
    // Meta tags and JSON-LD are made by gazette's code (part of the theme id) from the site,
    // the page's other fields and the article view, all hashed here: serializing them again
    // was a third of the fingerprinting time.
    const { metaTags: _metaTags, jsonLd: _jsonLd, ...page } = context.page;
    hash.update(JSON.stringify(page));
    // The body by its hash (html is not enumerable, so it is not serialized): the body itself may not be in memory.
    if (context.article) hash.update(JSON.stringify(context.article));
    for (const view of [context.previous, context.next]) hash.update(view ? this.json(view) : 'null');
    for (const list of [context.related, context.articles]) {
      hash.update(`[${list.length}]`);
      for (const view of list) hash.update(this.json(view));
    }
    hash.update(JSON.stringify(context.archive)).update(JSON.stringify(context.tags));
    return hash.digest('hex');
  }

  /** A shared value's digest, computed once: pages then hash 40 characters per card instead of its whole JSON. */
  private json(value: ArticleView | object): string {
    let digest = this.views.get(value);
    if (digest === undefined) this.views.set(value, (digest = createHash('sha1').update(JSON.stringify(value)).digest('hex')));
    return digest;
  }
}
