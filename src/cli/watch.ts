import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_TEMPLATES, loadConfig, watchedConfigFile, watchedTemplatesDir, type Config } from '../config/index.js';
import { GazetteError, formatDiagnostic, sortDiagnostics } from '../report/diagnostics.js';
import { Reporter } from '../report/reporter.js';
import { WatchSession } from '../watch/session.js';
import { SCHEDULE_DUE, type RebuildResult } from '../watch/rebuild.js';
import { startWatching, type RebuildOutcome, type Rebuilder, type Watching } from '../watch/watcher.js';
import { buildSummary, contentSummary, scheduleSummary, siteSummary, warningSummary, type BuildOptions } from './build.js';

export type WatchOptions = BuildOptions;

/** A session the watcher can drive, with the config it currently builds. */
export interface LiveSession extends Rebuilder {
  readonly config: Config;
  /** Save the cache and the record of the output, and stop the session's threads. */
  close(): Promise<void>;
  /** Whether a rebuild's cache and output record are still to be saved (see `closeSession`). */
  readonly unsaved: boolean;
}

/**
 * Stands in for a WatchSession whose first build failed on content errors:
 * every change retries the full first build until it succeeds, then rebuilds as usual.
 */
class RetryingSession implements LiveSession {
  private session: WatchSession | null = null;

  constructor(
    private readonly options: BuildOptions,
    private readonly initialConfig: Config,
  ) {}

  get config(): Config {
    return this.session?.config ?? this.initialConfig;
  }

  watchedPaths(): string[] {
    const config = this.initialConfig;
    return [
      config.srcDir,
      watchedTemplatesDir(this.options.templates, process.cwd()),
      config.configFile ?? watchedConfigFile(this.options.config, process.cwd()),
      ...(config.module?.files.slice(1) ?? []),
    ];
  }

  nextDue(): number | null {
    return this.session?.nextDue() ?? null;
  }

  get unsaved(): boolean {
    return this.session?.unsaved ?? false;
  }

  async close(): Promise<void> {
    await this.session?.close();
  }

  async rebuild(changed: string[]): Promise<RebuildResult> {
    if (this.session) return this.session.rebuild(changed);
    const { session, result } = await WatchSession.start(this.options, process.cwd());
    this.session = session;
    return result;
  }
}

/**
 * The first full build of `watch` and `serve`, ending with `gazette build`'s summary. A content error
 * does not end the command: it is reported, and the next change retries. Usage errors (exit code 2) do.
 * @returns The session, or an exit code.
 */
export async function firstBuild(options: BuildOptions, reporter: Reporter, summary: SiteSummary): Promise<LiveSession | number> {
  let config: Config;
  try {
    config = await loadConfig(options);
    reporter.verbose(`source ${config.srcDir}\noutput ${config.outDir}\ntemplates ${config.templatesDir}`);
    const { session, result } = await WatchSession.start(options, process.cwd(), reporter);
    reporter.diagnostics(result.diagnostics);
    reporter.info(buildSummary({ ...result.site, diagnostics: result.diagnostics }, result.ms, options.out, result.upToDate, session.config.timezone));
    summary.shown(result, session.config.timezone);
    return session;
  } catch (error) {
    const code = report(reporter, error);
    if (!(error instanceof GazetteError) || error.exitCode !== 1) return code;
    try {
      config = await loadConfig(options);
    } catch {
      return code; // the config file itself is broken: nothing to watch from
    }
    reporter.info('The first build failed; fix the error and save: gazette is watching.');
    return new RetryingSession(options, config);
  }
}

/**
 * How the file watcher's own failures are told. Out of the system's file watches (Linux's
 * `fs.inotify.max_user_watches`, shared by every program of the user: editors take many), each folder
 * that could not be watched fails alike: that is said once, with what to do, rather than once a folder.
 */
export function watchErrorReporter(reporter: Reporter): (error: Error) => void {
  let outOfWatches = false;
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      if (outOfWatches) return;
      outOfWatches = true;
      reporter.info(
        'gazette: watching failed: the system allows no more file watches, so saves in some folders will not be seen. ' +
          'Close programs that watch many files, or raise the limit (Linux: sudo sysctl fs.inotify.max_user_watches=524288), then start again.',
      );
      return;
    }
    reporter.info(`gazette: watching failed: ${error.message}`);
  };
}

/**
 * Watch `session` and print one line per rebuild; `also` hears every outcome too (serve uses it for live reload).
 * @returns The watcher once it has scanned the sources, or null, the watcher closed, when `stopped` (Ctrl-C)
 * came first: a large site's scan takes seconds, and the command stops at once.
 */
export async function watchAndReport(
  session: LiveSession,
  reporter: Reporter,
  stopped: Promise<unknown>,
  summary: SiteSummary,
  also?: (outcome: RebuildOutcome) => void,
): Promise<Watching | null> {
  const watching = startWatching(
    session,
    {
      onRebuild(outcome) {
        if (outcome.ok) {
          const { written, removed, ms } = outcome.result;
          const what = describeChanges(outcome.result.changes?.length ? outcome.result.changes : outcome.changed);
          // Said at every save, but not for what changed nothing (the last events of a rename, a save of the same text).
          const said = outcome.result.nothingChanged ? reporter.verbose.bind(reporter) : reporter.info.bind(reporter);
          if (!outcome.result.nothingChanged) reporter.diagnostics(outcome.result.diagnostics ?? []);
          said(`${what} → ${written.length} written, ${removed.length} removed in ${Math.round(ms)} ms`);
          const changes = summary.changes(outcome.result, session.config.timezone);
          if (changes) reporter.info(changes);
          for (const file of written) reporter.verbose(`  wrote ${file}`);
          for (const file of removed) reporter.verbose(`  removed ${file}`);
        } else {
          const what = describeChanges(outcome.changed);
          report(reporter, outcome.error);
          reporter.info(`${what} → rebuild failed in ${Math.round(outcome.ms)} ms; the last good build stays in place, still watching`);
        }
        also?.(outcome);
      },
      onWatchError: watchErrorReporter(reporter),
    },
  );
  reporter.verbose(`scanning ${describeWatched(session)}`);
  const first = await Promise.race([watching.ready.then(() => 'ready' as const), stopped.then(() => 'stopped' as const)]);
  if (first === 'ready') return watching;
  await watching.close();
  return null;
}

