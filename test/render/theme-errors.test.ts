/**
 * A broken template is reported before anything is rendered, naming the file with a line and
 * column, without a stack trace, and the previous output stays whole. Templates are parsed and
 * checked at load but compiled to code only when a page first needs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, ROOT, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

function site(templates: Record<string, string>): string {
  const dir = tempDir();
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'Meridian' }),
    'articles/port.md': article({ title: 'Port reopens', date: '2023-02-09', author: 'Lin Meiying', section: 'Business' }, 'The port reopened.'),
    // A theme folder is one with layouts/ and pages/; every file it lacks comes from the default theme.
    'templates/layouts/.keep': '',
    'templates/pages/.keep': '',
    ...templates,
  });
  return dir;
}

describe('theme errors', () => {
  it('should name a template with a parse error by line and column and keep the last output', async () => {
    const dir = site({});
    expect((await runCli(['build'], dir)).code).toBe(0);
    const before = snapshotTree(path.join(dir, 'dist'));
    writeFiles(dir, { 'templates/partials/card.hbs': '<article>\n  {{#if article.title}}\n  <h2>{{article.title}}</h2>\n</article>\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/templates\/partials\/card\.hbs:\d+:\d+: error template syntax error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(path.join(dir, 'dist'))).toEqual(before);
  });

  it('should say which block is left open, or which tag is not closed, where it begins, not in the grammar\'s words at the end of the file', async () => {
    const open = await runCli(['build'], site({ 'templates/partials/footer.hbs': '<footer>\n  {{#each site.menus.footer}}\n  {{#if url}}<a href="{{url}}">{{label}}</a>{{/if}}\n</footer>\n' }));
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('templates/partials/footer.hbs:2:3: error template syntax error: {{#each site.menus.footer}} is never closed: add {{/each}} where the block ends [template-syntax]');
    expect(open.stderr).not.toMatch(/OPEN_ENDBLOCK|EOF/);
    const tag = await runCli(['build'], site({ 'templates/partials/footer.hbs': '<footer>\n  <p>{{site.title</p>\n</footer>\n' }));
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain('templates/partials/footer.hbs:2:6: error template syntax error: "{{" is not closed: end the tag with "}}" [template-syntax]');
    expect(tag.stderr).not.toMatch(/INVALID/);
  });

  it('should report what only compiling finds (a partial given two contexts) at load, with its position', async () => {
    const dir = site({ 'templates/partials/teaser.hbs': '<p>\n  {{> card article other}}\n</p>\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/partials/teaser.hbs:2:3: error template syntax error: Unsupported number of partial arguments: 2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should build a theme with a valid template no page uses', async () => {
    const dir = site({ 'templates/partials/unused.hbs': '{{#each items}}<i>{{this}}</i>{{/each}}\n' });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist/2023/02/port/index.html'), 'utf8')).toContain('Port reopens');
  });
  it('should stop at a helper given too few values or a value of the wrong kind, saying how to call it, instead of printing something else', async () => {
    const cases: [template: string, message: string][] = [
      ['{{t}}', 't: give the key of a theme string, such as {{t "updated"}}'],
      ['{{tHtml}}', 'tHtml: give the key of a theme string, such as {{tHtml "updated"}}'],
      // Printed the whole page's context.
      ['<script type="application/json">{{json}}</script>', 'json: give one value to write, such as {{json page.jsonLd}}'],
      // False on every page.
      ['{{#if (eq article.kind)}}<p>an article</p>{{/if}}', 'eq: give 2 values, such as (eq page.kind "home"), not 1'],
      ['{{#if (not)}}<p>x</p>{{/if}}', 'not: give one value, such as (not article.draft), not 0'],
      // Printed NaN.
      ['{{add article.title 1}}', 'add: "Port reopens" and 1 must be numbers'],
      // Printed nothing, and the text as it was.
      ['{{formatDate}}', 'formatDate: give the date to write, such as {{formatDate article.date}}'],
      ['{{formatDate article.title "date"}}', 'formatDate: "Port reopens" is not a date; give a date field, such as {{formatDate article.date}}'],
    ];
    for (const [template, message] of cases) {
      const result = await runCli(['build'], site({ 'templates/pages/article.hbs': `<h1>{{article.title}}</h1>\n${template}\n` }));
      expect(result.code, template).toBe(1);
      expect(result.stderr, template).toContain(`templates/pages/article.hbs: error template error: ${message} [template-render]`);
    }
    // Used as documented, and with an optional date that is null, they build.
    const fine = await runCli(['build'], site({ 'templates/pages/article.hbs': '<h1>{{t "updated"}} {{formatDate article.updated}}{{formatDate article.date "short"}} {{add 1 2}} {{#if (eq article.kind "article")}}yes{{/if}}</h1>\n' }));
    expect(fine.code, fine.stderr).toBe(0);
  });
  it('should name the loop when partials include one another without end, not "Maximum call stack size exceeded"', async () => {
    const self = await runCli(['build'], site({ 'templates/partials/footer.hbs': '<footer>\n  {{> footer}}\n</footer>\n' }));
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('templates/partials/footer.hbs: error template error: partials include one another without end: partials/footer.hbs includes {{> footer}}; include a partial within itself only under a condition that ends, such as {{#if}} [template-render]');
    const pair = await runCli(['build'], site({
      'templates/partials/footer.hbs': '<footer>{{> card-a}}</footer>\n',
      'templates/partials/card-a.hbs': '<div>{{> card-b}}</div>\n',
      'templates/partials/card-b.hbs': '<div>{{> card-a}}</div>\n',
    }));
    expect(pair.code).toBe(1);
    expect(pair.stderr).toMatch(/partials include one another without end: partials\/card-(a|b)\.hbs includes \{\{> card-(a|b)\}\}, which includes \{\{> card-(a|b)\}\};/);
    expect(pair.stderr).not.toContain('call stack');
    // A partial that includes itself under a condition that ends (a tree of menus) renders.
    const tree = await runCli(['build'], site({
      'gazette.config.json': JSON.stringify({ title: 'Meridian' }),
      'articles/_data/tree.yml': 'label: World\nchildren:\n  - label: Europe\n    children:\n      - label: France\n',
      'templates/partials/node.hbs': '<li>{{label}}{{#if children}}<ul>{{#each children}}{{> node}}{{/each}}</ul>{{/if}}</li>\n',
      'templates/partials/footer.hbs': '<footer><ul>{{> node site.data.tree}}</ul></footer>\n',
    }));
    expect(tree.code, tree.stderr).toBe(0);
  });
  it('should warn where a template writes the page\'s HTML with two braces, or a layout never writes it, and not about a copy of the default theme', async () => {
    const dir = site({
      'templates/layouts/base.hbs': '<!doctype html>\n<html>\n<body>\n<main>{{content}}</main>\n</body>\n</html>\n',
      'templates/pages/article.hbs': '<h1>{{article.title}}</h1>\n<div>{{article.html}}</div>\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('templates/layouts/base.hbs:4:7: warning {{content}} escapes HTML, so its markup shows on the page as text: write {{{content}}} [template-escaped-markup]');
    expect(result.stderr).toContain('templates/pages/article.hbs:2:6: warning {{article.html}} escapes HTML, so its markup shows on the page as text: write {{{article.html}}} [template-escaped-markup]');
    writeFiles(dir, { 'templates/layouts/base.hbs': '<!doctype html>\n<html>\n<body>\n<main><p>Soon.</p></main>\n</body>\n</html>\n' });
    const empty = await runCli(['build'], dir);
    expect(empty.stderr).toContain('templates/layouts/base.hbs: warning never writes {{{content}}}, the page made by pages/<name>.hbs, so every page shows the layout alone: put {{{content}}} where it goes, inside <main> [template-no-content]');
    // The default theme copied whole: its meta tags' {{content}} is a field of each tag, not the page.
    const copy = site({});
    fs.cpSync(path.join(ROOT, 'templates'), path.join(copy, 'templates'), { recursive: true });
    const copied = await runCli(['build'], copy);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stderr).not.toMatch(/warning/);
  });
});
