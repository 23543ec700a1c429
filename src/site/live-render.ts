import type { Article } from '../content/article.js';
import type { LiveUpdate } from '../content/live-updates.js';
import { markdownDiagnostics } from '../generate.js';
import type { MarkdownPool } from '../markdown/pool.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import type { Diagnostic } from '../report/diagnostics.js';

/** The rendered bodies of the update files of this build's live stories (see `renderFolderUpdates`). */
const bodies = new WeakMap<LiveUpdate, string>();

/** The rendered body of an update file, or '' when it was not rendered. */
export function folderUpdateHtml(update: LiveUpdate): string {
  return bodies.get(update) ?? '';
}

/**
 * Render the bodies of the live stories' update files (the folder form), as
 * their stories' bodies are rendered, with links resolved from each file.
 * @returns What the renderer reported, in the update files.
 */
export async function renderFolderUpdates(stories: Article[], pool: MarkdownPool, resolver: UrlResolver, readText: (update: LiveUpdate) => string): Promise<Diagnostic[]> {
  const updates = stories.flatMap((story) => story.live?.updates.filter((u) => u.file !== null) ?? []);
  if (updates.length === 0) return [];
  const outcome = await pool.render(
    updates.map((u) => ({ body: u.file!.body, sourcePath: u.file!.sourcePath, displayPath: u.file!.displayPath })),
    resolver,
  );
  const diagnostics = [...outcome.diagnostics];
  updates.forEach((update, i) => {
    const rendered = outcome.rendered[i];
    if (!rendered) return;
    bodies.set(update, rendered.html);
    if (rendered.messages.length) diagnostics.push(...markdownDiagnostics(update.file!, rendered, () => readText(update)));
  });
  return diagnostics;
}
