import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { walk } from './partial-memo.js';

// Mistakes in a theme's own template that render without an error but break every page: the page's
// HTML written with two braces shows as text, and a layout that never writes the page shows none.

/** The last names of the fields that hold markup gazette made (see the template reference's Escaping). */
const MARKUP_FIELDS = new Set(['html', 'bodyHtml', 'bioHtml']);

/** Warnings (`template-escaped-markup`, `template-no-content`) about one of the site's templates. */
export function lintTemplate(rel: string, ast: hbs.AST.Program, display: string, source: string): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const escaped = (mustache: hbs.AST.MustacheStatement, path: hbs.AST.PathExpression) =>
    warnings.push(
      diagnostic(display, `{{${path.original}}} escapes HTML, so its markup shows on the page as text: write {{{${path.original}}}}`, 'template-escaped-markup', {
        severity: 'warning',
        position: { line: mustache.loc.start.line, column: mustache.loc.start.column + 1 },
        source,
      }),
    );
  const layout = rel.startsWith('layouts/');
  // `content` is the page's HTML in the layout's own context only: inside {{#each}} or {{#with}} it is
  // another object's field (a meta tag's content).
  const visit = (node: hbs.AST.Node | null | undefined, atRoot: boolean): void => {
    if (!node) return;
    if (node.type === 'Program') {
      for (const statement of (node as hbs.AST.Program).body) visit(statement, atRoot);
    } else if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const name = block.path.type === 'PathExpression' ? (block.path as hbs.AST.PathExpression).original : '';
      visit(block.program, atRoot && name !== 'each' && name !== 'with');
      visit(block.inverse, atRoot);
    } else if (node.type === 'MustacheStatement') {
      const mustache = node as hbs.AST.MustacheStatement;
      if (!mustache.escaped || mustache.path.type !== 'PathExpression' || mustache.params.length > 0 || mustache.hash) return;
      const path = mustache.path as hbs.AST.PathExpression;
      const last = path.parts[path.parts.length - 1];
      if ((layout && atRoot && path.original === 'content') || (!path.data && last !== undefined && MARKUP_FIELDS.has(last))) escaped(mustache, path);
    }
  };
  visit(ast, true);
  let writesContent = false;
  walk(ast, (node) => {
    if (node.type === 'PathExpression' && (node as hbs.AST.PathExpression).original === 'content') writesContent = true;
  });
  if (rel === 'layouts/base.hbs' && !writesContent) {
    warnings.push(diagnostic(display, 'never writes {{{content}}}, the page made by pages/<name>.hbs, so every page shows the layout alone: put {{{content}}} where it goes, inside <main>', 'template-no-content', { severity: 'warning' }));
  }
  return warnings;
}
