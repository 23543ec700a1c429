import type Handlebars from 'handlebars';

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;

/** The helper memoized partial calls are compiled to; a name no template can write. */
const MEMO_HELPER = 'gazette memoized partial';

/** Block helpers that run their blocks with the partial's own data (`each` adds @index, @first…). */
const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

/**
 * Partials whose output depends only on their context, their hash and the page's language can
 * be rendered once per card and reused by every page that shows it: an article's card appears
 * on its section, tag, author and archive pages and beside related articles, tens of times on
 * a large site. This finds them by reading the templates (no `@root`, no `../` beyond their own
 * blocks, only helpers known to be pure, only such partials inside, no inline partial that could
 * stand in for one), and compiles their calls into a helper that keeps each rendering for the
 * build. Any other partial is called as Handlebars always calls it.
 */
export class PartialMemo {
  private readonly pure: Set<string>;
  /** Rendered output by context object, then by partial name, page language and hash. */
  private memo = new WeakMap<object, Map<string, string>>();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  /**
   * @param partials The theme's partials as parsed templates, by name.
   * @param others Every other template (pages, layouts), parsed: their inline partials count.
   * @param pureHelpers Helpers (besides the built-in block helpers) whose results depend only on their arguments and the page language.
   * @param otherHelpers Every other helper registered (from the config module): never pure.
   * @param otherPartials Names of partials registered without a parsed template (from the config module): never pure.
   */
  constructor(partials: Map<string, Program>, others: Program[], pureHelpers: Set<string>, otherHelpers: Set<string>, otherPartials: Set<string>) {
    const shadowed = new Set<string>();
    for (const ast of [...partials.values(), ...others]) collectInlinePartials(ast, shadowed);
    const facts = new Map<string, { pure: boolean; calls: Set<string> }>();
    for (const [name, ast] of partials) facts.set(name, readPartial(ast, pureHelpers, otherHelpers));
    this.pure = new Set();
    // A partial is pure when its own text is and every partial it calls is; a cycle is not.
    const state = new Map<string, 'visiting' | boolean>();
    const isPure = (name: string): boolean => {
      const known = state.get(name);
      if (known === 'visiting') return false;
      if (known !== undefined) return known;
      state.set(name, 'visiting');
      const fact = facts.get(name);
      const result = !!fact && fact.pure && !shadowed.has(name) && !otherPartials.has(name) && [...fact.calls].every(isPure);
      state.set(name, result);
      return result;
    };
    for (const name of partials.keys()) if (isPure(name)) this.pure.add(name);
  }

  /** Whether calls of partial `name` are memoized. */
  isPure(name: string): boolean {
    return this.pure.has(name);
  }

  /** Rewrite the calls of pure partials in `ast` (in place) into calls of the memo helper. */
  rewrite(ast: Program): Program {
    rewriteProgram(ast, this.pure);
    return ast;
  }

  /** Forget every rendering kept: contexts already rendered may have been changed in place since. */
  forget(): void {
    this.memo = new WeakMap();
  }

  /** Keep the compiled template of a pure partial, for the helper to call. */
  setCompiled(name: string, template: Handlebars.TemplateDelegate): void {
    this.compiled.set(name, template);
  }

  /** Register the memo helper on `hbs`; `languageOf` reads the page language from a helper's options. */
  register(hbs: typeof Handlebars, languageOf: (options: Handlebars.HelperOptions) => string): void {
    const { compiled } = this;
    const self = this;
    hbs.registerHelper(MEMO_HELPER, function (name: string, context: unknown, options: Handlebars.HelperOptions) {
      const template = compiled.get(name)!;
      const hash = options.hash as Record<string, unknown>;
      // As Handlebars calls a partial: the hash's values laid over the context's.
      const render = () => template(Object.keys(hash).length > 0 ? hbs.Utils.extend({}, context, hash) : context, { data: options.data });
      if (typeof context !== 'object' || context === null) return render();
      let key = `${name}\0${languageOf(options)}`;
      for (const k in hash) {
        const value = hash[k];
        if (value !== null && (typeof value === 'object' || typeof value === 'function')) return render();
        key += `\0${k}\0${typeof value}\0${String(value)}`;
      }
      let rendered = self.memo.get(context);
      if (!rendered) self.memo.set(context, (rendered = new Map()));
      let html = rendered.get(key);
      if (html === undefined) {
        html = render();
        // Reading a character makes V8 store the string flat: kept as the hundreds of pieces it was
        // joined from, it would cost the garbage collector and every page that includes it.
        html.charCodeAt(0);
        rendered.set(key, html);
      }
      return html;
    });
  }
}

/** Names of inline partials (`{{#*inline "name"}}`) defined anywhere in `node`. */
function collectInlinePartials(node: Node | undefined | null, names: Set<string>): void {
  walk(node, (n) => {
    if (n.type === 'DecoratorBlock' || n.type === 'Decorator') {
      const d = n as hbs.AST.Decorator;
      const first = d.params[0];
      if (first && first.type === 'StringLiteral') names.add((first as hbs.AST.StringLiteral).value);
    }
  });
}

/**
 * Whether a partial's own text is pure, and the partials it calls. Impure: `@root` and
 * `@partial-block`; other `@` data outside an `each` of its own; `../` deeper than its own
 * `each`/`with` blocks; helpers not known pure; dynamic or block partials; decorators.
 */
