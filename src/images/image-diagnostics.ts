import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Article } from '../content/article.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import { sourcePathOf } from '../markdown/resolve-url.js';
import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';

/**
 * Errors for images that cannot be used, each naming the article that shows
 * the image (at the image's place in the body, or its front matter for a
 * lead photo) and the image file; an image no article shows is named alone.
 * @param problems Source path of each bad image → what is wrong with it.
 */
export function imageDiagnostics(
  problems: Map<string, string>,
  entries: { article: Article; rendered: Pick<RenderedMarkdown, 'images'> }[],
  config: Config,
  display: (file: string) => string,
  options: {
    /** Where an article's front matter names its lead image, when its source can be read. */
    leadPosition?: (article: Article) => Position | null;
    /** Bad images nothing uses: a warning each, as they are left out of the site. */
    unused?: ReadonlySet<string>;
  } = {},
): Diagnostic[] {
  const leadPosition = options.leadPosition ?? (() => null);
  const fileOf = (source: string) => display(path.join(config.srcDir, ...source.split('/')));
  const found: Diagnostic[] = [];
  const shown = new Set<string>();
  for (const { article, rendered } of entries) {
    const lead = article.image ? sourcePathOf(article.image.src, article.sourcePath) : null;
    if (lead !== null && problems.has(lead)) {
      shown.add(lead);
      found.push(diagnostic(article.displayPath, `lead image "${article.image!.src}" (${fileOf(lead)}) ${problems.get(lead)}`, 'image-invalid', { position: leadPosition(article) }));
    }
    const named = new Set<string>();
    for (const [source, , line, column] of rendered.images) {
      const problem = problems.get(source);
      if (problem === undefined || named.has(source)) continue;
      named.add(source);
      shown.add(source);
      const position = line !== null && column !== null ? { line, column } : null;
      found.push(diagnostic(article.displayPath, `image ${fileOf(source)} ${problem}`, 'image-invalid', { position }));
    }
  }
  for (const [source, problem] of problems) {
    if (shown.has(source)) continue;
    if (options.unused?.has(source)) {
      found.push(diagnostic(fileOf(source), `${problem}; nothing on the site uses it, so it is left out`, 'image-invalid', { severity: 'warning' }));
    } else found.push(diagnostic(fileOf(source), `${problem}`, 'image-invalid'));
  }
  return found;
}
