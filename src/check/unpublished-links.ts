import fs from 'node:fs';
import path from 'node:path';
import { decodePath } from '../markdown/resolve-url.js';
import type { SiteArticle } from '../site/model.js';

/**
 * For a relative URL gazette left unchanged in an article (because no source
 * file matched), the source path it was meant to name, e.g. '2023/missing.md'.
 */
export function sourceTarget(url: string, article: Pick<SiteArticle, 'sourcePath'>): string | null {
  const trimmed = url.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || /^[#/\\?]/.test(trimmed)) return null;
  const cut = trimmed.search(/[?#]/);
  let rawPath = cut < 0 ? trimmed : trimmed.slice(0, cut);
  try {
    rawPath = decodePath(rawPath);
  } catch {
    return null;
  }
  if (rawPath === '') return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(article.sourcePath), rawPath));
  return target === '..' || target.startsWith('../') ? null : target;
}

/** Why a link to the Markdown file `target` (a source path) leads nowhere. */
export function unpublishedArticleText(target: string): string {
  return `leads nowhere: there is no published article ${target} (drafts are only built with --drafts)`;
}

/** Reads an article's source file as it is now, for code frames; null when it cannot be read. */
export function articleSource(srcDir: string): (article: Pick<SiteArticle, 'sourcePath'>) => string | null {
  return (article) => {
    try {
      return fs.readFileSync(path.join(srcDir, ...article.sourcePath.split('/')), 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return null; // changed since it was read: messages just lose their code frame
    }
  };
}
