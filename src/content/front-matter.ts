import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node as YamlNode } from 'yaml';
import type { Position } from '../report/diagnostics.js';
import { explainYamlError, unresolvedAlias, yamlSlips } from './yaml-hints.js';

/** Front matter split from an article, with what is needed to point at its fields. */
export interface FrontMatter {
  /** The parsed mapping (plain JS values). */
  data: Record<string, unknown>;
  /** Position of a top-level field's value (falls back to its key), for error messages. */
  positionOf(field: string): Position | null;
  /** Position of a nested value, e.g. `['corrections', 0, 'date']`; null when there is no such node. */
  positionAt(path: (string | number)[]): Position | null;
  /** The Markdown body with the front matter replaced by blank lines, so line numbers still match the file. */
  body: string;
  /** Values that parsed, but surely not as their writer meant (cut short by a `#`, say), in plain words. */
  warnings: { message: string; position: Position; ruleId: string }[];
}

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly position: Position | null,
    readonly ruleId: string,
  ) {
    super(message);
  }
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Split and parse the YAML front matter at the top of an article.
 * @param text The file's text (BOM already removed).
 * @throws FrontMatterError with a file position when it is missing or invalid.
 */
export function parseFrontMatter(text: string): FrontMatter {
  if (text.trim() === '') throw new FrontMatterError('the file is empty; an article needs front matter with a title and a date', null, 'front-matter-missing');
  const open = OPEN.exec(text);
  if (!open) {
    throw new FrontMatterError(
      'no front matter: an article must start with a line "---", then YAML fields (title, date, ...), then "---"',
      { line: 1, column: 1 },
      'front-matter-missing',
    );
  }
  const split = splitAt(text, open[0].length);
  if (!split) {
    throw new FrontMatterError('front matter is not closed: add a line "---" after the last field', { line: 1, column: 1 }, 'front-matter-unclosed');
  }
  const { yamlText, bodyStart } = split;
  const lineOffset = 1; // the opening '---' line
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  doc = parseDocument(yamlText, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    schema: 'core',
    customTags: [],
    merge: false,
    strict: true,
  });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // The common slips in plain words with their fix; the parser's own words otherwise.
    const hint = explainYamlError(problem.code, problem.pos[0], yamlText);
    const firstLine = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new FrontMatterError(`invalid YAML in front matter: ${hint?.message ?? firstLine}`, at(hint?.offset ?? problem.pos[0]), 'front-matter-yaml');
  }
  const alias = unresolvedAlias(doc, yamlText);
  if (alias) throw new FrontMatterError(`invalid YAML in front matter: ${alias.message}`, at(alias.offset), 'front-matter-yaml');
  if (doc.contents === null) {
    throw new FrontMatterError('front matter is empty; it needs at least a title and a date', { line: 1, column: 1 }, 'front-matter-missing');
  }
  if (!isMap(doc.contents)) {
    throw new FrontMatterError('front matter must be a list of "field: value" lines', at(doc.contents.range?.[0] ?? 0), 'front-matter-yaml');
  }
  let data: unknown;
  try {
    // maxAliasCount guards against "billion laughs" alias expansion.
    // Copied: the parser's strings are slices of the file's text, and a tag or a summary kept in the
    // article cache would otherwise keep the whole source in memory (watch keeps every article's).
    data = structuredClone(doc.toJS({ maxAliasCount: 50 }));
  } catch (error) {
    throw new FrontMatterError(`front matter refused: ${(error as Error).message}`, { line: 1, column: 1 }, 'front-matter-yaml');
  }
  const map = doc.contents;
  const positionOf = (field: string): Position | null => {
    for (const pair of map.items) {
      if (isScalar(pair.key) && String(pair.key.value) === field) {
        const node = (pair.value ?? pair.key) as YamlNode;
        const range = node.range ?? (pair.key as YamlNode).range;
        return range ? at(range[0]) : null;
      }
    }
    return null;
  };
  const positionAt = (path: (string | number)[]): Position | null => {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    return node && typeof node === 'object' && node.range ? at(node.range[0]) : null;
  };
  const warnings = yamlSlips(doc, yamlText).map((slip) => ({ message: slip.message, position: at(slip.offset), ruleId: 'front-matter-yaml-slip' }));
  return { data: data as Record<string, unknown>, positionOf, positionAt, body: bodyFrom(text, bodyStart), warnings };
}

/**
 * The body `parseFrontMatter` gives for `text`, found without parsing the YAML; null when the text
 * has no closed front matter. For a source parsed before, whose body was not kept (see `loadStage`).
 */
export function frontMatterBody(text: string): string | null {
  const open = OPEN.exec(text);
  const split = open ? splitAt(text, open[0].length) : null;
  return split ? bodyFrom(text, split.bodyStart) : null;
}

/** The front matter's YAML, from `yamlStart` (after the opening line) to the closing line, and where the body starts; null when it is not closed. */
function splitAt(text: string, yamlStart: number): { yamlText: string; bodyStart: number } | null {
  const rest = text.slice(yamlStart);
  const close = rest.startsWith('---') || rest.startsWith('...') ? { index: 0, 0: rest.slice(0, 3) } : /\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|$)/.exec(rest);
  if (!close) return null;
  return { yamlText: rest.slice(0, close.index), bodyStart: yamlStart + close.index + close[0].length };
}

/** The body from `bodyStart`, the front matter before it replaced by blank lines so the body's line numbers match the file. */
function bodyFrom(text: string, bodyStart: number): string {
  const blankLines = text.slice(0, bodyStart).replace(/[^\n]/g, '');
  return blankLines + text.slice(bodyStart);
}
