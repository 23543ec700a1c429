import type { Article } from '../content/article.js';
import type { LiveUpdate } from '../content/live-updates.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import { resolveContentUrl, sourcePathOf, type UrlResolver } from '../markdown/resolve-url.js';
import { CENTRE, socialKey } from '../images/image-stage.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { SiteArticle } from '../site/model.js';

/** An article with its place in the site and its rendered body. */
export function toSiteArticle(
  article: Article,
  url: string,
  outputPath: string,
  markdown: RenderedMarkdown,
  resolver: UrlResolver,
  language: string,
  translations: SiteArticle['translations'] = [],
  updateHtml: ReadonlyMap<LiveUpdate, string> = NO_UPDATES,
): SiteArticle {
  const lead = article.image ? sourcePathOf(article.image.src, article.sourcePath) : null;
  const imageUrl = article.image ? resolveContentUrl(article.image.src, article.sourcePath, resolver) : null;
  // Field by field rather than spread: a spread of a parsed object cost several microseconds an article.
  // (The type checker makes sure no field of Article is left out.)
  return {
    kind: article.kind,
    sourcePath: article.sourcePath,
    displayPath: article.displayPath,
    title: article.title,
    date: article.date,
    dated: article.dated,
    dateHasTime: article.dateHasTime,
    updated: article.updated,
    expires: article.expires,
    authors: article.authors,
    corrections: article.corrections,
    urlPath: article.urlPath,
    pageType: article.pageType,
    section: article.section,
    tags: article.tags,
    summary: article.summary,
    image: article.image,
    draft: article.draft,
    slug: article.slug,
    lang: article.lang,
    translationKey: article.translationKey,
    aliases: article.aliases,
    curation: article.curation,
    share: article.share,
    live: article.live,
    data: article.data,
    // The Markdown is no longer needed once rendered; dropping it keeps large sites' memory down.
    body: '',
    url,
    outputPath,
    // Kept whole, not copied out: a body from the build cache is read only if a page or the link check needs it.
    rendered: markdown,
    htmlHash: markdown.htmlHash,
    wordCount: markdown.wordCount,
    cjkCharacters: markdown.cjkCharacters,
    summaryText: article.summary ?? markdown.summary,
    imageUrl: missingLead(article, lead, imageUrl) ? null : imageUrl,
    imageRecord: lead === null ? null : (resolver.images.get(lead) ?? null),
    socialImages: lead === null ? [] : (resolver.social.get(socialKey(lead, article.image!.focus ?? CENTRE)) ?? []),
    language,
    translations,
    updateHtml: article.live?.updates.some((u) => u.file !== null) ? updateHtml : NO_UPDATES,
  };
}

/**
 * Whether the lead photo is a path relative to the article naming no file of the sources: it is left
 * out of the page, its cards and its social card (which falls back to the default image) rather than
 * published broken; the link check reports it (an error, or a warning with `links.missing: "warn"`).
 */
function missingLead(article: Article, lead: string | null, resolved: string | null): boolean {
  // Root-relative paths are the server's to judge (see check/source-links.ts); a resolved path names a file.
  return lead !== null && resolved === article.image!.src && !/^\s*[\\/]/.test(article.image!.src);
}

const NO_UPDATES: ReadonlyMap<LiveUpdate, string> = new Map();

/** What plugins and directives reported while rendering an article's body, as diagnostics in its file (`text` reads the file, for code frames). */
export function markdownDiagnostics(article: Pick<Article, 'displayPath'>, body: RenderedMarkdown, text: () => string): Diagnostic[] {
  let source: string | undefined;
  try {
    source = text();
  } catch {
    source = undefined; // gone since: the messages stand without their code frames
  }
  return body.messages.map((m) =>
    diagnostic(article.displayPath, m.reason, m.ruleId, {
      position: m.line ? { line: m.line, column: m.column ?? 1 } : null,
      source,
      severity: m.fatal ? 'error' : 'warning',
    }),
  );
}
