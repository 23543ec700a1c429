/** One language of the site, as configured. */
export interface LanguageSettings {
  /** Shown in the language switcher, in the language itself: "English", "中文". */
  name: string;
  /** The site's title in this language; default: the site's `title`. */
  title?: string;
  /** The site's description in this language; default: the site's `description`. */
  description?: string;
  /** Date styles of `formatDate` redefined for this language: style name → Intl.DateTimeFormat options. */
  dateFormats?: Record<string, Intl.DateTimeFormatOptions>;
}

/** A language of the site with everything that follows from its settings. */
export interface SiteLanguage {
  /** BCP 47 tag, as configured: 'en-GB', 'zh-CN'. */
  code: string;
  name: string;
  title: string;
  description: string;
  /** The language its title and description are written in: its own, or the default language's when taken from the site's. */
  titleLanguage: string;
  descriptionLanguage: string;
  /** The folder its pages live in under the base path: '' for the default language at the root, else 'zh-CN/'. */
  prefix: string;
  isDefault: boolean;
  /** Date styles this language redefines, or null. */
  dateFormats: Record<string, Intl.DateTimeFormatOptions> | null;
}

/**
 * Check the `languages` setting: a mapping of language tags to their name and,
 * optionally, the site's title and description in that language.
 * @returns A problem description, or null.
 */
export function checkLanguages(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return 'must map language tags to their settings, e.g. {"en": {"name": "English"}, "zh-CN": {"name": "中文"}}';
  }
  const codes = Object.keys(value);
  if (codes.length === 0) return 'must list at least one language';
  const seen = new Map<string, string>();
  for (const [code, settings] of Object.entries(value as Record<string, unknown>)) {
    let canonical: string;
    try {
      canonical = Intl.getCanonicalLocales(code)[0]!;
    } catch {
      return `"${code}" is not a valid language tag (e.g. "en", "en-GB", "zh-CN")`;
    }
    if (!/^[A-Za-z0-9-]+$/.test(code)) return `"${code}" is not a valid language tag (e.g. "en", "en-GB", "zh-CN")`;
    const other = seen.get(canonical.toLowerCase());
    if (other) return `"${code}" and "${other}" are the same language`;
    seen.set(canonical.toLowerCase(), code);
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      return `"${code}" must be a mapping with at least "name", e.g. {"name": "English"}`;
    }
    const s = settings as Record<string, unknown>;
    if (typeof s.name !== 'string' || s.name.trim() === '') return `"${code}" needs a "name", shown in the language switcher`;
    for (const key of Object.keys(s)) {
      if (key === 'dateFormats') {
        const problem = checkDateFormats(code, s.dateFormats);
        if (problem) return problem;
        continue;
      }
      if (key !== 'name' && key !== 'title' && key !== 'description') return `"${code}": unknown setting "${key}" (use name, title, description, dateFormats)`;
      if (typeof s[key] !== 'string') return `"${code}": "${key}" must be text`;
    }
  }
  return null;
}

/**
 * The site's languages, the default one first. Without a `languages`
 * setting the site has one language, `language`, at the root.
 * @param languages The validated `languages` setting, or null.
 * @param defaultCode The `language` setting: the default language.
 * @param prefixDefault Whether the default language also lives under its own folder.
 * @returns The languages, or a problem description when `language` is not among them.
 */
export function siteLanguages(
  site: { title: string; description: string },
  languages: Record<string, LanguageSettings> | null,
  defaultCode: string,
  prefixDefault: boolean,
): SiteLanguage[] | string {
  if (!languages) {
    return [
      {
        code: defaultCode,
        name: defaultCode,
        title: site.title,
        description: site.description,
        titleLanguage: defaultCode,
        descriptionLanguage: defaultCode,
        prefix: '',
        isDefault: true,
        dateFormats: null,
      },
    ];
  }
  const codes = Object.keys(languages);
  const defaultKey = codes.find((code) => code.toLowerCase() === defaultCode.toLowerCase());
  if (!defaultKey) return `"language" is "${defaultCode}", which is not one of "languages" (${codes.join(', ')}); the default language must be listed`;
  const ordered = [defaultKey, ...codes.filter((code) => code !== defaultKey)];
  return ordered.map((code) => {
    const settings = languages[code]!;
    const isDefault = code === defaultKey;
    return {
      code,
      name: settings.name.trim(),
      title: settings.title ?? site.title,
      description: settings.description ?? site.description,
      titleLanguage: settings.title === undefined ? defaultKey : code,
      descriptionLanguage: settings.description === undefined ? defaultKey : code,
      prefix: isDefault && !prefixDefault ? '' : `${code}/`,
      isDefault,
      dateFormats: settings.dateFormats ?? null,
    };
  });
}

/**
 * Which language an article is in and its translation key: the `lang`
 * field, or else the top folder when it is named after a language, or else
 * the default language. The key is the `translationKey` field, or else the
 * path below the language's folder without `.md` (so `en/2023/trade.md` and
 * `zh-CN/2023/trade.md` are translations of each other).
 * @returns The language and key, or a problem with the `lang` field.
 */
export function languageOfSource(
  sourcePath: string,
  fields: { lang: string | null; translationKey: string | null },
  languages: SiteLanguage[],
): { language: SiteLanguage; key: string } | { problem: string } {
  const byCode = (code: string) => languages.find((l) => l.code.toLowerCase() === code.toLowerCase());
  const [top, ...rest] = sourcePath.split('/');
  const folder = rest.length > 0 ? byCode(top!) : undefined;
  let language = folder ?? languages[0]!;
  if (fields.lang !== null) {
    const named = byCode(fields.lang);
    if (!named) return { problem: `"lang" is "${fields.lang}", which is not one of the site's languages (${languages.map((l) => l.code).join(', ')})` };
    language = named;
  }
  const below = folder ? rest.join('/') : sourcePath;
  return { language, key: fields.translationKey ?? below.replace(/\.md$/i, '') };
}

/** The styles `formatDate` knows; a language may redefine any of them. */
const DATE_STYLE_NAMES = ['date', 'short', 'datetime', 'time', 'month-year'];

/** Check a language's `dateFormats`: known style names, each a set of Intl.DateTimeFormat options the language accepts. */
function checkDateFormats(code: string, value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `"${code}": "dateFormats" must map style names (${DATE_STYLE_NAMES.join(', ')}) to Intl.DateTimeFormat options, e.g. {"date": {"year": "numeric", "month": "long", "day": "numeric"}}`;
  }
  for (const [style, options] of Object.entries(value as Record<string, unknown>)) {
    if (!DATE_STYLE_NAMES.includes(style)) return `"${code}": "dateFormats" has an unknown style "${style}" (use ${DATE_STYLE_NAMES.join(', ')})`;
    if (options === null || typeof options !== 'object' || Array.isArray(options) || 'timeZone' in options) {
      return `"${code}": "dateFormats.${style}" must be Intl.DateTimeFormat options such as {"month": "long"} (the time zone is the site's)`;
    }
    try {
      new Intl.DateTimeFormat(code, options as Intl.DateTimeFormatOptions).format(0);
    } catch (error) {
      return `"${code}": "dateFormats.${style}" is not usable: ${(error as Error).message}`;
    }
  }
  return null;
}
