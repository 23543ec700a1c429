import fs from 'node:fs';
import path from 'node:path';
import { sha1 } from '../hash.js';
import { diagnostic, GazetteError, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';

/** A string of the theme: plain text, or forms chosen by the plural category of its `count`. */
type StringValue = string | Partial<Record<Intl.LDMLPluralRule, string>>;

const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
/** The language every other falls back to, string by string. */
const FALLBACK = 'en';

/** The fixed texts of a theme ("By", "Updated", "Previous page"…) in one language. */
export interface ThemeStrings {
  /** The language the strings are for (the page's). */
  language: string;
  /**
   * The text of `key` with `{name}` placeholders filled from `params`; a
   * string with plural forms picks the form for `params.count`.
   * @throws Error for a key no string file defines, or a placeholder without a value.
   */
  format(key: string, params?: Record<string, unknown>): string;
  /** The raw entries of `keys`, for the browser's own formatting (search results). */
  raw(keys: string[]): Record<string, StringValue>;
  /** Keys the language's files do not define, shown in English instead. */
  missing: string[];
  /** The language `key`'s text is written in: the page's, or the fallback's (English) when the page's language has no text for it. */
  languageOf(key: string): string;
  /**
   * The language of `text` when `format` made it from a string the page's language lacks (so the
   * text is in the fallback language and should be marked with it), else null.
   */
  fallbackLanguageOf(text: string): string | null;
  /** Changes whenever any string in use changes. */
  digest: string;
  /**
   * Keys of the language's own files that no English file defines (a misspelt key, "by" for
   * "bylineBy"): no template asks for them, so their texts would never show without a word.
   */
  warnings: Diagnostic[];
}

/**
 * Load the strings of `language` from `strings/<name>.json` in each theme
 * layer (gazette's own theme first, the site's overriding it key by key).
 * The files tried, most general first: `en.json` (the fallback for every
 * key), then the language (`zh.json`), its region (`zh-CN.json`), its script
 * (`zh-Hans.json`) and the exact tag; a later file wins.
 * @param display How to name a file in messages.
 * @throws GazetteError naming the file (and line and column) of a malformed string file.
 */
export function loadStrings(layers: string[], language: string, display: (file: string) => string): ThemeStrings {
  const names = fileNames(language);
  const table = new Map<string, { value: StringValue; language: string; file: string }>();
  const englishValues = new Map<string, StringValue>();
  const own = new Set<string>();
  const english = new Set<string>();
  const problems: Diagnostic[] = [];
  const hash: string[] = [language];
  const translated: { display: string; text: string; keys: string[]; entries: Record<string, StringValue> }[] = [];
  for (const name of names) {
    for (const layer of layers) {
      const file = path.join(layer, 'strings', `${name}.json`);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const entries = readStringFile(text, display(file), problems);
      hash.push(name, JSON.stringify(entries));
      for (const [key, value] of Object.entries(entries)) {
        table.set(key, { value, language: name, file: display(file) });
        (name === FALLBACK ? english : own).add(key);
        if (name === FALLBACK) englishValues.set(key, value);
      }
      if (name !== FALLBACK) translated.push({ display: display(file), text, keys: Object.keys(entries), entries });
    }
  }
  if (problems.length) throw new GazetteError('Theme strings have errors', { diagnostics: problems });
  const warnings = [...unknownKeys(translated, english), ...unknownPlaceholders(translated, englishValues)];
  // English in any region reads the English strings as its own.
  const isFallback = names.length === 1 || names[1] === FALLBACK || names[1]!.startsWith(`${FALLBACK}-`);
  const missing = isFallback ? [] : [...table.keys()].filter((key) => !own.has(key)).sort();
  const shownInFallback = new Set(missing);
  const fallbackTexts = new Set<string>();
  const plurals = new Map<string, Intl.PluralRules>();
  const pluralOf = (lang: string, count: number) => {
    let rules = plurals.get(lang);
    if (!rules) plurals.set(lang, (rules = new Intl.PluralRules(lang)));
    return rules.select(count);
  };

  return {
    language,
    missing,
    warnings,
    digest: sha1(hash.join('\0')),
    languageOf: (key) => (shownInFallback.has(key) ? FALLBACK : language),
    fallbackLanguageOf: (text) => (fallbackTexts.has(text) ? FALLBACK : null),
    format(key, params = {}) {
      const entry = table.get(key);
      if (!entry) throw new Error(`t: no string "${key}" in the theme's strings/${FALLBACK}.json`);
      let text: string;
      if (typeof entry.value === 'string') {
        text = entry.value;
      } else {
        const count = Number(params.count);
        const form = Number.isFinite(count) ? pluralOf(entry.language, count) : 'other';
        text = entry.value[form] ?? entry.value.other ?? '';
      }
      const result = text.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (!(name in params)) {
          const given = Object.keys(params);
          throw new Error(`t: string "${key}" (${entry.file}) needs a value for {${name}}, which the template does not give${given.length ? ` (it gives ${given.join(', ')})` : ''}`);
        }
        return String(params[name]);
      });
      if (shownInFallback.has(key)) fallbackTexts.add(result);
      return result;
    },
    raw(keys) {
      return Object.fromEntries(keys.map((key) => [key, table.get(key)?.value ?? '']));
    },
  };
}

