import { aliasOutputPath, parseAlias, type Alias } from '../content/alias.js';
import type { RedirectEntry } from '../content/redirects-file.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { SiteUrl } from '../config/site-url.js';
import { closest } from '../report/suggest.js';
import { encodePath } from '../content/slug.js';
import { textDirection, type ThemeStrings } from '../render/strings.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { HeldBackReason } from './schedule.js';

/** One moved URL, for a host's redirect file: `from` (the alias) leads to `to`. */
export interface RedirectRule {
  /** Path with the base path, percent-encoded: '/news/2019/05/old-url/'. */
  path: string;
  /** The old URL's query ('p=123'), or null. */
  query: string | null;
  /** Where it leads: a root-relative URL with the base path, or an absolute URL. */
  to: string;
}

/** What the redirects of a site make: a page per path alias, the rules for the host, and problems. */
export interface PlannedRedirects {
  files: OutputFile[];
  rules: RedirectRule[];
  diagnostics: Diagnostic[];
  /** For --verbose: entries that wait for the scheduled source they lead to. */
  notes: string[];
}

/** What planning redirects needs to know of the site. */
export interface RedirectInput {
  /** Published articles and pages, with their aliases and URLs. */
  items: SiteArticle[];
  /** Entries of the redirects file. */
  entries: RedirectEntry[];
  /** URL of every published Markdown source (source path → URL), for targets named by their source. */
  sourceUrls: Map<string, string>;
  /** The sources this build holds back (source path → why, and the item's date); default: none. */
  heldBack?: ReadonlyMap<string, { reason: HeldBackReason; date: number }>;
  /** The site's origin and base path (of the whole site, not of a language folder). */
  site: SiteUrl;
  /** Every other output file of the site, which no alias may replace. */
  files: OutputFile[];
  /** Whether the host's redirect file can match a query (`/?p=123`); null names no host. */
  queryHost: { name: string; matchesQueries: boolean } | null;
  /** The site's languages, which a redirect page speaks (that of the page it leads to). */
  languages: RedirectLanguages;
}

/** What a redirect page needs to speak the language of the page it leads to. */
export interface RedirectLanguages {
  /** The default language, for a target in none of the site's languages (another site, a file). */
  defaultLanguage: string;
  /** Each language's folder below the base path ('' at the root), e.g. 'fr/'. */
  folders: { code: string; prefix: string }[];
  /** The theme's strings in a language (the site's theme overriding gazette's). */
  stringsFor(language: string): ThemeStrings;
}

/**
 * Plan the redirects of old URLs: front matter `aliases` of published
 * articles and pages (held-back ones publish none) and the redirects file.
 * A path alias gets a small page at its path that sends readers and crawlers
 * on (meta refresh, canonical link, a plain link, noindex); every alias also
 * gets a rule for the host's redirect file. A query alias (`/?p=123`) cannot
 * be a file, so only a host that matches queries can serve it: elsewhere it
 * is a warning. Aliases are paths under the site's base path, like
 * root-relative links. An alias that is another output's path, or that two
 * sources give, is an error naming both. A redirects-file entry leading to a
 * source that is not published is left out: with a note when the source is
 * scheduled (a newsroom adds the entry with the story it schedules, and the
 * build that publishes one publishes the other), else with a warning that
 * says why (a draft, expired, or no such source).
 */
