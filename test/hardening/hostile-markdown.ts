/**
 * Generators of hostile Markdown bodies (issue #12): shapes that overflow
 * unified's stack or take it time growing faster than their size. Generated
 * at test time, and kept small so the suite stays fast.
 */

/** `>>>>…` blockquotes nested `depth` deep on one line. */
export const deepQuotes = (depth: number): string => `Intro.\n\n${'>'.repeat(depth)} deep\n`;

/** A list nested `depth` levels, each item indented under the one before. */
export const deepList = (depth: number): string => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}`).join('\n') + '\n';

/** `depth` lines alternating list items and blockquotes: `- > - > …`. */
export const mixedNesting = (depth: number): string => `${'- > '.repeat(Math.ceil(depth / 2))}text\n`;

/** `count` opening brackets followed by as many closing ones, in one paragraph. */
export const bracketFlood = (count: number): string => `${'['.repeat(count)}${']'.repeat(count)}\n`;

/** `count` stars that open emphasis then `count` underscores that cannot close it, in one paragraph. */
export const delimiterFlood = (count: number): string => `${'*a '.repeat(count)}${'a_ '.repeat(count)}\n`;

/** Raw HTML elements nested `depth` deep. */
export const deepHtml = (depth: number): string => `${'<div>'.repeat(depth)}\n`;

/**
 * Slow but under every nesting limit: `paragraphs` paragraphs of 1,998 unpaired
 * emphasis delimiters (each about a quarter of a second on this project's machine).
 */
export const slowParagraphs = (paragraphs: number): string => `${'*a '.repeat(999)}${'a_ '.repeat(999)}\n\n`.repeat(paragraphs);

/** Ordinary prose of about `kb` kilobytes: paragraphs with emphasis and links. */
export const prose = (kb: number): string =>
  'The council met on *Tuesday* to discuss the [harbour budget](https://example.org/budget), which **rose** by 4%.\n\n'.repeat(Math.ceil((kb * 1024) / 106));
