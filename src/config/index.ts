import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic, GazetteError, type Diagnostic } from '../report/diagnostics.js';
import { closest, didYouMean } from '../report/suggest.js';
import { checkImageSettings, DEFAULT_IMAGE_SETTINGS, imageSettings, type ImageSettings } from '../images/settings.js';
import { checkPermalinkPattern } from './permalink-pattern.js';
import { findJsonSlip } from './json-slips.js';
import { checkCheckSettings, checkSettings as checkSettingsOf, DEFAULT_CHECK_SETTINGS, type CheckSettings } from './check-settings.js';
import { CODE_KEYS, importConfigModule, readConfigCode, type ConfigCode } from './config-module.js';
import { moduleDependencies } from './module-identity.js';
import { parseDate } from '../content/dates.js';
import { checkLanguages, siteLanguages, type LanguageSettings, type SiteLanguage } from './languages.js';
import { parseSiteUrl, type SiteUrl } from './site-url.js';
import { sha1 } from '../hash.js';
import { pushAll } from '../push-all.js';
import { HOSTS, type Host } from './hosts.js';
import { checkFront, checkSections, frontSettings, sectionSettings, type FrontSettings, type SectionSetting } from './front.js';
import { checkShare, DEFAULT_SHARE_SETTINGS, shareSettings, type ShareSettings } from './share.js';

export type { ConfigCode, PluginEntry } from './config-module.js';

/** Settings a site can put in `gazette.config.json`. */
export interface SiteSettings {
  title: string;
  description: string;
  /** Absolute URL (`https://example.org/news/`) or just a base path (`/news/`). */
  url: string | null;
  language: string;
  timezone: string;
  author: string | null;
  permalink: string;
  pageSize: number;
  /** Keep authors' raw HTML as written instead of sanitizing it. */
  trustHtml: boolean;
  feedLimit: number;
  feedFullContent: boolean;
  /** Responsive images, social crops and their settings (see images/settings.ts). */
  images: ImageSettings;
  /**
   * Seconds an article may take to render before it is stopped and reported,
   * plus as much again per 256 KB of the article (see `renderBudgetMs`).
   */
  markdownTimeout: number;
  /** Header and footer menus (see `menus.ts`); validated when the site is planned. */
  menus: Record<string, unknown[]>;
  /** The site's languages (tag → name, title, description), or null for one language, `language`. */
  languages: Record<string, LanguageSettings> | null;
  /** Whether the default language's pages, like the others', live under a folder named after it. */
  defaultLanguageInSubdir: boolean;
  /** Where the site is published: `host` makes gazette write the files that host reads (`_headers`, `_redirects`). */
  deploy: { host: Host | null };
  /** What a build does about links and images that point at no file: `missing` is 'error' (the default) or 'warn'. */
  links: LinkSettings;
  /** What `gazette check` (and `build --strict`) leaves out: URL patterns it does not report (see check/ignore.ts). */
  check: CheckSettings;
  /** The curated front page's blocks (see config/front.ts), or null for the newest stories, paginated. */
  front: FrontSettings | null;
  /** Sections in the order navigation and front-page blocks show them, with their labels; the others follow alphabetically. */
  sections: SectionSetting[];
  /** Share links, the copy-link and the share buttons on article pages (see config/share.ts). */
  share: ShareSettings;
}

/** How strictly a build treats links and images in content that lead to no source file. */
export interface LinkSettings {
  missing: 'error' | 'warn';
}

/** Everything a build needs, resolved from defaults, the config file and flags. */
export interface Config extends SiteSettings {
  /** The languages of the site, the default one first (one, at the root, when `languages` is not set). */
  siteLanguages: SiteLanguage[];
  /**
   * The folder of the language this config is for ('zh-CN/'), whose pages
   * live under `site.basePath`, which then includes it; '' for the whole
   * site (see `languageConfig`).
   */
  languagePrefix: string;
  srcDir: string;
  outDir: string;
  templatesDir: string;
  configFile: string | null;
  site: SiteUrl;
  drafts: boolean;
  /** Folder of the persistent build cache, or null when caching is off. */
  cacheDir: string | null;
  /** Fail on warnings and broken links, as `gazette check` reports them. */
  strict: boolean;
  /** The JavaScript config module's code and identity; null with a JSON config or none. */
  module: ConfigModule | null;
  /** The build's "now" (ms) from --now or SOURCE_DATE_EPOCH, or null for the clock. */
  now: number | null;
  /** Publish articles dated after now (--future). */
  future: boolean;
}

