/**
 * Keeps the documentation honest: README.md and docs/**\/*.md are checked
 * against the real code, so a renamed flag, a removed setting or a moved
 * heading fails here. The rules are described in docs/internals/developing.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { parse as parseShell } from 'shell-quote';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CommanderError } from 'commander';
import { createProgram } from '../lib/cli/index.js';
import { BUILTIN_TEMPLATES, loadConfig } from '../lib/config/index.js';
import { parseArticle } from '../lib/content/article.js';
import { loadSiteData } from '../lib/content/data-files.js';
import { parseFrontMatter } from '../lib/content/front-matter.js';
import { formatDiagnostic, GazetteError } from '../lib/report/diagnostics.js';
import { loadStrings } from '../lib/render/strings.js';
import { ROOT, tempDir } from './helpers.js';


/** Drafts waiting to be merged into the docs; checked once they are moved into place. */
const SKIPPED_FOLDER = 'docs/pending/';

interface Code {
  lang: string;
  meta: string;
  value: string;
  /** Line of the opening fence. */
  line: number;
  endLine: number;
}

interface Doc {
  /** Path relative to the repository, '/'-separated. */
  file: string;
  text: string;
  codes: Code[];
  links: { url: string; line: number }[];
  /** Tables remark-gfm found. */
  tables: number;
  /** Heading ids as GitHub makes them, and ids of HTML anchors. */
  anchors: Set<string>;
}

/** README.md and every Markdown file under docs/ (but drafts), relative to `root`. */
function docFiles(root: string): string[] {
  const files = ['README.md'];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory() && `${child}/` !== SKIPPED_FOLDER) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(child);
    }
  };
  if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
  return files.sort();
}

interface MdNode {
  type: string;
  url?: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  position?: { start: { line: number }; end: { line: number } };
  children?: MdNode[];
}

function visit(node: MdNode, fn: (node: MdNode) => void): void {
  fn(node);
  for (const child of node.children ?? []) visit(child, fn);
}

/** Parse one Markdown text as GitHub does (CommonMark with GFM). */
function readDoc(file: string, text: string): Doc {
  const processor = unified().use(remarkParse).use(remarkGfm);
  const tree = processor.parse(text) as MdNode;
  const doc: Doc = { file, text, codes: [], links: [], tables: 0, anchors: new Set() };
  visit(tree, (node) => {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'code') {
      doc.codes.push({ lang: node.lang ?? '', meta: node.meta ?? '', value: node.value ?? '', line, endLine: node.position?.end.line ?? line });
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url !== undefined) {
      doc.links.push({ url: node.url, line });
    } else if (node.type === 'table') {
      doc.tables++;
    } else if (node.type === 'html') {
      for (const match of (node.value ?? '').matchAll(/\s(?:id|name)="([^"]+)"/g)) doc.anchors.add(match[1]!);
    }
  });
  // Heading ids: rehype-slug makes them with github-slugger, as GitHub does.
  const hast = unified().use(remarkRehype).use(rehypeSlug).runSync(processor.runSync(tree as never) as never) as MdNode;
  visit(hast, (node) => {
    if (node.type === 'element' && /^h[1-6]$/.test(node.tagName ?? '') && typeof node.properties?.id === 'string') {
      doc.anchors.add(node.properties.id);
    }
  });
  return doc;
}

/** Split a table row into its cells: on pipes not escaped with a backslash, edge pipes dropped. */
function cells(row: string): string[] {
  const parts = row.trim().split(/(?<!\\)\|/);
  if (parts[0]!.trim() === '') parts.shift();
  if (parts.length && parts[parts.length - 1]!.trim() === '') parts.pop();
  return parts;
}

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** Problems with the tables of a doc: every run of lines starting with '|' outside code must be a whole table. */
function tableProblems(doc: Doc): string[] {
  const problems: string[] = [];
  const inCode = new Set<number>();
  for (const code of doc.codes) for (let line = code.line; line <= code.endLine; line++) inCode.add(line);
  const lines = doc.text.split('\n');
  const runs: { start: number; rows: string[] }[] = [];
  lines.forEach((text, index) => {
    const line = index + 1;
    if (inCode.has(line) || !/^\s*\|/.test(text)) return;
    const last = runs[runs.length - 1];
    if (last && last.start + last.rows.length === line) last.rows.push(text);
    else runs.push({ start: line, rows: [text] });
  });
  for (const run of runs) {
    const where = `${doc.file}:${run.start}`;
    if (run.rows.length < 2 || !DELIMITER_ROW.test(run.rows[1]!)) {
      problems.push(`${where}: table rows without a header and a separator row (|---|) as its second line`);
      continue;
    }
    const width = cells(run.rows[0]!).length;
    run.rows.forEach((row, i) => {
      const count = cells(row).length;
      if (count !== width) problems.push(`${doc.file}:${run.start + i}: ${count} cells in a table of ${width} columns`);
    });
  }
  if (!problems.length && doc.tables !== runs.length) {
    problems.push(`${doc.file}: ${runs.length} tables written, but ${doc.tables} parse as tables (a table needs a blank line before it)`);
  }
  return problems;
}

