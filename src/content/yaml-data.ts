import { LineCounter, parseDocument } from 'yaml';
import type { Position } from '../report/diagnostics.js';

/** A parsed data file, with what is needed to point at its values. */
export interface DataDocument {
  value: unknown;
  /** Position of a nested value (`[0, 'name']`), or null when there is no such node. */
  positionAt(path: (string | number)[]): Position | null;
}

/** A data file that cannot be parsed, with where the problem is. */
export class DataFileError extends Error {
  constructor(
    message: string,
    readonly position: Position | null,
  ) {
    super(message);
  }
}

/**
 * Parse a JSON or YAML data file. Both go through the YAML parser (JSON is
 * YAML), so every value has a line and column for messages.
 * @throws DataFileError with a position when the text is not valid.
 */
export function parseDataText(text: string): DataDocument {
  const source = text.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true, schema: 'core', merge: false, strict: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const firstLine = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new DataFileError(`is not valid JSON or YAML: ${firstLine}`, at(problem.pos[0]));
  }
  let value: unknown;
  try {
    // maxAliasCount guards against "billion laughs" alias expansion.
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new DataFileError(`refused: ${(error as Error).message}`, { line: 1, column: 1 });
  }
  return {
    value: value ?? null,
    positionAt(path) {
      const node = path.length === 0 ? doc.contents : (doc.getIn(path, true) as { range?: [number, number, number] } | undefined);
      return node && typeof node === 'object' && node.range ? at(node.range[0]) : null;
    },
  };
}
