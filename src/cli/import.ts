import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { formatImportReport, importSite, type ImportFormat } from '../import/index.js';
import { displayPath, GazetteError } from '../report/diagnostics.js';
import { Reporter } from '../report/reporter.js';
import { queryHost } from '../site/host-files.js';

export interface ImportCliOptions {
  out: string;
  media?: string;
  force?: boolean;
  timezone?: string;
  config?: string;
  quiet?: boolean;
}

/**
 * `gazette import wordpress|feed <input>`: write the items of a WordPress export or a feed as Markdown sources.
 * @returns 0 when imported (skipped items and warnings are reported, not failures), 1 for unreadable input, 2 for usage mistakes.
 */
export async function runImport(format: ImportFormat, input: string, options: ImportCliOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: false, stream: process.stderr });
  try {
    const isUrl = /^https?:\/\//i.test(input);
    if (isUrl && format === 'wordpress') {
      throw new GazetteError('gazette import wordpress reads an export file: download it from Tools → Export first, then give its path', { exitCode: 2 });
    }
    const config = await loadConfig({ config: options.config, src: options.out });
    const timeZone = options.timezone ?? config.timezone;
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new GazetteError(`--timezone must be an IANA time zone such as "Europe/London", not "${timeZone}"`, { exitCode: 2 });
    }
    const report = await importSite({
      format,
      input: isUrl ? input : path.resolve(input),
      inputDisplay: isUrl ? input : displayPath(path.resolve(input)),
      outDir: config.srcDir,
      mediaDir: options.media ? await mediaFolder(options.media) : null,
      force: options.force ?? false,
      site: { timeZone, permalink: config.permalink, trustHtml: config.trustHtml, queryAliases: queryHost(config.deploy.host)?.matchesQueries ?? false },
    });
    for (const line of formatImportReport(report, displayPath(config.srcDir), Date.now())) reporter.info(line);
    return 0;
  } catch (error) {
    return reporter.failure(error);
  }
}

/** The `--media` folder, which must exist. */
async function mediaFolder(dir: string): Promise<string> {
  const { stat } = await import('node:fs/promises');
  const stats = await stat(dir).catch(() => null);
  if (!stats?.isDirectory()) {
    throw new GazetteError(`--media ${dir} is not a folder; give the copy of WordPress's wp-content/uploads folder`, { exitCode: 2 });
  }
  return path.resolve(dir);
}
