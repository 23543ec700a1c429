import path from 'node:path';
import { Reporter } from '../report/reporter.js';
import { startDevServer } from '../serve/server.js';
import type { BuildOptions } from './build.js';
import { closeSession, describeWatched, exitSoon, failureText, firstBuild, SiteSummary, untilStopped, watchAndReport } from './watch.js';

export interface ServeOptions extends BuildOptions {
  port: string;
  host: string;
}

/** `gazette serve`: build, serve the output folder with live reload, rebuild on every change until Ctrl-C. */
export async function runServe(options: ServeOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: options.verbose ?? false, stream: process.stderr });
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65535) {
    process.stderr.write(`gazette: --port must be a whole number from 0 to 65535, not "${options.port}"\n`);
    return 2;
  }
  const summary = new SiteSummary();
  const session = await firstBuild(options, reporter, summary);
  if (typeof session === 'number') return session;

  let server;
  try {
    server = await startDevServer({ root: session.config.outDir, basePath: () => session.config.site.basePath, host: options.host, port });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `ports ${port} to ${Math.min(port + 20, 65535)} are all in use` : err.message;
    process.stderr.write(`gazette: cannot serve on ${options.host}:${port}: ${why}\n`);
    return 1;
  }
  const live = server.live;
  const stopped = untilStopped();
  // The site is served from here on: the address is printed now (even with --quiet: without it the
  // command is of no use), not once the watcher has scanned the sources, which takes seconds on a large site.
  const out = path.relative(process.cwd(), session.config.outDir) || '.';
  if (port !== 0 && server.port !== port) process.stderr.write(`Port ${port} is in use; serving on ${server.url()}\n`);
  else process.stderr.write(`Serving ${out}/ on ${server.url()} with live reload (Ctrl-C to stop)\n`);
  const watching = await watchAndReport(session, reporter, stopped, summary, (outcome) => {
    if (!outcome.ok) live.error(failureText(outcome.error));
    else if (outcome.result.written.length || outcome.result.removed.length || live.failing) live.reload();
  });
  if (watching) {
    reporter.info(`Watching ${describeWatched(session)} for changes`);
    await stopped;
    await watching.close();
  }
  await server.close();
  await closeSession(session, reporter);
  reporter.info('Stopped serving.');
  exitSoon(0);
  return 0;
}
