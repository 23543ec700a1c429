import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HOSTS, type Host } from '../config/hosts.js';
import { initSite } from '../init/index.js';
import { GazetteError } from '../report/diagnostics.js';
import { askAnswers } from '../init/prompt.js';
import { Reporter } from '../report/reporter.js';

export interface InitOptions {
  title?: string;
  url?: string;
  language?: string;
  timezone?: string;
  yes?: boolean;
  force?: boolean;
  dependency?: string;
  /** github-pages, netlify, cloudflare or none. */
  host?: string;
  quiet?: boolean;
}

/** What to do once the files are there to publish on each host. */
const PUBLISH_STEPS: Record<Host | 'none', string> = {
  'github-pages': 'Publishing on GitHub Pages: push to GitHub, then set Settings → Pages → Source to "GitHub Actions".',
  netlify:
    'Publishing on Netlify: push to GitHub and import the repository in Netlify (netlify.toml has the build settings);\n' +
    'for scheduled stories, make a build hook and store its URL as the repository secret BUILD_HOOK_URL.',
  cloudflare:
    'Publishing on Cloudflare Pages: push to GitHub and connect the repository (build command "npm run build",\n' +
    'output folder "dist", variable NODE_VERSION = 20); for scheduled stories, make a deploy hook and store its\n' +
    'URL as the repository secret BUILD_HOOK_URL.',
  none: 'Publishing: upload the contents of dist/ to any static host, and build again when a scheduled story is due.',
};

/**
 * `gazette init [folder]`: make a new site, asking on a terminal for what no
 * flag gave (never with --yes or without a terminal: defaults are used).
 * @returns 0 when made, 1 when a file cannot be written, 2 for a refused folder or unusable answers.
 */
export async function runInit(folder: string | undefined, options: InitOptions): Promise<number> {
  const reporter = new Reporter({ quiet: options.quiet ?? false, verbose: false, stream: process.stderr });
  try {
    const host = options.host ?? 'github-pages';
    if (host !== 'none' && !(HOSTS as readonly string[]).includes(host)) {
      throw new GazetteError(`--host: "${host}" is not one of ${[...HOSTS, 'none'].join(', ')}`, { exitCode: 2 });
    }
    const dir = path.resolve(folder ?? '.');
    const given = { title: options.title, url: options.url, language: options.language, timezone: options.timezone };
    const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const defaults = { title: 'The Daily Gazette', url: '', language: 'en', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
    const interactive = !options.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
    const answers = interactive ? await askAnswers(defined, defaults) : { ...defaults, ...defined };
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await initSite(dir, answers, {
      force: options.force ?? false,
      dependency: options.dependency ?? `^${version}`,
      host: host === 'none' ? null : (host as Host),
    });
    for (const file of result.written) reporter.info(`created ${file}`);
    for (const file of result.updated) reporter.info(`updated ${file} (added the scripts and dependency it lacked)`);
    for (const file of result.skipped) reporter.info(`skipped ${file}: it exists`);
    const where = path.relative(process.cwd(), dir) || '.';
    reporter.info(
      `\nYour site is ready. Next:\n` +
        (where === '.' ? '' : `  cd ${where}\n`) +
        '  npm install        installs gazette (commit package-lock.json: builds elsewhere install from it)\n' +
        '  npm run serve      shows the site at http://127.0.0.1:4000/ and rebuilds it as you edit\n' +
        '  npm run build      writes the site into dist/\n' +
        PUBLISH_STEPS[host as Host | 'none'],
    );
    return 0;
  } catch (error) {
    return reporter.failure(error);
  }
}
