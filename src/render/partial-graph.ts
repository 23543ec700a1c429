import { walk } from './partial-memo.js';

// Which partials a template includes, read from its parsed text: for the warning about partials
// nothing includes, and to name the loop when partials include one another without end.

/** The partial names `{{> name}}` includes in `ast`, and whether one is chosen at render time (`{{> (expr)}}`). */
export function includedIn(ast: hbs.AST.Program): { names: Set<string>; dynamic: boolean } {
  const names = new Set<string>();
  let dynamic = false;
  walk(ast, (node) => {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    // `{{> "name"}}` is parsed as a string literal, which the AST's types do not list.
    const target = (node as hbs.AST.PartialStatement).name as hbs.AST.PathExpression | hbs.AST.SubExpression | hbs.AST.StringLiteral;
    if (target.type === 'PathExpression') names.add(target.original);
    else if (target.type === 'StringLiteral') names.add(target.value);
    else dynamic = true;
  });
  return { names, dynamic };
}

/**
 * The shortest way partial `start` includes itself, as names from `start` back to it
 * (['card-a', 'card-b', 'card-a']); null when it never does.
 */
export function inclusionLoop(start: string, includes: Map<string, Set<string>>): string[] | null {
  const cameFrom = new Map<string, string>();
  let frontier = [start];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const child of includes.get(name) ?? []) {
        if (child === start) {
          const chain = [name];
          while (chain[0] !== start) chain.unshift(cameFrom.get(chain[0]!)!);
          return [...chain, start];
        }
        if (child !== start && !cameFrom.has(child)) {
          cameFrom.set(child, name);
          next.push(child);
        }
      }
    }
    frontier = next;
  }
  return null;
}