/**
 * What `gazette build`'s summary would say of the site after a rebuild, said when it differs from what was last
 * said (an article added, held back or scheduled, the next change moved, warnings come or gone), so that each
 * save's own line stays short.
 */
export class SiteSummary {
  private last: string | null = null;
  private scheduled = false;

  /** A build's summary was printed for `result` (times in `timeZone`, the site's). */
  shown(result: Pick<RebuildResult, 'site' | 'diagnostics'>, timeZone: string): void {
    this.last = this.said(result, timeZone);
    this.scheduled = scheduleSummary(result.site) !== '';
  }

  /** 'Now 5 articles, 12 pages, 40 files; 1 scheduled, next: …' when the rebuild of `result` changed what the summary says, else null. */
  changes(result: Pick<RebuildResult, 'site' | 'diagnostics'>, timeZone: string): string | null {
    const said = this.said(result, timeZone);
    if (said === this.last) return null;
    const wasScheduled = this.scheduled;
    this.shown(result, timeZone);
    const schedule = scheduleSummary(result.site, timeZone) || (wasScheduled ? '; nothing scheduled' : '');
    return `Now ${siteSummary(result.site)}${warningSummary(result.diagnostics)}${schedule}`;
  }

  /** What the summary says that a save may change; not the numbers of pages and files, which most saves change. */
  private said({ site, diagnostics }: Pick<RebuildResult, 'site' | 'diagnostics'>, timeZone: string): string {
    return contentSummary(site) + warningSummary(diagnostics) + scheduleSummary(site, timeZone);
  }
}

/** 'Watching articles/, templates/ and gazette.config.json' for the start-up message. */
export function describeWatched(session: LiveSession): string {
  const [src, templates, config] = session.watchedPaths();
  const dir = (p: string) => `${display(p)}/`;
  const parts = [dir(src!)];
  // A templates/ folder that is not there yet is watched all the same, but not named.
  if (templates && path.resolve(templates) !== path.resolve(BUILTIN_TEMPLATES) && fs.existsSync(templates)) parts.push(dir(templates));
  if (config) parts.push(display(config));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** 'a.md changed', 'a.md, b.md changed', 'a.md, b.md and 5 more changed'. */
export function describeChanges(changedPaths: string[]): string {
  const due = changedPaths.includes(SCHEDULE_DUE);
  const changed = changedPaths.filter((p) => p !== SCHEDULE_DUE);
  if (due && changed.length === 0) return 'A scheduled time came (an article due or expiring)';
  // A new folder and the file in it: name just the file.
  const files = changed.filter((p) => !changed.some((other) => other.startsWith(p + path.sep)));
  const names = files.map(display);
  if (names.length <= 3) return `${names.join(', ')} changed`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more changed`;
}

/** The text of a failed rebuild, as shown in the browser's overlay. */
export function failureText(error: unknown): string {
  if (error instanceof GazetteError) {
    return [...sortDiagnostics(error.diagnostics).map(formatDiagnostic), error.message].join('\n\n');
  }
  const err = error as NodeJS.ErrnoException;
  return typeof err?.code === 'string' ? err.message : String(err?.stack ?? error);
}

/** Print a failure; a file-system error (a file vanishing mid-rebuild) is not treated as a bug. */
function report(reporter: Reporter, error: unknown): number {
  const err = error as NodeJS.ErrnoException;
  if (!(error instanceof GazetteError) && typeof err?.code === 'string') {
    reporter.info(`gazette: ${err.message}`);
    return 1;
  }
  return reporter.failure(error);
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel && !rel.startsWith('..') ? rel : file).split(path.sep).join('/');
}

/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM; a second one ends the process the usual way. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Close the session once watching has stopped. The cache is saved two seconds after the last rebuild, so a
 * Ctrl-C sooner saves it now: on a large site after many saves that takes seconds, so the writer is told, and
 * a second Ctrl-C ends the process at once (see `untilStopped`). The next build then does what the save would
 * have spared it, from the sources. A cache that cannot be saved costs the next build time only.
 */
export async function closeSession(session: LiveSession, reporter: Reporter): Promise<void> {
  if (session.unsaved) reporter.info('Saving the build cache for the next build (Ctrl-C again to stop without it)');
  try {
    await session.close();
  } catch (error) {
    reporter.info(`gazette: the cache was not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Should anything still hold the process open after a clean shutdown, end it anyway. */
export function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
}

/** `gazette watch`: build, then rebuild on every change until Ctrl-C. */
export async function runWatch(options: WatchOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: options.verbose ?? false, stream: process.stderr });
  const summary = new SiteSummary();
  const session = await firstBuild(options, reporter, summary);
  if (typeof session === 'number') return session;
  const stopped = untilStopped();
  const watching = await watchAndReport(session, reporter, stopped, summary);
  if (watching) {
    reporter.info(`Watching ${describeWatched(session)} for changes (Ctrl-C to stop)`);
    await stopped;
    await watching.close();
  }
  await closeSession(session, reporter);
  reporter.info('Stopped watching.');
  exitSoon(0);
  return 0;
}
