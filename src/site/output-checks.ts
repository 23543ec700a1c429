import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { isWithin, outputPathProblem } from '../safe-path.js';
import { diagnostic, GazetteError, type Diagnostic } from '../report/diagnostics.js';
import type { OutputFile } from './model.js';
import { twinNames } from './name-twins.js';

/**
 * Refuse output folders whose replacement would destroy sources, and return
 * the folders the source scan must skip.
 */
export function checkOutputFolder(config: Config, display: (file: string) => string): string[] {
  const out = realLocation(config.outDir);
  const guarded: [string, string][] = [
    [realLocation(config.srcDir), 'the source folder'],
    [realLocation(config.templatesDir), 'the templates folder'],
    [realLocation(process.cwd()), 'the current folder'],
  ];
  if (config.configFile) guarded.push([realLocation(config.configFile), 'the config file']);
  // The root folder by its own name, not as a climb of "../.." from the working folder.
  const shown = path.parse(out).root === out ? out : display(config.outDir);
  for (const [dir, what] of guarded) {
    if (isWithin(dir, out)) {
      throw new GazetteError(
        `Refusing to build into ${shown}: it contains ${what}, which the build would replace. Choose another --out folder.`,
        { exitCode: 2 },
      );
    }
  }
  // An output folder inside the sources is allowed, but never read back as content.
  return [path.resolve(config.outDir), out];
}

/** Where a path really is, following symbolic links; for a path that does not exist yet, its nearest existing parent's. */
function realLocation(target: string): string {
  const absolute = path.resolve(target);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realLocation(parent), path.basename(absolute));
  }
}

/** Whether an output comes from the writer's own files (an article or a file beside one) rather than from gazette. */
function isUserFile(file: OutputFile): boolean {
  return (file.type === 'page' && (file.template === 'article' || file.template === 'page')) || (file.type === 'copy' && !file.path.startsWith('assets/'));
}

/**
 * Outputs that cannot be written: at a path that is no file name inside the output folder
 * (a drive, a backslash, a name too long), over each other, or where another needs a folder.
 */
export function findCollisions(files: OutputFile[]): Diagnostic[] {
  // Compare case-insensitively: the site may be deployed to a case-insensitive file system or bucket.
  // Each path's key is made once (most are ASCII, which NFC leaves alone): a build checks every file of the site.
  const keyOf = (p: string) => (ASCII.test(p) ? p : p.normalize('NFC')).toLowerCase();
  const owners = new Map<string, OutputFile>();
  const problems: Diagnostic[] = [];
  for (const file of files) {
    const problem = outputPathProblem(file.path);
    if (problem) problems.push(diagnostic(file.owner, `would be published as ${JSON.stringify(file.path)}, which cannot be written: ${problem}; rename it`, 'output-path'));
  }
  if (problems.length) return problems;
  const keys = files.map((file) => keyOf(file.path));
  files.forEach((file, n) => {
    const key = keys[n]!;
    const other = owners.get(key);
    if (other !== undefined) {
      // A writer's file over one of gazette's own (the tags index, a section's page): only theirs can move.
      const mine = isUserFile(file) && !isUserFile(other) ? file : isUserFile(other) && !isUserFile(file) ? other : null;
      if (mine) {
        const gazette = mine === file ? other : file;
        problems.push(diagnostic(mine.owner, `${publishedAt(mine)}, where gazette publishes its own ${gazette.owner}; ${moveAdvice(mine)}`, 'duplicate-output'));
      } else {
        const twin = twinNames(file.owner, other.owner);
        problems.push(diagnostic(file.owner, `writes ${file.path}, which ${other.owner} also writes${twin}; ${twin ? 'delete or ' : ''}rename one of them`, 'duplicate-output'));
      }
    } else {
      owners.set(key, file);
    }
  });
  // A file where another output needs a folder: "feed.xml" and "feed.xml/chart.svg". Each folder of
  // the path, shortest first, is the key up to one of its slashes.
  files.forEach((file, n) => {
    const key = keys[n]!;
    for (let slash = key.indexOf('/'); slash !== -1; slash = key.indexOf('/', slash + 1)) {
      const folder = owners.get(key.slice(0, slash));
      if (folder && folder !== file) {
        // Name the writer's file when one side is theirs: that is what they can rename.
        const [at, other] = isUserFile(folder) && !isUserFile(file) ? [folder, file] : [file, folder];
        const message =
          at === file
            ? `writes ${file.path}, but ${folder.owner} writes a file at ${folder.path}; rename one of them`
            : `writes a file at ${folder.path}, where ${file.owner} needs a folder (${file.path}); rename it`;
        problems.push(diagnostic(at.owner, message, 'duplicate-output'));
        break;
      }
    }
  });
  return problems;
}

/** Where a writer's file lands: a page's URL and file, or a copied file's name. */
function publishedAt(file: OutputFile): string {
  return file.type === 'page' ? `is published at ${file.context.page.url} (${file.path})` : `is published as ${file.path}`;
}

/** What moves a writer's file elsewhere: a page's "url", an article's "slug", a file's name. */
function moveAdvice(file: OutputFile): string {
  if (file.type !== 'page') return 'rename it';
  return file.template === 'page' ? 'give the page another "url"' : 'give the article another "slug"';
}

const ASCII = /^[\x00-\x7f]*$/;
