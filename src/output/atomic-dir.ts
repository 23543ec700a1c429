import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveInside } from './safe-path.js';

/**
 * An output folder built beside its target and swapped in only on success,
 * so a failed build leaves the previous site untouched. Every write goes
 * through `write`/`copy`, which refuse paths outside the folder.
 */
export class AtomicDir {
  private readonly createdDirs = new Set<string>();
  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  /** Create a fresh staging folder next to `target` (same filesystem, so the swap is a rename). */
  static async open(target: string): Promise<AtomicDir> {
    const parent = path.dirname(target);
    await fs.mkdir(parent, { recursive: true });
    const staging = await fs.mkdtemp(path.join(parent, `.${path.basename(target)}.tmp-`));
    return new AtomicDir(target, staging);
  }

  async write(relative: string, data: string | Uint8Array): Promise<void> {
    const file = resolveInside(this.staging, relative);
    await this.ensureDir(path.dirname(file));
    await fs.writeFile(file, data);
  }

  async copy(relative: string, from: string): Promise<void> {
    const file = resolveInside(this.staging, relative);
    await this.ensureDir(path.dirname(file));
    await fs.copyFile(from, file);
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.createdDirs.has(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    this.createdDirs.add(dir);
  }

  /** Replace `target` with the staged folder. The old site is removed only after the new one is in place. */
  async commit(): Promise<void> {
    const old = `${this.staging}-old`;
    let hadOld = true;
    try {
      await fs.rename(this.target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadOld = false;
    }
    try {
      await fs.rename(this.staging, this.target);
    } catch (error) {
      if (hadOld) await fs.rename(old, this.target).catch(() => undefined);
      throw error;
    }
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  }

  /** Throw the staged folder away; the target is untouched. */
  async abort(): Promise<void> {
    await fs.rm(this.staging, { recursive: true, force: true });
  }
}
