import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { codeIdentity } from '../version.js';
import { BUILTIN_TEMPLATES } from '../config/index.js';
import { diagnostic, GazetteError, type Diagnostic } from '../report/diagnostics.js';
import { pageLanguage, PURE_HELPERS, registerHelpers } from './helpers.js';
import { loadStrings, textDirection, type ThemeStrings } from './strings.js';
import { unclosedBlock, unclosedTag } from './template-hints.js';
import type { PageContext } from './context.js';
import { PartialMemo } from './partial-memo.js';
import { DamagedCacheError } from '../report/disk-errors.js';
import { RenderInterrupted, RenderTimeout, renderTimeoutMs, runGuarded } from './render-guard.js';
import { listThemeFiles } from './theme-files.js';
import { pushAll } from '../push-all.js';
import { unusedThemeFiles } from './theme-unused.js';
import { includedIn, inclusionLoop } from './partial-graph.js';
import { themeCssProblems } from './theme-css-refs.js';
import { lintTemplate } from './template-lint.js';

export { themeFiles } from './theme-files.js';

/** Compiled templates of a theme, ready to render pages. */
export interface Theme {
  /** Render page template `name` (e.g. 'article') inside the base layout. */
  render(name: string, context: PageContext): string;
  /** Asset files: path under `assets/` → absolute source path. */
  assets: Map<string, string>;
  /** Changes whenever any template, partial, string or gazette's code changes. */
  id: string;
  /** The theme's fixed texts in the site's (default) language. */
  strings: ThemeStrings;
  /** The theme's fixed texts in one of the site's languages. */
  stringsFor(language: string): ThemeStrings;
  /**
   * Forget the partial output kept for reuse (see PartialMemo), which is keyed by the context
   * objects: call it before rendering again pages whose contexts were changed in place.
   */
  forgetRendered(): void;
  /** Files of the site's theme folder that no page uses (a misspelt or misplaced template): warnings. */
  warnings: Diagnostic[];
}

export interface ThemeOptions {
  templatesDir: string;
  language: string;
  /** Every language the site is in, the default (`language`) among them; default: that one. */
  languages?: string[];
  /** Date styles redefined by a language (its `dateFormats` setting), by language. */
  dateFormats?: Map<string, Record<string, Intl.DateTimeFormatOptions>>;
  timeZone: string;
  basePath: string;
  /** How to name the folder in messages. */
  display: (file: string) => string;
  /** Helpers and partials from the config module, its identity and file (absolute path); null for none. */
  code?: { helpers: Record<string, (...args: unknown[]) => unknown>; partials: Record<string, string>; identity: string; file?: string } | null;
}

/**
 * Load and compile a theme. A theme folder holds `layouts/base.hbs`,
 * `pages/<name>.hbs`, `partials/**.hbs` and `assets/**`; any file it does
 * not provide is taken from gazette's default theme, so a site can override
 * just the templates it wants to change.
 * @throws GazetteError naming the template file, line and column on syntax errors.
 */
