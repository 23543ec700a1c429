import type Handlebars from 'handlebars';

/** Date styles the `formatDate` helper accepts (a language of the site may redefine them: see `dateFormats`). */
export const DATE_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  datetime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  'month-year': { month: 'long', year: 'numeric' },
};

/**
 * JSON that is safe inside `<script>`: `<`, `>`, `&` and the line separators
 * are escaped so no value can close the script element or break out of it.
 */
export function safeJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(UNSAFE_IN_SCRIPT, (char) => JSON_ESCAPES[char]!);
}

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * The language of the page being rendered: its `site.language` (each
 * language of a site has its own site view), else `fallback`.
 */
export function pageLanguage(options: unknown, fallback: string): string {
  const root = (options as { data?: { root?: { site?: { language?: unknown } } } } | undefined)?.data?.root;
  const language = root?.site?.language;
  return typeof language === 'string' ? language : fallback;
}

/**
 * gazette's helpers whose result depends only on their arguments and the page's language
 * (`t`, `strings` and `formatDate` read it), so a partial using only these can be memoized.
 */
export const PURE_HELPERS: ReadonlySet<string> = new Set(['formatDate', 'json', 'asset', 'hasAsset', 'eq', 'ne', 'and', 'or', 'not', 'gt', 'add', 't', 'tHtml', 'strings']);

/**
 * Register gazette's template helpers on a Handlebars environment.
 * @param language BCP 47 tag for dates when the page has none, e.g. 'en-GB'.
 * @param timeZone IANA zone dates are shown in.
 * @param basePath The site's base path, for `asset`.
 */
export function registerHelpers(
  hbs: typeof Handlebars,
  language: string,
  timeZone: string,
  basePath: string,
  /** Styles a language redefines (its `dateFormats` setting), by language. */
  dateFormats: Map<string, Record<string, Intl.DateTimeFormatOptions>> = new Map(),
): void {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  // An article's date shows on its page, its neighbours' and related blocks and several listings:
  // each is formatted once (Intl formatting is the costly part of this helper).
  const formatted = new Map<string, string>();
  hbs.registerHelper('formatDate', (iso: unknown, ...rest: unknown[]) => {
    if (typeof iso !== 'string' || iso === '') return '';
    const style = rest.length > 1 ? rest[0] : undefined;
    const key = typeof style === 'string' ? style : 'date';
    // Dates are written in the page's language: a site in several languages formats each its own way.
    const lang = pageLanguage(rest[rest.length - 1], language);
    const options = dateFormats.get(lang)?.[key] ?? DATE_STYLES[key];
    if (!options) throw new Error(`formatDate: unknown style "${key}"; use ${Object.keys(DATE_STYLES).join(', ')}`);
    const memo = `${lang}\0${key}\0${iso}`;
    let text = formatted.get(memo);
    if (text === undefined) {
      let formatter = formatters.get(`${lang}\0${key}`);
      if (!formatter) formatters.set(`${lang}\0${key}`, (formatter = new Intl.DateTimeFormat(lang, { ...options, timeZone })));
      const date = new Date(iso);
      text = Number.isNaN(date.getTime()) ? iso : formatter.format(date);
      if (formatted.size >= 200_000) formatted.clear();
      formatted.set(memo, text);
    }
    return text;
  });
  hbs.registerHelper('json', (value: unknown) => new hbs.SafeString(safeJson(value)));
  hbs.registerHelper('asset', (file: unknown) => {
    if (typeof file !== 'string') throw new Error('asset: give a path such as "css/site.css"');
    return `${basePath}assets/${file.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`;
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (value: unknown) => !value);
  hbs.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hbs.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
}
