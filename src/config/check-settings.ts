import { didYouMean } from '../report/suggest.js';
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
    if (key !== 'ignore') return `has an unknown key "${key}"${didYouMean(key, ['ignore'])} (known: ignore)`;
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
