import path from 'node:path';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { includedIn } from './partial-graph.js';

// A theme is laid over the default one file by file, matched by name: a file under a name gazette
// never reads (pages/artcle.hbs, templates/article.hbs, page/article.hbs) changes nothing, and the
// designer saw the default theme's page without a word. Such files are warned about here.

/** The folders gazette reads in a theme folder. */
const FOLDERS = ['layouts', 'pages', 'partials', 'assets', 'strings', 'directives'];
/** Folders of an assets/ tree written at the theme's top, which gazette does not publish. */
const ASSET_FOLDERS = new Set(['css', 'js', 'images', 'img', 'fonts']);

export interface ThemeFilesInUse {
  /** The site's theme folder, and its files ('/'-separated, relative). */
  dir: string;
  files: string[];
  /** The page templates gazette renders (`article`, `list`…: the default theme's pages/). */
  pageNames: Set<string>;
  /** Every partial name of the theme (default theme, site's folder, config module). */
  partialNames: Set<string>;
  /** The parsed templates and the config module's partials, searched for `{{> name}}`. */
  templates: hbs.AST.Program[];
  display: (file: string) => string;
}

/** A warning (`theme-unused`) for each file of the site's theme folder that no page uses. */
export function unusedThemeFiles(theme: ThemeFilesInUse): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (rel: string, why: string) =>
    warnings.push(diagnostic(theme.display(path.join(theme.dir, rel)), `is not used by any page: ${why}`, 'theme-unused', { severity: 'warning' }));
  const included = includedPartials(theme.templates);
  for (const rel of theme.files) {
    const [top = '', ...rest] = rel.split('/');
    const name = rest.join('/');
    if (rest.length === 0) {
      // A template at the top of the folder: its place is under pages/, partials/ or layouts/.
      if (rel.endsWith('.hbs')) warn(rel, `templates go in pages/, partials/ or layouts/${placeHint(rel.slice(0, -4), theme)}`);
      continue;
    }
    if (!FOLDERS.includes(top)) {
      const folder = closest(top, FOLDERS);
      if (folder && folder !== top) warn(rel, `gazette reads ${folder}/, not ${top}/ (move it to ${folder}/${name})`);
      else if (ASSET_FOLDERS.has(top.toLowerCase())) warn(rel, `only files under assets/ are published (move it to assets/${rel})`);
      continue;
    }
    if (top === 'assets' || top === 'strings' || top === 'directives') continue;
    if (!name.endsWith('.hbs')) {
      warn(rel, `templates are read from files ending in .hbs${name.includes('.') ? ` (rename it ${top}/${name.replace(/\.[^./]*$/, '.hbs')})` : ''}`);
      continue;
    }
    const base = name.slice(0, -'.hbs'.length);
    if (top === 'layouts' && base !== 'base') {
      warn(rel, 'the one layout is layouts/base.hbs');
    } else if (top === 'pages' && !theme.pageNames.has(base)) {
      const hint = closest(base, theme.pageNames);
      warn(rel, hint ? `did you mean pages/${hint}.hbs?` : `the page templates are ${[...theme.pageNames].sort().map((p) => `${p}.hbs`).join(', ')}`);
    } else if (top === 'partials' && included && !included.has(base)) {
      const hint = closest(base, [...theme.partialNames].filter((p) => p !== base && included.has(p)));
      warn(rel, hint ? `no template includes {{> ${base}}}: did you mean partials/${hint}.hbs?` : `no template includes it: add {{> ${base}}} where it should show`);
    }
  }
  return warnings;
}

/** ' (…/name.hbs?)' naming where a template written at the folder's top belongs, when its name says. */
function placeHint(base: string, theme: ThemeFilesInUse): string {
  if (theme.pageNames.has(base)) return ` (move it to pages/${base}.hbs)`;
  if (theme.partialNames.has(base)) return ` (move it to partials/${base}.hbs)`;
  if (base === 'base') return ' (move it to layouts/base.hbs)';
  return '';
}

/** The partial names `{{> name}}` includes anywhere; null when one is chosen at render time (`{{> (expr)}}`). */
function includedPartials(templates: hbs.AST.Program[]): Set<string> | null {
  const names = new Set<string>();
  for (const ast of templates) {
    const included = includedIn(ast);
    if (included.dynamic) return null;
    for (const name of included.names) names.add(name);
  }
  return names;
}
