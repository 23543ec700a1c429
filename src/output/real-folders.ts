import fs from 'node:fs';
import path from 'node:path';

/**
 * Answers whether a path in the output folder leads through real folders
 * only. A symbolic link there (a folder of `dist/` replaced by a link to one
 * elsewhere) is damage: a write or delete through it would land outside the
 * output folder. Each folder is asked about once (`lstat`, which does not
 * follow links).
 */
export class RealFolders {
  private readonly known = new Map<string, boolean>();
  private readonly root: string;

  /** @param root The output folder (itself taken as it is: a link there is the user's choice). */
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Whether no folder from the root down to `file` (absolute, inside the root) is a symbolic link. */
  leadsTo(file: string): boolean {
    const chain: string[] = [];
    let answer = true;
    for (let dir = path.dirname(file); dir.length > this.root.length && dir.startsWith(this.root); dir = path.dirname(dir)) {
      const known = this.known.get(dir);
      if (known !== undefined) {
        answer = known;
        break;
      }
      chain.push(dir);
    }
    // From the top down: below a link, nothing is real.
    for (let i = chain.length - 1; i >= 0; i--) {
      if (answer) answer = notLink(chain[i]!);
      this.known.set(chain[i]!, answer);
    }
    return answer;
  }
}

/** Whether `dir` is no symbolic link: a folder, a file (which a write replaces or stops at), or nothing yet. */
function notLink(dir: string): boolean {
  try {
    return !fs.lstatSync(dir).isSymbolicLink();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing, or below a file: made by the write, or refused by it.
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}
