import type { Config } from './config/index.js';
import { generateSite, type BuildProgress } from './generate.js';
import { writeSite } from './output/write-site.js';
import type { Diagnostic } from './report/diagnostics.js';

export type { BuildProgress } from './generate.js';

/** What a finished build reports. */
export interface BuildResult {
  articles: number;
  pages: number;
  files: number;
  /** Warnings; errors abort the build with a GazetteError instead. */
  diagnostics: Diagnostic[];
}

/**
 * Build the site described by `config` into `config.outDir`, atomically:
 * nothing in the output folder changes unless the whole build succeeds.
 * @throws GazetteError listing every content problem found.
 */
export async function buildSite(config: Config, progress?: BuildProgress): Promise<BuildResult> {
  const site = await generateSite(config, progress);
  const pages = await writeSite(config.outDir, site, progress);
  return { articles: site.articles.length, pages, files: site.files.length, diagnostics: site.diagnostics };
}
