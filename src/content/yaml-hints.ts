import { isAlias, isScalar, visit, type Document } from 'yaml';

/** A YAML slip in plain words, with where to point (an offset in the YAML text). */
export interface YamlHint {
  message: string;
  offset: number;
}

/** What a value's first character means to YAML, for the characters that cannot start a plain value. */
const LEADING: Record<string, string> = {
  '[': 'YAML reads [ … ] as a list',
  '{': 'YAML reads { … } as a group of fields',
  '*': 'YAML reads *name as a reference to an anchor',
  '&': 'YAML reads &name as an anchor name',
  '@': 'YAML reserves @',
  '`': 'YAML reserves `',
  '%': 'YAML reads % at the start as a directive',
  '|': 'YAML reads | as the start of a block of text on the lines below',
  '>': 'YAML reads > as the start of a block of text on the lines below',
};

/** A field line, `key: value` (in a list item too, `- key: value`), up to its value. */
const FIELD = /^([ \t]*(?:-[ \t]+)*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#:"'][^:]*?)[ \t]*:(?:[ \t]+|$)/;
/** A list item without a key, `- value`. */
const ITEM = /^[ \t]*-[ \t]+/;

/** The line holding `offset`, and the field written on it. */
function lineAt(text: string, offset: number) {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  const field = FIELD.exec(line);
  const item = field ? null : ITEM.exec(line);
  const valueAt = field ? field[0].length : item ? item[0].length : -1;
  const key = field ? field[2]!.replace(/^(["'])(.*)\1$/, '$2') : null;
  return {
    start,
    end: end < 0 ? text.length : end,
    line,
    indent: /^[ \t]*/.exec(line)![0].length,
    key,
    value: valueAt < 0 ? null : line.slice(valueAt).trimEnd(),
    valueOffset: start + Math.max(valueAt, 0),
  };
}

/** `value` written in quotes, double ones unless it holds a double quote. */
export function quoted(value: string): string {
  if (!value.includes('"')) return `"${value.replace(/\\/g, '\\\\')}"`;
  return `'${value.replace(/'/g, "''")}'`;
}

/** How the line would read with its value in quotes: `title: "Harbour deal: what it means"`. */
function fixed(key: string | null, value: string): string {
  return key === null ? `- ${quoted(value)}` : `${key}: ${quoted(value)}`;
}

/**
 * The plain fix for a YAML error the parser reported as `code` at `offset`,
 * read from the line it is on: a value holding ": ", one starting with a
 * character YAML reserves, quotes ending a value early, a tab indenting a
 * line. Null when there is no better word than the parser's.
 */
export function explainYamlError(code: string, offset: number, text: string): YamlHint | null {
  const at = lineAt(text, offset);
  if (code === 'TAB_AS_INDENT' || (/^[ \t]*\t/.test(at.line) && offset - at.start <= at.indent)) {
    const tab = at.line.indexOf('\t');
    return { message: 'a tab indents this line, and YAML allows only spaces for indentation: replace the tab with spaces', offset: at.start + Math.max(tab, 0) };
  }
  if (code === 'DUPLICATE_KEY' && at.key !== null) {
    return { message: `the field "${at.key}" is written twice: keep one of them`, offset: at.start + at.indent };
  }
  if (code === 'MISSING_CHAR') {
    // Reported where the text ends: point at the value whose quote never closes.
    const open = unclosedQuote(text, offset);
    if (open) return open;
  }
  const value = at.value;
  if (value === null || value === '') {
    return code === 'BLOCK_AS_IMPLICIT_KEY' ? indentedBelow(text, at) : null;
  }
  const first = value[0]!;
  if (first === '"' || first === "'") {
    const closed = value.length > 1 && value.endsWith(first);
    const inner = closed ? value.slice(1, -1) : value.slice(1);
    const message = closed
      ? `a quote inside a value in quotes ends it early: put the whole value in the other kind of quotes: ${fixed(at.key, first === "'" ? inner.replace(/''/g, "'") : inner)}`
      : value.indexOf(first, 1) < 0
        ? `a value that starts with a quote must end with the same quote: ${fixed(at.key, inner)}`
        : `a value that starts with a quote ends at the next one: put the whole value in the other kind of quotes: ${fixed(at.key, value)}`;
    return { message, offset: at.valueOffset };
  }
  if (first === '!') {
    // A tag gazette does not know: say which, since a writer of YAML may have meant one (!!js/function, !custom…).
    const tag = /^!\S*/.exec(value)![0];
    return { message: `a value that starts with "!" must be in quotes (YAML reads "${tag}" as a type tag, and gazette knows no such tag): ${fixed(at.key, value)}`, offset: at.valueOffset };
  }
  if (LEADING[first]) {
    return { message: `a value that starts with "${first}" must be in quotes (${LEADING[first]}): ${fixed(at.key, value)}`, offset: at.valueOffset };
  }
  if (/:(?:[ \t]|$)/.test(value)) {
    return { message: `a value that contains ": " must be in quotes: ${fixed(at.key, value)}`, offset: at.valueOffset };
  }
  return code === 'BLOCK_AS_IMPLICIT_KEY' ? indentedBelow(text, at) : null;
}

/** The last value before `offset` that opens a quote and does not close it on its line. */
function unclosedQuote(text: string, offset: number): YamlHint | null {
  let found: YamlHint | null = null;
  for (let start = 0; start < offset && start < text.length; ) {
    const at = lineAt(text, start);
    const value = at.value ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && !closesOnLine(value, quote)) {
      found = { message: `a value that starts with a quote must end with the same quote: ${fixed(at.key, value.slice(1))}`, offset: at.valueOffset };
    }
    start = at.end + 1;
  }
  return found;
}

/** Whether a value written from an opening quote closes it on the same line. */
function closesOnLine(value: string, quote: string): boolean {
  const body = value.slice(1);
  return quote === "'" ? /^(?:[^']|'')*'/.test(body) : /^(?:[^"\\]|\\.)*"/.test(body);
}

/** "title: x" followed by a line indented under it: YAML takes that line as part of the value. */
function indentedBelow(text: string, at: ReturnType<typeof lineAt>): YamlHint | null {
  let next = at.end + 1;
  while (next < text.length) {
    const line = lineAt(text, next);
    if (line.line.trim() !== '' && !line.line.trim().startsWith('#')) {
      if (line.indent <= at.indent) return null;
      const name = at.key === null ? 'the line above' : `"${at.key}"`;
      return {
        message: `this line is indented under ${name}, which already has a value: start it where ${name} starts, or give ${name} no value on its own line to make it a group of fields`,
        offset: line.start + line.indent,
      };
    }
    next = line.end + 1;
  }
  return null;
}

/**
 * A reference (`*name`) to an anchor that does not exist, as the first such
 * value in `doc`: YAML parses it, and fails only when the value is read.
 */
export function unresolvedAlias(doc: Document.Parsed, text: string): YamlHint | null {
  let found: YamlHint | null = null;
  // An alias is written with a "*": front matter without one is not walked.
  if (!text.includes('*')) return found;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined || !node.range) return undefined;
      const at = lineAt(text, node.range[0]);
      const value = at.value && at.valueOffset === node.range[0] ? at.value : node.source;
      found = { message: `a value that starts with "*" must be in quotes (${LEADING['*']}, and there is no anchor "${node.source}"): ${fixed(at.key, `*${value.replace(/^\*/, '')}`)}`, offset: node.range[0] };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Values YAML reads differently from what their writer surely meant,
 * although they parse: one cut short by a `#` that starts a comment
 * (`title: Story #1 of 3` is "Story"), and one whose first word became an
 * anchor nothing refers to (`title: &amp more` is "more"). A comment after a
 * space (`draft: true # until Monday`) is taken as meant and not reported.
 */
export function yamlSlips(doc: Document.Parsed, text: string): YamlHint[] {
  const slips: YamlHint[] = [];
  // Both need a "#" or a "&" in the text: most front matter has neither, and is not walked at all.
  if (!text.includes('#') && !text.includes('&')) return slips;
  const referenced = new Set<string>();
  visit(doc, {
    Alias(_, node) {
      referenced.add(node.source);
    },
  });
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || !node.range || isAlias(node) || !isScalar(node)) return;
      const at = lineAt(text, node.range[0]);
      if (node.anchor && !referenced.has(node.anchor) && at.value?.startsWith('&')) {
        slips.push({
          message: `the value starts with "&${node.anchor}", which YAML reads as an anchor name and leaves out, so the value is ${JSON.stringify(String(node.value))}; put the whole value in quotes: ${fixed(at.key, at.value)}`,
          offset: at.valueOffset,
        });
      }
      if (node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.comment || /^\s/.test(node.comment)) return;
      const after = text.slice(node.range[1], at.end);
      const cut = /^[ \t]+#/.exec(after);
      if (!cut) return;
      const whole = text.slice(at.valueOffset, at.end).trimEnd();
      const name = at.key === null ? 'this value' : `"${at.key}"`;
      slips.push({
        message: `${name} stops before " #${node.comment}", which YAML reads as a comment, so it is ${JSON.stringify(node.value)}; put the whole value in quotes to keep it: ${fixed(at.key, whole)}`,
        offset: node.range[1] + cut[0].length - 1,
      });
    },
  });
  return slips;
}
