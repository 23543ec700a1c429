import type { ArticleView, PageContext } from '../../render/context.js';
import { textDirection } from '../../render/strings.js';
import { isolateAddresses } from '../ltr-islands.js';
import { liveBodyParts } from '../live-blog.js';
import type { SiteArticle } from '../model.js';

/**
 * The view an article page's `article` was made from. A symbol key: neither
 * serialized nor seen by templates. Page fingerprints hash the view's digest
 * in place of the page's own fields, so everything the plan puts in an
 * article page must derive from the site and the article's view.
 */
export const ARTICLE_VIEW = Symbol('article view');

/** The item an article page's article was made from, to read its body from. */
const ITEM = Symbol('item');

/**
 * One accessor for every article page's `html`: one made for each page (a closure) gave each
 * page's article a hidden class of its own, and a watcher keeps every page.
 */
const HTML: PropertyDescriptor = {
  get(this: { [ITEM]: SiteArticle }) {
    const article = this[ITEM];
    // A live story's page shows the body above its first update; the updates come one by one (see live-blog.ts).
    const body = article.live ? liveBodyParts(article).intro : article.rendered.html;
    // Addresses shown as text read left to right in a right-to-left body (the language is in the view, so in the fingerprint).
    return isRtl(article.language) ? isolateAddresses(body) : body;
  },
  enumerable: false,
};

/** An article page's article: its view plus the body, read only when the page is rendered. */
export function articleContext(view: ArticleView, article: SiteArticle): NonNullable<PageContext['article']> {
  // Its own fields first, then the view's: written `{ ...view, htmlHash }`, V8 gave each such object a hidden
  // class of its own (a descriptor array of about 600 bytes an article, which watch keeps for every article
  // page, and megamorphic lookups), and copied by Object.assign it made each a dictionary (1.6 KB).
  const context = { htmlHash: article.htmlHash, [ARTICLE_VIEW]: view, ...view };
  Object.defineProperty(context, ITEM, { value: article, enumerable: false });
  return Object.defineProperty(context, 'html', HTML) as unknown as NonNullable<PageContext['article']>;
}

const directions = new Map<string, boolean>();
function isRtl(language: string): boolean {
  let rtl = directions.get(language);
  if (rtl === undefined) directions.set(language, (rtl = textDirection(language) === 'rtl'));
  return rtl;
}