/** Problems with the links of a doc that stay inside the repository: missing files and missing anchors. */
function linkProblems(doc: Doc, docs: Map<string, Doc>, root: string): string[] {
  const problems: string[] = [];
  for (const { url, line } of doc.links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue;
    const hash = url.indexOf('#');
    const target = decodeURIComponent(hash < 0 ? url : url.slice(0, hash));
    const fragment = hash < 0 ? null : decodeURIComponent(url.slice(hash + 1));
    const rel = target === '' ? doc.file : path.posix.normalize(path.posix.join(path.posix.dirname(doc.file), target));
    const where = `${doc.file}:${line}: link "${url}"`;
    if (rel.startsWith('..')) {
      problems.push(`${where} leaves the repository`);
      continue;
    }
    if (!fs.existsSync(path.join(root, rel))) {
      problems.push(`${where}: ${rel} does not exist`);
      continue;
    }
    if (fragment !== null && rel.endsWith('.md')) {
      const anchors = docs.get(rel)?.anchors ?? readDoc(rel, fs.readFileSync(path.join(root, rel), 'utf8')).anchors;
      if (!anchors.has(fragment)) problems.push(`${where}: ${rel} has no heading or anchor "${fragment}"`);
    }
  }
  return problems;
}

/** The gazette command lines of a shell block, as argument lists (after `gazette`). */
function gazetteCommands(code: Code): string[][] {
  const joined = code.value.replace(/\\\n/g, ' ');
  const lines = joined.split('\n');
  const commandLines =
    code.lang === 'console' ? lines.filter((l) => /^\s*\$\s/.test(l)).map((l) => l.replace(/^\s*\$\s/, '')) : lines;
  const commands: string[][] = [];
  for (const line of commandLines) {
    let words: string[] = [];
    const flush = () => {
      while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift(); // NAME=value before a command
      if (words[0] === 'npx') {
        words.shift();
        while (words.length && words[0]!.startsWith('-')) words.shift();
      }
      if (words[0] === 'gazette') commands.push(words.slice(1));
      else if (words[0] === 'node' && /(^|\/)gazette\.js$/.test(words[1] ?? '')) commands.push(words.slice(2));
      words = [];
    };
    for (const token of parseShell(line, (key) => `$${key}`)) {
      if (typeof token === 'string') words.push(token);
      else if ('comment' in token) break;
      else if ('op' in token) flush();
    }
    flush();
  }
  return commands;
}

/** Why gazette's real command-line program rejects `args`, or null when it parses them (nothing is run). */
async function commandProblem(args: string[]): Promise<string | null> {
  const program = createProgram(async () => {});
  let output = '';
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ writeErr: (text) => (output += text), writeOut: () => {} });
  }
  try {
    await program.parseAsync(['node', 'gazette', ...args]);
    return null;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? null : (output.trim().split('\n')[0] ?? error.message);
    throw error;
  }
}

function gazetteErrorText(error: unknown): string {
  if (error instanceof GazetteError) {
    const details = (error.diagnostics ?? []).map((d) => formatDiagnostic(d)).join('; ');
    return details ? `${error.message}: ${details}` : error.message;
  }
  throw error;
}

