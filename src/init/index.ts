import fs from 'node:fs';
import path from 'node:path';
import { parseConfigText } from '../config/index.js';
import { parseSiteUrl } from '../config/site-url.js';
import { zonedParts } from '../content/dates.js';
import { GazetteError } from '../report/diagnostics.js';
import { starterPhoto } from './photo.js';
import { SITE_SCRIPTS, STARTER_PHOTO, starterFiles, type SiteAnswers } from './starter.js';
import type { Host } from '../config/hosts.js';
import { deployFiles } from './workflow.js';

export type { SiteAnswers } from './starter.js';

/** What `initSite` did, file by file (paths relative to the site's folder). */
export interface InitResult {
  written: string[];
  /** Files that were there already and were left as they were (with --force). */
  skipped: string[];
  /** `package.json`, when it was there and got the scripts or the dependency it lacked. */
  updated: string[];
}

/** What may be in a folder that still counts as empty: a repository, and the package that installed gazette. */
const ALLOWED = new Set(['.git', 'node_modules', 'package.json', 'package-lock.json', '.DS_Store', 'Thumbs.db']);

/**
 * Make a new site in `dir`: config, starter stories with a photo, an About
 * page, an author profile, `.gitignore`, `package.json` and the files that
 * publish it on `options.host` (default: GitHub Pages, its workflow). A folder
 * with anything else in it is refused unless `force`, and even then no
 * existing file is overwritten: it is skipped. An existing
 * `package.json` only gets the scripts and the gazette dependency it lacks.
 * The starter stories are dated today in the site's time zone (`now`: default the clock).
 * @param options.dependency The version range (or other npm spec) of gazette the site depends on.
 * @throws GazetteError (exit code 2) for a refused folder or invalid answers.
 */
export async function initSite(
  dir: string,
  given: Omit<SiteAnswers, 'date'>,
  options: { force: boolean; dependency: string; now?: number; host?: Host | null },
): Promise<InitResult> {
  checkAnswers(given);
  const answers: SiteAnswers = { ...given, date: todayIn(given.timezone, options.now) };
  const found = listFolder(dir);
  const extra = found.filter((name) => !ALLOWED.has(name));
  if (extra.length && !options.force) {
    const shown = extra.slice(0, 5).join(', ') + (extra.length > 5 ? ` and ${extra.length - 5} more` : '');
    throw new GazetteError(
      `${display(dir)} is not empty (${shown}): make the site in a new folder, or add --force to add the starter files that are missing (existing files are never overwritten)`,
      { exitCode: 2 },
    );
  }
  const host = options.host === undefined ? 'github-pages' : options.host;
  const files = [...starterFiles(answers, host), ...deployFiles(host)];
  // The config must be one gazette accepts: the same check a build makes.
  parseConfigText(files.find((f) => f.path === 'gazette.config.json')!.text, 'gazette.config.json');

  const result: InitResult = { written: [], skipped: [], updated: [] };
  const write = (rel: string, data: string | Buffer) => {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, data, { flag: 'wx' }); // 'wx': never replace what is there
      result.written.push(rel);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new GazetteError(`Cannot write ${rel}: ${(error as Error).message}`, { cause: error });
      result.skipped.push(rel);
    }
  };
  for (const file of files) write(file.path, file.text);
  write(STARTER_PHOTO, await starterPhoto());
  writePackageJson(dir, options.dependency, answers, result);
  return result;
}

/** Today's date, YYYY-MM-DD, in `timeZone`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  const { year, month, day } = zonedParts(now, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Why an answer cannot be used, or null. */
export function answerProblem(field: keyof SiteAnswers, value: string): string | null {
  switch (field) {
    case 'title':
      return value.trim() === '' ? 'the title is empty' : null;
    case 'url':
      if (value === '') return null;
      try {
        const site = parseSiteUrl(value);
        return site.origin === '' ? `give the full address, such as https://example.org/ (not just a path)` : null;
      } catch (error) {
        return (error as Error).message;
      }
    case 'language':
      try {
        Intl.getCanonicalLocales(value);
        return value === '' ? 'the language is empty' : null;
      } catch {
        return `"${value}" is not a language tag such as "en", "en-GB" or "zh-CN"`;
      }
    case 'timezone':
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return value === '' ? 'the time zone is empty' : null;
      } catch {
        return `"${value}" is not a time zone such as "UTC", "Europe/London" or "America/New_York"`;
      }
    default:
      return null;
  }
}

function checkAnswers(answers: Omit<SiteAnswers, 'date'>): void {
  for (const field of ['title', 'url', 'language', 'timezone'] as const) {
    const problem = answerProblem(field, answers[field]);
    if (problem) throw new GazetteError(`--${field}: ${problem}`, { exitCode: 2 });
  }
}

/** The folder's entries; a missing folder is made (and is empty). */
function listFolder(dir: string): string[] {
  try {
    const stat = fs.statSync(dir);
    if (!stat.isDirectory()) throw new GazetteError(`${display(dir)} is a file, not a folder`, { exitCode: 2 });
  } catch (error) {
    if (error instanceof GazetteError) throw error;
    fs.mkdirSync(dir, { recursive: true });
    return [];
  }
  return fs.readdirSync(dir).sort();
}

/** A new `package.json`, or the scripts and dependency an existing one lacks (nothing it has is changed). */
function writePackageJson(dir: string, dependency: string, answers: SiteAnswers, result: InitResult): void {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) {
    const pkg = { name: packageName(dir, answers.title), private: true, scripts: SITE_SCRIPTS, dependencies: { gazette: dependency } };
    fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`, { flag: 'wx' });
    result.written.push('package.json');
    return;
  }
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new Error('not an object');
  } catch {
    result.skipped.push('package.json');
    return;
  }
  let changed = false;
  const scripts = (typeof pkg.scripts === 'object' && pkg.scripts !== null ? pkg.scripts : {}) as Record<string, string>;
  for (const [name, command] of Object.entries(SITE_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      changed = true;
    }
  }
  pkg.scripts = scripts;
  const has = (field: string) => typeof pkg[field] === 'object' && pkg[field] !== null && (pkg[field] as Record<string, unknown>).gazette !== undefined;
  if (!has('dependencies') && !has('devDependencies')) {
    pkg.dependencies = { ...((pkg.dependencies as Record<string, string> | undefined) ?? {}), gazette: dependency };
    changed = true;
  }
  if (!changed) {
    result.skipped.push('package.json');
    return;
  }
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  result.updated.push('package.json');
}

/** An npm package name for the site: its folder's name, else its title, made lowercase and URL-safe. */
function packageName(dir: string, title: string): string {
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  return clean(path.basename(path.resolve(dir))) || clean(title) || 'news-site';
}

function display(dir: string): string {
  return path.relative(process.cwd(), path.resolve(dir)).split(path.sep).join('/') || '.';
}
