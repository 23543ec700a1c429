import type { Options } from 'rehype-highlight';

/**
 * Whether `markdown` may contain a fenced code block: a line starting with
 * up to three spaces and then three backticks or tildes (also inside lists
 * and quotes, where a prefix comes first). Errs towards true.
 */
export function hasFencedCode(markdown: string): boolean {
  return /(?:^|\n)[ \t>*+\-\d.)]*(?:```|~~~)/.test(markdown);
}

/**
 * Highlight fences that name a language (highlight.js's common languages,
 * about forty), into `hljs-*` classes the theme styles: no guessing for
 * fences without one, and a language highlight.js does not know stays plain.
 */
export const HIGHLIGHT_OPTIONS: Options = { detect: false };

/**
 * rehype-highlight, loaded when the first body with fenced code arrives: the
 * highlighter and its grammars are about as large as the rest of the
 * pipeline, and a site without code never loads them.
 */
export async function loadHighlighter() {
  return (await import('rehype-highlight')).default;
}
