import fs from 'node:fs/promises';
import path from 'node:path';
import { Document, isScalar } from 'yaml';
import { parseArticle } from '../content/article.js';
import { parseDate, zonedParts } from '../content/dates.js';
import { slugify } from '../content/slug.js';
import { loadConfig, siteFolderAbove, type Config } from '../config/index.js';
import type { SiteLanguage } from '../config/languages.js';
import { formatDiagnostic, GazetteError } from '../report/diagnostics.js';
import { Reporter } from '../report/reporter.js';
import { closest } from '../report/suggest.js';

export interface NewOptions {
  src: string;
  config?: string;
  section?: string;
  tags?: string;
  author?: string;
  date?: string;
  lang?: string;
  quiet?: boolean;
}

/**
 * `gazette new "Title"`: start a draft article at `<src>/<yyyy>/<slug>.md`.
 * Never overwrites: an existing file with that name is an error.
 * Prints the new file's path on stdout.
 * @returns 0 when created, 1 when the file exists or cannot be written, 2 for unusable input.
 */
export async function runNew(rawTitle: string, options: NewOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: false, stream: process.stderr });
  try {
    const title = cleanText(rawTitle);
    if (title === '') throw new GazetteError('The title is empty: give the headline in quotes, e.g. gazette new "Council approves budget"', { exitCode: 2 });
    const slug = slugify(title);
    if (slug === '') {
      throw new GazetteError(`Cannot make a file name from the title "${title}": it needs at least one letter or digit`, { exitCode: 2 });
    }

    const config = await loadConfig({ src: options.src, config: options.config });
    // From inside a site (its articles folder), there is no config here and no articles folder:
    // writing one would bury the story in articles/2026/articles/2026/, without the site's settings.
    const site = config.configFile ? null : siteFolderAbove(process.cwd());
    if (site && !(await isFolder(config.srcDir))) {
      const shownSite = path.relative(process.cwd(), site).split(path.sep).join('/');
      throw new GazetteError(
        `There is no gazette config or ${path.relative(process.cwd(), config.srcDir) || '.'} folder here, but ${shownSite} has a config: run gazette new there (cd ${shownSite})`,
        { exitCode: 2 },
      );
    }
    const language = options.lang !== undefined ? chosenLanguage(options.lang, config) : config.siteLanguages[0]!;
    const date = options.date ?? today(config.timezone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || 'error' in parseDate(date, config.timezone)) {
      throw new GazetteError(`--date must be a real date written YYYY-MM-DD, not "${date}"`, { exitCode: 2 });
    }

    const fields: Record<string, unknown> = { title, date };
    const author = options.author !== undefined ? cleanText(options.author) : config.author;
    if (author) fields.author = author;
    const section = options.section !== undefined ? cleanText(options.section) : '';
    if (section) fields.section = section;
    const tags = [...new Set((options.tags ?? '').split(',').map(cleanText).filter(Boolean))];
    if (tags.length) fields.tags = tags;
    fields.draft = true;
    // Same YAML schema as gazette's own parser. Text is double-quoted so no title can turn
    // into another type (yes, null, 1.5) in any YAML reader; no folding keeps each field on one line.
    const doc = new Document(fields, { schema: 'core' });
    const dateNode = doc.get('date', true);
    if (isScalar(dateNode)) dateNode.type = 'PLAIN';
    const yamlText = doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
    const text = `---\n${yamlText}---\n\n`;

    const year = date.slice(0, 4);
    // The language's folder says which language the story is in (and pairs it with its translations);
    // the default language's stories stay at the top, as the languages guide files them.
    const folder = language.isDefault ? '' : `${language.code}/`;
    const sourcePath = `${folder}${year}/${slug}.md`;
    const file = path.join(config.srcDir, ...sourcePath.split('/'));
    const shown = path.relative(process.cwd(), file).split(path.sep).join('/');

    // Never write an article gazette itself would reject.
    const check = parseArticle(text, sourcePath, shown, config.timezone);
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    if (!check.article || errors.length) {
      throw new GazetteError(`Cannot write a valid article for this title:\n${errors.map(formatDiagnostic).join('\n')}`, { exitCode: 2 });
    }

    await fs.mkdir(path.dirname(file), { recursive: true });
    try {
      await fs.writeFile(file, text, { flag: 'wx' }); // 'wx': fail rather than overwrite
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new GazetteError(`${shown} already exists; not overwriting it. Edit that file, or choose a different title.`);
      }
      throw new GazetteError(`Cannot write ${shown}: ${(error as Error).message}`, { cause: error });
    }
    process.stdout.write(`${shown}\n`);
    const inLanguage = config.siteLanguages.length > 1 ? ` in ${language.name} (${language.code})` : '';
    reporter.info(
      `Created a draft article${inLanguage} dated ${date}. It has "draft: true", so it is left out of the site ` +
        '(build with --drafts to preview it) until you delete that line or set it to false.',
    );
    // A date to come makes the story scheduled once it is no longer a draft: say so, or the
    // writer who removes "draft: true" wonders why the story is still missing.
    const start = parseDate(date, config.timezone);
    if (!('error' in start) && start.epochMs > Date.now()) {
      reporter.info(
        `${date} is still to come, so the story is scheduled: with "draft: true" removed, it stays out of the site until ` +
          `${date} 00:00 (${config.timezone}) and goes out with the first build at or after then (build with --drafts --future to preview it).`,
      );
    }
    return 0;
  } catch (error) {
    return reporter.failure(error);
  }
}

/** The site's language `--lang` names; an error (exit code 2) for one the site does not have. */
function chosenLanguage(raw: string, config: Config): SiteLanguage {
  const wanted = cleanText(raw);
  const languages = config.siteLanguages;
  const found = languages.find((l) => l.code.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  const codes = languages.map((l) => l.code);
  if (config.languages === null) {
    throw new GazetteError(
      `--lang is "${wanted}", but the site is in one language, ${codes[0]}: list its languages in the config's "languages" setting to write in others`,
      { exitCode: 2 },
    );
  }
  const near = closest(wanted, codes);
  throw new GazetteError(
    `--lang is "${wanted}", which is not one of the site's languages (${codes.join(', ')})${near ? `; did you mean "${near}"?` : ''}`,
    { exitCode: 2 },
  );
}

/** Text from the command line as one clean line: no control characters, single spaces. */
function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Today's date, YYYY-MM-DD, in `timeZone`. */
function today(timeZone: string): string {
  const { year, month, day } = zonedParts(Date.now(), timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function isFolder(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => null))?.isDirectory() ?? false;
}