export function loadTheme(options: ThemeOptions): Theme {
  const hbs = Handlebars.create();
  registerHelpers(hbs, options.language, options.timeZone, options.basePath, options.dateFormats);
  const assets = new Map<string, string>(); // path under assets/ → absolute source path
  // Whether the theme has an asset, e.g. `{{#if (hasAsset "css/custom.css")}}` in the layout.
  hbs.registerHelper('hasAsset', (file: unknown) => {
    if (typeof file !== 'string') throw new Error('hasAsset: give a path such as "css/custom.css"');
    return assets.has(file.replace(/^\/+/, ''));
  });
  // The config's helpers come after gazette's, so a site may replace one; its partials before the theme's files, which win.
  // Each call is noted, so that a page stopped for its time names the helper it was in (see `guard`).
  const inHelpers: string[] = [];
  for (const [name, fn] of Object.entries(options.code?.helpers ?? {})) {
    hbs.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      inHelpers.push(name);
      // Not popped when the call is stopped: stopping skips `finally`, so the name stays for the message.
      // spread-ok: a helper's own arguments, as Handlebars passed them
      const result = fn.apply(this, args);
      inHelpers.pop();
      return result;
    });
  }
  const guarded = Object.keys(options.code?.helpers ?? {}).length > 0;
  const budget = renderTimeoutMs();
  /** Run a template; with helpers from the config module, under a watchdog that stops one stuck in a loop (#26). */
  const guard = <T>(template: string, run: () => T): T => {
    if (!guarded) return run();
    inHelpers.length = 0;
    try {
      return runGuarded(run, budget);
    } catch (error) {
      if (error instanceof RenderTimeout) throw renderTimeout(template, inHelpers[inHelpers.length - 1] ?? null, budget, options);
      if (error instanceof RenderInterrupted) throw new GazetteError('Stopped (Ctrl-C) while a page was rendered');
      throw error;
    }
  };
  for (const [name, text] of Object.entries(options.code?.partials ?? {})) hbs.registerPartial(name, text);
  const layers = [BUILTIN_TEMPLATES, options.templatesDir].filter((dir, i, all) => all.indexOf(dir) === i);
  const files = new Map<string, string>(); // 'pages/article.hbs' → absolute path; later layers win
  for (const dir of layers) {
    for (const rel of listThemeFiles(dir)) files.set(rel, path.join(dir, rel));
  }

  const byLanguage = new Map<string, ThemeStrings>();
  for (const language of new Set([options.language, ...(options.languages ?? [])])) {
    byLanguage.set(language, loadStrings(layers, language, options.display));
  }
  const strings = byLanguage.get(options.language)!;
  const stringsFor = (language: string) => byLanguage.get(language) ?? strings;
  // `t` writes a theme string in the page's language; `strings` gives the browser the raw ones it formats itself (search results).
  hbs.registerHelper('t', (key: unknown, helperOptions: Handlebars.HelperOptions) => {
    stringKeyGiven('t', helperOptions);
    return stringsFor(pageLanguage(helperOptions, options.language)).format(String(key), helperOptions.hash);
  });
  // `tHtml` is `t` for element content: a text shown in the fallback language (the page's has none) is marked with its language.
  hbs.registerHelper('tHtml', (key: unknown, helperOptions: Handlebars.HelperOptions) => {
    stringKeyGiven('tHtml', helperOptions);
    const page = pageLanguage(helperOptions, options.language);
    const strings = stringsFor(page);
    const text = hbs.escapeExpression(strings.format(String(key), helperOptions.hash));
    const lang = strings.languageOf(String(key));
    if (lang === page) return new hbs.SafeString(text);
    const dir = textDirection(lang) === textDirection(page) ? '' : ` dir="${textDirection(lang)}"`;
    return new hbs.SafeString(`<span lang="${lang}"${dir}>${text}</span>`);
  });
  hbs.registerHelper('strings', (...args: unknown[]) =>
    JSON.stringify(stringsFor(pageLanguage(args[args.length - 1], options.language)).raw(args.slice(0, -1).map(String))),
  );
  const problems: Diagnostic[] = [];
  const identity = createHash('sha1')
    .update(codeIdentity())
    .update(JSON.stringify([options.language, options.timeZone, options.basePath, [...(options.dateFormats ?? [])], options.code?.identity ?? null]))
    .update([...byLanguage.values()].map((s) => s.digest).join('\0'));
  // Parse every template first: which partials are pure (see PartialMemo) depends on all of them.
  const parsed = new Map<string, hbs.AST.Program>();
  // The site's own templates are looked at for mistakes that render without an error (see template-lint.ts).
  const ownLayer = options.templatesDir === BUILTIN_TEMPLATES ? null : path.resolve(options.templatesDir) + path.sep;
  const lints: Diagnostic[] = [];
  for (const rel of [...files.keys()].sort()) {
    if (rel.startsWith('assets/')) {
      assets.set(rel.slice('assets/'.length), files.get(rel)!);
    } else if (rel.endsWith('.hbs') && (rel.startsWith('partials/') || rel.startsWith('pages/') || rel.startsWith('layouts/'))) {
      const file = files.get(rel)!;
      const source = fs.readFileSync(file, 'utf8');
      identity.update(`\0${rel}\0${source}`);
      try {
        const ast = hbs.parse(source);
        checkTemplate(hbs, ast);
        parsed.set(rel, ast);
        if (ownLayer && file.startsWith(ownLayer)) pushAll(lints, lintTemplate(rel, ast, options.display(file), source));
      } catch (error) {
        problems.push(templateDiagnostic(options.display(file), error, source));
      }
    }
  }
  if (problems.length) throw new GazetteError('Templates have errors', { diagnostics: problems });
  // Which assets exist decides what `hasAsset` says (the layout links css/custom.css when there is one):
  // their names are part of the theme, their bytes are copied and fingerprinted as files of their own.
  identity.update(`\0assets\0${[...assets.keys()].join('\0')}`);

  const partialName = (rel: string) => rel.slice('partials/'.length, -'.hbs'.length);
  // Which partials each partial includes, to name the loop when partials include one another without end.
  const includes = new Map([...parsed].filter(([rel]) => rel.startsWith('partials/')).map(([rel, ast]) => [partialName(rel), includedIn(ast).names]));
  const loopThrough = (file: string) => {
    const rel = [...files].find(([, abs]) => abs === file)?.[0];
    const loop = rel?.startsWith('partials/') ? inclusionLoop(partialName(rel), includes) : null;
    return loop && `partials/${loop[0]}.hbs includes ${loop.slice(1).map((name) => `{{> ${name}}}`).join(', which includes ')}`;
  };
  // Before the memo rewrites the templates' partial calls in place.
  const warnings =
    options.templatesDir === BUILTIN_TEMPLATES
      ? []
      : unusedThemeFiles({
          dir: options.templatesDir,
          files: listThemeFiles(options.templatesDir),
          pageNames: new Set(listThemeFiles(BUILTIN_TEMPLATES).flatMap((rel) => (/^pages\/[^/]+\.hbs$/.test(rel) ? [rel.slice('pages/'.length, -'.hbs'.length)] : []))),
          partialNames: new Set([...[...parsed.keys()].filter((rel) => rel.startsWith('partials/')).map(partialName), ...Object.keys(options.code?.partials ?? {})]),
          templates: [...parsed.values(), ...Object.values(options.code?.partials ?? {}).flatMap((text) => parsedOrNone(hbs, text))],
          display: options.display,
        });
  pushAll(warnings, lints);
  if (ownLayer) {
    const stylesheets = new Map([...assets].filter(([rel, file]) => rel.endsWith('.css') && file.startsWith(ownLayer)));
    pushAll(warnings, themeCssProblems(stylesheets, assets, options.basePath, options.display));
  }
  const configHelpers = new Set(Object.keys(options.code?.helpers ?? {}));
  const pureHelpers = new Set([...PURE_HELPERS].filter((name) => !configHelpers.has(name)));
  const memo = new PartialMemo(
    new Map([...parsed].filter(([rel]) => rel.startsWith('partials/')).map(([rel, ast]) => [partialName(rel), ast])),
    [...parsed].filter(([rel]) => !rel.startsWith('partials/')).map(([, ast]) => ast),
    pureHelpers,
    new Set(Object.keys(hbs.helpers).filter((name) => !pureHelpers.has(name))),
    new Set(Object.keys(options.code?.partials ?? {})),
  );
  memo.register(hbs, (helperOptions) => pageLanguage(helperOptions, options.language));
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const [rel, ast] of parsed) {
    const compiled = hbs.compile(memo.rewrite(ast), { preventIndent: true });
    if (rel.startsWith('partials/')) {
      const name = partialName(rel);
      const template = failingIn(compiled, files.get(rel)!);
      hbs.registerPartial(name, template);
      if (memo.isPure(name)) memo.setCompiled(name, template);
    } else {
      pages.set(rel.slice(0, -'.hbs'.length), compiled);
    }
  }
  const layout = pages.get('layouts/base');
  if (!layout) throw new GazetteError(`No layouts/base.hbs in ${options.display(options.templatesDir)}`);

  return {
    assets,
    id: identity.digest('hex'),
    strings,
    stringsFor,
    forgetRendered: () => memo.forget(),
    warnings,
    render(name, context) {
      const page = pages.get(`pages/${name}`);
      const pageFile = files.get(`pages/${name}.hbs`);
      if (!page || !pageFile) throw new GazetteError(`The theme has no pages/${name}.hbs template`);
      let content: string;
      try {
        content = guard(pageFile, () => page(context, { allowProtoPropertiesByDefault: false }));
      } catch (error) {
        throw renderError(pageFile, error, options.display, loopThrough);
      }
      const layoutFile = files.get('layouts/base.hbs')!;
      try {
        return guard(layoutFile, () => layout({ ...context, content }));
      } catch (error) {
        throw renderError(layoutFile, error, options.display, loopThrough);
      }
    },
  };
}

