import type { Position } from '../report/diagnostics.js';

/**
 * How much nesting and how many inline markers gazette lets through to
 * unified. Its parser and serializers recurse once per level, and some of its
 * inline work grows with the square of the markers in one paragraph (issue #12).
 * Measured on one core with a single body (milliseconds to render):
 * - blockquotes `>`: 1,000 levels 135, 2,000 levels 282, 5,000 a stack overflow;
 * - lists: 100 levels 99, 200 levels 416, 400 levels 2,107 (and 1,000 a stack overflow);
 * - `[` in one paragraph: 1,000 53, 10,000 1,280, 30,000 7,665 (`[a]` pairs);
 * - runs of `*`, `_`, `~` in one paragraph that cannot pair up: 2,000 240,
 *   6,000 1,880, 20,000 18,200.
 * Real articles nest a few levels and carry tens of such markers per paragraph.
 */
export const NESTING_LIMITS: NestingLimits = {
  /** Blockquotes and list items inside each other. */
  depth: 100,
  /** `[` in one paragraph (or one table row, or one list item's first line onwards). */
  brackets: 5_000,
  /** Runs of emphasis or strikethrough delimiters (`*`, `_`, `~`) in one paragraph. */
  delimiterRuns: 2_000,
};

/** Limits of nesting and inline markers; see NESTING_LIMITS. */
export interface NestingLimits {
  depth: number;
  brackets: number;
  delimiterRuns: number;
}

/** Why an article is refused before parsing, and where. */
export interface NestingProblem {
  ruleId: 'markdown-too-deep' | 'markdown-too-many-brackets' | 'markdown-too-many-delimiters';
  message: string;
  position: Position;
}

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const GT = 0x3e;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const STAR = 0x2a;
const UNDERSCORE = 0x5f;
const TILDE = 0x7e;
const BACKTICK = 0x60;
const DASH = 0x2d;
const PLUS = 0x2b;
const PIPE = 0x7c;
const COLON = 0x3a;

/**
 * Find nesting or marker floods in a Markdown body that unified cannot render
 * in reasonable time or at all, in one linear pass without regular expressions.
 * It over-approximates Markdown's block structure (a paragraph is what lies
 * between blank lines and list items), so it never lets a flood through that
 * the parser would see, at the price of counting a few markers it would not.
 * @param body The Markdown body, with front matter blanked so lines match the file.
 * @param limits The limits; default NESTING_LIMITS.
 * @returns The first problem found, or null.
 */
