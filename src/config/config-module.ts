import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { applySanitizeHook, articleSanitizeSchema, type SanitizeHook } from '../markdown/sanitize-schema.js';
import { diagnostic, GazetteError, type Diagnostic, type Position } from '../report/diagnostics.js';
import { parseFrame, threadStack, userFrame, type StackFrame } from '../report/thread-stack.js';
import { moduleDependencies } from './module-identity.js';
import type { ProbeMessage } from './probe-worker.js';

/** A unified plugin as a config gives it: the function, or `[plugin, options]`. */
export type PluginEntry = ((...args: never[]) => unknown) | [(...args: never[]) => unknown, ...unknown[]];

/** The code a JavaScript config adds to gazette: Markdown plugins, template helpers and partials. */
export interface ConfigCode {
  remarkPlugins: PluginEntry[];
  rehypePlugins: PluginEntry[];
  /** Changes the sanitizer's schema (a copy of gazette's is passed in); null keeps gazette's. */
  sanitize: SanitizeHook | null;
  helpers: Record<string, (...args: unknown[]) => unknown>;
  /** Partial name → Handlebars source. */
  partials: Record<string, string>;
}

/** The keys of a JavaScript config that hold code rather than settings. */
export const CODE_KEYS = ['markdown', 'helpers', 'partials'] as const;

/**
 * The URL a config module is imported from: its file URL plus a version, so
 * that a config changed while `watch` runs is imported afresh (Node keeps
 * every module it imported by URL).
 */
export function configModuleUrl(file: string, version: string): string {
  return `${pathToFileURL(file).href}?v=${version}`;
}

/** Seconds a config module may take to load, unless GAZETTE_CONFIG_TIMEOUT says otherwise. */
const CONFIG_TIMEOUT_SECONDS = 10;

/** The time a config module may take to load, in ms: GAZETTE_CONFIG_TIMEOUT (seconds), else CONFIG_TIMEOUT_SECONDS. */
function configTimeoutMs(): number {
  const fromEnv = Number(process.env.GAZETTE_CONFIG_TIMEOUT);
  return (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : CONFIG_TIMEOUT_SECONDS) * 1000;
}

/**
 * Import a config module and return its default export. It is first imported in a thread of
 * its own, which can be stopped: a module that loops forever, ends the process or awaits what
 * never comes gets an error naming it, instead of a build that hangs or exits without a word.
 * @throws GazetteError naming the file and, when Node tells it, the line and column of the failure.
 */
export async function importConfigModule(file: string, version: string, display: (file: string) => string): Promise<Record<string, unknown>> {
  const budget = configTimeoutMs();
  await proveConfigLoads(file, version, display, budget);
  let exports: { default?: unknown };
  let timer: NodeJS.Timeout | undefined;
  try {
    // The thread saw it settle; should it not here, this timer keeps the process from ending without a word (code 13).
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(loadFailure(file, display, null, `did not finish loading within ${budget / 1000} s; ${NEVER_SETTLES}`)), budget);
    });
    exports = (await Promise.race([import(configModuleUrl(file, version)), limit])) as { default?: unknown };
  } catch (error) {
    throw error instanceof GazetteError ? error : loadError(file, error, display);
  } finally {
    clearTimeout(timer);
  }
  const value = exports.default;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GazetteError(`Invalid config file ${display(file)}`, {
      diagnostics: [
        diagnostic(display(file), 'must have a default export with the settings, e.g. `export default { title: "My paper" }`', 'config-module'),
      ],
    });
  }
  return value as Record<string, unknown>;
}

/**
 * Take the code keys out of a config module's export, checking their shape.
 * @returns The code, and problems (empty when all is well).
 */
