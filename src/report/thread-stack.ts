import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One frame of a JavaScript stack. */
export interface StackFrame {
  /** The function's name, '' when it has none. */
  name: string;
  /** Absolute path of the file, or the location as V8 gives it when it is no file (`node:internal/…`). */
  file: string;
  line: number;
  column: number;
}

/** gazette's own folder (the package root): frames inside it are gazette's code or its dependencies'. */
const GAZETTE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the worker thread `threadId` is running now, innermost frame first; empty when Node
 * cannot tell. A thread stuck in a loop cannot be asked, nor does stopping it leave a stack;
 * Node's diagnostic report interrupts every thread, stuck or not, for its JavaScript stack.
 */
export function threadStack(threadId: number): StackFrame[] {
  try {
    const report = process.report.getReport() as { workers?: { header?: { threadId?: number }; javascriptStack?: { stack?: unknown } }[] };
    const stack = report.workers?.find((w) => w.header?.threadId === threadId)?.javascriptStack?.stack;
    return Array.isArray(stack) ? stack.flatMap((line) => parseFrame(String(line))) : [];
  } catch {
    return [];
  }
}

/** 'at name (file:///x.mjs:3:5)' or 'at file:///x.mjs:3:5' as a frame; none for a line of another shape. */
export function parseFrame(line: string): StackFrame[] {
  const match = /^\s*at (?:(.*) \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
  if (!match) return [];
  const [, name = '', where, row, column] = match;
  let file = where!.replace(/\?.*$/, '');
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      // keep it as it is
    }
  }
  return [{ name: name.trim(), file, line: Number(row), column: Number(column) }];
}

/**
 * The innermost frame in the site's own code: in one of `ownFiles` (a config module and the
 * files it imports) if any, else in any file that is not gazette's code or one of its packages.
 */
export function userFrame(frames: StackFrame[], ownFiles: readonly string[] = []): StackFrame | null {
  const gazette = [path.join(GAZETTE_ROOT, 'lib') + path.sep, path.join(GAZETTE_ROOT, 'node_modules') + path.sep];
  return (
    frames.find((f) => ownFiles.includes(f.file)) ??
    frames.find((f) => path.isAbsolute(f.file) && !gazette.some((dir) => f.file.startsWith(dir))) ??
    null
  );
}
