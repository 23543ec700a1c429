import path from 'node:path';
import { checkSiteLinks } from '../check/links.js';
import { menuPositions, readDisplayed } from '../check/menu-positions.js';
import { articleSource } from '../check/unpublished-links.js';
import { loadConfig } from '../config/index.js';
import { UNKNOWN_AUTHOR } from '../content/bylines.js';
import { SourceErrors } from '../build/timing.js';
import type { Diagnostic } from '../report/diagnostics.js';
import { generateSite } from '../generate.js';
import { Reporter, plural } from '../report/reporter.js';
import type { BuildOptions } from './build.js';

export type CheckOptions = BuildOptions;

/**
 * `gazette check`: everything a build validates, plus every link, image and
 * anchor of every page, without writing the output folder.
 * @returns 0 when no errors were found, 1 otherwise (2 for usage errors).
 */
export async function runCheck(options: CheckOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: options.verbose ?? false, stream: process.stderr });
  const started = performance.now();
  try {
    const config = await loadConfig(options);
    reporter.verbose(`source ${config.srcDir}\ntemplates ${config.templatesDir}`);
    // Images are probed (sizes, formats, pixel limits) and their variants named, but not encoded:
    // check writes nothing, not even the image cache.
    // Links are checked below, every one of every page: the build's own check of content links would only repeat them.
    // A bad photo leaves its pages whole, so their links are checked too, and both reported together.
    const site = await generateSite(config, { progress: reporter, encodeImages: false, sourceLinks: false, returnPhotoErrors: true });

    // Every page is rendered as a build would, one at a time while its links are checked, and nothing is written.
    const display = (outputPath: string) =>
      path.relative(process.cwd(), path.join(config.outDir, ...outputPath.split('/'))).split(path.sep).join('/');
    const sourceOf = articleSource(config.srcDir);
    const result = checkSiteLinks(site, config, { pageLabel: display, sourceOf, menuPosition: menuPositions(config.configFile), textOf: readDisplayed, progress: reporter });
    const all = strictNames([...site.diagnostics, ...result.diagnostics]);
    reporter.diagnostics(all);
    for (const note of site.notes) reporter.verbose(note);

    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.length - errors;
    const ms = Math.round(performance.now() - started);
    const checked = `Checked ${site.articles.length} ${plural(site.articles.length, 'article')}, ${result.pages} ${plural(result.pages, 'page')}, ${result.links} ${plural(result.links, 'link')} in ${ms} ms`;
    if (errors) {
      // Like other failures, the verdict is printed even with --quiet.
      process.stderr.write(
        `${checked}: ${errors} ${plural(errors, 'error')}${warnings ? `, ${warnings} ${plural(warnings, 'warning')}` : ''}\n`,
      );
      return 1;
    }
    reporter.info(`${checked}: ${warnings ? `no errors, ${warnings} ${plural(warnings, 'warning')}` : 'no problems found'}`);
    return 0;
  } catch (error) {
    if (error instanceof SourceErrors) {
      // Errors in the sources stop the site before its pages exist, so their links cannot be checked yet:
      // say so as check, not as a failed build (check writes nothing, and the output is untouched).
      const all = strictNames(error.diagnostics);
      reporter.diagnostics(all);
      const errors = all.filter((d) => d.severity === 'error').length;
      const warnings = all.length - errors;
      process.stderr.write(
        `Check stopped at ${errors} ${plural(errors, 'error')}${warnings ? `, ${warnings} ${plural(warnings, 'warning')}` : ''} in the sources, before the pages' links: ` +
          'fix them and check again\n',
      );
      return 1;
    }
    return reporter.failure(error);
  }
}

/**
 * Names that match nothing, which a build only warns about, are errors in check: a byline naming no
 * profile, a section of the config no article has, a theme string no template asks for. Each is
 * a misspelling far more often than not; other warnings (a link to a story still to come) may be meant.
 */
const STRICT_IN_CHECK = new Set([UNKNOWN_AUTHOR, 'section-unknown', 'strings-unknown']);

function strictNames(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (STRICT_IN_CHECK.has(d.ruleId) ? { ...d, severity: 'error' as const } : d));
}