export function readConfigCode(data: Record<string, unknown>, display: string): { code: ConfigCode; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const problem = (message: string) => problems.push(diagnostic(display, message, 'config-invalid'));
  const code: ConfigCode = { remarkPlugins: [], rehypePlugins: [], sanitize: null, helpers: {}, partials: {} };
  const markdown = data.markdown;
  if (markdown !== undefined) {
    if (markdown === null || typeof markdown !== 'object' || Array.isArray(markdown)) {
      problem('"markdown" must be an object such as { remarkPlugins: [], rehypePlugins: [] }');
    } else {
      for (const [key, value] of Object.entries(markdown)) {
        if (key === 'sanitize') {
          if (typeof value !== 'function') {
            problem(`"markdown.sanitize" must be a function that takes the sanitizer's schema and returns it, not ${describe(value)}`);
            continue;
          }
          // Tried here, where a mistake can name the config file, rather than in the Markdown threads.
          const tried = applySanitizeHook(value as SanitizeHook, articleSanitizeSchema());
          if ('problem' in tried) problem(tried.problem);
          else code.sanitize = value as SanitizeHook;
          continue;
        }
        if (key !== 'remarkPlugins' && key !== 'rehypePlugins') {
          problem(`unknown setting "markdown.${key}"; use "markdown.remarkPlugins", "markdown.rehypePlugins" or "markdown.sanitize"`);
          continue;
        }
        if (!Array.isArray(value)) {
          problem(`"markdown.${key}" must be a list of plugins`);
          continue;
        }
        value.forEach((entry: unknown, i) => {
          const plugin = Array.isArray(entry) ? entry[0] : entry;
          if (typeof plugin !== 'function') {
            problem(`"markdown.${key}[${i}]" must be a plugin function or [plugin, options], not ${describe(plugin)}`);
          }
        });
        code[key] = value as PluginEntry[];
      }
    }
  }
  const helpers = data.helpers;
  if (helpers !== undefined) {
    if (!isPlainObject(helpers)) problem('"helpers" must be an object of name → function');
    else
      for (const [name, fn] of Object.entries(helpers)) {
        if (typeof fn !== 'function') problem(`"helpers.${name}" must be a function, not ${describe(fn)}`);
        else code.helpers[name] = fn as (...args: unknown[]) => unknown;
      }
  }
  const partials = data.partials;
  if (partials !== undefined) {
    if (!isPlainObject(partials)) problem('"partials" must be an object of name → Handlebars template text');
    else
      for (const [name, text] of Object.entries(partials)) {
        if (typeof text !== 'string') problem(`"partials.${name}" must be a string of Handlebars template text, not ${describe(text)}`);
        else code.partials[name] = text;
      }
  }
  return { code, problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const NEVER_SETTLES = 'a top-level await in it waits for something that never comes (a promise that never resolves): make sure every await at the top of the module finishes';

/**
 * Import the config module in a thread of its own, within `budget` ms: it must settle (load or
 * fail: a failure is reported by the import that follows, with its position), without calling
 * `process.exit`. A module stuck in a loop is stopped where the thread's stack shows it is.
 * @throws GazetteError naming the file, and the line where it was stopped or called process.exit.
 */
async function proveConfigLoads(file: string, version: string, display: (file: string) => string, budget: number): Promise<void> {
  // What the module prints is shown by the import on the main thread, once.
  const worker = new Worker(new URL('./probe-worker.js', import.meta.url), { workerData: { url: configModuleUrl(file, version) }, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  type Outcome = ProbeMessage | { type: 'ended' } | { type: 'error'; error: unknown } | { type: 'timeout'; frames: StackFrame[] };
  const outcome = await new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => resolve({ type: 'timeout', frames: threadStack(worker.threadId) }), budget);
    const done = (result: Outcome) => {
      clearTimeout(timer);
      resolve(result);
    };
    worker.on('message', (message: ProbeMessage) => done(message));
    worker.on('error', (error) => done({ type: 'error', error }));
    // With nothing left to run and nothing told: a top-level await on a promise nothing will resolve.
    worker.on('exit', () => done({ type: 'ended' }));
  });
  await worker.terminate();
  const files = () => moduleDependencies(file).files;
  switch (outcome.type) {
    case 'settled':
    case 'failed':
      return;
    case 'error':
      throw loadError(file, outcome.error, display);
    case 'exit': {
      const frames = outcome.stack.split('\n').flatMap(parseFrame);
      throw loadFailure(file, display, userFrame(frames, files()), `calls process.exit(${outcome.code}) while it loads, which would end gazette without a word; remove the call (throw an error to stop a build)`);
    }
    case 'ended':
      throw loadFailure(file, display, null, `never finished loading: ${NEVER_SETTLES}`);
    case 'timeout': {
      const where = userFrame(outcome.frames, files());
      const why = where ? 'it was stopped at this line, which may loop forever' : NEVER_SETTLES;
      throw loadFailure(file, display, where, `did not finish loading within ${budget / 1000} s (GAZETTE_CONFIG_TIMEOUT): ${why}`);
    }
  }
}

/** A GazetteError for a config module that did not load, at `where` (a frame in one of its files) when known. */
function loadFailure(file: string, display: (file: string) => string, where: StackFrame | null, reason: string): GazetteError {
  let source: string | undefined;
  try {
    source = where ? fs.readFileSync(where.file, 'utf8') : undefined;
  } catch {
    source = undefined;
  }
  const shown = display(where?.file ?? file);
  const what = !where || where.file === file ? '' : `(imported by ${display(file)}) `;
  return new GazetteError(`Config file ${display(file)} could not be loaded`, {
    diagnostics: [diagnostic(shown, `${what}${reason}`, 'config-module', { position: where ? { line: where.line, column: where.column } : null, source })],
  });
}

/** A GazetteError for a module that failed to import, positioned where Node says it failed. */
function loadError(file: string, error: unknown, display: (file: string) => string): GazetteError {
  const err = error as Error & { code?: string };
  const files = moduleDependencies(file).files;
  let where: { file: string; position: Position | null } = { file, position: null };
  if (err instanceof SyntaxError) {
    // Node keeps a syntax error's position out of the error it hands to import() (it prints it only
    // when the error ends the process); `node --check` prints it, so ask it about each file in turn.
    where = files.map(syntaxErrorAt).find((found) => found !== null) ?? where;
  } else if (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    const missing = /Cannot find (?:package|module) '([^']+)' imported from (.+)$/m.exec(err.message);
    if (missing) where = specifierAt(missing[2]!.trim(), missing[1]!) ?? where;
  } else if (typeof err?.stack === 'string') {
    // An exception thrown while the module ran: the first stack frame in one of the config's own files.
    for (const [, url, line, column] of err.stack.matchAll(/(file:\/\/[^\s:)]+(?::\d+)?[^\s:)]*):(\d+):(\d+)/g)) {
      const frameFile = fileURLToPath(url!.replace(/\?.*$/, ''));
      if (files.includes(frameFile)) {
        where = { file: frameFile, position: { line: Number(line), column: Number(column) } };
        break;
      }
    }
  }
  let source: string | undefined;
  try {
    source = fs.readFileSync(where.file, 'utf8');
  } catch {
    source = undefined;
  }
  const reason = `${err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(error)}`;
  const shown = display(where.file);
  const what = where.file === file ? 'could not be loaded' : `(imported by ${display(file)}) could not be loaded`;
  return new GazetteError(`Config file ${display(file)} could not be loaded`, {
    diagnostics: [diagnostic(shown, `${what}: ${reason.replace(/ imported from .+$/, '')}`, 'config-module', { position: where.position, source })],
    cause: error,
  });
}