/**
 * The theme's shortcode partials, `directives/<name>.hbs` (the site's
 * templates folder over the default theme): name → Handlebars source.
 * @throws GazetteError naming the file, line and column of a syntax error.
 */
export function shortcodePartials(templatesDir: string, display: (file: string) => string): Record<string, string> {
  const layers = [BUILTIN_TEMPLATES, templatesDir].filter((dir, i, all) => all.indexOf(dir) === i);
  const partials: Record<string, string> = {};
  const problems: Diagnostic[] = [];
  for (const dir of layers) {
    const folder = path.join(dir, 'directives');
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder).sort()) {
      if (!name.endsWith('.hbs') || name.startsWith('.')) continue;
      const file = path.join(folder, name);
      const source = fs.readFileSync(file, 'utf8');
      try {
        checkTemplate(Handlebars, Handlebars.parse(source));
      } catch (error) {
        problems.push(templateDiagnostic(display(file), error, source));
        continue;
      }
      partials[name.slice(0, -'.hbs'.length)] = source;
    }
  }
  if (problems.length) throw new GazetteError('Templates have errors', { diagnostics: problems });
  return partials;
}

/** Keys of the theme strings the built-in embeds show (kept in step with EMBED_LABELS in markdown/directives/builtins.ts). */
const EMBED_LABEL_KEYS = ['embedPlayVideo', 'embedVideo', 'embedFactBox', 'embedKeyPoints'];

