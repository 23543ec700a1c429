import fs from 'node:fs';
import path from 'node:path';
import type { SiteArticle } from '../site/model.js';
import { articlesOfRanks, relatedRanks } from '../site/related.js';
import { termKey } from '../site/taxonomy.js';
import { sha1 } from '../hash.js';
import { codeIdentity } from '../version.js';
import { saveCacheFile } from './cache-file.js';

const FILE = 'related.json';
const FORMAT = 'gazette-related-1';

/**
 * Related articles, kept in the build cache between builds. They depend only
 * on the order of the articles and their tags, which an edit to an article's
 * text leaves as they were, and counting shared tags across a large site is
 * one of the costliest steps of a rebuild. The stored result is used only
 * when a digest of exactly those inputs (and of gazette's code) matches.
 * @param articles Sorted newest first, as `relatedArticles` takes them.
 */
export function cachedRelatedArticles(cacheDir: string | null, articles: SiteArticle[], limit: number): Map<SiteArticle, SiteArticle[]> {
  if (!cacheDir) return articlesOfRanks(articles, relatedRanks(articles, limit));
  const digest = inputDigest(articles, limit);
  const file = path.join(cacheDir, FILE);
  const stored = readRanks(file, digest, articles.length);
  if (stored) return articlesOfRanks(articles, stored);
  const ranks = relatedRanks(articles, limit);
  saveCacheFile(file, { format: FORMAT, digest, ranks });
  return articlesOfRanks(articles, ranks);
}

function inputDigest(articles: SiteArticle[], limit: number): string {
  const inputs = articles.map((article) => [article.sourcePath, article.tags.map(termKey)]);
  return sha1(JSON.stringify([FORMAT, codeIdentity(), limit, inputs]));
}

/** The stored ranks, if they were counted from these very inputs and are well formed; else null. */
function readRanks(file: string, digest: string, count: number): number[][] | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; digest?: unknown; ranks?: unknown };
    if (data.format !== FORMAT || data.digest !== digest || !Array.isArray(data.ranks) || data.ranks.length !== count) return null;
    const ranks = data.ranks as unknown[];
    const valid = ranks.every(
      (list, self) => Array.isArray(list) && list.every((rank) => Number.isInteger(rank) && rank >= 0 && rank < count && rank !== self),
    );
    return valid ? (ranks as number[][]) : null;
  } catch {
    return null;
  }
}
