import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config, type ConfigFlags } from '../config/index.js';
import { generateSite, type BuildProgress, type GeneratedSite } from '../generate.js';
import { resolveInside } from '../output/safe-path.js';
import { writeSite } from '../output/write-site.js';
import type { OutputFile } from '../site/model.js';

/** What one rebuild did. */
export interface RebuildResult {
  articles: number;
  /** Output files written because their bytes changed or they are new. */
  written: string[];
  /** Output files deleted because nothing produces them any more. */
  removed: string[];
  ms: number;
}

/**
 * A long-lived build for `watch` and `serve`: a full build first, then
 * rebuilds that write only the output files whose bytes changed and delete
 * the ones no longer produced, so the output always equals a clean build.
 * A failed rebuild throws and leaves the last good output in place.
 */
export class WatchSession {
  /** Output path → fingerprint of what was last written there. */
  private written = new Map<string, string>();

  private constructor(
    private readonly flags: ConfigFlags,
    private readonly cwd: string,
    public config: Config,
  ) {}

  /** Load the config and make the first full (atomic) build. */
  static async start(flags: ConfigFlags, cwd: string, progress?: BuildProgress): Promise<{ session: WatchSession; result: RebuildResult }> {
    const started = performance.now();
    const config = loadConfig(flags, cwd);
    const session = new WatchSession(flags, cwd, config);
    const site = await generateSite(config, { progress });
    await writeSite(config.outDir, site, { progress });
    for (const file of site.files) session.written.set(file.path, await fingerprint(site, file));
    const written = site.files.map((f) => f.path);
    return { session, result: { articles: site.articles.length, written, removed: [], ms: performance.now() - started } };
  }

  /** Folders and files whose changes matter: sources, templates and the config file. */
  watchedPaths(): string[] {
    const paths = [this.config.srcDir, this.config.templatesDir];
    paths.push(this.config.configFile ?? path.resolve(this.cwd, this.flags.config ?? 'gazette.config.json'));
    return paths;
  }

  /**
   * Rebuild after `changed` paths changed (any of sources, templates, config).
   * @throws GazetteError for content errors; nothing is written then.
   */
  async rebuild(changed: string[]): Promise<RebuildResult> {
    const started = performance.now();
    if (this.touchesConfig(changed)) this.config = loadConfig(this.flags, this.cwd);
    const site = await generateSite(this.config);
    const out = this.config.outDir;
    const next = new Map<string, string>();
    const written: string[] = [];
    for (const file of site.files) {
      const content = file.type === 'copy' ? null : file.type === 'page' ? site.theme.render(file.template, file.context) : file.content;
      const print = file.type === 'copy' ? await copyFingerprint(file.from) : hash(content!);
      next.set(file.path, print);
      const target = resolveInside(out, file.path);
      if (this.written.get(file.path) === print && (await exists(target))) continue;
      await fs.mkdir(path.dirname(target), { recursive: true });
      if (file.type === 'copy') await fs.copyFile(file.from, target);
      else await fs.writeFile(target, content!);
      written.push(file.path);
    }
    const removed: string[] = [];
    for (const old of this.written.keys()) {
      if (next.has(old)) continue;
      const target = resolveInside(out, old);
      await fs.rm(target, { force: true });
      await pruneEmptyDirs(path.dirname(target), out);
      removed.push(old);
    }
    this.written = next;
    return { articles: site.articles.length, written, removed, ms: performance.now() - started };
  }

  private touchesConfig(changed: string[]): boolean {
    const configFile = path.resolve(this.cwd, this.flags.config ?? 'gazette.config.json');
    return changed.some((p) => path.resolve(this.cwd, p) === configFile);
  }
}

/** A fingerprint of a file's content: rendered bytes for pages and text, size and time for copies. */
async function fingerprint(site: GeneratedSite, file: OutputFile): Promise<string> {
  if (file.type === 'copy') return copyFingerprint(file.from);
  return hash(file.type === 'page' ? site.theme.render(file.template, file.context) : file.content);
}

async function copyFingerprint(from: string): Promise<string> {
  const stat = await fs.stat(from);
  return `copy:${from}:${stat.size}:${stat.mtimeMs}`;
}

function hash(content: string): string {
  return createHash('sha1').update(content).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Remove now-empty folders from `dir` up to (not including) `root`. */
async function pruneEmptyDirs(dir: string, root: string): Promise<void> {
  let current = dir;
  while (current.startsWith(root + path.sep)) {
    try {
      await fs.rmdir(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}
