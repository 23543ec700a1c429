import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { bylineKey } from '../content/bylines.js';
import { DATA_FOLDER } from '../content/find-sources.js';
import { parseProfiles } from '../content/profiles.js';
import { DataFileError, parseDataText } from '../content/yaml-data.js';
import { resolveInside } from '../safe-path.js';
import { GazetteError } from '../report/diagnostics.js';
import type { ImportSource, SkippedItem } from './entry.js';
import { feedEntries } from './feed.js';
import { MediaLibrary } from './media.js';
import { pathBelow, wordpressEntries } from './wordpress.js';
import { planEntries, writeEntry, type PlannedEntry, type SiteShape } from './write-sources.js';
import { readWxr } from './wxr.js';
import { parseXml } from './xml.js';

export type ImportFormat = 'wordpress' | 'feed';

export interface ImportOptions {
  format: ImportFormat;
  /** A file, or for a feed an http(s) URL. */
  input: string;
  /** The input as messages name it. */
  inputDisplay: string;
  /** Absolute folder the sources are written to. */
  outDir: string;
  /** A local copy of WordPress's uploads folder, or null to keep media addresses as they are. */
  mediaDir: string | null;
  /** Replace files that exist already. */
  force: boolean;
  site: Omit<SiteShape, 'oldSiteUrl'>;
}

/** What an import did. */
export interface ImportReport {
  /** Written sources, '/'-separated below the output folder. */
  written: PlannedEntry[];
  /** Sources that exist already and were left alone. */
  existing: string[];
  skipped: SkippedItem[];
  warnings: { title: string; file: string; message: string }[];
  mediaCopied: string[];
  mediaExisting: string[];
  /** Advice about the import as a whole. */
  notes: string[];
  /** The written stories' bylines that name no profile of the site's profiles file (`_data/authors.yml`), or null. */
  unprofiled: { file: string; names: string[] } | null;
}

/**
 * Import a WordPress export or a feed into Markdown sources: read, map,
 * plan file names, convert and write each entry, then copy the media it uses.
 * @throws GazetteError when the input cannot be read or is not of the format.
 */
