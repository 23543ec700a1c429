import fs from 'node:fs';
import { encodePath } from '../content/slug.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { OutputFile } from './model.js';
import type { RedirectRule } from './redirects.js';
import type { Host } from '../config/hosts.js';



/** What each host reads from the published folder. */
const HOST_INFO: Record<Host, { name: string; files: boolean; matchesQueries: boolean; headerRules: number; redirectRules: number }> = {
  // Netlify matches query parameters (`/ p=123 /new/`); it documents no hard limit on rules.
  netlify: { name: 'Netlify', files: true, matchesQueries: true, headerRules: Infinity, redirectRules: Infinity },
  // Cloudflare Pages: 100 header rules, 2,000 static redirects, no query matching.
  cloudflare: { name: 'Cloudflare Pages', files: true, matchesQueries: false, headerRules: 100, redirectRules: 2000 },
  // GitHub Pages reads neither file: redirects are the pages at the old URLs alone.
  'github-pages': { name: 'GitHub Pages', files: false, matchesQueries: false, headerRules: 0, redirectRules: 0 },
};

/** Whether `host`'s redirect file can serve an old URL with a query; null for no host. */
export function queryHost(host: Host | null): { name: string; matchesQueries: boolean } | null {
  return host === null ? null : { name: HOST_INFO[host].name, matchesQueries: HOST_INFO[host].matchesQueries };
}

/** A year: the longest lifetime caches honour; a fingerprinted file never changes, so it may stay that long. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface HostFileInput {
  host: Host | null;
  /** The site's base path ('/', '/news/'). */
  basePath: string;
  /** The site's origin (`https://example.org`), or '' when the config gives only a path or none. */
  origin: string;
  /** Every output file of the site. */
  files: OutputFile[];
  /** Output paths whose names carry a hash of their bytes (resized photos and social crops). */
  fingerprinted: Set<string>;
  rules: RedirectRule[];
  /** The config file as messages name it. */
  configFile: string;
}

/**
 * The site's files with the host's own files added, for a host that reads
 * them (Netlify, Cloudflare Pages): `_headers`, which lets browsers and CDNs
 * keep fingerprinted files for a year and leaves everything else to the
 * host's default (revalidated on every request), and `_redirects`, with a
 * permanent redirect per old URL. A `_headers` or `_redirects` file in the
 * source folder is not copied on its own: its rules come first in gazette's.
 */
export function withHostFiles(input: HostFileInput): { files: OutputFile[]; diagnostics: Diagnostic[] } {
  const { host } = input;
  if (host === null || !HOST_INFO[host].files) return { files: input.files, diagnostics: [] };
  const info = HOST_INFO[host];
  const diagnostics: Diagnostic[] = [];
  // A build for a host is one to publish: without the site's address, every address meant for other sites is a bare path.
  if (input.origin === '') {
    diagnostics.push(
      hostWarning(
        input.configFile,
        `"url" gives no address for the site published on ${info.name}: feeds, sitemaps, canonical links and social cards carry paths (${input.basePath}feed.xml) where crawlers, feed readers and social networks need whole URLs; set "url" to the site's address, such as "https://example.org${input.basePath}", or pass --base-url`,
        'site-url-relative',
      ),
    );
  }
  const own = new Map<string, Extract<OutputFile, { type: 'copy' }>>();
  const files = input.files.filter((file) => {
    if (file.type === 'copy' && (file.path === '_headers' || file.path === '_redirects')) {
      own.set(file.path, file);
      return false;
    }
    return true;
  });
  const userRules = (name: string) => {
    const file = own.get(name);
    // Read here rather than copied: it is a source like any other, stamped and watched as such.
    return file ? `# From ${file.owner}:\n${fs.readFileSync(file.from, 'utf8').replace(/\r\n?/g, '\n').replace(/\n*$/, '\n')}\n` : '';
  };

  const headerRules = immutableRules(files, input.fingerprinted, input.basePath);
  if (headerRules.length > info.headerRules) {
    diagnostics.push(hostWarning(input.configFile, `_headers has ${headerRules.length} rules, and ${info.name} reads only the first ${info.headerRules}: keep resized photos in fewer folders (e.g. an images/ folder per year)`, 'host-headers-limit'));
  }
  const headers =
    `# Written by gazette for ${info.name}.\n` +
    '# Resized photos carry a hash of their bytes in their names and never change: caches may keep them a year.\n' +
    "# Everything else (pages, feeds, the theme's files) keeps the host's default and is revalidated on every request.\n" +
    userRules('_headers') +
    headerRules.map((rule) => `${rule}\n  Cache-Control: ${IMMUTABLE}\n`).join('');

  if (input.rules.length > info.redirectRules) {
    diagnostics.push(hostWarning(input.configFile, `_redirects has ${input.rules.length} redirects, and ${info.name} reads only the first ${info.redirectRules}`, 'host-redirects-limit'));
  }
  // Netlify serves an existing file rather than redirect ("shadowing") unless told with "!": the page left at the old URL is one.
  const status = host === 'netlify' ? '301!' : '301';
  const redirects =
    `# Written by gazette for ${info.name}: old URLs (front matter "aliases" and _data/redirects) lead to the new ones.\n` +
    userRules('_redirects') +
    input.rules.map((rule) => `${hostPath(rule.path)}${rule.query === null ? '' : ` ${rule.query.split('&').join(' ')}`} ${hostTarget(rule.to)} ${status}\n`).join('') +
    (host === 'netlify' ? notFoundRules(files, input.basePath) : '');

  files.push({ type: 'text', path: '_headers', owner: `${info.name} headers`, content: headers });
  files.push({ type: 'text', path: '_redirects', owner: `${info.name} redirects`, content: redirects });
  return { files, diagnostics };
}

