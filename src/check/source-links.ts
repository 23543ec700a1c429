import path from 'node:path';
import type { LinkSettings } from '../config/index.js';
import type { SiteUrl } from '../config/site-url.js';
import { FrontMatterError, parseFrontMatter } from '../content/front-matter.js';
import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import type { SiteArticle } from '../site/model.js';
import type { HeldBackReason } from '../site/schedule.js';
import { resolveRef } from './resolve.js';
import { sourceTarget } from './unpublished-links.js';

/** What the build knows of the site when it checks where links written in content lead. */
export interface SourceLinkContext {
  site: SiteUrl;
  /** Every output file of the site (NFC). */
  outputs: ReadonlySet<string>;
  /** Every Markdown source, published or not, for "did you mean". */
  markdown: readonly string[];
  /** Every other source file (source paths), for a name written in another case ("did you mean"). */
  files: readonly string[];
  /** Sources the build holds back (source path → why and, when scheduled, from when). */
  heldBack: ReadonlyMap<string, { reason: HeldBackReason; date: number }>;
  links: LinkSettings;
  /** The source's text, for code frames and the position of its `image` field; null when it cannot be read. */
  sourceOf(article: SiteArticle): string | null;
}

/** How to get the old behaviour back, said in every error about a missing file. */
const LOWER = '; fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning';

/**
 * Links and images written in articles and pages (document-relative ones:
 * gazette rewrites those to the files they name) that lead to no source
 * file and no output: an error, or a warning with `"links": {"missing":
 * "warn"}`; and links to articles held back (drafts, scheduled, expired): a
 * warning, since linking ahead to a scheduled article is often intended.
 * Root-relative URLs are left to `gazette check`: the server may serve them
 * from elsewhere. Found from what rendering recorded, reading no page.
 */
export function sourceLinkProblems(articles: readonly SiteArticle[], context: SourceLinkContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  const severity = context.links.missing === 'warn' ? 'warning' : 'error';
  for (const article of articles) {
    let source: string | null | undefined;
    const sourceText = () => (source === undefined ? (source = context.sourceOf(article)) : source);
    const image = article.image;
    // A lead photo naming no source file was left out of the pages (imageUrl null, see site-article.ts).
    const unresolved = image && article.imageUrl === image.src && !/^\s*[\\/]/.test(image.src);
    if (image && (article.imageUrl === null || (unresolved && leadsNowhere(image.src, article, context)))) {
      const text = sourceText();
      found.push(
        diagnostic(article.displayPath, `lead image "${image.src}" (front matter "image") ${missingText(image.src, article, context)}${severity === 'error' ? LOWER : ''}`, 'link-missing', {
          position: text === null ? null : frontMatterPosition(text, 'image'),
          source: text ?? undefined,
          severity,
        }),
      );
    }
    const seen = new Set<string>();
    // Read once: a body kept on disk reads its links from there each time they are asked for.
    let links: SiteArticle['rendered']['links'] | undefined;
    for (const [written, resolved] of article.rendered.resolved) {
      // Resolved means it named a source; root-relative URLs are not the build's to judge.
      if (written !== resolved || seen.has(written) || /^\s*[\\/]/.test(written)) continue;
      seen.add(written);
      if (!leadsNowhere(written, article, context)) continue;
      const target = sourceTarget(written, article);
      const held = target === null ? undefined : (context.heldBack.get(target) ?? context.heldBack.get(`${target.replace(/\/$/, '')}/index.md`));
      const uses = (links ??= article.rendered.links).filter((link) => link.url === written);
      for (const use of uses.length > 0 ? uses : [null]) {
        const noun = use?.kind === 'image' ? 'image' : use?.kind === 'file' ? 'file' : 'link';
        const text = held ? `${noun} "${written}" ${heldBackText(target!, held)}` : `${noun} "${written}" ${missingText(written, article, context)}${severity === 'error' ? LOWER : ''}`;
        found.push(
          diagnostic(article.displayPath, text, held ? 'link-unpublished' : 'link-missing', {
            position: use?.line != null ? { line: use.line, column: use.column ?? 1 } : null,
            source: sourceText() ?? undefined,
            severity: held ? 'warning' : severity,
          }),
        );
      }
    }
  }
  return found;
}

/** Whether a document-relative URL written in `article` reaches no output file of the site, as a browser would resolve it. */
function leadsNowhere(url: string, article: SiteArticle, context: SourceLinkContext): boolean {
  const resolution = resolveRef(url, article.url, context.site);
  if (resolution.kind !== 'internal') return false; // external, or invalid: `check` says why
  return !resolution.candidates.some((candidate) => context.outputs.has(candidate.normalize('NFC')));
}

function missingText(url: string, article: SiteArticle, context: SourceLinkContext): string {
  const target = sourceTarget(url, article);
  if (target === null) return 'leads nowhere: the site has no page or file there';
  let hint = '';
  if (target.endsWith('.md')) {
    const dir = path.posix.dirname(target);
    const near = context.markdown.filter((md) => path.posix.dirname(md) === dir);
    const meant = closest(target, near, Math.max(2, Math.floor(path.posix.basename(target).length / 4)));
    if (meant) hint = ` (did you mean ${path.posix.relative(path.posix.dirname(article.sourcePath), meant)}?)`;
  } else {
    // "photo.jpg" for "Photo.JPG": found on a Mac's or Windows's disk, but web servers tell the two apart.
    const key = target.normalize('NFC').toLowerCase();
    const meant = context.files.find((file) => file.normalize('NFC').toLowerCase() === key);
    if (meant) hint = ` (did you mean ${path.posix.relative(path.posix.dirname(article.sourcePath), meant)}? file names differ in case)`;
  }
  return `leads nowhere: there is no file ${target} in the source folder${hint}`;
}

function heldBackText(target: string, held: { reason: HeldBackReason; date: number }): string {
  const why =
    held.reason === 'draft'
      ? 'it is a draft, built only with --drafts'
      : held.reason === 'scheduled'
        ? `it is scheduled for ${new Date(held.date).toISOString()}`
        : 'it has expired';
  return `leads to ${target}, which is not published: ${why}; the link leads nowhere until a build publishes it`;
}

/** Where front-matter `field` is written in a source's text. */
function frontMatterPosition(text: string, field: string): Position | null {
  try {
    return parseFrontMatter(text).positionOf(field);
  } catch (error) {
    if (error instanceof FrontMatterError) return null;
    throw error;
  }
}
