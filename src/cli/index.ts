import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Options shared by build, check, watch and serve. */
function addSiteOptions(command: Command): Command {
  return command
    .option('-s, --src <dir>', 'folder of Markdown articles', 'articles')
    .option('-o, --out <dir>', 'folder to write the site to', 'dist')
    .option('-t, --templates <dir>', 'theme folder (default: ./templates if present, else the built-in theme)')
    .option('-c, --config <file>', 'config file (default: gazette.config.json if present)')
    .option('--base-url <url>', 'site URL or base path, e.g. https://example.org/news/ or /news/')
    .option('--drafts', 'include articles marked draft: true')
    .addOption(new Option('--quiet', 'print errors only').conflicts('verbose'))
    .option('--verbose', 'print more detail');
}

/**
 * Run the gazette command line.
 * @param argv Full process.argv.
 * @returns The exit code: 0 success, 1 content or build errors, 2 usage errors.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('gazette')
    .description('Build a static news site from Markdown articles.')
    .version(version, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run gazette --help for usage)');

  addSiteOptions(program.command('build').description('build the site into the output folder')).action(async (options) => {
    const { runBuild } = await import('./build.js');
    exitCode = await runBuild(options);
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
