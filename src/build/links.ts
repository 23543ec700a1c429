import { sourceLinkProblems } from '../check/source-links.js';
import { articleSource } from '../check/unpublished-links.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { HeldBackReason } from '../site/schedule.js';
import type { OutputFile } from '../site/model.js';
import type { RenderedContent, StageContext } from './model.js';

/**
 * Where links and images written in content lead (cheap: from what rendering recorded): to no file
 * of the site, an error (or a warning, see config `links`); to a held-back item, a warning.
 */
export function sourceLinkStage(
  stage: StageContext,
  content: RenderedContent,
  files: OutputFile[],
  heldBack: Map<string, { reason: HeldBackReason; date: number }>,
): Diagnostic[] {
  const { config, sources } = stage;
  const outputs = new Set(files.map((f) => f.path.normalize('NFC')));
  const context = { site: config.site, outputs, markdown: sources.articles, files: sources.assets, heldBack, links: config.links, sourceOf: articleSource(config.srcDir) };
  return sourceLinkProblems([...content.articles, ...content.pages], context);
}
