import fs from 'node:fs';
import path from 'node:path';
import { copyFile, link, mkdir, writeFile } from './fs-calls.js';
import { resolveInside } from './safe-path.js';

/**
 * An output folder built beside its target and swapped in only on success,
 * so a failed build leaves the previous site untouched. Every write goes
 * through this class, which refuses paths outside the folder.
 */
export class AtomicDir {
  private readonly pendingDirs = new Map<string, Promise<unknown>>();
  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  /** Create a fresh staging folder next to `target` (same filesystem, so the swap is a rename). */
  static async open(target: string): Promise<AtomicDir> {
    const parent = path.dirname(target);
    fs.mkdirSync(parent, { recursive: true });
    const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    // mkdtemp makes the folder private (0700); a published site must be readable by the web server.
    fs.chmodSync(staging, 0o755);
    return new AtomicDir(target, staging);
  }

  /** Write a file into the staging folder; meant for an IoQueue, with many in flight at once. */
  async write(relative: string, data: string | Uint8Array): Promise<string> {
    const file = await this.prepareAsync(relative);
    await writeFile(file, data);
    return file;
  }

  async copy(relative: string, from: string): Promise<string> {
    const file = await this.prepareAsync(relative);
    await copyFile(from, file);
    return file;
  }

  /** Reuse an unchanged file of the previous site: a hard link, or a copy where links are not possible. */
  async reuse(relative: string, previous: string): Promise<string> {
    const file = await this.prepareAsync(relative);
    try {
      await link(previous, file);
    } catch {
      await copyFile(previous, file);
    }
    return file;
  }

  private async prepareAsync(relative: string): Promise<string> {
    const file = resolveInside(this.staging, relative);
    const dir = path.dirname(file);
    let pending = this.pendingDirs.get(dir);
    if (!pending) this.pendingDirs.set(dir, (pending = mkdir(dir, { recursive: true })));
    await pending;
    return file;
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
    if (hadOld) await fs.promises.rm(old, { recursive: true, force: true });
  }

  /** Throw the staged folder away; the target is untouched. */
  async abort(): Promise<void> {
    await fs.promises.rm(this.staging, { recursive: true, force: true });
  }
}