export function findExcessiveNesting(body: string, limits: NestingLimits = NESTING_LIMITS): NestingProblem | null {
  const length = body.length;
  // Counting inline markers is the slow part; most bodies have too few in all to bother.
  const countInline =
    occurrences(body, '[', limits.brackets) > limits.brackets ||
    occurrences(body, '*', limits.delimiterRuns) + occurrences(body, '_', limits.delimiterRuns) + occurrences(body, '~', limits.delimiterRuns) >
      limits.delimiterRuns;
  // Content columns of the open list items, innermost last.
  const lists: number[] = [];
  let brackets = 0;
  let runs = 0;
  let inTable = false;
  let previousBlank = true;
  let fence: { char: number; size: number; quotes: number; indent: number } | null = null;
  let line = 0;
  for (let start = 0; start <= length; line++) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = length;
    // The line's container prefix: indentation, `>` markers and list markers.
    let at = start;
    let column = 0;
    let quotes = 0;
    let markers = 0;
    let lead = -1;
    let deepAt = -1;
    for (;;) {
      const c = body.charCodeAt(at);
      if (c === SPACE || c === TAB) {
        column += c === TAB ? 4 - (column % 4) : 1;
        at++;
        continue;
      }
      if (lead < 0) lead = column;
      if (c === GT) {
        quotes++;
        if (deepAt < 0 && lists.length + quotes > limits.depth) deepAt = at;
        at++;
        column++;
        continue;
      }
      if (fence) break; // inside a code fence, a "- " is code
      const width = listMarkerWidth(body, at, end);
      if (width === 0) break;
      // A marker closes the items it is not inside of, then opens one.
      if (markers++ === 0) while (lists.length > 0 && lists[lists.length - 1]! > column) lists.pop();
      lists.push(column + width);
      if (deepAt < 0 && lists.length + quotes > limits.depth) deepAt = at;
      at += width;
      column += width;
    }
    const blank = at >= end;
    if (fence) {
      if (quotes >= fence.quotes && closesFence(body, at, end, fence)) {
        fence = null;
      } else if (quotes < fence.quotes || (!blank && lead < fence.indent)) {
        // The blockquote or list item holding the fence ended, and the fence with it: read the line again as Markdown.
        fence = null;
        line--;
        continue;
      }
      previousBlank = blank;
      start = end + 1;
      continue;
    }
    // After a blank line, text indented less than a list item's content ends that item.
    if (!blank && markers === 0 && previousBlank) while (lists.length > 0 && lists[lists.length - 1]! > lead) lists.pop();
    previousBlank = blank;
    const depth = lists.length + quotes;
    if (depth > limits.depth) {
      return {
        ruleId: 'markdown-too-deep',
        message:
          `blockquotes (">") and lists are nested ${depth} levels deep here, more than the ${limits.depth} gazette renders: ` +
          'nesting that deep breaks the Markdown renderer; flatten it',
        position: { line: line + 1, column: (deepAt >= 0 ? deepAt : at) - start + 1 },
      };
    }
    if (blank) {
      brackets = runs = 0;
      inTable = false;
      start = end + 1;
      continue;
    }
    // A list item, a table row or a heading starts inline content of its own.
    if (markers > 0 || inTable || body.charCodeAt(at) === HASH) brackets = runs = 0;
    const opened = fenceAt(body, at, end);
    if (opened) {
      fence = { ...opened, quotes, indent: lists.length > 0 ? lists[lists.length - 1]! : 0 };
      start = end + 1;
      continue;
    }
    if (!countInline) {
      start = end + 1;
      continue;
    }
    if (isTableDelimiterRow(body, at, end)) inTable = true;
    let previous = -1;
    for (let i = at; i < end; i++) {
      const c = body.charCodeAt(i);
      if (c === BACKSLASH) {
        i++;
        previous = -1;
        continue;
      }
      if (c === OPEN_BRACKET && ++brackets > limits.brackets) {
        return {
          ruleId: 'markdown-too-many-brackets',
          message:
            `this paragraph has more than ${limits.brackets.toLocaleString('en')} "[" brackets, which would take the Markdown renderer ` +
            'far too long to match up; split it with blank lines, write "\\[" for a bracket that starts no link, or put the text in a fenced code block',
          position: { line: line + 1, column: i - start + 1 },
        };
      }
      if ((c === STAR || c === UNDERSCORE || c === TILDE) && c !== previous && ++runs > limits.delimiterRuns) {
        return {
          ruleId: 'markdown-too-many-delimiters',
          message:
            `this paragraph has more than ${limits.delimiterRuns.toLocaleString('en')} runs of "*", "_" or "~", which would take the Markdown ` +
            'renderer far too long to pair up; split it with blank lines, write "\\*" for a star that is no emphasis, or put the text in a fenced code block',
          position: { line: line + 1, column: i - start + 1 },
        };
      }
      previous = c;
    }
    start = end + 1;
  }
  return null;
}

/** How many times `text` holds `char`, counting no further than `limit` + 1. */
function occurrences(text: string, char: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at >= 0 && count <= limit; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** Width of a list marker and the space after it at `at` ("- ", "* ", "+ ", "12. ", "3) "), or 0. */
function listMarkerWidth(body: string, at: number, end: number): number {
  const c = body.charCodeAt(at);
  let after = at;
  if (c === DASH || c === STAR || c === PLUS) after = at + 1;
  else {
    while (after < end && after - at < 9 && body.charCodeAt(after) >= 0x30 && body.charCodeAt(after) <= 0x39) after++;
    if (after === at) return 0;
    const d = body.charCodeAt(after);
    if (d !== 0x2e && d !== 0x29) return 0;
    after++;
  }
  const next = body.charCodeAt(after);
  if (after >= end) return after - at; // an empty item
  return next === SPACE || next === TAB ? after + 1 - at : 0;
}

/** A code fence opening at `at`: three or more backticks or tildes. */
function fenceAt(body: string, at: number, end: number): { char: number; size: number } | null {
  const c = body.charCodeAt(at);
  if (c !== BACKTICK && c !== TILDE) return null;
  let size = 0;
  while (at + size < end && body.charCodeAt(at + size) === c) size++;
  return size >= 3 ? { char: c, size } : null;
}

function closesFence(body: string, at: number, end: number, fence: { char: number; size: number }): boolean {
  const found = fenceAt(body, at, end);
  return found !== null && found.char === fence.char && found.size >= fence.size;
}

/** `|---|:--:|`: the line under a table's header; the rows below it are parsed one by one. */
function isTableDelimiterRow(body: string, at: number, end: number): boolean {
  let pipe = false;
  let dash = false;
  for (let i = at; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === PIPE) pipe = true;
    else if (c === DASH) dash = true;
    else if (c !== COLON && c !== SPACE && c !== TAB) return false;
  }
  return pipe && dash;
}