/** What a `gazette.config.mjs` adds to the settings. */
export interface ConfigModule {
  /** Absolute path of the module. */
  file: string;
  /** Digest of its text: part of the URL it is imported from, so an edited module is imported afresh. */
  version: string;
  /** Changes when the module, a local file it imports or an imported package's installed version changes. */
  identity: string;
  /** The module and the local files it imports (absolute paths): stamped by builds, watched by `watch`. */
  files: string[];
  code: ConfigCode;
  /** Functions cannot be compared or stored: a config module is identified by its identity alone. */
  toJSON(): string;
}

/** Command-line options that override the config file. */
export interface ConfigFlags {
  src?: string;
  out?: string;
  templates?: string;
  config?: string;
  baseUrl?: string;
  drafts?: boolean;
  /** False for --no-cache. */
  cache?: boolean;
  cacheDir?: string;
  strict?: boolean;
  /** --now: an ISO 8601 time. */
  now?: string;
  future?: boolean;
}

export const DEFAULT_SETTINGS: SiteSettings = {
  title: 'Gazette',
  description: '',
  url: null,
  language: 'en',
  timezone: 'UTC',
  author: null,
  permalink: '/{yyyy}/{mm}/{slug}/',
  pageSize: 10,
  trustHtml: false,
  feedLimit: 20,
  feedFullContent: false,
  images: DEFAULT_IMAGE_SETTINGS,
  markdownTimeout: 10,
  menus: {},
  languages: null,
  defaultLanguageInSubdir: false,
  deploy: { host: null },
  links: { missing: 'error' },
  check: DEFAULT_CHECK_SETTINGS,
  front: null,
  sections: [],
  share: DEFAULT_SHARE_SETTINGS,
};

/** Config files looked for when none is given, in order; at most one of them may exist. */
const CONFIG_FILES = ['gazette.config.mjs', 'gazette.config.js', 'gazette.config.json'];
/** The theme shipped with gazette, used when no templates folder is given or found. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

type Check = (value: unknown) => string | null;
const string: Check = (v) => (typeof v === 'string' ? null : 'must be a string');
const nullableString: Check = (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null');
const boolean: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const positiveInteger: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 100000 ? null : 'must be a whole number from 1 to 100000';

const CHECKS: Record<keyof SiteSettings, Check> = {
  title: string,
  description: string,
  // Checked here, not only when the site is planned, so that a mistake is named at its line like the others.
  url: (v) => {
    const problem = nullableString(v);
    if (problem) return problem;
    try {
      parseSiteUrl(v as string | null);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  },
  language: (v) => {
    if (typeof v !== 'string') return 'must be a string such as "en" or "zh-CN"';
    try {
      Intl.getCanonicalLocales(v);
      return null;
    } catch {
      return `"${v}" is not a valid language tag (e.g. "en", "en-GB", "zh-CN")`;
    }
  },
  timezone: (v) => {
    if (typeof v !== 'string') return 'must be an IANA time zone name such as "Asia/Shanghai"';
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return null;
    } catch {
      return `"${v}" is not a known IANA time zone (e.g. "UTC", "Europe/London", "Asia/Shanghai")`;
    }
  },
  author: nullableString,
  permalink: (v) => {
    if (typeof v !== 'string') return 'must be a string containing {slug}, e.g. "/{yyyy}/{mm}/{slug}/"';
    const problem = checkPermalinkPattern(v);
    return problem ? `"${v}" ${problem}` : null;
  },
  pageSize: positiveInteger,
  trustHtml: boolean,
  feedLimit: positiveInteger,
  feedFullContent: boolean,
  images: checkImageSettings,
  markdownTimeout: (v) => (typeof v === 'number' && v >= 0.01 && v <= 3600 ? null : 'must be a number of seconds from 0.01 to 3600'),
  menus: (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(Array.isArray)
      ? null
      : 'must map menu names to lists of entries, e.g. {"header": [{"label": "About", "page": "about.md"}]}',
  languages: checkLanguages,
  defaultLanguageInSubdir: boolean,
  front: checkFront,
  sections: checkSections,
  share: checkShare,
  deploy: (v) => {
    const shape = `must be an object such as {"host": "netlify"}; "host" is one of ${HOSTS.map((h) => JSON.stringify(h)).join(', ')} or null`;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return shape;
    const unknown = Object.keys(v).find((key) => key !== 'host');
    if (unknown !== undefined) return `has an unknown key "${unknown}"${didYouMean(unknown, ['host'])}; ${shape}`;
    const host = (v as { host?: unknown }).host;
    if (host === undefined || host === null || (HOSTS as readonly unknown[]).includes(host)) return null;
    const hint = typeof host === 'string' ? closest(host, [...HOSTS]) : null;
    return `"host" must be one of ${HOSTS.map((h) => JSON.stringify(h)).join(', ')} or null, not ${JSON.stringify(host)}${hint ? `; did you mean "${hint}"?` : ''}`;
    },
  links: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object such as {"missing": "warn"}';
    for (const [key, value] of Object.entries(v)) {
      if (key !== 'missing') return `has an unknown key "${key}"${didYouMean(key, ['missing'])} (known: missing)`;
      if (value !== 'error' && value !== 'warn') return '"missing" must be "error" (the default) or "warn"';
    }
    return null;
  },
  check: checkCheckSettings,
};

/**
 * Resolve the build configuration: defaults < config file < flags.
 * @param flags Options from the command line.
 * @param cwd Directory relative paths are resolved against.
 * @returns The validated configuration.
 * @throws GazetteError listing every invalid setting.
 */
