import type { Config } from '../config/index.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { termKey } from './taxonomy.js';

/**
 * Warn about the sections the config's `front` blocks and `sections` order name that no article
 * has, in any language or state (published, scheduled, draft, expired): most often a misspelling,
 * which would otherwise leave a front-page block empty, or a section out of order, without a word.
 * A section whose stories are all held back is not one of them: its block shows once they are out.
 * @param sections The names of the sections articles give (any case, repeats allowed).
 * @param configFile The config file as messages name it.
 */
export function unknownSectionSettings(config: Pick<Config, 'front' | 'sections'>, sections: Iterable<string>, configFile: string): Diagnostic[] {
  const byKey = new Map<string, string>();
  for (const name of sections) if (!byKey.has(termKey(name))) byKey.set(termKey(name), name);
  const diagnostics: Diagnostic[] = [];
  const check = (name: string, where: string, effect: string) => {
    if (byKey.has(termKey(name))) return;
    const near = closest(name, byKey.values());
    const hint = near ? ` (did you mean ${JSON.stringify(near)}?)` : '';
    diagnostics.push(diagnostic(configFile, `${where}: ${JSON.stringify(name)} is no article's section: ${effect}${hint}`, 'section-unknown', { severity: 'warning' }));
  };
  config.front?.blocks.forEach((block, index) => {
    if (block.section !== null) check(block.section, `"front" blocks[${index}]."section"`, 'the block shows nothing');
  });
  config.sections.forEach((setting, index) => check(setting.name, `"sections" [${index}]`, 'it orders nothing'));
  return diagnostics;
}
