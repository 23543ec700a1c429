import fs from 'node:fs/promises';
import path from 'node:path';
import { Document, isScalar } from 'yaml';
import { parseArticle } from '../content/article.js';
import { parseDate, zonedParts } from '../content/dates.js';
import { slugify } from '../content/slug.js';
import { loadConfig } from '../config/index.js';
import { formatDiagnostic, GazetteError } from '../report/diagnostics.js';
import { Reporter } from '../report/reporter.js';

export interface NewOptions {
  src: string;
  config?: string;
  section?: string;
  tags?: string;
  author?: string;
  date?: string;
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
    const sourcePath = `${year}/${slug}.md`;
    const file = path.join(config.srcDir, year, `${slug}.md`);
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
    reporter.info(
      `Created a draft article dated ${date}. It has "draft: true", so it is left out of the site ` +
        '(build with --drafts to preview it) until you delete that line or set it to false.',
    );
    return 0;
  } catch (error) {
    return reporter.failure(error);
  }
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