/**
 * The texts the built-in embeds show ("Play video: {title}", "Key points"…), from the theme's
 * strings in `language`, with their `{placeholders}` left for the embeds to fill.
 */
export function embedLabels(templatesDir: string, language: string, display: (file: string) => string): Record<string, string> {
  const layers = [BUILTIN_TEMPLATES, templatesDir].filter((dir, i, all) => all.indexOf(dir) === i);
  const strings = loadStrings(layers, language, display);
  const keep = { title: '{title}', host: '{host}' };
  return Object.fromEntries(EMBED_LABEL_KEYS.map((key) => [key, strings.format(key, keep)]));
}

/** `{{t}}` without a key: Handlebars passes its options as the key, and no options after it. */
function stringKeyGiven(helper: string, helperOptions: Handlebars.HelperOptions | undefined): void {
  if (helperOptions === undefined) throw new Error(`${helper}: give the key of a theme string, such as {{${helper} "updated"}}`);
}

/** A config module's partial, parsed to see which partials it includes; none when it does not parse (its first render says why). */
function parsedOrNone(hbs: typeof Handlebars, text: string): hbs.AST.Program[] {
  try {
    return [hbs.parse(text)];
  } catch {
    return [];
  }
}

/** Handlebars reports syntax errors as "Parse error on line N:" and exceptions with lineNumber/column. */
/**
 * Throw now, with a position, what compiling a parsed template would throw at its
 * first render (a partial given too many arguments…). Only Handlebars' first
 * compile pass: generating the template's code waits until a page needs it.
 */
function checkTemplate(hbs: typeof Handlebars, ast: hbs.AST.Program): void {
  const { Compiler } = hbs as unknown as { Compiler: new () => { compile(program: hbs.AST.Program, options: object): unknown } };
  new Compiler().compile(ast, { data: true });
}

