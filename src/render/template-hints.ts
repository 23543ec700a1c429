import type { Position } from '../report/diagnostics.js';

/**
 * Plainer words for the two template mistakes Handlebars reports only in its grammar's terms
 * ("Expecting 'OPEN_ENDBLOCK', got 'EOF'"), with where the mistake begins rather than the file's end.
 */

/** A tag `{{…}}` (or `{{{…}}}`), comments included, as the scan below reads it. */
const TAG = /\{\{(!--[\s\S]*?--\}\}|![\s\S]*?\}\}|\{?~?\s*([#^/])?\s*(?:[>*]\s*)?([^\s}~()]*)[\s\S]*?\}\})/g;

/** The innermost block opened (`{{#if x}}`, `{{#each}}`, `{{#> layout}}`) that no `{{/…}}` closes, with its tag as written; null when every one is closed. */
export function unclosedBlock(source: string): { name: string; tag: string; position: Position } | null {
  const open: { name: string; tag: string; index: number }[] = [];
  for (const match of source.matchAll(TAG)) {
    const [, body, sigil, name] = match;
    if (body!.startsWith('!') || !sigil || !name) continue;
    if (sigil === '/') {
      if (open.length && open[open.length - 1]!.name === name) open.pop();
      continue;
    }
    open.push({ name, tag: match[0].length > 50 ? `${match[0].slice(0, 46)}…}}` : match[0], index: match.index });
  }
  const last = open[open.length - 1];
  return last ? { name: last.name, tag: last.tag, position: positionOf(source, last.index) } : null;
}

/** The first `{{` that no `}}` closes before the next `{{` or the end; null when there is none. */
export function unclosedTag(source: string): Position | null {
  let at = source.indexOf('{{');
  while (at !== -1) {
    // A comment may hold "{{": it ends at its own closing.
    const comment = source.startsWith('{{!--', at) ? source.indexOf('--}}', at) : -1;
    const close = comment !== -1 ? comment + 2 : source.indexOf('}}', at + 2);
    const next = source.indexOf('{{', at + 2);
    if (close === -1 || (comment === -1 && next !== -1 && next < close)) return positionOf(source, at);
    at = source.indexOf('{{', close + 2);
  }
  return null;
}

function positionOf(source: string, index: number): Position {
  const before = source.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}
