import type { Nodes, Root, RootContent } from 'mdast';

/**
 * Parsing holds the whole document's token stream at once: a 900 KB
 * release-notes post (one list of 5,700 items dense with links) needs about
 * 250 MB of live heap while unified parses it, against some 20 MB for the
 * syntax tree that results. Bodies longer than one and a half times this are
 * therefore parsed in pieces of about this size, cut where the pieces cannot
 * change each other's parse, and the pieces' trees joined.
 */
export const CHUNK_CHARS = 48 * 1024;

type Parse = (text: string) => Root;

/** A place to cut: the offset of a line start, and what kind of line begins there. */
interface Cut {
  offset: number;
  /** Lines before it, so positions in the piece after it can be shifted. */
  line: number;
  /**
   * Where the piece before it ends: at a heading, before the blank line just
   * above it (a fence left open in a list item takes in the blank lines before
   * that one, but not the last, which would end the piece); at an item, the
   * cut itself.
   */
  end: number;
  /** 'heading': an ATX heading after a blank line; 'item': a bullet list item right after another line. */
  kind: 'heading' | 'item';
  /** The bullet of an 'item' cut. */
  marker: string;
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|\r?$)/;
const BULLET_ITEM = /^([*+-])[ \t]+\S/;
const THEMATIC_BREAK = /^([*_-])(?:[ \t]*\1){2,}[ \t]*\r?$/;
const BLANK = /^[ \t]*\r?$/;
/** What the last top-level block before a heading cut may be: each is closed by a blank line and a heading at column 0. */
const CLOSED_BEFORE_HEADING = new Set(['paragraph', 'heading', 'list', 'blockquote', 'table', 'thematicBreak', 'leafDirective']);

/**
 * Parse `body` with `parse`, in pieces when it is long, giving the same tree
 * (positions included) as one parse of the whole body.
 *
 * Pieces are cut only before a line at column 0 that starts an ATX heading
 * after a blank line, or a bullet list item right after a non-blank line, and
 * only in bodies without link or footnote definitions (which the parser
 * resolves across the whole document: a body whose pieces turn out to hold
 * one is parsed whole) or lone carriage returns. The cut is
 * then checked on the trees: before a heading, the last block of the piece
 * before must be one that such a line closes (not fenced code, raw HTML or a
 * container directive, which could run on); at an item, both pieces must meet
 * in a bullet list with the same marker, which is joined back into one. If a
 * check fails, the body is parsed whole.
 */
export function parseInChunks(parse: Parse, body: string, chunkChars = CHUNK_CHARS): Root {
  const cuts = body.length > chunkChars * 1.5 && !MAYBE_DEFINITION.test(body) && !/\r(?!\n)/.test(body) ? findCuts(body, chunkChars) : [];
  if (cuts.length === 0) return parse(body);

  const root = parse(body.slice(0, cuts[0]!.end));
  let definitions = containsDefinition(root);
  for (let i = 0; i < cuts.length && !definitions; i++) {
    const cut = cuts[i]!;
    const piece = parse(body.slice(cut.offset, cuts[i + 1]?.end ?? body.length));
    definitions = shiftPositions(piece, cut.line, cut.offset);
    if (!join(root, piece, cut, body)) return parse(body);
  }
  // A definition the scan let through could resolve references in other pieces.
  return definitions ? parse(body) : root;
}

/**
 * A line that may hold a link or footnote definition, inside block quotes and
 * list items too: such bodies are parsed whole. The scan only spares the work
 * of pieces; what decides is the trees (see `containsDefinition`).
 */
const MAYBE_DEFINITION = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*\[(?:[^\]\\\n]|\\.)*\]:/m;

/** Line starts, about `chunkChars` apart, where a piece may begin. */
function findCuts(body: string, chunkChars: number): Cut[] {
  const cuts: Cut[] = [];
  let lastCut = 0;
  let previousBlank = true;
  let previousStart = 0;
  let line = 0;
  for (let start = 0; start < body.length; line++) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    const text = body.slice(start, end);
    if (start - lastCut >= chunkChars && body.length - start >= chunkChars / 2) {
      const bullet = previousBlank ? null : BULLET_ITEM.exec(text);
      if (previousBlank && ATX_HEADING.test(text)) {
        cuts.push({ offset: start, line, end: previousStart, kind: 'heading', marker: '' });
        lastCut = start;
      } else if (bullet && !THEMATIC_BREAK.test(text)) {
        cuts.push({ offset: start, line, end: start, kind: 'item', marker: bullet[1]! });
        lastCut = start;
      }
    }
    previousBlank = BLANK.test(text);
    previousStart = start;
    start = end + 1;
  }
  return cuts;
}

/** Call `visit` on every node of `tree`, the root included. */
function walk(tree: Root, visit: (node: Nodes) => void): void {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
}

const isDefinition = (node: Nodes) => node.type === 'definition' || node.type === 'footnoteDefinition';

/** Whether `tree` holds a link or footnote definition anywhere. */
function containsDefinition(tree: Root): boolean {
  let found = false;
  walk(tree, (node) => (found ||= isDefinition(node)));
  return found;
}

/**
 * Move every position in `tree` down by `lines` lines and on by `offset`
 * characters (pieces start at a line start, so columns stay); in the same
 * walk, say whether it holds a definition (see `containsDefinition`).
 */
function shiftPositions(tree: Root, lines: number, offset: number): boolean {
  let definitions = false;
  walk(tree, (node) => {
    definitions ||= isDefinition(node);
    const position = node.position;
    if (!position) return;
    position.start = { line: position.start.line + lines, column: position.start.column, offset: (position.start.offset ?? 0) + offset };
    position.end = { line: position.end.line + lines, column: position.end.column, offset: (position.end.offset ?? 0) + offset };
  });
  return definitions;
}

/** Append `piece` (whose first line is the cut's) to `root`, or return false when the cut turns out not to be a clean one. */
function join(root: Root, piece: Root, cut: Cut, body: string): boolean {
  const last = root.children[root.children.length - 1];
  const first = piece.children[0];
  if (!last || !first || first.position?.start.line !== cut.line + 1) return false;
  if (cut.kind === 'heading') {
    if (first.type !== 'heading' || !CLOSED_BEFORE_HEADING.has(last.type)) return false;
    append(root, piece.children);
  } else {
    if (last.type !== 'list' || first.type !== 'list' || last.ordered || first.ordered) return false;
    // The list must run to the line before the cut and have the cut's bullet.
    if (last.position?.end.line !== cut.line || bulletAt(body, last.position.start.offset ?? 0) !== cut.marker) return false;
    append(last.children, first.children);
    last.spread = Boolean(last.spread || first.spread);
    last.position.end = first.position!.end;
    append(root, piece.children.slice(1));
  }
  root.position!.end = piece.position!.end;
  return true;
}

/** Push many nodes without spreading them into one call's arguments. */
function append<T extends RootContent>(target: { children: T[] } | T[], nodes: T[]): void {
  const list = Array.isArray(target) ? target : target.children;
  for (const node of nodes) list.push(node);
}

/** The bullet of the list item at `offset` (after up to three spaces of indent). */
function bulletAt(body: string, offset: number): string {
  let i = offset;
  while (body[i] === ' ' && i < offset + 3) i++;
  return body[i] ?? '';
}