function templateDiagnostic(file: string, error: unknown, source: string): Diagnostic {
  const err = error as Error & { lineNumber?: number; column?: number };
  // Handlebars names the grammar's tokens and the file's end; say which tag is left open, and where.
  if (/got 'EOF'/.test(err.message) && /OPEN_ENDBLOCK/.test(err.message)) {
    const block = unclosedBlock(source);
    if (block) {
      return diagnostic(file, `template syntax error: ${block.tag} is never closed: add {{/${block.name}}} where the block ends`, 'template-syntax', { position: block.position, source });
    }
  }
  if (/got 'INVALID'/.test(err.message)) {
    const position = unclosedTag(source);
    if (position) return diagnostic(file, 'template syntax error: "{{" is not closed: end the tag with "}}"', 'template-syntax', { position, source });
  }
  const lineMatch = /on line (\d+)/.exec(err.message);
  const line = err.lineNumber ?? (lineMatch ? Number(lineMatch[1]) : null);
  const position = line ? { line, column: (err.column ?? 0) + 1 } : null;
  const message = err.message.split('\n').filter((l) => !/^[-\s^]*$/.test(l) && !/^\.\.\./.test(l)).slice(-1)[0] ?? err.message;
  return diagnostic(file, `template syntax error: ${message.replace(/^Parse error on line \d+:\s*/, '')}`, 'template-syntax', {
    position,
    source,
  });
}

/** A page stopped for its time: in `template`, in the config's helper `helper` when one was running. */
function renderTimeout(template: string, helper: string | null, budget: number, options: ThemeOptions): GazetteError {
  const config = options.code?.file ? ` of ${options.display(options.code.file)}` : '';
  const culprit = helper ? `the helper "${helper}"${config} was still running, and may loop forever; fix it` : 'look for a helper of the config module that may loop forever';
  return new GazetteError('A template failed to render', {
    diagnostics: [
      diagnostic(options.display(template), `took longer than ${budget / 1000} s to render (GAZETTE_RENDER_TIMEOUT) and was stopped: ${culprit}`, 'template-timeout'),
    ],
  });
}

/** Where an error thrown while a page rendered arose: the file of the innermost partial it went through. */
const FAILED_IN = Symbol('failed in');

/**
 * `template` (a partial) marking what it throws with its file, unless a partial it called marked it
 * first: an error in a theme's `partials/footer.hbs` names that file, not the layout that included it.
 */
function failingIn(template: Handlebars.TemplateDelegate, file: string): Handlebars.TemplateDelegate {
  return (context, runtimeOptions) => {
    try {
      return template(context, runtimeOptions);
    } catch (error) {
      if (error !== null && typeof error === 'object' && !(FAILED_IN in error)) (error as Record<symbol, unknown>)[FAILED_IN] = file;
      throw error;
    }
  };
}

/** @param loopThrough How the partial in `file` includes itself, when it does: 'partials/a.hbs includes {{> b}}, which includes {{> a}}'. */
function renderError(template: string, error: unknown, display: (file: string) => string, loopThrough: (file: string) => string | null): Error {
  // A damaged cache is not the template's fault: the build starts again without it.
  if (error instanceof GazetteError || error instanceof DamagedCacheError) return error;
  const partial = error !== null && typeof error === 'object' ? (error as Record<symbol, unknown>)[FAILED_IN] : undefined;
  const file = display(typeof partial === 'string' ? partial : template);
  const err = error as Error & { lineNumber?: number; column?: number };
  const position = err.lineNumber ? { line: err.lineNumber, column: (err.column ?? 0) + 1 } : null;
  // The stack overflows when a partial includes itself, directly or not, on every render: say which.
  const loop = error instanceof RangeError && /call stack/i.test(err.message) && typeof partial === 'string' ? loopThrough(partial) : null;
  const message = loop ? `partials include one another without end: ${loop}; include a partial within itself only under a condition that ends, such as {{#if}}` : err.message;
  return new GazetteError('A template failed to render', {
    diagnostics: [diagnostic(file, `template error: ${message}`, 'template-render', { position })],
    cause: error,
  });
}
