import fs from 'node:fs';
import { isConfigModule } from '../config/index.js';
import { DataFileError, parseDataText } from '../content/yaml-data.js';
import type { Position } from '../report/diagnostics.js';

/** Reads a file named as messages name it (relative to the working folder), for code frames; null when it cannot. */
export function readDisplayed(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/**
 * Where each menu entry is written in a JSON config file, to report a
 * broken menu link at its line: `menus.<name>[<index>]` → its position. A
 * config module (JavaScript) or a file that cannot be read gives none.
 */
export function menuPositions(configFile: string | null): (name: string, index: number, field?: string) => Position | null {
  if (!configFile || isConfigModule(configFile)) return () => null;
  let doc: ReturnType<typeof parseDataText>;
  try {
    doc = parseDataText(fs.readFileSync(configFile, 'utf8'), false);
  } catch (error) {
    if (error instanceof DataFileError || (error as NodeJS.ErrnoException).code) return () => null;
    throw error;
  }
  // At `field` when one is named (a misspelt one), else at the entry's target (its "url", most often), else at the entry.
  return (name, index, field) =>
    (field === undefined ? null : doc.positionAt(['menus', name, index, field])) ??
    ['url', 'page', 'article', 'section'].map((key) => doc.positionAt(['menus', name, index, key])).find((p) => p !== null) ??
    doc.positionAt(['menus', name, index]);
}

/**
 * `menuPositions` with the config file's text, for a diagnostic's code frame: the file is read
 * and parsed on the first question only (most builds have no menu problem to place).
 */
export function menuPlacer(configFile: string | null): (name: string, index: number, field?: string) => { position: Position; source: string } | null {
  let positionOf: ReturnType<typeof menuPositions> | null = null;
  let source: string | null = null;
  return (name, index, field) => {
    if (!positionOf) {
      positionOf = menuPositions(configFile);
      source = configFile ? readDisplayed(configFile) : null;
    }
    const position = positionOf(name, index, field);
    return position && source !== null ? { position, source } : null;
  };
}