/** Text direction of a language: 'rtl' for Arabic, Hebrew, Persian, Urdu…, else 'ltr'. */
export function textDirection(language: string): 'ltr' | 'rtl' {
  try {
    const info = (new Intl.Locale(language) as Intl.Locale & { textInfo?: { direction?: string } }).textInfo;
    return info?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** String file names to load for `language`, most general first: 'en', then 'zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN'. */
function fileNames(language: string): string[] {
  const names = [FALLBACK];
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(language);
  } catch {
    return names;
  }
  const script = locale.script ?? locale.maximize().script;
  const candidates = [locale.language];
  if (locale.region) candidates.push(`${locale.language}-${locale.region}`);
  if (script) candidates.push(`${locale.language}-${script}`);
  candidates.push(locale.toString());
  for (const name of candidates) if (!names.includes(name)) names.push(name);
  return names;
}

/** A warning for each key of a language's file that no English file defines, with the closest key that is. */
function unknownKeys(files: { display: string; text: string; keys: string[] }[], english: Set<string>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const { display, text, keys } of files) {
    for (const key of keys) {
      if (english.has(key)) continue;
      const hint = closest(key, english);
      const index = text.indexOf(JSON.stringify(key));
      warnings.push(
        diagnostic(
          display,
          `"${key}" is no string of the theme, so no page shows it: ${hint ? `did you mean "${hint}"?` : "the keys are those of gazette's templates/strings/en.json (a string your own templates use needs its English text in your strings/en.json too)"}`,
          'strings-unknown',
          { severity: 'warning', position: index < 0 ? null : positionAt(text, index), source: text },
        ),
      );
    }
  }
  return warnings;
}

/** The `{name}` placeholders of a string, in all its plural forms. */
function placeholdersOf(value: StringValue): Set<string> {
  const texts = typeof value === 'string' ? [value] : Object.values(value);
  return new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)));
}

/**
 * A warning for each placeholder a language's text writes that its English text does not (a
 * misspelt "{totl}"): the templates give the values the English text needs, so a page showing it
 * would fail to render.
 */
function unknownPlaceholders(files: { display: string; text: string; entries: Record<string, StringValue> }[], english: Map<string, StringValue>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const { display, text, entries } of files) {
    for (const [key, value] of Object.entries(entries)) {
      const englishValue = english.get(key);
      if (englishValue === undefined) continue; // an unknown key: warned about on its own
      const known = placeholdersOf(englishValue);
      // A string with plural forms is always given its count, which a language's forms may write ("{count} تصحيحات").
      if (typeof englishValue !== 'string') known.add('count');
      for (const name of placeholdersOf(value)) {
        if (known.has(name)) continue;
        const hint = closest(name, known);
        const index = text.indexOf(JSON.stringify(key));
        const list = known.size ? `the English text has ${[...known].map((k) => `{${k}}`).join(', ')}` : 'the English text has no placeholder';
        warnings.push(
          diagnostic(display, `"${key}" writes {${name}}, which no template gives a value for, so a page showing it fails to render: ${hint ? `did you mean {${hint}}? (${list})` : list}`, 'strings-placeholder', {
            severity: 'warning',
            position: index < 0 ? null : positionAt(text, index),
            source: text,
          }),
        );
      }
    }
  }
  return warnings;
}

function readStringFile(text: string, display: string, problems: Diagnostic[]): Record<string, StringValue> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const position = at ? positionAt(text, Number(at[1])) : null;
    problems.push(diagnostic(display, `is not valid JSON: ${(error as Error).message}`, 'strings-json', { position, source: text }));
    return {};
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push(diagnostic(display, 'must hold one JSON object of "key": "text" pairs', 'strings-json'));
    return {};
  }
  const entries: Record<string, StringValue> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const valid =
      typeof value === 'string' ||
      (value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        'other' in value &&
        Object.entries(value).every(([form, text]) => PLURAL_CATEGORIES.has(form) && typeof text === 'string'));
    if (valid) {
      entries[key] = value as StringValue;
    } else {
      const index = text.indexOf(JSON.stringify(key));
      problems.push(
        diagnostic(
          display,
          `"${key}" must be text, or an object of plural forms ("one", "other"…) that has at least "other"`,
          'strings-invalid',
          { position: index < 0 ? null : positionAt(text, index), source: text },
        ),
      );
    }
  }
  return entries;
}

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
