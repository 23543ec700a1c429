import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExcessiveNesting, NESTING_LIMITS } from '../../lib/markdown/nesting-guard.js';
import { FIXTURES, ROOT } from '../helpers.js';
import { bracketFlood, deepList, deepQuotes, delimiterFlood, mixedNesting, prose } from '../hardening/hostile-markdown.js';

const where = (body: string) => {
  const problem = findExcessiveNesting(body);
  return problem && `${problem.ruleId} ${problem.position.line}:${problem.position.column}`;
};

describe('findExcessiveNesting (issue #12)', () => {
  it('should refuse blockquotes nested past the limit, at the first marker too many', () => {
    expect(where(deepQuotes(NESTING_LIMITS.depth))).toBe(null);
    expect(where(deepQuotes(20_000))).toBe(`markdown-too-deep 3:${NESTING_LIMITS.depth + 1}`);
    expect(where(`${'> '.repeat(NESTING_LIMITS.depth + 1)}x\n`)).toBe(`markdown-too-deep 1:${2 * NESTING_LIMITS.depth + 1}`);
  });

  it('should refuse lists nested past the limit, also inside a blockquote, mixed with quotes, or with lazy lines between', () => {
    expect(where(deepList(NESTING_LIMITS.depth))).toBe(null);
    expect(where(deepList(NESTING_LIMITS.depth + 1))).toBe(`markdown-too-deep ${NESTING_LIMITS.depth + 1}:${2 * NESTING_LIMITS.depth + 1}`);
    const inQuote = deepList(150).split('\n').map((l) => `> ${l}`).join('\n');
    expect(where(inQuote)).toMatch(/^markdown-too-deep 100:/);
    expect(where(mixedNesting(300))).toMatch(/^markdown-too-deep 1:/);
    const lazy = Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- item\nlazy text`).join('\n');
    expect(where(lazy)).toMatch(/^markdown-too-deep /);
  });

  it('should not count list items that a less indented paragraph after a blank line closed', () => {
    const lists = Array.from({ length: 300 }, () => '- a\n  - b\n    - c\n\nParagraph.\n').join('\n');
    expect(where(lists)).toBe(null);
  });

  it('should refuse bracket and delimiter floods in one paragraph, but not the same markers spread over paragraphs', () => {
    expect(where(bracketFlood(30_000))).toBe(`markdown-too-many-brackets 1:${NESTING_LIMITS.brackets + 1}`);
    expect(where('[a]'.repeat(6000))).toBe(`markdown-too-many-brackets 1:${3 * NESTING_LIMITS.brackets + 1}`);
    expect(where(delimiterFlood(1500))).toMatch(/^markdown-too-many-delimiters 1:\d+$/);
    expect(where(`${'[a] '.repeat(1000)}\n\n`.repeat(20))).toBe(null);
    expect(where(`${'*a* '.repeat(500)}\n\n`.repeat(20))).toBe(null);
    // Escaped markers are text.
    expect(where('\\['.repeat(6000))).toBe(null);
  });

  it('should count each table row and list item on its own, and skip fenced code', () => {
    expect(where('| a | b |\n|---|---|\n' + '| *a _b | c* [d] |\n'.repeat(10_000))).toBe(null);
    expect(where('- *a _b [x] c* [d]\n'.repeat(10_000))).toBe(null);
    expect(where('```\n' + '[a]'.repeat(10_000) + '\n```\n')).toBe(null);
    expect(where('~~~~\n' + '> '.repeat(50) + '\n```\n' + '[a]'.repeat(10_000) + '\n~~~~\n')).toBe(null);
    // A fence inside a list item ends with the item: what follows is Markdown again.
    expect(where('- x\n  ```\n  code\nout\n' + '[a]'.repeat(6000))).toMatch(/^markdown-too-many-brackets 5:/);
  });

  it('should let through every article of the fixtures, the README and long ordinary prose', () => {
    const bodies: [string, string][] = [['README.md', fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')], ['prose', prose(2048)]];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.md')) bodies.push([file, fs.readFileSync(file, 'utf8')]);
      }
    };
    walk(FIXTURES);
    expect(bodies.length).toBeGreaterThan(20);
    for (const [name, body] of bodies) expect(findExcessiveNesting(body), name).toBe(null);
  });
});
