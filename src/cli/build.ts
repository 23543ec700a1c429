import { isoInZone } from '../content/dates.js';
import { buildSite, type BuildResult } from '../build.js';
import { loadConfig } from '../config/index.js';
import { Reporter, plural } from '../report/reporter.js';
import { heapWarning } from '../report/memory.js';

export interface BuildOptions {
  src: string;
  out: string;
  templates?: string;
  config?: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  now?: string;
  strict?: boolean;
  cache?: boolean;
  cacheDir?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * '; 2 scheduled, next: "Budget vote" goes live 2026-12-10T09:00:00+01:00' when something is held back or
 * will change by itself: the earliest change of each kind, earliest first, so an expiry is never taken for
 * the next article due. Times are in `timeZone` (the site's, as its writers give them), else UTC.
 */
export function scheduleSummary(result: Pick<BuildResult, 'scheduled' | 'next'>, timeZone?: string): string {
  const next = result.next ?? [];
  if (!result.scheduled && next.length === 0) return '';
  const held = result.scheduled ? `${result.scheduled} scheduled` : '';
  const at = (iso: string) => (timeZone === undefined ? iso : isoInZone(Date.parse(iso), timeZone));
  const changes = next.map((e) => `${JSON.stringify(e.title)} ${e.kind} ${at(e.at)}`).join(', ');
  return `; ${held}${held && changes ? ', ' : ''}${changes ? `next: ${changes}` : ''}`;
}

/** A --verbose line on the variants left out because a larger one is lighter. */
function droppedNote({ dropped, droppedExamples }: { dropped: number; droppedExamples: string[] }): string {
  const examples = droppedExamples.join(', ') + (dropped > droppedExamples.length ? ', …' : '');
  return `${dropped} image ${plural(dropped, 'variant')} left out, no lighter than one with more pixels (${examples})`;
}

/**
 * What a build published and held back, for its summary: '2 articles', '2 articles and 1 standalone page',
 * '0 articles (3 drafts held back)'. Scheduled items are named by `scheduleSummary`.
 */
export function contentSummary(result: { articles: number; standalone?: number; drafts?: number; expired?: number }): string {
  const standalone = result.standalone ?? 0;
  const pages = standalone ? ` and ${standalone} standalone ${plural(standalone, 'page')}` : '';
  const held = [
    result.drafts ? `${result.drafts} ${plural(result.drafts, 'draft')}` : '',
    result.expired ? `${result.expired} expired` : '',
  ].filter(Boolean);
  return `${result.articles} ${plural(result.articles, 'article')}${pages}${held.length ? ` (${held.join(' and ')} held back)` : ''}`;
}

/** '3 of 5 articles', '209 of 209 pages', '3 of 5 articles and pages': how many sources went through Markdown. */
export function markdownSummary(result: { markdownRendered: number; articles: number; standalone?: number }): string {
  const standalone = result.standalone ?? 0;
  const what = standalone === 0 ? 'articles' : result.articles === 0 ? 'pages' : 'articles and pages';
  return `${result.markdownRendered} of ${result.articles + standalone} ${what}`;
}

/**
 * The line that ends a build, the same from `build`, `watch` and `serve`: 'Built 2 articles, 9 pages,
 * 24 files in 120 ms → dist; 1 warning; 1 scheduled, next: …'.
 * @param upToDate Said when the build found nothing changed since the last one (watch and serve say so; build with --verbose).
 */
export function buildSummary(
  result: Pick<BuildResult, 'articles' | 'standalone' | 'drafts' | 'expired' | 'pages' | 'files' | 'scheduled' | 'next' | 'diagnostics'>,
  ms: number,
  out: string,
  upToDate = false,
  /** The site's time zone, for the scheduled changes' times. */
  timeZone?: string,
): string {
  const unchanged = upToDate ? ', nothing changed since the last build,' : '';
  return `Built ${siteSummary(result)}${unchanged} in ${Math.round(ms)} ms → ${out}${warningSummary(result.diagnostics)}${scheduleSummary(result, timeZone)}`;
}

/** '2 articles (1 draft held back), 9 pages, 24 files': what a build published and held back, and what it made of it. */
export function siteSummary(result: Pick<BuildResult, 'articles' | 'standalone' | 'drafts' | 'expired' | 'pages' | 'files'>): string {
  return `${contentSummary(result)}, ${result.pages} ${plural(result.pages, 'page')}, ${result.files} ${plural(result.files, 'file')}`;
}

/** '; 2 warnings' when a build had warnings (printed above its summary, where they scroll away on a large site), else ''. */
export function warningSummary(diagnostics: readonly { severity: string }[]): string {
  const count = diagnostics.filter((d) => d.severity === 'warning').length;
  return count ? `; ${count} ${plural(count, 'warning')}` : '';
}

/** `gazette build`: one full build, then a one-line summary. */
export async function runBuild(options: BuildOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: options.verbose ?? false, stream: process.stderr });
  const started = performance.now();
  try {
    const config = await loadConfig(options);
    reporter.verbose(`source ${config.srcDir}\noutput ${config.outDir}\ntemplates ${config.templatesDir}`);
    const result = await buildSite(config, reporter);
    reporter.diagnostics(result.diagnostics);
    for (const note of result.notes ?? []) reporter.verbose(note);
    if (result.upToDate) reporter.verbose('No source, template or setting changed since the last build, and its output is intact');
    reporter.verbose(`${markdownSummary(result)} rendered from Markdown, the others taken from the cache`);
    reporter.verbose(`${result.rendered} pages rendered, ${result.reused} files unchanged since the last build`);
    reporter.verbose(`${result.images.encoded} ${plural(result.images.encoded, 'image')} encoded, ${result.images.reused} reused`);
    if (result.images.dropped) reporter.verbose(droppedNote(result.images));
    if (result.bodiesOnDisk) reporter.verbose(`${result.bodiesOnDisk} rendered ${result.bodiesOnDisk === 1 ? 'body' : 'bodies'} kept on disk until written`);
    reporter.info(buildSummary(result, performance.now() - started, options.out, false, config.timezone));
    return 0;
  } catch (error) {
    return reporter.failure(error);
  } finally {
    const heap = heapWarning();
    if (heap) reporter.info(heap);
  }
}
