import { createHash } from 'node:crypto';
import type { ArticleView, PageContext } from '../render/context.js';

/**
 * Fingerprints of page inputs: two pages with the same fingerprint, rendered
 * by the same theme, have the same bytes. Article views are shared by many
 * pages (cards, neighbours, related), so each is serialized once per build.
 */
export class PageFingerprints {
  private readonly views = new WeakMap<object, string>();

  constructor(private readonly themeId: string) {}

  of(template: string, context: PageContext): string {
    const hash = createHash('sha1').update(this.themeId).update('\0').update(template);
    hash.update(this.json(context.site));
    hash.update(JSON.stringify(context.page));
    if (context.article) {
      const { html, ...rest } = context.article;
      hash.update(JSON.stringify(rest)).update(createHash('sha1').update(html).digest('hex'));
    }
    for (const view of [context.previous, context.next]) hash.update(view ? this.json(view) : 'null');
    for (const list of [context.related, context.articles]) {
      hash.update(`[${list.length}]`);
      for (const view of list) hash.update(this.json(view));
    }
    hash.update(JSON.stringify(context.archive)).update(JSON.stringify(context.tags));
    return hash.digest('hex');
  }

  private json(value: ArticleView | object): string {
    let text = this.views.get(value);
    if (text === undefined) this.views.set(value, (text = JSON.stringify(value)));
    return text;
  }
}
