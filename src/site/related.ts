import type { SiteArticle } from './model.js';
import { termKey } from './taxonomy.js';

/**
 * For each article, up to `limit` others sharing the most tags, newest first
 * among equals. Articles sharing no tag are never "related".
 * Counting uses one reusable array indexed by rank instead of a map and a
 * sort per article, so a site with a few very common tags stays linear.
 * @param articles Sorted newest first; that order breaks ties.
 */
export function relatedArticles(articles: SiteArticle[], limit: number): Map<SiteArticle, SiteArticle[]> {
  const byTag = new Map<string, number[]>();
  articles.forEach((article, rank) => {
    for (const tag of new Set(article.tags.map(termKey))) {
      let list = byTag.get(tag);
      if (!list) byTag.set(tag, (list = []));
      list.push(rank);
    }
  });
  const shared = new Int32Array(articles.length);
  const touched: number[] = [];
  const result = new Map<SiteArticle, SiteArticle[]>();
  articles.forEach((article, self) => {
    touched.length = 0;
    for (const tag of new Set(article.tags.map(termKey))) {
      for (const other of byTag.get(tag)!) {
        if (other === self) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other]!++;
      }
    }
    // Keep the best `limit` as (count desc, rank asc) with a small insertion list.
    const best: number[] = [];
    for (const other of touched) {
      const count = shared[other]!;
      let at = best.length;
      while (at > 0) {
        const prev = best[at - 1]!;
        const prevCount = shared[prev]!;
        if (prevCount > count || (prevCount === count && prev < other)) break;
        at--;
      }
      if (at < limit) {
        best.splice(at, 0, other);
        if (best.length > limit) best.pop();
      }
    }
    result.set(article, best.map((rank) => articles[rank]!));
    for (const other of touched) shared[other] = 0;
  });
  return result;
}
