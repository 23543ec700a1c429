import fs from 'node:fs';
import path from 'node:path';
import { resolveInside } from './safe-path.js';

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
    const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
    // mkdtemp makes the folder private (0700); a published site must be readable by the web server.
    fs.chmodSync(staging, 0o755);
    return new AtomicDir(target, staging);
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
  }
}
