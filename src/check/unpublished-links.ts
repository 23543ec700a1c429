import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
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
    rawPath = decodeURI(rawPath);
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

/**
 * Warnings for links in article bodies to Markdown files that the build does
 * not publish: a draft, or no such file. gazette leaves such a link as
 * written, so it leads nowhere on the site. Found from the relative URLs each
 * body recorded when it was rendered, without rendering or reading a page, so
 * a plain build can afford it; `check` and `--strict` report these among all
 * broken links, as errors.
 */
export function unpublishedArticleLinks(articles: SiteArticle[], sourceOf: (article: SiteArticle) => string | null): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const article of articles) {
    const targets = new Map<string, string>(); // URL as written → the source path it names
    for (const [written, resolved] of article.rendered.resolved) {
      // Unchanged means unresolved: a resolved URL is the target's URL, from the site root.
      if (written !== resolved || targets.has(written)) continue;
      const target = sourceTarget(written, article);
      if (target?.endsWith('.md')) targets.set(written, target);
    }
    if (targets.size === 0) continue;
    const source = sourceOf(article) ?? undefined;
    for (const [written, target] of targets) {
      const uses = article.rendered.links.filter((link) => link.url === written);
      for (const use of uses.length > 0 ? uses : [null]) {
        const noun = use?.kind === 'image' ? 'image' : 'link';
        found.push(
          diagnostic(article.displayPath, `${noun} "${written}" ${unpublishedArticleText(target)}`, 'link-broken', {
            position: use?.line != null ? { line: use.line, column: use.column ?? 1 } : null,
            source,
            severity: 'warning',
          }),
        );
      }
    }
  }
  return found;
}
