import path from 'node:path';

/** A position in a source file, 1-based like editors show it. */
export interface Position {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/** One problem found in the user's content, config or templates. */
export interface Diagnostic {
  severity: Severity;
  /** Path as the user knows it (relative to the working directory when possible). */
  file: string;
  position: Position | null;
  message: string;
  /** Stable identifier of the rule, e.g. `front-matter-invalid-date`. */
  ruleId: string;
  /** A few source lines around the position, already formatted, or null. */
  frame: string | null;
}

/**
 * An expected failure caused by the user's input: printed as a message,
 * never with a stack trace. `exitCode` is 1 for content/build problems and
 * 2 for usage problems.
 */
export class GazetteError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(message: string, options: { diagnostics?: Diagnostic[]; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GazetteError';
    this.diagnostics = options.diagnostics ?? [];
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Make a diagnostic, computing a code frame when the source text is given. */
export function diagnostic(
  file: string,
  message: string,
  ruleId: string,
  options: { position?: Position | null; source?: string; severity?: Severity } = {},
): Diagnostic {
  const position = options.position ?? null;
  return {
    severity: options.severity ?? 'error',
    file,
    position,
    message,
    ruleId,
    frame: position && options.source !== undefined ? codeFrame(options.source, position) : null,
  };
}

/** A path as messages name it: relative to the working folder, '/'-separated. */
export function displayPath(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/') || '.';
}

/** `file:line:column` (or just `file`) for a diagnostic. */
export function location(d: Pick<Diagnostic, 'file' | 'position'>): string {
  return d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file;
}

/** One diagnostic as the CLI prints it: `file:line:col: error message [rule]` plus a frame. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${location(d)}: ${d.severity} ${d.message} [${d.ruleId}]`;
  return d.frame ? `${head}\n${d.frame}` : head;
}

/** Up to two lines of context either side of `position`, with a caret under the column. */
export function codeFrame(source: string, position: Position): string {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, position.line - 2);
  const last = Math.min(lines.length, position.line + 2);
  const width = String(last).length;
  // Lines are cut at FRAME_WIDTH characters; a column beyond that moves the window along, so the caret stays in view.
  const skip = position.column > FRAME_WIDTH ? position.column - Math.round(FRAME_WIDTH / 2) : 0;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === position.line ? '>' : ' ';
    const line = lines[n - 1] ?? '';
    const shown = skip > 0 ? line.slice(skip) : line;
    const text = (skip > 0 ? '…' : '') + shown.replace(/\t/g, '  ').replace(DIRECTION_MARK, markName).slice(0, FRAME_WIDTH);
    out.push(`${marker} ${String(n).padStart(width)} | ${text}`);
    if (n === position.line) {
      // Each direction mark before the caret is shown as "<U+202E>", 7 characters more.
      const before = shown.slice(0, Math.max(0, position.column - 1 - skip)).match(DIRECTION_MARK)?.length ?? 0;
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, position.column - 1 - skip + (skip > 0 ? 1 : 0) + before * 7))}^`);
    }
  }
  return out.join('\n');
}

/**
 * Invisible direction marks (U+202A-U+202E, U+2066-U+2069) are shown by name in a code frame: printed as
 * they are, a right-to-left override would reverse the very line a warning about it quotes.
 */
const DIRECTION_MARK = /[\u202A-\u202E\u2066-\u2069]/g;
const markName = (mark: string) => `<U+${mark.codePointAt(0)!.toString(16).toUpperCase()}>`;

/** Characters of each source line a code frame shows. */
const FRAME_WIDTH = 160;

/** Sort diagnostics by file, then position, so reports are stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0),
  );
}
