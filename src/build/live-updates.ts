import type { Article } from '../content/article.js';
import type { LiveUpdate } from '../content/live-updates.js';
import type { MarkdownPool } from '../markdown/pool.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { pushAll } from '../push-all.js';
import { markdownDiagnostics } from './site-article.js';

/**
 * Render the bodies of the live stories' update files (the folder form), as
 * their stories' bodies are rendered, with links resolved from each file.
 * @returns Each update file's body as HTML (by update), and what the renderer reported, in the update files.
 */
export async function renderFolderUpdates(
  stories: Article[],
  pool: MarkdownPool,
  resolver: UrlResolver,
  readText: (update: LiveUpdate) => string,
): Promise<{ html: Map<LiveUpdate, string>; diagnostics: Diagnostic[] }> {
  const html = new Map<LiveUpdate, string>();
  const updates = stories.flatMap((story) => story.live?.updates.filter((u) => u.file !== null) ?? []);
  if (updates.length === 0) return { html, diagnostics: [] };
  const outcome = await pool.render(
    updates.map((u) => ({ body: u.file!.body, sourcePath: u.file!.sourcePath, displayPath: u.file!.displayPath })),
    resolver,
  );
  const diagnostics = [...outcome.diagnostics];
  updates.forEach((update, i) => {
    const rendered = outcome.rendered[i];
    if (!rendered) return;
    html.set(update, rendered.html);
    if (rendered.messages.length) pushAll(diagnostics, markdownDiagnostics(update.file!, rendered, () => readText(update)));
  });
  return { html, diagnostics };
}
