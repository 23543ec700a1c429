import type { SiteArticle } from './model.js';
import { termKey } from './taxonomy.js';

/**
 * For each article, up to `limit` others sharing the most tags, newest first
 * among equals. Articles sharing no tag are never "related".
 * @param articles Sorted newest first; that order breaks ties.
 */
export function relatedArticles(articles: SiteArticle[], limit: number): Map<SiteArticle, SiteArticle[]> {
  const rank = new Map(articles.map((a, i) => [a, i]));
  const byTag = new Map<string, SiteArticle[]>();
  for (const article of articles) {
    for (const tag of article.tags) {
      const key = termKey(tag);
      let list = byTag.get(key);
      if (!list) byTag.set(key, (list = []));
      list.push(article);
    }
  }
  const result = new Map<SiteArticle, SiteArticle[]>();
  for (const article of articles) {
    const shared = new Map<SiteArticle, number>();
    for (const tag of article.tags) {
      for (const other of byTag.get(termKey(tag)) ?? []) {
        if (other !== article) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    const best = [...shared].sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!).slice(0, limit);
    result.set(article, best.map(([other]) => other));
  }
  return result;
}