export function planRedirects(input: RedirectInput): PlannedRedirects {
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const files: OutputFile[] = [];
  const rules: RedirectRule[] = [];
  const keyOf = (p: string) => p.normalize('NFC').toLowerCase();
  const taken = new Map<string, string>();
  for (const file of input.files) taken.set(keyOf(file.path), file.owner);
  const claimed = new Map<string, string>();
  const bySource = new Map(input.items.map((item) => [item.sourcePath, item]));

  const add = (alias: Alias, to: string, language: string, owner: string, where: Pick<Diagnostic, 'file' | 'position'>) => {
    const shown = alias.encodedPath + (alias.query === null ? '' : `?${alias.query}`);
    const fail = (message: string) => diagnostics.push(diagnostic(where.file, message, 'alias-collision', { position: where.position }));
    const claimKey = alias.query === null ? `path\0${keyOf(aliasOutputPath(alias))}` : `query\0${keyOf(alias.path)}?${alias.query}`;
    const other = claimed.get(claimKey);
    if (other !== undefined) {
      fail(`the old URL ${shown} is also claimed by ${other}; keep it in one place`);
      return;
    }
    claimed.set(claimKey, owner);
    const rule: RedirectRule = { path: input.site.basePath + alias.encodedPath.slice(1), query: alias.query, to };
    if (alias.query !== null) {
      if (!input.queryHost?.matchesQueries) {
        const host = input.queryHost ? `${input.queryHost.name}'s redirect file cannot match a query` : 'no "deploy.host" whose redirect file can match a query (netlify) is set';
        diagnostics.push(
          diagnostic(where.file, `the old URL ${shown} has a query, so no file can serve it, and ${host}: it is left out`, 'alias-query-unserved', {
            position: where.position,
            severity: 'warning',
          }),
        );
        return;
      }
      rules.push(rule);
      return;
    }
    const outputPath = aliasOutputPath(alias);
    const page = taken.get(keyOf(outputPath));
    if (page !== undefined) {
      fail(`the old URL ${shown} is the address of ${page}, which would be replaced; remove the alias or move that page`);
      return;
    }
    files.push({ type: 'text', path: outputPath, owner: `${owner} (old URL ${shown})`, content: redirectPage(to, input.site, input.languages.stringsFor(language)) });
    rules.push(rule);
  };

  for (const item of input.items) {
    for (const text of item.aliases) {
      const alias = parseAlias(text);
      // Validated when the front matter was read; a cached entry from an older parser is not trusted blindly.
      if ('problem' in alias) continue;
      add(alias, item.url, item.language, item.displayPath, { file: item.displayPath, position: null });
    }
  }
  for (const entry of input.entries) {
    const alias = parseAlias(entry.from);
    if ('problem' in alias) continue;
    const to = resolveTarget(entry.to, input);
    if (to === null) {
      const source = entry.to.replace(/^\.\//, '');
      const held = input.heldBack?.get(source);
      if (held?.reason === 'scheduled') {
        notes.push(`${entry.file}: ${entry.from} leads to ${entry.to}, which is scheduled: the redirect is published with it, ${new Date(held.date).toISOString()}`);
        continue;
      }
      diagnostics.push(
        diagnostic(entry.file, `${entry.from} leads to ${entry.to}, ${unpublishedWhy(source, held?.reason, input)}`, 'redirect-target-unpublished', {
          position: entry.position,
          severity: 'warning',
        }),
      );
      continue;
    }
    const language = bySource.get(entry.to.replace(/^\.\//, ''))?.language ?? languageOfUrl(to, input);
    add(alias, to, language, entry.file, { file: entry.file, position: entry.position });
  }
  return { files, rules, diagnostics, notes };
}

/** Why a redirect's source target is not published, and what to do, for its warning. */
function unpublishedWhy(source: string, reason: HeldBackReason | undefined, input: RedirectInput): string {
  if (reason === 'draft') return 'a draft: left out until the draft is published';
  if (reason === 'expired') return 'which has expired: left out (remove the entry, or the expiry)';
  const near = closest(source, [...input.sourceUrls.keys(), ...(input.heldBack?.keys() ?? [])]);
  const hint = near ? `did you mean ${near}?` : 'name an article or page by its path in the source folder, e.g. "2024/story.md"';
  return `which is no article or page in the source folder: left out (${hint})`;
}

/** A redirect file's target as a URL: a source's published URL, a path under the base path, or an absolute URL as given. */
function resolveTarget(to: string, input: RedirectInput): string | null {
  if (/^https?:\/\//i.test(to)) return encodeURI(safeDecode(to));
  if (!to.startsWith('/')) return input.sourceUrls.get(to.replace(/^\.\//, '')) ?? null;
  return input.site.basePath + encodeURI(safeDecode(to.slice(1)));
}

/** The language of a URL on the site: that of the language folder it is in, else the default language (for another site's too). */
function languageOfUrl(url: string, input: RedirectInput): string {
  const { folders, defaultLanguage } = input.languages;
  let found = { code: defaultLanguage, length: -1 };
  for (const { code, prefix } of folders) {
    const folder = input.site.basePath + encodePath(prefix);
    if (prefix !== '' && url.startsWith(folder) && folder.length > found.length) found = { code, length: folder.length };
  }
  return found.code;
}

/** `decodeURI`, leaving text with a stray "%" as it is (so it is encoded once, not twice). */
function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/**
 * The page left at an old URL: it sends browsers on at once, tells crawlers
 * where the page now is and to index that instead, and has a plain link for
 * anything that follows neither; in the language of `strings` (that of the
 * page it leads to), a text the language lacks marked as English.
 */
export function redirectPage(to: string, site: SiteUrl, strings: ThemeStrings): string {
  const target = escapeHtml(to);
  const canonical = escapeHtml(/^https?:\/\//i.test(to) || site.origin === '' ? to : site.origin + to);
  const language = strings.language;
  const rtl = textDirection(language) === 'rtl';
  // Whatever `{link}` stands for in the sentence, the link goes there, its text escaped around it.
  const [before, after] = strings.format('movedTo', { link: '\0' }).split('\0');
  const link = `<a href="${target}"${rtl ? ' dir="ltr"' : ''}>${target}</a>`;
  const sentence = after === undefined ? `${escapeHtml(before!)} ${link}` : escapeHtml(before!) + link + escapeHtml(after);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}"${rtl ? ' dir="rtl"' : ''}>`,
    '<head>',
    '<meta charset="utf-8">',
    `<title${shownIn(strings, 'movedTitle')}>${escapeHtml(strings.format('movedTitle'))}</title>`,
    '<meta name="robots" content="noindex">',
    `<link rel="canonical" href="${canonical}">`,
    `<meta http-equiv="refresh" content="0; url=${target}">`,
    '</head>',
    '<body>',
    `<p${shownIn(strings, 'movedTo')}>${sentence}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The `lang` (and `dir`) of a string shown in the fallback language because the page's has none; '' when it is the page's own. */
function shownIn(strings: ThemeStrings, key: string): string {
  const lang = strings.languageOf(key);
  if (lang === strings.language) return '';
  const dir = textDirection(lang) === textDirection(strings.language) ? '' : ` dir="${textDirection(lang)}"`;
  return ` lang="${lang}"${dir}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
