import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { DATA_FOLDER } from './find-sources.js';
import { parseProfiles, type AuthorProfile } from './profiles.js';
import { parseRedirects, type RedirectEntry } from './redirects-file.js';
import { DataFileError, parseDataText } from './yaml-data.js';
import { pushAll } from '../push-all.js';

/** The data folder's file of author profiles, by its name without extension. */
export const PROFILES_NAME = 'authors';
/** The data folder's file of redirects for moved URLs (`from: to` pairs), by its name without extension. */
export const REDIRECTS_NAME = 'redirects';

/** What the data folder holds, validated. */
export interface SiteData {
  /** Every data file's value but the profiles', by name (`_data/desks.yml` → `desks`; `_data/social/accounts.json` → `social.accounts`). */
  data: Record<string, unknown>;
  /** The author profiles (`_data/authors.yml`), or none. */
  profiles: AuthorProfile[];
  /** The profiles file as messages name it, or null when there is none. */
  profilesFile: string | null;
  /** Moved URLs (`_data/redirects.yml`), or none. */
  redirects: RedirectEntry[];
  diagnostics: Diagnostic[];
}

/**
 * Read the data folder: every `.json`, `.yml` and `.yaml` file becomes
 * `site.data.<name>` for templates, but `authors.*`, which gives the author
 * profiles, and `redirects.*`, which gives moved URLs. Other files there are ignored, with a warning.
 * @param paths Data files, relative to the source folder (`_data/…`).
 * @param read Reads a file's text, given its path relative to the source folder.
 * @param display Names a file (relative to the source folder) in messages.
 */
export function loadSiteData(paths: string[], read: (rel: string) => string, display: (rel: string) => string): SiteData {
  const result: SiteData = { data: Object.create(null) as Record<string, unknown>, profiles: [], profilesFile: null, redirects: [], diagnostics: [] };
  const owners = new Map<string, string>();
  for (const rel of paths) {
    const match = /^(.*)\.(json|ya?ml)$/i.exec(rel.slice(DATA_FOLDER.length + 1));
    if (!match) {
      result.diagnostics.push(
        diagnostic(display(rel), 'ignored: the data folder holds .json, .yml and .yaml files only (it is never published)', 'data-file-ignored', { severity: 'warning' }),
      );
      continue;
    }
    const segments = match[1]!.split('/');
    const name = segments.join('.');
    const other = owners.get(name);
    if (other) {
      result.diagnostics.push(diagnostic(display(rel), `gives site.data.${name} again, as ${display(other)} does; rename one of them`, 'data-duplicate'));
      continue;
    }
    owners.set(name, rel);
    const text = read(rel);
    let doc;
    try {
      doc = parseDataText(text, match[2]!.toLowerCase() !== 'json');
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      result.diagnostics.push(diagnostic(display(rel), error.message, 'data-invalid', { position: error.position, source: text }));
      continue;
    }
    for (const slip of doc.warnings) {
      result.diagnostics.push(diagnostic(display(rel), slip.message, 'data-yaml-slip', { position: slip.position, source: text, severity: 'warning' }));
    }
    if (name === REDIRECTS_NAME) {
      // Not in site.data either: only the redirect pages and the host's redirect file depend on it.
      const { redirects, diagnostics } = parseRedirects(doc, display(rel), text);
      result.redirects = redirects;
      pushAll(result.diagnostics, diagnostics);
    } else if (name !== PROFILES_NAME) {
      setPath(result.data, segments, doc.value, (clash) =>
        result.diagnostics.push(diagnostic(display(rel), `site.data.${clash} is both a file and a folder; rename one of them`, 'data-duplicate')),
      );
    } else {
      // Not in site.data: every page would then depend on every profile. Profiles reach the pages that show them.
      const { profiles, diagnostics } = parseProfiles(doc, display(rel), text);
      result.profiles = profiles;
      result.profilesFile = display(rel);
      pushAll(result.diagnostics, diagnostics);
    }
  }
  return result;
}

function setPath(target: Record<string, unknown>, segments: string[], value: unknown, clash: (name: string) => void): void {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    const next = node[key];
    if (next === undefined) node[key] = Object.create(null) as Record<string, unknown>;
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) return clash(segments.slice(0, i + 1).join('.'));
    node = node[key] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1]!;
  if (node[last] !== undefined) return clash(segments.join('.'));
  node[last] = value;
}