export async function importSite(options: ImportOptions): Promise<ImportReport> {
  const text = await readInput(options.input, options.inputDisplay);
  const root = parseXml(text, options.inputDisplay);
  const source = readSource(root, options);
  const site: SiteShape = { ...options.site, oldSiteUrl: source.siteUrl };
  const planned = planEntries(source.entries, site);
  const media = options.mediaDir ? new MediaLibrary(options.mediaDir, source.siteUrl) : null;

  // Old addresses of every imported item → its new source file, so links between posts keep working.
  const targets = new Map<string, string>();
  for (const p of planned) for (const alias of p.entry.aliases) targets.set(decode(alias), p.file);
  const linkTarget = (url: URL) => {
    const below = source.siteUrl ? pathBelow(`${url.origin}${url.pathname}${url.search}`, source.siteUrl) : null;
    const file = below === null ? undefined : targets.get(decode(below));
    return file ? { file, hash: url.hash } : null;
  };

  const report: ImportReport = { written: [], existing: [], skipped: [...source.skipped], warnings: [], mediaCopied: [], mediaExisting: [], notes: [], unprofiled: null };
  const uploads = source.entries.some((e) => e.html.includes('/wp-content/uploads/') || e.image?.src.includes('/wp-content/uploads/'));
  if (uploads && !media) {
    // Moving the site to the same address takes these files away: say so before the old site goes.
    report.notes.push(
      `Pictures and files keep their addresses on the old site (${source.siteUrl ?? 'its'}/wp-content/uploads/…): keep them served there, or import again with --media <a copy of wp-content/uploads> --force to bring them into the sources.`,
    );
  }
  const queryAddresses = planned.filter((p) => p.entry.aliases.some((alias) => alias.includes('?'))).length;
  if (queryAddresses && !site.queryAliases) {
    // A redirect page is a file, and a file cannot answer an address with a query: only a host's redirect rules can.
    report.notes.push(
      `The old addresses with a query (/?p=12) of ${queryAddresses} ${queryAddresses === 1 ? 'item were' : 'items were'} not kept as aliases: only a host whose redirect file can match a query (Netlify) can serve them. Set "deploy": {"host": "netlify"} in the config and import again with --force to keep them.`,
    );
  }
  for (const p of planned) {
    const outcome = await writeEntry(p, options.outDir, site, { force: options.force, media, linkTarget });
    if ('written' in outcome) report.written.push(p);
    else if ('exists' in outcome) report.existing.push(p.file);
    else report.skipped.push({ title: p.entry.title, origin: p.entry.origin, reason: `gazette would refuse the source made of it: ${outcome.rejected}` });
    if (!('exists' in outcome)) for (const message of p.entry.warnings) report.warnings.push({ title: p.entry.title, file: p.file, message });
  }
  report.unprofiled = await bylinesWithoutProfile(report.written, options.outDir);
  for (const copy of media?.copies() ?? []) {
    const to = resolveInside(options.outDir, copy.to);
    await fs.mkdir(path.dirname(to), { recursive: true });
    try {
      await fs.copyFile(copy.from, to, options.force ? 0 : fsConstants.COPYFILE_EXCL);
      report.mediaCopied.push(copy.to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new GazetteError(`Cannot copy ${copy.from} to ${copy.to}: ${(error as Error).message}`, { cause: error });
      // The same file from an earlier import is no news.
      if (!(await sameBytes(copy.from, to))) report.mediaExisting.push(copy.to);
    }
  }
  return report;
}

/**
 * The bylines of the written stories that name no profile of the site's profiles file, which
 * `gazette check` takes for misspellings; null when there are none, or no readable profiles file
 * (a site without one names anyone it likes).
 */
async function bylinesWithoutProfile(written: PlannedEntry[], outDir: string): Promise<{ file: string; names: string[] } | null> {
  for (const ext of ['yml', 'yaml', 'json']) {
    const file = `${DATA_FOLDER}/authors.${ext}`;
    let text: string;
    try {
      text = await fs.readFile(path.join(outDir, file), 'utf8');
    } catch {
      continue;
    }
    let doc;
    try {
      doc = parseDataText(text, ext !== 'json');
    } catch (error) {
      if (error instanceof DataFileError) return null; // the build reports the file itself
      throw error;
    }
    const { profiles } = parseProfiles(doc, file, text);
    if (profiles.length === 0) return null;
    const known = new Set(profiles.map((p) => bylineKey(p.name)));
    const missing = new Map<string, string>();
    for (const p of written) for (const name of p.entry.authors) if (!known.has(bylineKey(name))) missing.set(bylineKey(name), name);
    return missing.size ? { file, names: [...missing.values()] } : null;
  }
  return null;
}

/** The entries of the input, read as its format says. */
function readSource(root: ReturnType<typeof parseXml>, options: ImportOptions): ImportSource {
  if (options.format === 'wordpress') {
    const wxr = readWxr(root);
    if (!wxr) {
      const hint = root.name === 'rss' || root.name === 'feed' ? '; for an RSS or Atom feed, run gazette import feed' : '';
      throw new GazetteError(`${options.inputDisplay} is not a WordPress export (WordPress's Tools → Export writes one, with <wp:wxr_version>)${hint}`);
    }
    return wordpressEntries(wxr, options.site.timeZone);
  }
  const feed = feedEntries(root, options.site.timeZone);
  if (!feed) throw new GazetteError(`${options.inputDisplay} is neither an RSS 2.0 nor an Atom feed (its root element is <${root.name}>)`);
  return feed;
}

/** The input's text: a file, or (for a feed given as an http(s) URL) fetched. */
async function readInput(input: string, display: string): Promise<string> {
  if (/^https?:\/\//i.test(input)) {
    let response: Response;
    try {
      response = await fetch(input, { signal: AbortSignal.timeout(60_000), headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.1' } });
    } catch (error) {
      throw new GazetteError(`Cannot fetch ${input}: ${(error as Error).message}. Check the address, or save the feed to a file and import that.`, { cause: error });
    }
    if (!response.ok) throw new GazetteError(`Cannot fetch ${input}: the server answered ${response.status} ${response.statusText}`);
    return response.text();
  }
  try {
    return await fs.readFile(input, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GazetteError(`${display} does not exist`, { exitCode: 2 });
    if (code === 'EISDIR') throw new GazetteError(`${display} is a folder; give the export file`, { exitCode: 2 });
    throw new GazetteError(`Cannot read ${display}: ${(error as Error).message}`, { cause: error });
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([fs.readFile(a), fs.readFile(b)]);
  return x.equals(y);
}

function decode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
