import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { BuildRecord } from '../cache/build-record.js';
import { sourceFile } from '../content/find-sources.js';
import { locateSources } from '../build/sources.js';
import { recordIdentity, recordKeyIdentity, recordOutput, siteResult, stampInputs, type BuildResult } from '../build.js';
import type { GeneratedSite } from '../build/model.js';
import type { ManifestEntry } from '../output/manifest.js';
import { displayPath, type Diagnostic } from '../report/diagnostics.js';

/**
 * The build record a watch session leaves, so that the next `build`, `watch` or `serve` after an editing
 * session finds nothing to do: written only when it is sure to say what a clean build would, else nothing
 * is written and the record the session started from stays (stamps that moved since only make the next
 * build compare). See "Watch's build record" in docs/internals/architecture.md.
 */

/** The inputs as they are now, listed and stamped as a build does, from `startedAt` on, before any is read. */
export interface ListedInputs {
  startedAt: number;
  /** The article sources listed (source paths). */
  articles: readonly string[];
  stamps: Map<string, string | null>;
  /** What listing the sources warned of (names skipped, links not followed): a clean build reports them too. */
  diagnostics: readonly Diagnostic[];
}

/** List and stamp the inputs as `gazette build` would now. */
export async function listInputs(config: Config): Promise<ListedInputs> {
  // Taken before any stat: a file changed after it is never trusted unchanged (see `stampTrusted`).
  const startedAt = Date.now();
  const sources = await locateSources(config);
  const stamps = stampInputs(config, [...sources.articles, ...sources.assets, ...sources.data].map((sourcePath) => sourceFile(config.srcDir, sourcePath)));
  return { startedAt, articles: sources.articles, stamps, diagnostics: sources.diagnostics };
}

/** What a session's output was made from and is. */
export interface SessionOutput {
  /** The site last written, whole. */
  site: GeneratedSite;
  /** The cache key of every article source the site was made from, edits included (source path → key). */
  keys: ReadonlyMap<string, string>;
  /** The output files as the session wrote them, as the output manifest (saved already) has them. */
  written: Map<string, ManifestEntry>;
  /** The article cache's key of a source's bytes (see `ArticleCache.key`). */
  key(sourcePath: string, displayPath: string, bytes: Uint8Array): string;
  /** `cacheIdentity(config)`. */
  cacheIdentity: string;
}

/**
 * Write a build record and a no-change check for `output` when the inputs `listed` are exactly what it was
 * made from, judged against the record the session started from: every input whose stamp is not that
 * record's (trusted) one must be an article source whose bytes now give the key the site was made from;
 * every other article source must have the record's key; a file gone since must be an article source the
 * record read. Anything else (a template, the config, a data file, a file beside an article, a source the
 * session has not read yet) and nothing is written.
 * @returns Null when written, else why not (for tests and --verbose).
 */
export function recordSession(config: Config, listed: ListedInputs, output: SessionOutput): string | null {
  const record = BuildRecord.load<BuildResult>(config.cacheDir);
  if (!record) return 'no build record to start from';
  const identity = recordIdentity(config);
  const keyIdentity = recordKeyIdentity(config, output.cacheIdentity);
  const moved = record.movedSince(identity, keyIdentity, listed.stamps);
  if (!moved) return 'the code or the settings are not those of the last build';
  const { site } = output;
  if (output.keys.size !== listed.articles.length) return 'an article source added or removed is not in the site yet';
  const keys = new Map<string, string>();
  let movedArticles = 0;
  for (const sourcePath of listed.articles) {
    const key = output.keys.get(sourcePath);
    if (key === undefined) return `${sourcePath} is not in the site yet`;
    const file = sourceFile(config.srcDir, sourcePath);
    if (moved.changed.has(file)) {
      movedArticles++;
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        return `${sourcePath} could not be read`;
      }
      if (output.key(sourcePath, displayPath(file), bytes) !== key) return `${sourcePath} changed since the site was made`;
    } else if (record.keyOf(sourcePath) !== key) {
      return `${sourcePath} was made from another text than the last build's`;
    }
    keys.set(sourcePath, key);
  }
  if (movedArticles !== moved.changed.size) return 'an input other than an article source changed';
  for (const file of moved.gone) {
    const sourcePath = path.relative(config.srcDir, file).split(path.sep).join('/');
    if (record.keyOf(sourcePath) === undefined || sourceFile(config.srcDir, sourcePath) !== file) return 'an input other than an article source is gone';
  }
  if (!sameListingWarnings(listed.diagnostics, site.diagnostics)) return 'the sources listed warn of other files';
  // The output is the site's files, each once.
  if (output.written.size !== site.files.length || !site.files.every((file) => output.written.has(file.path))) return 'the output is not the site';
  let pages = 0;
  for (const file of site.files) if (file.type === 'page') pages++;
  const result = siteResult(site, { pages, rendered: 0, reused: site.files.length, bodiesOnDisk: 0 });
  recordOutput(config, { identity, keyIdentity, startedAt: listed.startedAt, stamps: listed.stamps, keys }, site, output.written, result);
  return null;
}

/** Warnings made by listing the sources (see `findSources`). */
const LISTING_RULES = new Set(['unsafe-file-name', 'symlink-skipped']);

/** Whether the site has exactly the warnings that listing the sources gives now: files it skips are stamped by no one. */
function sameListingWarnings(listed: readonly Diagnostic[], site: readonly Diagnostic[]): boolean {
  const text = (d: Diagnostic) => `${d.ruleId}\0${d.file}\0${d.message}`;
  const now = listed.map(text).sort();
  const then = site.filter((d) => LISTING_RULES.has(d.ruleId)).map(text).sort();
  return now.length === then.length && now.every((t, i) => t === then[i]);
}
