import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Options shared by build, check, watch and serve. */
function addSiteOptions(command: Command): Command {
  return command
    .option('-s, --src <dir>', 'folder of Markdown articles', 'articles')
    .option('-o, --out <dir>', 'folder to write the site to', 'dist')
    .option('-t, --templates <dir>', 'theme folder (default: ./templates if present, else the built-in theme)')
    .option('-c, --config <file>', 'config file (default: gazette.config.mjs, .js or .json, whichever is present)')
    .option('--base-url <url>', 'site URL or base path, e.g. https://example.org/news/ or /news/')
    .option('--drafts', 'include articles marked draft: true')
    .option('--future', 'publish articles dated after now (scheduled articles)')
    .option('--now <time>', 'build as if it were this ISO 8601 time (default: SOURCE_DATE_EPOCH if set, else the clock)')
    .option('--no-cache', 'ignore and do not write the build cache')
    .option('--cache-dir <dir>', 'folder of the build cache', '.gazette-cache')
    .addOption(new Option('--quiet', 'print errors only').conflicts('verbose'))
    .option('--verbose', 'print more detail');
}

/**
 * Runs a command's work, which resolves to its exit code. `main` runs it; a
 * caller that only parses command lines (the docs test) passes one that does not.
 */
export type CommandRunner = (work: () => Promise<number>) => Promise<void>;

/**
 * The gazette command-line program, every command and option, without running anything:
 * each command's action hands its work to `run`.
 * @param run Called with the chosen command's work.
 */
export function createProgram(run: CommandRunner): Command {
  const program = new Command()
    .name('gazette')
    .description('Build a static news site from Markdown articles.')
    .version(version, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run gazette --help for usage)');

  addSiteOptions(program.command('build').description('build the site into the output folder'))
    .option('--strict', 'fail on warnings and on broken links, images and anchors (as gazette check reports them)')
    .action((options) =>
      run(async () => {
        const { runBuild } = await import('./build.js');
        return runBuild(options);
      }),
    );

  addSiteOptions(program.command('check').description('check the site and every link, image and anchor, writing nothing')).action((options) =>
    run(async () => {
      const { runCheck } = await import('./check.js');
      return runCheck(options);
    }),
  );

  addSiteOptions(program.command('watch').description('build the site, then rebuild it whenever a source, template or the config changes')).action(
    (options) =>
      run(async () => {
        const { runWatch } = await import('./watch.js');
        return runWatch(options);
      }),
  );

  addSiteOptions(program.command('serve').description('build, watch and serve the site locally, reloading pages after each rebuild'))
    .option('-p, --port <n>', 'port to listen on (the next free one is used if it is taken; 0 = any)', '4000')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .action((options) =>
      run(async () => {
        const { runServe } = await import('./serve.js');
        return runServe(options);
      }),
    );

  program
    .command('new')
    .description('start a new draft article, named after its title')
    .argument('<title>', 'the headline, in quotes')
    .option('-s, --src <dir>', 'folder of Markdown articles', 'articles')
    .option('-c, --config <file>', 'config file (default: gazette.config.mjs, .js or .json, whichever is present)')
    .option('--section <name>', 'section of the article')
    .option('--tags <list>', 'comma-separated tags, e.g. "Budget,City Hall"')
    .option('--author <name>', 'byline (default: "author" from the config)')
    .option('--date <yyyy-mm-dd>', 'publication date (default: today in the site\'s time zone)')
    .option('--lang <code>', 'language of the article, one of the config\'s "languages" (default: the default language)')
    .option('--quiet', 'print only the new file\'s path and errors')
    .action((title: string, options) =>
      run(async () => {
        const { runNew } = await import('./new.js');
        return runNew(title, options);
      }),
    );

  program
    .command('import')
    .description('turn a WordPress export or an RSS/Atom feed into Markdown sources')
    .addArgument(new Argument('<format>', 'what the input is').choices(['wordpress', 'feed']))
    .argument('<input>', 'the export file (WordPress), or the feed\'s file or http(s) URL')
    .option('-o, --out <dir>', 'folder to write the sources to', 'articles')
    .option('--media <dir>', 'a copy of WordPress\'s wp-content/uploads folder: copy the files posts use from it (default: keep their addresses)')
    .option('--force', 'replace sources and media files that exist already (default: leave them and say so)')
    .option('--timezone <zone>', 'IANA time zone the dates are written in (default: the config\'s "timezone")')
    .option('-c, --config <file>', 'config file (default: gazette.config.mjs, .js or .json, whichever is present)')
    .option('--quiet', 'print errors only')
    .action((format: 'wordpress' | 'feed', input: string, options) =>
      run(async () => {
        const { runImport } = await import('./import.js');
        return runImport(format, input, options);
      }),
    );

  program
    .command('init')
    .description('make a new site: config, starter stories, an About page, package.json and a deploy workflow')
    .argument('[folder]', 'where to make it (default: the current folder)')
    .option('--title <text>', 'the site\'s name')
    .option('--url <url>', 'the address it will be published at, e.g. https://example.org/')
    .option('--language <tag>', 'its language, e.g. en, en-GB, zh-CN')
    .option('--timezone <zone>', 'its time zone, e.g. Europe/London (default: this computer\'s)')
    .option('-y, --yes', 'ask nothing: use the defaults for what no flag gives')
    .option('--force', 'add the missing starter files to a folder that is not empty (existing files are never overwritten)')
    .option('--dependency <spec>', 'how package.json names gazette, e.g. a version range or a git URL (default: ^ this version)')
    .option('--host <name>', 'where it is published, for its deploy files: github-pages, netlify, cloudflare or none', 'github-pages')
    .option('--quiet', 'print errors only')
    .action((folder: string | undefined, options) =>
      run(async () => {
        const { runInit } = await import('./init.js');
        return runInit(folder, options);
      }),
    );

  return program;
}

/**
 * Run the gazette command line.
 * @param argv Full process.argv.
 * @returns The exit code: 0 success, 1 content or build errors, 2 usage errors.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = createProgram(async (work) => {
    exitCode = await work();
  });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; every other commander error is a usage mistake.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}
