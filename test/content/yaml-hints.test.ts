// Issue #25: YAML mistakes in front matter and data files are told in plain words, with the fix.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../helpers.js';

/** The `file:line:column: severity message [rule]` lines of the output. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));
}

const front = (lines: string) => `---\n${lines}\ndate: 2024-03-01\n---\nBody.\n`;

describe('YAML mistakes in front matter', () => {
  it('should name the common slips and show the fix, at the file, line and column of the value, and keep the last output', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/fine.md': front('title: Fine') });
    expect((await runCli(['build'], dir)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'dist/index.html'));
    writeFiles(dir, {
      'articles/colon.md': front('title: Harbour deal: what it means for jobs'),
      'articles/bracket.md': front('title: [Update] Harbour deal'),
      'articles/star.md': front('title: *Exclusive* the harbour deal'),
      'articles/at.md': front('section: City\nsummary: @mayor answers'),
      'articles/backtick.md': front('title: `npm` at the council'),
      'articles/percent.md': front('title: %20 rise in fares'),
      'articles/pipe.md': front('title: | Harbour | Deal |'),
      'articles/tag.md': front('title: !Important news'),
      'articles/apostrophe.md': front("title: 'It's done'"),
      'articles/quotes.md': front('title: "Yes" says the mayor'),
      'articles/unclosed.md': front('title: "Harbour deal'),
      'articles/tab.md': front('title: Tabs\ntags:\n\t- harbour'),
      'articles/indent.md': front('title: Harbour\n  section: City'),
      'articles/nested.md': front('title: Photo\nimage: boats.jpg\ncorrections:\n  - date: 2024-03-02\n    text: An earlier version said: 12 boats'),
      'articles/twice.md': front('title: One\ntitle: Two'),
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr).sort()).toEqual(
      [
        'articles/colon.md:2:8: error invalid YAML in front matter: a value that contains ": " must be in quotes: title: "Harbour deal: what it means for jobs" [front-matter-yaml]',
        'articles/bracket.md:2:8: error invalid YAML in front matter: a value that starts with "[" must be in quotes (YAML reads [ … ] as a list): title: "[Update] Harbour deal" [front-matter-yaml]',
        'articles/star.md:2:8: error invalid YAML in front matter: a value that starts with "*" must be in quotes (YAML reads *name as a reference to an anchor): title: "*Exclusive* the harbour deal" [front-matter-yaml]',
        'articles/at.md:3:10: error invalid YAML in front matter: a value that starts with "@" must be in quotes (YAML reserves @): summary: "@mayor answers" [front-matter-yaml]',
        'articles/backtick.md:2:8: error invalid YAML in front matter: a value that starts with "`" must be in quotes (YAML reserves `): title: "`npm` at the council" [front-matter-yaml]',
        'articles/percent.md:2:8: error invalid YAML in front matter: a value that starts with "%" must be in quotes (YAML reads % at the start as a directive): title: "%20 rise in fares" [front-matter-yaml]',
        'articles/pipe.md:2:8: error invalid YAML in front matter: a value that starts with "|" must be in quotes (YAML reads | as the start of a block of text on the lines below): title: "| Harbour | Deal |" [front-matter-yaml]',
        'articles/tag.md:2:8: error invalid YAML in front matter: a value that starts with "!" must be in quotes (YAML reads "!Important" as a type tag, and gazette knows no such tag): title: "!Important news" [front-matter-yaml]',
        `articles/apostrophe.md:2:8: error invalid YAML in front matter: a quote inside a value in quotes ends it early: put the whole value in the other kind of quotes: title: "It's done" [front-matter-yaml]`,
        `articles/quotes.md:2:8: error invalid YAML in front matter: a value that starts with a quote ends at the next one: put the whole value in the other kind of quotes: title: '"Yes" says the mayor' [front-matter-yaml]`,
        'articles/unclosed.md:2:8: error invalid YAML in front matter: a value that starts with a quote must end with the same quote: title: "Harbour deal" [front-matter-yaml]',
        'articles/tab.md:4:1: error invalid YAML in front matter: a tab indents this line, and YAML allows only spaces for indentation: replace the tab with spaces [front-matter-yaml]',
        'articles/indent.md:3:3: error invalid YAML in front matter: this line is indented under "title", which already has a value: start it where "title" starts, or give "title" no value on its own line to make it a group of fields [front-matter-yaml]',
        'articles/nested.md:6:11: error invalid YAML in front matter: a value that contains ": " must be in quotes: text: "An earlier version said: 12 boats" [front-matter-yaml]',
        'articles/twice.md:3:1: error invalid YAML in front matter: the field "title" is written twice: keep one of them [front-matter-yaml]',
      ].sort(),
    );
    // The parser's jargon is gone.
    expect(result.stderr).not.toMatch(/compact mappings|Unexpected scalar|Plain value cannot start|Unresolved tag|Tabs are not allowed/);
    // The code frame shows the line.
    expect(result.stderr).toContain('> 2 | title: Harbour deal: what it means for jobs');
    expect(fs.readFileSync(path.join(dir, 'dist/index.html')).equals(before)).toBe(true);
  });

  it('should warn when a " #" cut a value short or an "&" made a word an anchor, and let a comment after a space be', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/cut.md': '---\ntitle: Harbour story #3 of 5\ndate: 2024-03-01 # moved from Friday\ndraft: false #never\ntags:\n  - C#\n  - jobs #harbour\n---\nBody.\n',
      'articles/anchor.md': '---\ntitle: &amp the harbour\ndate: 2024-03-01\n---\nBody.\n',
      'articles/meant.md': '---\ntitle: Meant # a comment, written as one\ndate: 2024-03-01\ndesk: &desk Harbour\nsection: *desk\n---\nBody.\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(problems(result.stderr).sort()).toEqual(
      [
        'articles/cut.md:2:22: warning "title" stops before " #3 of 5", which YAML reads as a comment, so it is "Harbour story"; put the whole value in quotes to keep it: title: "Harbour story #3 of 5" [front-matter-yaml-slip]',
        'articles/cut.md:7:10: warning this value stops before " #harbour", which YAML reads as a comment, so it is "jobs"; put the whole value in quotes to keep it: - "jobs #harbour" [front-matter-yaml-slip]',
        'articles/anchor.md:2:8: warning the value starts with "&amp", which YAML reads as an anchor name and leaves out, so the value is "the harbour"; put the whole value in quotes: title: "&amp the harbour" [front-matter-yaml-slip]',
      ].sort(),
    );
    // --strict fails on them.
    const strict = await runCli(['build', '--strict', '--out', 'strict'], dir);
    expect(strict.code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'strict'))).toBe(false);
  });
});

describe('YAML mistakes in data files', () => {
  it('should tell the same slips in data files, at their line and column', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': front('title: A'),
      'articles/_data/desks.yml': '- name: City\n  motto: Our city: our news\n',
      'articles/_data/authors.yml': '- name: Ana Reyes\n  role: [Editor] of the harbour desk\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr).sort()).toEqual(
      [
        'articles/_data/desks.yml:2:10: error is not valid JSON or YAML: a value that contains ": " must be in quotes: motto: "Our city: our news" [data-invalid]',
        'articles/_data/authors.yml:2:9: error is not valid JSON or YAML: a value that starts with "[" must be in quotes (YAML reads [ … ] as a list): role: "[Editor] of the harbour desk" [data-invalid]',
      ].sort(),
    );

    writeFiles(dir, {
      'articles/_data/desks.yml': '- name: Desk #2\n  motto: "Our city: our news"\n',
      'articles/_data/authors.yml': '- name: Ana Reyes\n',
      'articles/_data/links.json': '{"home": "https://example.org/#top"}',
    });
    const fixed = await runCli(['build'], dir);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(problems(fixed.stderr)).toEqual([
      'articles/_data/desks.yml:1:14: warning "name" stops before " #2", which YAML reads as a comment, so it is "Desk"; put the whole value in quotes to keep it: name: "Desk #2" [data-yaml-slip]',
    ]);
  });
});
