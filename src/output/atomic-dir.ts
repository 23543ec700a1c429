import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveInside } from '../safe-path.js';
import { isAlive } from './temp-files.js';

/**
 * This machine, in the names of staging folders: a process id means something only on the
 * machine (or container) that gave it, and an output folder may be shared between several.
 */
const HOST = createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8);
/** A staging folder untouched this long is stale, whoever it names: no build runs for a day (and process ids are reused). */
const ABANDONED_MS = 24 * 60 * 60 * 1000;
/** Staging folders this process has open: its own are never stale. */
const OPEN = new Set<string>();

/**
 * An output folder built beside its target and swapped in only on success,
 * so a failed build leaves the previous site untouched. Every path written
 * comes from `path`, which refuses paths outside the folder.
 */
export class AtomicDir {
  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  /** Create a fresh staging folder next to `target` (same filesystem, so the swap is a rename). */
  static async open(target: string): Promise<AtomicDir> {
    const parent = path.dirname(target);
    fs.mkdirSync(parent, { recursive: true });
    // The name says who made it (see `removeStale`); mkdtemp adds six random characters.
    const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-${HOST}-${process.pid}-`));
    OPEN.add(staging);
    // mkdtemp makes the folder private (0700); a published site must be readable by the web server.
    fs.chmodSync(staging, 0o755);
    return new AtomicDir(target, staging);
  }

  /**
   * Remove the staging folders of earlier builds into `target` that were never
   * committed or cleared (the build was killed), and the half-removed old sites
   * of commits cut short: gazette's own only, by name, and none a live build
   * uses. A folder names its machine and process: on this machine it is stale
   * once that process is gone; a folder of another machine, or of a process id
   * now taken by another program, once untouched for a day. Folders named the
   * way earlier versions of gazette named them (no process) are stale after an hour.
   * @returns The folders removed (absolute paths); one that cannot be removed is left for the next build.
   */
  static removeStale(target: string, now = Date.now()): string[] {
    const parent = path.dirname(target);
    const base = path.basename(target);
    let names: string[];
    try {
      names = fs.readdirSync(parent);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const name of names) {
      const owner = stagingOwner(name, base);
      if (!owner) continue;
      const folder = path.join(parent, name);
      if (OPEN.has(folder.replace(/-old$/, ''))) continue;
      let age: number;
      try {
        const stat = fs.lstatSync(folder);
        if (!stat.isDirectory()) continue;
        age = now - stat.mtimeMs;
      } catch {
        continue;
      }
      const stale = owner.pid === null ? age > 60 * 60 * 1000 : age > ABANDONED_MS || (owner.host === HOST && owner.pid !== process.pid && !isAlive(owner.pid));
      if (!stale) continue;
      try {
        fs.rmSync(folder, { recursive: true, force: true });
        removed.push(folder);
      } catch {
        // Not ours to remove after all (permissions): the next build tries again.
      }
    }
    return removed;
  }

  /** Where output path `relative` goes in the staging folder. @throws Error for a path outside it. */
  path(relative: string): string {
    return resolveInside(this.staging, relative);
  }
  /** Replace `target` with the staged folder. The old site is removed only after the new one is in place. */
  async commit(): Promise<void> {
    const old = `${this.staging}-old`;
    let hadOld = true;
    try {
      fs.renameSync(this.target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadOld = false;
    }
    try {
      fs.renameSync(this.staging, this.target);
    } catch (error) {
      if (hadOld) fs.renameSync(old, this.target);
      throw error;
    }
    OPEN.delete(this.staging);
    if (hadOld) await fs.promises.rm(old, { recursive: true, force: true });
  }

  /** `error` with the file it names (if staged) named where it was meant to go: the staging folder means nothing to a user. */
  named(error: unknown): unknown {
    const file = (error as NodeJS.ErrnoException | null)?.path;
    if (file?.startsWith(this.staging + path.sep)) (error as NodeJS.ErrnoException).path = this.target + file.slice(this.staging.length);
    return error;
  }

  /** Throw the staged folder away; the target is untouched. */
  async abort(): Promise<void> {
    await fs.promises.rm(this.staging, { recursive: true, force: true });
    OPEN.delete(this.staging);
  }
}

/**
 * Who made staging folder `name` of output folder `base`: `.<base>.tmp-<host>-<pid>-<6 random>`,
 * or an earlier gazette's `.<base>.tmp-<6 random>` (pid null), either with `-old` after a commit
 * began; null for any other name.
 */
export function stagingOwner(name: string, base: string): { host: string | null; pid: number | null } | null {
  const prefix = `.${base}.tmp-`;
  if (!name.startsWith(prefix)) return null;
  const rest = name.slice(prefix.length).replace(/-old$/, '');
  const current = /^([0-9a-f]{8})-(\d{1,10})-[A-Za-z0-9]{6}$/.exec(rest);
  if (current) return { host: current[1]!, pid: Number(current[2]) };
  return /^[A-Za-z0-9]{6}$/.test(rest) ? { host: null, pid: null } : null;
}