function readPartial(ast: Program, pureHelpers: Set<string>, otherHelpers: Set<string>): { pure: boolean; calls: Set<string> } {
  const calls = new Set<string>();
  let pure = true;
  const helperOk = (name: string) => BUILT_IN_HELPERS.has(name) || pureHelpers.has(name);
  const visit = (node: Node | undefined | null, scopes: number, inEach: boolean): void => {
    if (!node || !pure) return;
    switch (node.type) {
      case 'Program':
        for (const statement of (node as Program).body) visit(statement, scopes, inEach);
        return;
      case 'PathExpression': {
        const p = node as hbs.AST.PathExpression;
        if (p.data && (p.parts[0] === 'root' || p.parts[0] === 'partial-block' || !inEach)) pure = false;
        if (p.depth > scopes) pure = false;
        return;
      }
      case 'MustacheStatement':
      case 'SubExpression': {
        const m = node as hbs.AST.MustacheStatement;
        const called = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression) : null;
        const simple = called && !called.data && called.depth === 0 && called.parts.length === 1 ? called.parts[0]! : null;
        // With arguments it calls a helper; a bare name calls one too when such a helper exists.
        if (simple !== null && (m.params.length > 0 || m.hash ? !helperOk(simple) : otherHelpers.has(simple))) pure = false;
        visit(m.path, scopes, inEach);
        for (const param of m.params) visit(param, scopes, inEach);
        for (const pair of m.hash?.pairs ?? []) visit(pair.value, scopes, inEach);
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const helper = b.path.type === 'PathExpression' ? (b.path as hbs.AST.PathExpression).parts.join('.') : '';
        if (!helperOk(helper)) {
          pure = false;
          return;
        }
        visit(b.path, scopes, inEach);
        for (const param of b.params) visit(param, scopes, inEach);
        for (const pair of b.hash?.pairs ?? []) visit(pair.value, scopes, inEach);
        // `each` and `with` run their block in a new context: one more level `../` may climb.
        const nested = helper === 'each' || helper === 'with' ? scopes + 1 : scopes;
        visit(b.program, nested, inEach || helper === 'each');
        visit(b.inverse, scopes, inEach);
        return;
      }
      case 'PartialStatement': {
        const p = node as hbs.AST.PartialStatement;
        if (p.name.type !== 'PathExpression' || (p.name as hbs.AST.PathExpression).data) {
          pure = false;
          return;
        }
        calls.add((p.name as hbs.AST.PathExpression).original);
        for (const param of p.params) visit(param, scopes, inEach);
        for (const pair of p.hash?.pairs ?? []) visit(pair.value, scopes, inEach);
        return;
      }
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        pure = false;
        return;
      default:
        return; // content, comments, literals
    }
  };
  visit(ast, 0, false);
  return { pure, calls };
}

/** Replace, in place, every `{{> name …}}` of a pure partial with a call of the memo helper. */
function rewriteProgram(program: Program | undefined | null, pure: Set<string>): void {
  if (!program) return;
  const body: hbs.AST.Statement[] = [];
  for (const statement of program.body) {
    if (statement.type === 'PartialStatement') {
      const partial = statement as hbs.AST.PartialStatement & { indent?: string };
      const name = partial.name.type === 'PathExpression' && !(partial.name as hbs.AST.PathExpression).data ? (partial.name as hbs.AST.PathExpression).original : null;
      if (name !== null && pure.has(name) && partial.params.length <= 1) {
        // With `preventIndent` (as gazette compiles), a standalone partial's indent is written before its output.
        if (partial.indent) body.push({ type: 'ContentStatement', value: partial.indent, original: partial.indent, loc: partial.loc } as unknown as hbs.AST.ContentStatement);
        const here = partial.loc;
        const context: hbs.AST.Expression = partial.params[0] ?? ({ type: 'PathExpression', data: false, depth: 0, parts: [], original: 'this', loc: here } as hbs.AST.PathExpression);
        body.push({
          type: 'MustacheStatement',
          path: { type: 'PathExpression', data: false, depth: 0, parts: [MEMO_HELPER], original: MEMO_HELPER, loc: here },
          params: [{ type: 'StringLiteral', value: name, original: name, loc: here } as hbs.AST.StringLiteral, context],
          hash: partial.hash,
          escaped: false,
          strip: { open: false, close: false },
          loc: here,
        } as hbs.AST.MustacheStatement);
        continue;
      }
    }
    if (statement.type === 'BlockStatement' || statement.type === 'DecoratorBlock' || statement.type === 'PartialBlockStatement') {
      const block = statement as hbs.AST.BlockStatement;
      rewriteProgram(block.program, pure);
      rewriteProgram(block.inverse, pure);
    }
    body.push(statement);
  }
  program.body = body;
}

/** Call `visit` on every node of a template. */
export function walk(node: Node | undefined | null, visit: (node: Node) => void): void {
  if (!node) return;
  visit(node);
  const n = node as unknown as Record<string, unknown>;
  for (const key of ['body', 'params']) {
    const list = n[key];
    if (Array.isArray(list)) for (const child of list) walk(child as Node, visit);
  }
  for (const key of ['path', 'program', 'inverse', 'name']) {
    const child = n[key];
    if (child && typeof child === 'object' && 'type' in child) walk(child as Node, visit);
  }
  const hash = n.hash as hbs.AST.Hash | undefined;
  for (const pair of hash?.pairs ?? []) walk(pair.value, visit);
}
