import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';

// A theme's stylesheets name fonts and pictures with url(...), which the browser resolves against
// the stylesheet's own address. Nothing else reads them: a url("/assets/fonts/brand.woff2") on a
// site published under /news/ and a misspelt file name both fail in the reader's browser alone.

/** url(...) and @import "..." in CSS, after comments are blanked. */
const REFERENCE = /url\(\s*(["']?)([^"')]*?)\1\s*\)|@import\s+(["'])([^"']*)\3/g;

/**
 * A warning (`theme-css-url`) for each url(...) of the site's own stylesheets that leads outside
 * the site's base path or to an asset the theme does not have.
 * @param stylesheets Path under assets/ → absolute path, of the site's own CSS files.
 * @param assets Every asset of the theme (the default theme's included), by path under assets/.
 */
export function themeCssProblems(stylesheets: Map<string, string>, assets: Map<string, string>, basePath: string, display: (file: string) => string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [rel, file] of stylesheets) {
    const source = fs.readFileSync(file, 'utf8');
    // Comments keep their length and line breaks, so positions stay those of the file.
    const text = source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
    const from = path.posix.dirname(`assets/${rel}`);
    for (const match of text.matchAll(REFERENCE)) {
      const written = (match[2] ?? match[4] ?? '').trim();
      const why = problemOf(written, from, assets, basePath);
      if (!why) continue;
      const offset = match.index + match[0].indexOf(written);
      const before = source.slice(0, offset);
      const position = { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
      problems.push(diagnostic(display(file), `"${written}" ${why}`, 'theme-css-url', { severity: 'warning', position, source }));
    }
  }
  return problems;
}

/** What is wrong with a reference written in a stylesheet under `from` (e.g. 'assets/css'), or null. */
function problemOf(written: string, from: string, assets: Map<string, string>, basePath: string): string | null {
  // Other sites, data: URIs, fragments (an SVG filter's #id) and empty url() are not the theme's files.
  if (written === '' || written.startsWith('#') || written.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(written)) return null;
  let target = written.replace(/[?#].*$/, '');
  try {
    target = decodeURI(target);
  } catch {
    return null;
  }
  if (target.startsWith('/')) {
    if (!target.startsWith(basePath)) {
      const relative = target.startsWith('/assets/') && assets.has(target.slice('/assets/'.length)) ? path.posix.relative(from, target.slice(1)) : null;
      return `leads outside the site, which is published under ${basePath}, so the browser finds nothing there: write it relative to this stylesheet${relative ? ` ("${relative}")` : ''}`;
    }
    target = target.slice(basePath.length);
  } else {
    target = path.posix.normalize(path.posix.join(from, target));
  }
  // What lies outside assets/ (an article's file, say) is not the theme's to check.
  if (!target.startsWith('assets/')) return null;
  const asset = target.slice('assets/'.length);
  if (assets.has(asset)) return null;
  const hint = closest(asset, assets.keys());
  return `leads nowhere: the theme has no assets/${asset}${hint ? `; did you mean assets/${hint}?` : ''}`;
}
