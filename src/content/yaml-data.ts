import { LineCounter, parseDocument } from 'yaml';
import type { Position } from '../report/diagnostics.js';
import { explainYamlError, unresolvedAlias, yamlSlips } from './yaml-hints.js';

/** A parsed data file, with what is needed to point at its values. */
export interface DataDocument {
  value: unknown;
  /** Position of a nested value (`[0, 'name']`), or null when there is no such node. */
  positionAt(path: (string | number)[]): Position | null;
  /** Values that parsed, but surely not as their writer meant (cut short by a `#`, say), in plain words. */
  warnings: { message: string; position: Position }[];
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
 * @param yaml Whether the file is YAML, for hints in YAML's terms (quote a value holding ": "…); default true.
 * @throws DataFileError with a position when the text is not valid.
 */
export function parseDataText(text: string, yaml = true): DataDocument {
  const source = text.replace(/^\uFEFF/, '');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true, schema: 'core', merge: false, strict: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const hint = yaml ? explainYamlError(problem.code, problem.pos[0], source) : null;
    const firstLine = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new DataFileError(`is not valid JSON or YAML: ${hint?.message ?? firstLine}`, at(hint?.offset ?? problem.pos[0]));
  }
  const alias = unresolvedAlias(doc, source);
  if (alias) throw new DataFileError(`is not valid JSON or YAML: ${alias.message}`, at(alias.offset));
  let value: unknown;
  try {
    // maxAliasCount guards against "billion laughs" alias expansion.
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new DataFileError(`refused: ${(error as Error).message}`, { line: 1, column: 1 });
  }
  return {
    value: value ?? null,
    warnings: yaml ? yamlSlips(doc, source).map((slip) => ({ message: slip.message, position: at(slip.offset) })) : [],
    positionAt(path) {
      const node = path.length === 0 ? doc.contents : (doc.getIn(path, true) as { range?: [number, number, number] } | undefined);
      return node && typeof node === 'object' && node.range ? at(node.range[0]) : null;
    },
  };
}
