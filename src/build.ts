import type { Config } from './config/index.js';
import { ArticleCache } from './cache/article-cache.js';
import { cacheIdentity, generateSite, stageTimer, type BuildProgress } from './generate.js';
import { writeSite } from './output/write-site.js';
import { checkLinks } from './check/links.js';
import { GazetteError, type Diagnostic } from './report/diagnostics.js';

export type { BuildProgress } from './generate.js';

/** What a finished build reports. */
export interface BuildResult {
  articles: number;
  pages: number;
  files: number;
  /** Pages rendered by this build; the others were unchanged. */
  rendered: number;
  /** Files taken over unchanged from the previous build. */
  reused: number;
  /** Warnings; errors abort the build with a GazetteError instead. */
  diagnostics: Diagnostic[];
}

/**
 * Build the site described by `config` into `config.outDir`, atomically:
 * nothing in the output folder changes unless the whole build succeeds.
 * @throws GazetteError listing every content problem found.
 */
export async function buildSite(config: Config, progress?: BuildProgress): Promise<BuildResult> {
  const cache = new ArticleCache(config.cacheDir, cacheIdentity(config));
  let site;
  try {
    site = await generateSite(config, { progress, cache });
  } finally {
    // Even a failed build keeps what it parsed and rendered for the next attempt.
    await cache.flush();
  }
  if (config.strict) {
    // --strict: warnings and broken links fail the build before anything is written.
    const problems = [...site.diagnostics, ...checkLinks(site, config)];
    if (problems.length) {
      throw new GazetteError(`Build failed (--strict): ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`, {
        diagnostics: problems.map((d) => ({ ...d, severity: 'error' as const })),
      });
    }
  }
  const timing = stageTimer();
  const written = await writeSite(config.outDir, site, { progress, cacheDir: config.cacheDir });
  timing('write');
  cache.prune();
  timing('prune cache');
  return {
    articles: site.articles.length,
    pages: written.pages,
    files: site.files.length,
    rendered: written.rendered,
    reused: written.reused,
    diagnostics: site.diagnostics,
  };
}
