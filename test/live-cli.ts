import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'gazette.js');

/** A long-running `gazette` command whose output can be waited on. */
export class LiveCli {
  readonly child: ChildProcessWithoutNullStreams;
  output = '';
  exit: Promise<number | null>;

  constructor(args: string[], cwd: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' } });
    this.child.stdout.on('data', (d) => (this.output += d));
    this.child.stderr.on('data', (d) => (this.output += d));
    this.exit = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Where the output ends now: pass it to waitFor to see only what comes later. */
  mark(): number {
    return this.output.length;
  }

  /** Wait until `pattern` appears in the output after `from`; returns the match. */
  async waitFor(pattern: RegExp, from = 0, timeout = 10_000): Promise<RegExpMatchArray> {
    const flags = pattern.flags.replace('g', '');
    const re = new RegExp(pattern.source, flags);
    const deadline = Date.now() + timeout;
    for (;;) {
      const match = re.exec(this.output.slice(from));
      if (match) return match;
      if (this.child.exitCode !== null) throw new Error(`gazette exited (${this.child.exitCode}) before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}; output so far:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** How often `pattern` (with the g flag) matches the output after `from`. */
  count(pattern: RegExp, from = 0): number {
    return [...this.output.slice(from).matchAll(pattern)].length;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exit;
  }
}
