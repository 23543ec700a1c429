import type { PluggableList, Processor } from 'unified';
import type { VFile } from 'vfile';

/** A unified plugin as a config gives it: the function, or `[plugin, ...options]`. */
type Entry = ((...args: never[]) => unknown) | [(...args: never[]) => unknown, ...unknown[]];

/** A problem a plugin reported or caused while an article rendered: plain data, safe to pass between threads and to cache. */
export interface MarkdownMessage {
  reason: string;
  line: number | null;
  column: number | null;
  /** Fatal messages fail the build; others are warnings. */
  fatal: boolean;
  /** `source:ruleId` as the plugin named them, e.g. `remark-lint:no-dead-urls`, or gazette's own rule. */
  ruleId: string;
}

/** An exception thrown by a user plugin, tagged with the plugin that threw it. */
export class PluginFailure extends Error {
  constructor(
    readonly plugin: string,
    readonly original: unknown,
  ) {
    super(`${plugin} failed: ${original instanceof Error ? original.message : String(original)}`);
  }
}

/**
 * Wrap each plugin of a config list so that anything it throws (when
 * attached or when run, synchronously or not) is known to come from it.
 * @param key Where the list is in the config, e.g. 'markdown.remarkPlugins'.
 */
export function wrapUserPlugins(entries: readonly Entry[], key: string): PluggableList {
  return entries.map((entry, index) => {
    const [plugin, ...options] = Array.isArray(entry) ? entry : [entry];
    const name = `${key}[${index}]${plugin.name ? ` (${plugin.name})` : ''}`;
    const attacher = function (this: Processor, ...args: unknown[]) {
      let transformer: unknown;
      try {
        // spread-ok: the attacher's own arguments, passed on as they came
        transformer = (plugin as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        throw new PluginFailure(name, error);
      }
      if (typeof transformer !== 'function') return transformer;
      const run = transformer as (...a: unknown[]) => unknown;
      const fail = (error: unknown) => {
        throw new PluginFailure(name, error);
      };
      const guarded = (call: () => unknown) => {
        let result: unknown;
        try {
          result = call();
        } catch (error) {
          fail(error);
        }
        return result instanceof Promise ? result.catch(fail) : result;
      };
      // unified passes a callback only to transformers that declare a third parameter: keep the arity.
      const wrapper =
        run.length >= 3
          ? (tree: unknown, file: VFile, next: (error?: unknown, ...rest: unknown[]) => void) =>
              // spread-ok: a callback's own arguments, passed on as they came
              guarded(() => run(tree, file, (error?: unknown, ...rest: unknown[]) => next(error ? new PluginFailure(name, error) : error, ...rest)))
          : (tree: unknown, file: VFile) => guarded(() => run(tree, file));
      // Stack traces show a function by this name: a thread stopped inside the plugin names it (see `MarkdownPool.stallOf`).
      Object.defineProperty(wrapper, 'name', { value: name });
      return wrapper;
    };
    Object.defineProperty(attacher, 'name', { value: plugin.name });
    return [attacher, ...options] as PluggableList[number];
  });
}

/** The name `wrapUserPlugins` gives a plugin's transformer, as a stack frame shows it, e.g. 'markdown.remarkPlugins[0] (remarkToc)'. */
export const PLUGIN_FRAME = /^markdown\.(?:remark|rehype)Plugins\[\d+\](?: \(.*\))?$/;

/** The messages plugins attached to `file`, as plain data; `skip` drops the ones gazette does not report. */
export function fileMessages(file: VFile, skip: (ruleId: string) => boolean = () => false): MarkdownMessage[] {
  const out: MarkdownMessage[] = [];
  for (const message of file.messages) {
    const ruleId = [message.source, message.ruleId].filter(Boolean).join(':') || 'markdown-plugin';
    if (skip(ruleId)) continue;
    out.push({ reason: message.reason, line: message.line ?? null, column: message.column ?? null, fatal: message.fatal === true, ruleId });
  }
  return out;
}

/**
 * A rendering failure as a message, when it is the content's or a plugin's
 * fault: a fatal vfile message (`file.fail`) or an exception a user plugin
 * threw. Anything else is gazette's own bug and returns null.
 */
export function failureMessage(error: unknown): MarkdownMessage | null {
  const plugin = error instanceof PluginFailure ? error.plugin : null;
  const cause = error instanceof PluginFailure ? error.original : error;
  const message = cause as { name?: string; reason?: string; line?: number; column?: number; source?: string; ruleId?: string; message?: string };
  if (message?.name === 'VFileMessage' || (cause instanceof Error && 'reason' in cause && 'fatal' in cause)) {
    const rule = [message.source, message.ruleId].filter(Boolean).join(':') || 'markdown-plugin';
    return { reason: message.reason ?? String(cause), line: message.line ?? null, column: message.column ?? null, fatal: true, ruleId: rule };
  }
  if (plugin === null) return null;
  const text = cause instanceof Error ? cause.message : String(cause);
  return { reason: `the plugin ${plugin} threw an error: ${text}`, line: null, column: null, fatal: true, ruleId: 'markdown-plugin' };
}