/** Why a fenced json block fails its check, or null. */
async function jsonProblem(code: Code): Promise<string | null> {
  if (code.meta === 'gazette.config.json') {
    const dir = tempDir('gazette-docs-');
    fs.writeFileSync(path.join(dir, 'gazette.config.json'), code.value);
    try {
      await loadConfig({}, dir);
      return null;
    } catch (error) {
      return gazetteErrorText(error);
    }
  }
  if (code.meta.startsWith('_data/')) return dataProblem(code);
  const strings = /^templates\/strings\/([^/]+)\.json$/.exec(code.meta);
  if (strings) {
    const dir = tempDir('gazette-docs-');
    fs.mkdirSync(path.join(dir, 'strings'));
    fs.writeFileSync(path.join(dir, 'strings', `${strings[1]}.json`), code.value);
    try {
      loadStrings([BUILTIN_TEMPLATES, dir], strings[1]!, (file) => file);
    } catch (error) {
      return gazetteErrorText(error);
    }
    const known = Object.keys(JSON.parse(fs.readFileSync(path.join(BUILTIN_TEMPLATES, 'strings', 'en.json'), 'utf8')) as object);
    const unknown = Object.keys(JSON.parse(code.value) as object).filter((key) => !known.includes(key));
    return unknown.length ? `keys the theme does not use: ${unknown.join(', ')}` : null;
  }
  try {
    JSON.parse(code.value);
    return null;
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
}

function dataProblem(code: Code): string | null {
  const result = loadSiteData([code.meta], () => code.value, (rel) => rel);
  return result.diagnostics.length ? result.diagnostics.map((d) => formatDiagnostic(d)).join('; ') : null;
}

/** Why an article or page source fails gazette's front-matter reader (errors and warnings alike), or null. */
function articleProblem(text: string): string | null {
  const { diagnostics } = parseArticle(text, 'example.md', 'example.md', 'UTC');
  return diagnostics.length ? diagnostics.map((d) => formatDiagnostic(d)).join('; ') : null;
}

/** Why a fenced yaml block fails its check, or null. */
function yamlProblem(code: Code): string | null {
  if (code.meta === 'front-matter') {
    let data: Record<string, unknown>;
    try {
      data = parseFrontMatter(`---\n${code.value}\n---\n`).data;
    } catch (error) {
      return (error as Error).message;
    }
    const supplied = `${data.title === undefined ? 'title: Example\n' : ''}${data.date === undefined ? 'date: 2024-01-01\n' : ''}`;
    return articleProblem(`---\n${supplied}${code.value}\n---\nText.\n`);
  }
  if (code.meta.startsWith('_data/')) return dataProblem(code);
  const doc = parseDocument(code.value);
  const problem = doc.errors[0] ?? doc.warnings[0];
  return problem ? `not valid YAML: ${problem.message.split('\n')[0]}` : null;
}

/** The `key` and `restore-keys` of every actions/cache step in a YAML text. */
function cacheSteps(yamlText: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const step = value as Record<string, unknown>;
      if (typeof step.uses === 'string' && step.uses.startsWith('actions/cache')) {
        const w = (step.with ?? {}) as Record<string, unknown>;
        found.push(`key: ${String(w.key)}, restore-keys: ${String(w['restore-keys'])}`);
      }
      Object.values(step).forEach(walk);
    }
  };
  walk(parseDocument(yamlText).toJS());
  return found;
}

const SHELL = new Set(['sh', 'bash', 'shell', 'console']);

const docs = new Map(docFiles(ROOT).map((file) => [file, readDoc(file, fs.readFileSync(path.join(ROOT, file), 'utf8'))]));
const codes = [...docs.values()].flatMap((doc) => doc.codes.map((code) => ({ doc, code })));

