import type { Resolution } from './resolve.js';


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
