import type { Resolution } from './resolve.js';

/** Settings of `gazette check` in the config file. */
export interface CheckSettings {
  /** URL patterns whose links are not checked (see `ignoredBy`). */
  ignore: string[];
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { ignore: [] };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** What is wrong with one pattern of `check.ignore`, or null. */
function patternProblem(pattern: unknown): string | null {
  const shown = JSON.stringify(pattern);
  if (typeof pattern !== 'string' || pattern.trim() === '') return `has ${shown} in "ignore", where a pattern must be text such as "/subscribe"`;
  if (/\s/.test(pattern)) return `has ${shown} in "ignore": a pattern cannot contain spaces (write a space in a URL as %20)`;
  if (!pattern.startsWith('/') && !SCHEME.test(pattern)) {
    return `has ${shown} in "ignore": a pattern is a path of the site starting with "/" (e.g. "/subscribe" or "/members/**") or a URL with its scheme (e.g. "https://example.org/**")`;
  }
  if (pattern.startsWith('//')) return `has ${shown} in "ignore": a pattern starts with one "/" (a path of the site) or with a scheme such as "https:"`;
  return null;
}

/**
 * Validate the config's `check` setting: `{"ignore": [patterns]}`.
 * @returns A message to follow `"check"`, or null when it is valid.
 */
export function checkCheckSettings(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object such as {"ignore": ["/subscribe"]}';
  for (const key of Object.keys(value)) {
    if (key !== 'ignore') return `has an unknown key "${key}" (known: ignore)`;
  }
  const ignore = (value as Record<string, unknown>).ignore;
  if (ignore === undefined) return null;
  if (!Array.isArray(ignore)) return 'needs "ignore" as a list of URL patterns, such as ["/subscribe", "/members/**"]';
  for (const pattern of ignore) {
    const problem = patternProblem(pattern);
    if (problem) return problem;
  }
  return null;
}

/** The `check` settings of a config file, defaults filled in. */
export function checkSettings(fromFile: Partial<CheckSettings> | undefined): CheckSettings {
  return { ignore: [...(fromFile?.ignore ?? DEFAULT_CHECK_SETTINGS.ignore)] };
}

/** A glob as a regular expression: `**` is any text, `*` any text without "/", `?` one character but "/". */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/**
 * A test for the links `check.ignore` leaves out. A pattern starting with
 * "/" is a path of the site, below its base path, as menus write them
 * (`/subscribe` matches `/news/subscribe` on a site served under /news/),
 * compared with the link's path decoded, without its query; a pattern with a
 * "#" is compared with the path and the fragment. A pattern starting with a
 * scheme (`https:`, `mailto:`) is compared with the URL as written. In
 * patterns, `*` stands for any characters but "/", `**` for any characters,
 * `?` for one character but "/".
 * @returns Whether a URL, as written and as resolved, is ignored.
 */
export function ignoredBy(patterns: string[]): (raw: string, resolution: Resolution) => boolean {
  if (patterns.length === 0) return () => false;
  const paths = patterns.filter((p) => p.startsWith('/')).map((p) => ({ withFragment: p.includes('#'), test: globToRegExp(p) }));
  const urls = patterns.filter((p) => !p.startsWith('/')).map(globToRegExp);
  return (raw, resolution) => {
    const written = raw.trim();
    if (urls.some((re) => re.test(written))) return true;
    if (resolution.kind !== 'internal') return false;
    const withFragment = resolution.fragment === null ? resolution.path : `${resolution.path}#${resolution.fragment}`;
    return paths.some((p) => p.test.test(p.withFragment ? withFragment : resolution.path));
  };
}
