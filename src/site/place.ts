import type { Config } from '../config/index.js';
import type { Article } from '../content/article.js';
import { encodePath } from '../content/slug.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { outputPathProblem } from '../safe-path.js';
import { expandPermalink } from './permalink.js';
import { groupTerms } from './taxonomy.js';
import { twinNames } from './name-twins.js';

const ASCII = /^[\x00-\x7f]*$/;

/** A source with its place in the site. */
export interface Placed {
  article: Article;
  /** Root-relative URL with the base path, percent-encoded. */
  url: string;
  /** Output file relative to the output folder. */
  outputPath: string;
}

/**
 * Give every article its URL (the permalink pattern) and every page its own
 * (front matter `url`, else its path in the source folder: `about.md` →
 * `/about/`, `legal/index.md` → `/legal/`). Two sources claiming one URL is
 * an error naming both; the later one is left out.
 * @param articles Sorted newest first. @param pages Sorted by source path.
 */
export function placeContent(
  articles: Article[],
  pages: Article[],
  config: Config,
  /** A page's path for its URL: its source path, or, in a language's folder, the path below it. */
  pathOf: (page: Article) => string = (page) => page.sourcePath,
): { placed: Placed[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sectionSlugs = new Map<string, string>();
  for (const term of groupTerms(articles, (a) => (a.section ? [a.section] : []), 'section')) {
    for (const a of term.items) sectionSlugs.set(a.sourcePath, term.slug);
  }
  const placed: Placed[] = [];
  const owners = new Map<string, Article>();
  const place = (article: Article, where: { outputPath: string; urlPath: string }) => {
    const problem = outputPathProblem(where.outputPath);
    if (problem) {
      // A folder named "C:", a name too long for a file system…: refused like a bad "url" (#26).
      const fix = article.kind === 'page' ? 'rename the file or its folder, or give it a "url"' : 'give it a shorter or plainer "slug"';
      diagnostics.push(diagnostic(article.displayPath, `would be published at /${where.urlPath}, which cannot be a file in the output folder: ${problem}; ${fix}`, 'output-path'));
      return;
    }
    // Told apart as a case-insensitive file system would (macOS, Windows); ASCII needs no normalizing.
    const key = (ASCII.test(where.outputPath) ? where.outputPath : where.outputPath.normalize('NFC')).toLowerCase();
    const other = owners.get(key);
    if (other) {
      const what = (a: Article) => (a.kind === 'page' ? 'page' : 'article');
      const twin = twinNames(article.displayPath, other.displayPath);
      diagnostics.push(
        diagnostic(
          article.displayPath,
          `has the same URL (/${where.urlPath}) as the ${what(other)} ${other.displayPath}${twin}; ${twin ? 'delete one, or ' : ''}give one of them a different ${article.kind === 'page' ? '"url"' : '"slug"'}`,
          'duplicate-url',
        ),
      );
      return;
    }
    owners.set(key, article);
    placed.push({ article, url: config.site.basePath + where.urlPath, outputPath: where.outputPath });
  };
  for (const article of articles) {
    place(
      article,
      expandPermalink(config.permalink, {
        date: article.date,
        slug: article.slug,
        sectionSlug: sectionSlugs.get(article.sourcePath) ?? null,
        timeZone: config.timezone,
      }),
    );
  }
  for (const page of pages) place(page, pagePath({ sourcePath: pathOf(page), urlPath: page.urlPath }));
  return { placed, diagnostics };
}

/** A page's output file and URL path (relative to the base path). */
export function pagePath(page: Pick<Article, 'sourcePath' | 'urlPath'>): { outputPath: string; urlPath: string } {
  let decoded = page.urlPath;
  if (decoded === null) {
    const parts = page.sourcePath.replace(/\.md$/i, '').split('/');
    if (parts.length > 1 && parts[parts.length - 1]!.toLowerCase() === 'index') parts.pop();
    decoded = `${parts.join('/')}/`;
  }
  const pretty = decoded.endsWith('/');
  const trimmed = decoded.replace(/\/+$/, '');
  return { outputPath: pretty ? `${trimmed}/index.html` : trimmed, urlPath: encodePath(trimmed) + (pretty ? '/' : '') };
}