/**
 * Netlify serves the root's 404.html for every missing page; a language's folder has its own
 * (`ar/404.html`), which a 404 rule per folder serves for what is missing under it. Without "!" a rule
 * yields to an existing file. Cloudflare Pages finds the closest 404.html by itself.
 */
function notFoundRules(files: OutputFile[], basePath: string): string {
  const folders = files.filter((f) => f.path.endsWith('/404.html')).map((f) => f.path.slice(0, -'/404.html'.length));
  if (folders.length === 0) return '';
  // The first matching rule wins: a deeper folder's before its parent's.
  folders.sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  const base = hostPath(basePath);
  return (
    "# Missing pages under a language's folder get that language's not-found page.\n" +
    folders.map((folder) => `${base}${hostPath(encodePath(folder))}/* ${base}${hostPath(encodePath(folder))}/404.html 404\n`).join('')
  );
}

function hostWarning(file: string, message: string, ruleId: string): Diagnostic {
  return diagnostic(file, message, ruleId, { severity: 'warning' });
}

/**
 * URL patterns covering exactly the fingerprinted files: a folder's splat
 * (`/2023/images/*`) where nothing else lives under that prefix, else the
 * file's own path. Netlify matches a folder's splat case-insensitively and
 * also against longer names (`/2023/images-old/`), so a prefix any other file
 * shares is never used.
 */
export function immutableRules(files: OutputFile[], fingerprinted: Set<string>, basePath: string): string[] {
  const others = files
    .filter((f) => !fingerprinted.has(f.path))
    .map((f) => f.path.toLowerCase())
    .sort();
  // Whether any other file's path starts with `prefix`: the first path not sorting before it tells.
  const shared = (prefix: string) => {
    let low = 0;
    let high = others.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (others[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    return low < others.length && others[low]!.startsWith(prefix);
  };
  const mixed = new Set<string>();
  for (const file of files) {
    if (fingerprinted.has(file.path)) continue;
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) mixed.add(parts.slice(0, i).join('/'));
  }
  const rules = new Set<string>();
  for (const file of [...fingerprinted].sort()) {
    const parts = file.split('/');
    let rule: string | null = null;
    for (let i = 1; i < parts.length && rule === null; i++) {
      const folder = parts.slice(0, i).join('/');
      if (mixed.has(folder)) continue;
      const prefix = folder.toLowerCase();
      if (shared(prefix)) continue;
      rule = `${hostPath(basePath + encodePath(folder))}/*`;
    }
    rules.add(rule ?? hostPath(basePath + encodePath(file)));
  }
  return [...rules];
}

/** A path as a host file writes it: '*' and ':' are splats and placeholders there, so they are escaped. */
function hostPath(path: string): string {
  return path.replace(/\*/g, '%2A').replace(/:/g, '%3A');
}

/** A redirect target, with the same escapes in its path (not in an absolute URL's scheme and host). */
function hostTarget(url: string): string {
  const origin = /^https?:\/\/[^/]*/i.exec(url)?.[0] ?? '';
  return origin + hostPath(url.slice(origin.length));
}