export async function loadConfig(flags: ConfigFlags, cwd = process.cwd()): Promise<Config> {
  const configFile = findConfigFile(flags.config, cwd);
  const { settings: fromFile, module } = configFile ? await readConfigFile(configFile, cwd) : { settings: {}, module: null };
  const settings: SiteSettings = { ...DEFAULT_SETTINGS, ...fromFile };
  settings.images = imageSettings(fromFile.images);
  settings.deploy = { host: fromFile.deploy?.host ?? null };
  settings.links = { ...DEFAULT_SETTINGS.links, ...fromFile.links };
  settings.check = checkSettingsOf(fromFile.check);
  settings.front = frontSettings(fromFile.front);
  settings.sections = sectionSettings(fromFile.sections);
  settings.share = shareSettings(fromFile.share);
  if (flags.baseUrl !== undefined) settings.url = flags.baseUrl;

  const display = configFile ? path.relative(cwd, configFile) || configFile : '--base-url';
  let site: SiteUrl;
  try {
    site = parseSiteUrl(settings.url);
  } catch (error) {
    const where = flags.baseUrl !== undefined ? '--base-url' : display;
    throw new GazetteError(`Invalid site URL in ${where}: ${(error as Error).message}`, {
      exitCode: flags.baseUrl !== undefined ? 2 : 1,
    });
  }

  const siteLanguageList = siteLanguages(settings, settings.languages, settings.language, settings.defaultLanguageInSubdir);
  if (typeof siteLanguageList === 'string') {
    throw new GazetteError(`Invalid config file ${display}`, { diagnostics: [diagnostic(display, siteLanguageList, 'config-invalid')] });
  }
  const srcDir = path.resolve(cwd, flags.src ?? 'articles');
  const outDir = path.resolve(cwd, flags.out ?? 'dist');
  return {
    ...settings,
    siteLanguages: siteLanguageList,
    languagePrefix: '',
    srcDir,
    outDir,
    templatesDir: resolveTemplatesDir(flags.templates, cwd),
    configFile,
    site,
    drafts: flags.drafts ?? false,
    cacheDir: flags.cache === false ? null : path.resolve(cwd, flags.cacheDir ?? '.gazette-cache'),
    strict: flags.strict ?? false,
    module,
    now: resolveNow(flags.now, process.env.SOURCE_DATE_EPOCH, settings.timezone),
    future: flags.future ?? false,
  };
}

