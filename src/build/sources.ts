import fs from 'node:fs';
import { siteFolderAbove, type Config } from '../config/index.js';
import { findSources, type SourceTree } from '../content/find-sources.js';
import { displayPath, GazetteError } from '../report/diagnostics.js';
import { checkPermalinkPattern } from '../config/permalink-pattern.js';
import { checkOutputFolder } from '../site/output-checks.js';
import { foreignOutputProblem } from '../output/foreign-output.js';

/**
 * Check the folders of `config` and list its sources.
 * @throws GazetteError when the source folder is missing, the output folder
 * would replace a source or holds what is not gazette's, or the permalink pattern is invalid.
 */
export async function locateSources(config: Config): Promise<SourceTree> {
  const display = displayPath;
  const excluded = checkOutputFolder(config, display);
  const foreign = foreignOutputProblem(config.outDir, config.cacheDir);
  if (foreign) throw new GazetteError(`Refusing to build into ${display(config.outDir)}: ${foreign}.`, { exitCode: 2 });
  const permalinkProblem = checkPermalinkPattern(config.permalink);
  if (permalinkProblem) {
    throw new GazetteError(`Invalid permalink pattern "${config.permalink}": ${permalinkProblem}`, { exitCode: config.configFile ? 1 : 2 });
  }
  try {
    const stat = fs.statSync(config.srcDir);
    if (!stat.isDirectory()) throw new Error('not a folder');
  } catch {
    // Run from inside a site (its articles folder), gazette finds no config and looks for ./articles: say where the site is.
    const site = config.configFile ? null : siteFolderAbove(process.cwd());
    const hint = site ? `. This folder has no gazette config, but ${display(site)} has one: run gazette there (cd ${display(site)})` : '';
    throw new GazetteError(`Source folder not found: ${display(config.srcDir)}${hint}`, { exitCode: 2 });
  }
  return findSources(config.srcDir, excluded, display(config.srcDir));
}
