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

/** An article page's article: its view plus the body, read only when the page is rendered. */
export function articleContext(view: ArticleView, article: SiteArticle): NonNullable<PageContext['article']> {
  const context = { ...view, htmlHash: article.htmlHash, [ARTICLE_VIEW]: view };
  // Addresses shown as text read left to right in a right-to-left body (the language is in the view, so in the fingerprint).
  // A live story's page shows the body above its first update; the updates come one by one (see live-blog.ts).
  const body = article.live ? () => liveBodyParts(article).intro : () => article.rendered.html;
  const html = isRtl(article.language) ? () => isolateAddresses(body()) : body;
  return Object.defineProperty(context, 'html', { get: html, enumerable: false }) as unknown as NonNullable<PageContext['article']>;
}

const directions = new Map<string, boolean>();
function isRtl(language: string): boolean {
  let rtl = directions.get(language);
  if (rtl === undefined) directions.set(language, (rtl = textDirection(language) === 'rtl'));
  return rtl;
}
