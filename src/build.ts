import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/index.js';
import { ArticleCache, DamagedCacheError } from './cache/article-cache.js';
import { BuildRecord } from './cache/build-record.js';
import { articleSource, unpublishedArticleLinks } from './check/unpublished-links.js';
import { stampOf } from './stamp.js';
import { cacheIdentity, generateSite, locateSources, stageTimer, type BuildProgress, type GenerateOptions, type GeneratedSite } from './generate.js';
import { OutputManifest } from './output/manifest.js';
import { writeSite, type WriteResult } from './output/write-site.js';
import { themeFiles } from './render/theme.js';
import { codeIdentity } from './version.js';
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
  /** True when no input had changed since the last build, so nothing was read, rendered or written. */
  upToDate: boolean;
  /** Article bodies rendered from Markdown by this build; the others came from the build cache. */
  bodiesRendered: number;
  /** Rendered bodies kept on disk, rather than in memory, until their pages were written. */
  bodiesOnDisk: number;
  /** Warnings; errors abort the build with a GazetteError instead. */
  diagnostics: Diagnostic[];
  /** Remarks for --verbose. */
  notes: string[];
}

/**
 * Build the site described by `config` into `config.outDir`, atomically:
 * nothing in the output folder changes unless the whole build succeeds.
 * When the build cache shows that no input changed since the last
 * successful build and its output is intact, nothing is done at all.
 * @throws GazetteError listing every content problem found.
 */
export async function buildSite(config: Config, progress?: BuildProgress): Promise<BuildResult> {
  const startedAt = Date.now();
  const timing = stageTimer();
  const sources = await locateSources(config);
  const articleFile = (sourcePath: string) => path.join(config.srcDir, ...sourcePath.split('/'));
  // Stamped before anything is read: a file changed after this is never taken for unchanged.
  const stamps = stampInputs(config, [...sources.articles, ...sources.assets].map(articleFile));
  const identity = recordIdentity(config);
  const record = BuildRecord.load<BuildResult>(config.cacheDir);
  if (record?.unchangedSince(identity, stamps) && OutputManifest.load(config.cacheDir, config.outDir).intact(config.outDir)) {
    timing('nothing changed');
    return { ...record.result, rendered: 0, reused: record.result.files, upToDate: true, bodiesRendered: 0, bodiesOnDisk: 0 };
  }
  BuildRecord.remove(config.cacheDir);
  // A settings change (a title, say) leaves articles' cache keys as they were: they need not be read again.
  const keyIdentity = JSON.stringify({ cache: cacheIdentity(config), cwd: process.cwd(), src: config.srcDir });
  const unchanged = record?.unchangedKeys(keyIdentity, stamps, articleFile) ?? new Map<string, string>();
  const checked = record?.checked(identity) ?? undefined;
  timing('check inputs');

  let result: BuildResult;
  let site: GeneratedSite;
  try {
    ({ result, site } = await buildWith(new ArticleCache(config.cacheDir, cacheIdentity(config)), config, { sources, unchanged, checked }, progress));
  } catch (error) {
    if (!(error instanceof DamagedCacheError) || !config.cacheDir) throw error;
    // A stored body no longer matches its hash: start again, trusting nothing stored.
    fs.rmSync(path.join(config.cacheDir, 'articles'), { recursive: true, force: true });
    ({ result, site } = await buildWith(new ArticleCache(config.cacheDir, cacheIdentity(config)), config, { sources }, progress));
  }
  BuildRecord.save(config.cacheDir, {
    identity,
    keyIdentity,
    startedAt,
    stamps: Object.fromEntries(stamps),
    keys: Object.fromEntries(site.sourceKeys),
    resolverDigest: site.resolverDigest,
    result,
  });
  return result;
}

/** Everything besides input files that decides a build's output and messages: gazette's code, Node.js, the settings, the working folder. */
function recordIdentity(config: Config): string {
  return JSON.stringify({ gazette: codeIdentity(), node: process.version, cwd: process.cwd(), config });
}

/** Stamps of every file a build reads: the sources, the theme, the config file and the local files a config module imports. */
function stampInputs(config: Config, sourceFiles: string[]): Map<string, string | null> {
  const files = [...sourceFiles, ...themeFiles(config.templatesDir)];
  if (config.configFile) files.push(config.configFile);
  files.push(...(config.module?.files.slice(1) ?? []));
  return new Map(files.map((file) => [file, stampOf(file)]));
}

async function buildWith(
  cache: ArticleCache,
  config: Config,
  known: Pick<GenerateOptions, 'sources' | 'unchanged' | 'checked'>,
  progress?: BuildProgress,
): Promise<{ result: BuildResult; site: GeneratedSite }> {
  let site: GeneratedSite;
  let written: WriteResult;
  try {
    site = await generateSite(config, { progress, cache, ...known });
    if (!config.strict) {
      // A plain build checks no links, but a link to an article it does not publish (a draft, say)
      // is cheap to find and easy to miss: warn. --strict reports it among every broken link.
      site.diagnostics.push(...unpublishedArticleLinks(site.articles, articleSource(config.srcDir)));
    } else {
      // --strict: warnings and broken links fail the build before anything is written.
      const { checkLinks } = await import('./check/links.js');
      const problems = [...site.diagnostics, ...checkLinks(site, config)];
      if (problems.length) {
        throw new GazetteError(`Build failed (--strict): ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`, {
          diagnostics: problems.map((d) => ({ ...d, severity: 'error' as const })),
        });
      }
    }
    const timing = stageTimer();
    written = await writeSite(config.outDir, site, { progress, cacheDir: config.cacheDir });
    timing('write');
  } catch (error) {
    // Even a failed build keeps what it parsed and rendered for the next attempt.
    if (!(error instanceof DamagedCacheError)) cache.flush();
    throw error;
  }
  const timing = stageTimer();
  cache.prune();
  cache.flush();
  timing('save cache');
  const result: BuildResult = {
    articles: site.articles.length,
    pages: written.pages,
    files: site.files.length,
    rendered: written.rendered,
    reused: written.reused,
    upToDate: false,
    bodiesRendered: site.bodiesRendered,
    bodiesOnDisk: cache.spilledCount,
    diagnostics: site.diagnostics,
    notes: site.notes,
  };
  return { result, site };
}