/** Where `node --check` finds a syntax error in `file`, or null when it finds none. */
function syntaxErrorAt(file: string): { file: string; position: Position } | null {
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  if (checked.status === 0) return null;
  // "/path/file.mjs:3\n  foo bar\n      ^^^\n\nSyntaxError: …": the line after the path, the caret's column.
  const lines = checked.stderr.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`${file}:`));
  if (head < 0) return null;
  const line = Number(lines[head]!.slice(file.length + 1));
  const caret = lines[head + 2]?.indexOf('^') ?? -1;
  return Number.isInteger(line) && line > 0 ? { file, position: { line, column: caret >= 0 ? caret + 1 : 1 } } : null;
}

/** Where `importer` names `specifier` in quotes. */
function specifierAt(importer: string, specifier: string): { file: string; position: Position } | null {
  let text: string;
  try {
    text = fs.readFileSync(importer, 'utf8');
  } catch {
    return null;
  }
  const index = Math.max(text.indexOf(`'${specifier}'`), text.indexOf(`"${specifier}"`));
  if (index < 0) return { file: importer, position: { line: 1, column: 1 } };
  const before = text.slice(0, index);
  return { file: path.resolve(importer), position: { line: before.split('\n').length, column: index - before.lastIndexOf('\n') } };
}
