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
  return articlesOfRanks(articles, relatedRanks(articles, limit));
}

/** Related articles given as ranks (see `relatedRanks`). */
export function articlesOfRanks(articles: SiteArticle[], ranks: number[][]): Map<SiteArticle, SiteArticle[]> {
  return new Map(articles.map((article, self) => [article, ranks[self]!.map((rank) => articles[rank]!)]));
}

/** For each article (by rank, newest first), the ranks of its related articles: see `relatedArticles`. */
export function relatedRanks(articles: Pick<SiteArticle, 'tags'>[], limit: number): number[][] {
  // Tags become small integers and each tag's articles a typed array of ranks: the counting
  // loop below runs once per (article, article sharing a tag) pair, millions of times on a large site.
  const tagIds = new Map<string, number>();
  const tagsOf = articles.map((article) => {
    const ids = new Set<number>();
    for (const tag of article.tags) {
      const key = termKey(tag);
      let id = tagIds.get(key);
      if (id === undefined) tagIds.set(key, (id = tagIds.size));
      ids.add(id);
    }
    return [...ids];
  });
  const counts = new Int32Array(tagIds.size);
  for (const ids of tagsOf) for (const id of ids) counts[id]!++;
  const byTag = [...counts].map((count) => new Int32Array(count));
  const filled = new Int32Array(tagIds.size);
  tagsOf.forEach((ids, rank) => {
    for (const id of ids) byTag[id]![filled[id]!++] = rank;
  });

  const shared = new Int32Array(articles.length);
  const touched = new Int32Array(articles.length);
  const result: number[][] = [];
  articles.forEach((_, self) => {
    let touchedCount = 0;
    for (const id of tagsOf[self]!) {
      const ranks = byTag[id]!;
      for (let i = 0; i < ranks.length; i++) {
        const other = ranks[i]!;
        if (other === self) continue;
        if (shared[other] === 0) touched[touchedCount++] = other;
        shared[other]!++;
      }
    }
    // Keep the best `limit` as (count desc, rank asc) with a small insertion list.
    const best: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const other = touched[t]!;
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
    result.push(best);
    for (let t = 0; t < touchedCount; t++) shared[touched[t]!] = 0;
  });
  return result;
}