describe('docs', () => {
  it('should cover the README and the docs folder', () => {
    expect(docs.has('README.md')).toBe(true);
    expect(docs.size).toBeGreaterThan(10);
  });

  it('should have only well-formed tables', () => {
    expect([...docs.values()].flatMap(tableProblems)).toEqual([]);
  });

  it('should link only to files and headings that exist', () => {
    expect([...docs.values()].flatMap((doc) => linkProblems(doc, docs, ROOT))).toEqual([]);
  });

  it('should show only gazette commands that the command line accepts', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { doc, code } of codes.filter(({ code }) => SHELL.has(code.lang))) {
      for (const args of gazetteCommands(code)) {
        checked++;
        const problem = await commandProblem(args);
        if (problem) problems.push(`${doc.file}:${code.line}: gazette ${args.join(' ')}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  it('should show only configs that the config loader accepts, and valid JSON', async () => {
    const problems: string[] = [];
    const blocks = codes.filter(({ code }) => code.lang === 'json');
    for (const { doc, code } of blocks) {
      const problem = await jsonProblem(code);
      if (problem) problems.push(`${doc.file}:${code.line}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(blocks.filter(({ code }) => code.meta === 'gazette.config.json').length).toBeGreaterThanOrEqual(4);
  });

  it('should show only front matter, data files and YAML that gazette reads without a complaint', () => {
    const problems: string[] = [];
    let articles = 0;
    for (const { doc, code } of codes) {
      let problem: string | null = null;
      if (code.lang === 'markdown' && code.value.startsWith('---\n')) {
        articles++;
        problem = articleProblem(code.value);
      } else if (code.lang === 'yaml' || code.lang === 'yml') {
        problem = yamlProblem(code);
      } else continue;
      if (problem) problems.push(`${doc.file}:${code.line}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(articles).toBeGreaterThanOrEqual(4);
  });

  it('should show only templates that compile', () => {
    const problems: string[] = [];
    for (const { doc, code } of codes.filter(({ code }) => code.lang === 'hbs')) {
      try {
        Handlebars.precompile(code.value);
      } catch (error) {
        problems.push(`${doc.file}:${code.line}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should key every CI cache example the same way', () => {
    const steps = codes.filter(({ code }) => code.lang === 'yaml' && code.value.includes('actions/cache')).flatMap(({ code }) => cacheSteps(code.value));
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(new Set(steps).size).toBe(1);
  });

  it("should name every custom property of the default theme's stylesheet in the theming guide", () => {
    const css = fs.readFileSync(path.join(ROOT, 'templates', 'assets', 'css', 'site.css'), 'utf8');
    const root = /:root\s*\{([^}]*)\}/.exec(css)![1]!;
    const properties = [...root.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]!);
    expect(properties.length).toBeGreaterThan(10);
    const guide = docs.get('docs/guide/theming.md')!.text;
    expect(properties.filter((p) => !guide.includes(`\`${p}\``))).toEqual([]);
  });
});

describe('the docs checks', () => {
  const doc = (text: string) => readDoc('broken.md', text);

  it('should catch a table row with a cell too many and rows without a table', () => {
    expect(tableProblems(doc('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n'))).toEqual(['broken.md:3: 3 cells in a table of 2 columns']);
    expect(tableProblems(doc('| a | b |\n|---|---|\n| 1 | 2 |\n\nA paragraph.\n| 3 | 4 |\n'))).toHaveLength(1);
    expect(tableProblems(doc('| a `\\|` b | c |\n|---|---|\n| 1 | 2 |\n'))).toEqual([]);
  });

  it('should catch a link to a missing file or heading', () => {
    const broken = doc('# Title\n\n[a](#title) [b](#nowhere) [c](missing.md) [d](https://example.org/x.md)\n');
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'broken.md'), broken.text);
    expect(linkProblems(broken, new Map([['broken.md', broken]]), root)).toEqual([
      'broken.md:3: link "#nowhere": broken.md has no heading or anchor "nowhere"',
      'broken.md:3: link "missing.md": missing.md does not exist',
    ]);
  });

  it('should find gazette commands in shell blocks and catch an unknown option', async () => {
    const code: Code = {
      lang: 'sh',
      meta: '',
      value: 'npm ci && npx --yes gazette build --strict   # then\nGAZETTE_TIMING=1 gazette serve --prot 80\nnode x/bin/gazette.js new "A title"\n',
      line: 1,
      endLine: 5,
    };
    const commands = gazetteCommands(code);
    expect(commands).toEqual([['build', '--strict'], ['serve', '--prot', '80'], ['new', 'A title']]);
    expect(await commandProblem(commands[0]!)).toBeNull();
    expect(await commandProblem(commands[1]!)).toMatch(/unknown option '--prot'/);
    expect(await commandProblem(['new'])).toMatch(/missing required argument/);
    expect(await commandProblem(['publish'])).toMatch(/unknown command/);
  });

  it('should catch an invalid config, front matter and a data file', async () => {
    const block = (lang: string, meta: string, value: string): Code => ({ lang, meta, value, line: 1, endLine: 1 });
    expect(await jsonProblem(block('json', 'gazette.config.json', '{ "pagesize": 10 }'))).toMatch(/unknown setting "pagesize"; did you mean "pageSize"/);
    expect(await jsonProblem(block('json', 'gazette.config.json', '{ "timezone": "Mars/Olympus" }'))).toMatch(/not a known IANA time zone/);
    expect(articleProblem('---\ntitle: Harbour deal: what it means\ndate: 2024-01-01\n---\n')).toMatch(/invalid YAML/);
    expect(articleProblem('---\ntitle: A\ndate: 2024-02-30\n---\n')).toMatch(/not a real calendar date/);
    expect(yamlProblem(block('yaml', 'front-matter', 'sumary: x\n'))).toMatch(/did you mean "summary"/);
    expect(yamlProblem(block('yaml', '_data/authors.yml', '- name: A\n  emial: a@example.org\n'))).toMatch(/unknown field|emial/);
    expect(yamlProblem(block('yaml', '', 'with: { key: a-${{ b }} }\n'))).toMatch(/not valid YAML/);
  });
});
