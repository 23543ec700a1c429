import type { BuildProgress } from './progress.js';
import { GazetteError, formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';

/** A logged stage with this many items or more is told in a log (not a terminal): smaller ones end before anyone waits. */
const LOG_FROM = 20;
/** Time between the lines of a logged stage in a log. */
const LOG_EVERY_MS = 10_000;

export interface ReporterOptions {
  quiet: boolean;
  verbose: boolean;
  /** Where messages go; progress is shown only when this is a terminal. */
  stream: NodeJS.WriteStream;
}

/** Prints diagnostics, progress and the closing summary of a command. */
export class Reporter implements BuildProgress {
  private lastProgress = 0;
  private readonly startedAt = Date.now();
  private progressShown = false;
  /** The logged stage being told in a log, and when its last line was written. */
  private logging: { name: string; at: number } | null = null;

  constructor(private readonly options: ReporterOptions) {}

  /**
   * Called often during a build; draws a progress line at most 10 times a second, after the first second.
   * Where no line can be drawn (a log), a `logged` stage of many items is told in lines of its own: when it
   * starts, every 10 seconds and when it ends.
   */
  stage(name: string, done: number, total: number, logged = false): void {
    if (this.options.quiet) return;
    if (!this.options.stream.isTTY) {
      if (logged) this.logStage(name, done, total);
      return;
    }
    const now = Date.now();
    if (now - this.startedAt < 1000 || (now - this.lastProgress < 100 && done !== total)) return;
    this.lastProgress = now;
    this.progressShown = true;
    this.options.stream.write(`\r\x1b[2K${name} ${done}/${total}`);
  }

  private logStage(name: string, done: number, total: number): void {
    const now = Date.now();
    if (done === 0) {
      // A stage starts afresh (in watch mode, even after a build that failed halfway through it).
      this.logging = total < LOG_FROM ? null : { name, at: now };
      if (!this.logging) return;
    } else if (this.logging?.name !== name || (done !== total && now - this.logging.at < LOG_EVERY_MS)) return;
    else this.logging.at = now;
    if (done === total) this.logging = null;
    this.options.stream.write(`${name} ${done}/${total}\n`);
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.options.stream.write('\r\x1b[2K');
      this.progressShown = false;
    }
  }

  info(line: string): void {
    this.clearProgress();
    if (!this.options.quiet) this.options.stream.write(`${line}\n`);
  }

  verbose(line: string): void {
    if (this.options.verbose) this.info(line);
  }

  /** Print diagnostics grouped by file; warnings are hidden by --quiet, errors never are. */
  diagnostics(list: Diagnostic[]): void {
    this.clearProgress();
    for (const d of sortDiagnostics(list)) {
      if (d.severity === 'warning' && this.options.quiet) continue;
      this.options.stream.write(`${formatDiagnostic(d)}\n`);
    }
  }

  /** Report a failure: expected errors as messages, anything else with its stack (it is a bug). */
  failure(error: unknown): number {
    this.clearProgress();
    if (error instanceof GazetteError) {
      this.diagnostics(error.diagnostics);
      const count = error.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = error.diagnostics.length - count;
      const tail = error.diagnostics.length ? ` (${count} ${plural(count, 'error')}${warnings ? `, ${warnings} ${plural(warnings, 'warning')}` : ''})` : '';
      this.options.stream.write(`gazette: ${error.message}${error.message.includes('error') ? '' : tail}\n`);
      return error.exitCode;
    }
    const err = error as Error;
    this.options.stream.write(`gazette: unexpected internal error, please report it:\n${err?.stack ?? String(error)}\n`);
    return 1;
  }
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