/** Whether `file` is a JavaScript config module rather than JSON. */
export function isConfigModule(file: string): boolean {
  return /\.(?:mjs|js)$/i.test(file);
}

/**
 * The build's fixed "now", if any: --now (a date or time as front matter
 * writes them; without an offset it is in the site's time zone), else
 * SOURCE_DATE_EPOCH (whole seconds since 1970).
 * @throws GazetteError (usage) for a value that is not a time.
 */
export function resolveNow(flag: string | undefined, sourceDateEpoch: string | undefined, timeZone: string): number | null {
  if (flag !== undefined) {
    const parsed = parseDate(flag, timeZone);
    if ('error' in parsed) throw new GazetteError(`--now: ${parsed.error}`, { exitCode: 2 });
    return parsed.epochMs;
  }
  const epoch = sourceDateEpoch?.trim();
  if (epoch) {
    if (!/^\d{1,12}$/.test(epoch)) {
      throw new GazetteError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not "${sourceDateEpoch}"`, { exitCode: 2 });
    }
    return Number(epoch) * 1000;
  }
  return null;
}

function findConfigFile(explicit: string | undefined, cwd: string): string | null {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file)) {
      throw new GazetteError(`Config file not found: ${explicit}`, { exitCode: 2 });
    }
    return file;
  }
  const found = CONFIG_FILES.map((name) => path.resolve(cwd, name)).filter((file) => fs.existsSync(file));
  if (found.length > 1) {
    const names = found.map((file) => path.basename(file));
    throw new GazetteError(
      `Two config files: ${names.join(' and ')}. Keep one (move the settings of ${names[names.length - 1]} into ${names[0]}), or choose one with --config`,
      { exitCode: 2 },
    );
  }
  return found[0] ?? null;
}

/**
 * The nearest folder above `cwd` that holds a config file, for a command run from inside a site
 * (its articles folder, say) rather than from the site's folder; null when there is none.
 */
export function siteFolderAbove(cwd: string): string | null {
  for (let dir = path.dirname(path.resolve(cwd)); ; dir = path.dirname(dir)) {
    if (CONFIG_FILES.some((name) => fs.existsSync(path.join(dir, name)))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * The config file a watcher keeps an eye on: the one given with --config,
 * else the one in `cwd`, else `gazette.config.json` (so that making one is noticed).
 */
export function watchedConfigFile(explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  return CONFIG_FILES.map((name) => path.resolve(cwd, name)).find((file) => fs.existsSync(file)) ?? path.resolve(cwd, 'gazette.config.json');
}

/**
 * The templates folder a watcher keeps an eye on: the one given with
 * --templates, else `templates/` in `cwd`, even while it is missing or
 * incomplete (the default theme is used then), so that making it switches the theme.
 */
export function watchedTemplatesDir(explicit: string | undefined, cwd: string): string {
  return path.resolve(cwd, explicit ?? 'templates');
}

/**
 * The theme folder a build uses: the one given, else `templates/` in `cwd` when it is a folder, else
 * the default theme. Any folder will do, even one holding a single partial: the theme takes each file
 * it has over the default theme's same file (see `loadTheme`).
 * @throws GazetteError (usage) when the folder given is missing or not a folder.
 */
export function resolveTemplatesDir(explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) {
    const dir = path.resolve(cwd, explicit);
    if (!isFolder(dir)) {
      throw new GazetteError(`Templates folder not found: ${explicit} (give a folder holding the templates, partials or assets to use over the default theme)`, {
        exitCode: 2,
      });
    }
    return dir;
  }
  const local = path.resolve(cwd, 'templates');
  return isFolder(local) ? local : BUILTIN_TEMPLATES;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

async function readConfigFile(file: string, cwd: string): Promise<{ settings: Partial<SiteSettings>; module: ConfigModule | null }> {
  const display = (f: string) => path.relative(cwd, f).split(path.sep).join('/') || f;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new GazetteError(`Cannot read config file ${display(file)}: ${(error as Error).message}`, { cause: error });
  }
  if (!isConfigModule(file)) return { settings: parseConfigText(text, display(file)), module: null };

  const version = sha1(text).slice(0, 16);
  const data = await importConfigModule(file, version, display);
  const { code, problems } = readConfigCode(data, display(file));
  const settings = Object.fromEntries(Object.entries(data).filter(([key]) => !(CODE_KEYS as readonly string[]).includes(key)));
  pushAll(problems, checkSettings(settings, display(file), null));
  if (problems.length) throw new GazetteError(`Invalid config file ${display(file)}`, { diagnostics: problems });
  const dependencies = moduleDependencies(file);
  const identity = dependencies.identity;
  return {
    settings: settings as Partial<SiteSettings>,
    module: { file, version, identity, files: dependencies.files, code, toJSON: () => identity },
  };
}

/**
 * Parse and validate the text of a config file.
 * @param text The JSON text.
 * @param display The file name to use in messages.
 */
export function parseConfigText(text: string, display: string): Partial<SiteSettings> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const slip = findJsonSlip(text, message);
    const at = /position (\d+)/.exec(message);
    const offset = slip ? slip.offset : at ? Number(at[1]) : null;
    const position = offset === null ? null : offsetToPosition(text, offset);
    throw new GazetteError(`Invalid config file ${display}`, {
      diagnostics: [diagnostic(display, `is not valid JSON: ${slip?.message ?? message}`, 'config-json', { position, source: text })],
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new GazetteError(`Invalid config file ${display}`, {
      diagnostics: [diagnostic(display, 'must contain a JSON object', 'config-json')],
    });
  }
  const problems = checkSettings(data as Record<string, unknown>, display, text);
  if (problems.length) throw new GazetteError(`Invalid config file ${display}`, { diagnostics: problems });
  return data as Partial<SiteSettings>;
}

/** Problems with the settings of a config file; `text` (JSON) positions them when given. */
function checkSettings(data: Record<string, unknown>, display: string, text: string | null): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const known = Object.keys(CHECKS);
  const source = text ?? undefined;
  for (const [key, value] of Object.entries(data)) {
    const position = text === null ? null : keyPosition(text, key);
    if (!(key in CHECKS)) {
      const hint = closest(key, known);
      problems.push(
        diagnostic(display, `unknown setting "${key}"${hint ? `; did you mean "${hint}"?` : ''}`, 'config-unknown', {
          position,
          source,
        }),
      );
      continue;
    }
    const problem = CHECKS[key as keyof SiteSettings](value);
    if (!problem) continue;
    const at = (text === null ? null : unknownKeyPosition(text, key, problem)) ?? position;
    problems.push(diagnostic(display, `"${key}" ${problem}`, 'config-invalid', { position: at, source }));
  }
  // The default language must be one of "languages": named at "language" (or "languages" when it is left out) like the others.
  if (problems.length === 0 && data.languages) {
    const language = typeof data.language === 'string' ? data.language : DEFAULT_SETTINGS.language;
    const listed = siteLanguages(DEFAULT_SETTINGS, data.languages as Record<string, LanguageSettings>, language, false);
    if (typeof listed === 'string') {
      const position = text === null ? null : keyPosition(text, data.language === undefined ? 'languages' : 'language');
      problems.push(diagnostic(display, listed, 'config-invalid', { position, source }));
    }
  }
  return problems;
}

/** Where a setting's own unknown key is written (`"widht":` inside `"images"`), when its problem names one. */
function unknownKeyPosition(text: string, setting: string, problem: string) {
  const named = /unknown key "([^"]+)"/.exec(problem);
  const from = text.indexOf(JSON.stringify(setting));
  if (!named || from < 0) return null;
  const written = new RegExp(`${JSON.stringify(named[1]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'g');
  written.lastIndex = from;
  const found = written.exec(text);
  return found ? offsetToPosition(text, found.index) : null;
}

function keyPosition(text: string, key: string) {
  const index = text.indexOf(JSON.stringify(key));
  return index < 0 ? null : offsetToPosition(text, index);
}

function offsetToPosition(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

