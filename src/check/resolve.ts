import type { SiteUrl } from '../config/site-url.js';

/** What a URL found in a page refers to, as far as link checking is concerned. */
export type Resolution =
  /** Leaves the site (another origin, mail, phone, data, ...): its syntax is fine and it is not followed. */
  | { kind: 'external' }
  /** Needs no checking: an empty href, or a root-relative URL outside the site's base path. */
  | { kind: 'ignored' }
  /** Unusable as written. */
  | { kind: 'invalid'; ruleId: string; reason: string }
  /** Inside the site: one of `candidates` (output paths) must exist. */
  | {
      kind: 'internal';
      /** Output files that would satisfy the URL, most likely first ('/', '-separated, decoded). */
      candidates: string[];
      /** The fragment without '#', percent-decoded when possible, or null when there is none. */
      fragment: string | null;
      /** The resolved path (and fragment) for messages, e.g. '/news/2023/a/#intro'. */
      display: string;
      /** The path below the base path, decoded, from '/': '/2023/a/' for '/news/2023/a/?x#intro'. */
      path: string;
    };

/** Used as the origin when the site's own is not configured; never leaves this module. */
const PLACEHOLDER_ORIGIN = 'https://gazette.invalid';
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Resolve one URL found in a generated page the way a browser would.
 * @param raw The attribute value, entities already decoded.
 * @param pageUrl Root-relative URL of the page it appears on (base path included).
 * @param site The site's origin and base path.
 * @param baseHref The page's `<base href>`, if it has one.
 */
export function resolveRef(raw: string, pageUrl: string, site: SiteUrl, baseHref: string | null = null): Resolution {
  // Browsers strip surrounding ASCII whitespace, and tabs and newlines anywhere.
  const url = raw.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  if (url === '') return { kind: 'ignored' };
  const compact = url.replace(/[\t\n\r]/g, '');
  const origin = site.origin || PLACEHOLDER_ORIGIN;
  const page = new URL(pageUrl, `${origin}/`);
  let documentBase = page;
  if (baseHref !== null) {
    try {
      documentBase = new URL(baseHref.trim(), page);
    } catch {
      // An unusable <base href> is ignored by browsers too.
    }
  }

  const scheme = SCHEME.exec(compact)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme === 'javascript' || scheme === 'vbscript') {
      return { kind: 'invalid', ruleId: 'link-javascript', reason: `runs a script (${scheme}: URL); link to a page or use a button instead` };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { kind: 'invalid', ruleId: 'link-invalid', reason: 'is not a valid URL' };
    }
    if (scheme === 'http' || scheme === 'https') {
      if (!parsed.hostname) return { kind: 'invalid', ruleId: 'link-invalid', reason: 'has no host name' };
      if (site.origin && parsed.origin === site.origin) return internal(parsed, site, false);
      return { kind: 'external' };
    }
    if (scheme === 'mailto' && compact.slice('mailto:'.length).trim() === '') {
      return { kind: 'invalid', ruleId: 'link-invalid', reason: 'has no e-mail address' };
    }
    if (scheme === 'tel' && !/\d/.test(compact)) {
      return { kind: 'invalid', ruleId: 'link-invalid', reason: 'has no phone number' };
    }
    return { kind: 'external' };
  }

  let parsed: URL;
  try {
    parsed = new URL(url, documentBase);
  } catch {
    return { kind: 'invalid', ruleId: 'link-invalid', reason: 'is not a valid URL' };
  }
  if (compact.startsWith('//') || /^[\\/][\\/]/.test(compact)) {
    // Protocol-relative: internal only when it names the site's own host.
    if (!parsed.hostname) return { kind: 'invalid', ruleId: 'link-invalid', reason: 'has no host name' };
    if (site.origin && parsed.origin === site.origin) return internal(parsed, site, false);
    return { kind: 'external' };
  }
  if (parsed.origin !== documentBase.origin) return { kind: 'external' };
  if (documentBase.origin !== origin) return { kind: 'external' }; // a <base> elsewhere
  return internal(parsed, site, !/^[\\/]/.test(compact));
}

function internal(parsed: URL, site: SiteUrl, relative: boolean): Resolution {
  const pathname = parsed.pathname;
  let rest: string;
  if (pathname.startsWith(site.basePath)) rest = pathname.slice(site.basePath.length);
  else if (`${pathname}/` === site.basePath) rest = '';
  else if (relative) {
    return { kind: 'invalid', ruleId: 'link-outside', reason: `climbs above the site's base path ${site.basePath} (resolves to ${readable(pathname)})` };
  } else return { kind: 'ignored' };

  let decoded: string;
  try {
    decoded = rest
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return { kind: 'invalid', ruleId: 'link-invalid', reason: 'contains an invalid percent-encoding' };
  }
  const candidates = decoded === '' || decoded.endsWith('/') ? [`${decoded}index.html`] : [decoded, `${decoded}/index.html`];
  let fragment: string | null = parsed.hash.length > 1 ? parsed.hash.slice(1) : null;
  if (fragment !== null) {
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      // Keep it encoded; it can still match an id written that way.
    }
  }
  return { kind: 'internal', candidates, fragment, display: readable(pathname) + (fragment !== null ? `#${fragment}` : ''), path: `/${decoded}` };
}

/** A percent-encoded path as a person would write it, when it decodes cleanly. */
function readable(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}
