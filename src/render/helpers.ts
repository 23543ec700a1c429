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
  hbs.registerHelper('formatDate', (value: unknown, ...rest: unknown[]) => {
    if (rest.length === 0) throw new Error('formatDate: give the date to write, such as {{formatDate article.date}}');
    // An optional date (article.updated, live.latest) is null when there is none: nothing is written.
    if (value === null || value === undefined || value === '') return '';
    // Text that is no date ("yesterday", a title given by mistake) was printed as it was.
    const notADate = () => new Error(`formatDate: ${describe(value)} is not a date; give a date field, such as {{formatDate article.date}}`);
    if (typeof value !== 'string') throw notADate();
    const iso = value;
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
      if (Number.isNaN(date.getTime())) throw notADate();
      text = formatter.format(date);
      if (formatted.size >= 200_000) formatted.clear();
      formatted.set(memo, text);
    }
    return text;
  });
  hbs.registerHelper('json', (...args: unknown[]) => {
    // Without a value Handlebars passes its own options, which would print the whole page's context.
    if (args.length !== 2) throw new Error(`json: give one value to write, such as {{json page.jsonLd}}${args.length > 2 ? `, not ${args.length - 1}` : ''}`);
    return new hbs.SafeString(safeJson(args[0]));
  });
  hbs.registerHelper('asset', (file: unknown) => {
    if (typeof file !== 'string') throw new Error('asset: give a path such as "css/site.css"');
    return `${basePath}assets/${file.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`;
  });
  // Handlebars passes its options last, in place of a value left out: `(eq page.kind)` compared the
  // kind with that object, false on every page, without a word. The count of values is checked.
  const values = (name: string, count: number, example: string, args: unknown[]) => {
    const given = args.slice(0, -1);
    if (given.length !== count) throw new Error(`${name}: give ${count === 1 ? 'one value' : `${count} values`}, such as ${example}, not ${given.length}`);
    return given;
  };
  hbs.registerHelper('eq', (...args: unknown[]) => {
    const [a, b] = values('eq', 2, '(eq page.kind "home")', args);
    return a === b;
  });
  hbs.registerHelper('ne', (...args: unknown[]) => {
    const [a, b] = values('ne', 2, '(ne page.kind "home")', args);
    return a !== b;
  });
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (...args: unknown[]) => !values('not', 1, '(not article.draft)', args)[0]);
  hbs.registerHelper('gt', (...args: unknown[]) => {
    const [a, b] = values('gt', 2, '(gt article.tags.length 0)', args);
    return Number(a) > Number(b);
  });
  hbs.registerHelper('add', (...args: unknown[]) => {
    const [a, b] = values('add', 2, '(add @index 1)', args);
    const sum = Number(a) + Number(b);
    // NaN would be printed on the page as it is.
    if (Number.isNaN(sum)) throw new Error(`add: ${[a, b].map(describe).join(' and ')} must be numbers`);
    return sum;
  });
}

/** A value as a message shows it: text quoted, numbers as they are, others by kind ('a list', 'an object'). */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing (a field that does not exist)';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
