/**
 * Issue #26: ways around the sanitizer that did not come from an article's raw
 * HTML: a theme shortcode fed a `javascript:` URL, and a config whose
 * `markdown.sanitize` returns something that is not a schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allOutputText, expectNoStack, hostileBuild, sandbox } from './harness.js';
import { runCli, writeFiles } from '../helpers.js';

const ARTICLE = '---\ntitle: Shortcodes\ndate: 2024-05-01\n---\nFirst paragraph.\n\n::button{href="javascript:alert(document.domain)" text="Click me"}\n';
const HOSTILE_BODY = '---\ntitle: Raw\ndate: 2024-05-02\n---\nText.\n\n<script>alert("BODY-SCRIPT")</script>\n\n<img src="https://example.org/x.png" onerror="alert(1)">\n';

describe('theme shortcodes and the sanitizer', () => {
  it('should publish no javascript: link from a shortcode, warn at the directive in build and check, and keep it with trustHtml', async () => {
    const box = sandbox();
    writeFiles(box.cwd, {
      'articles/s.md': ARTICLE,
      'templates/directives/button.hbs': '<a class="button" href="{{href}}">{{text}}</a>\n',
    });
    // A theme folder of its own (the default theme's templates fill in the rest).
    for (const dir of ['pages', 'layouts']) fs.mkdirSync(path.join(box.cwd, 'templates', dir));
    const run = await hostileBuild(box, ['-s', 'articles']);
    expect(run.code, run.stderr).toBe(0);
    expectNoStack(run);
    expect(run.outside).toEqual([]);
    expect(allOutputText(run.out)).not.toContain('javascript:');
    const page = fs.readFileSync(path.join(run.out, '2024/05/s/index.html'), 'utf8');
    expect(page).toContain('<a class="button">Click me</a>');
    expect(run.stderr).toContain('articles/s.md:7:1: warning the sanitizer removed from the output of directives/button.hbs what an article may not contain: href="javascript:alert(document.domain)" on <a>');

    const check = await runCli(['check', '-s', 'articles'], box.cwd);
    expect(check.stderr).toContain('articles/s.md:7:1: warning the sanitizer removed');
    expect(check.stderr).not.toContain('s.md:1:1');

    writeFiles(box.cwd, { 'gazette.config.json': '{"trustHtml": true}' });
    const trusted = await hostileBuild(box, ['-s', 'articles']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(fs.readFileSync(path.join(trusted.out, '2024/05/s/index.html'), 'utf8')).toContain('href="javascript:alert(document.domain)"');
  });
});

describe('markdown.sanitize in a config module', () => {
  const cases: [string, string][] = [
    ['() => false', 'not false'],
    ['() => 42', 'not 42'],
    ['() => null', 'not null'],
    ['() => undefined', 'not undefined'],
    ['async (schema) => schema', 'returned a Promise'],
    ['() => ({})', 'without "tagNames"'],
    ['(schema) => ({ ...schema, tagNames: [...schema.tagNames, "script"], strip: [] })', 'allows <script>'],
    ['(schema) => ({ ...schema, attributes: { ...schema.attributes, img: [...schema.attributes.img, "onError"] } })', 'event-handler attribute "onError" on <img>'],
    ['(schema) => ({ ...schema, protocols: { ...schema.protocols, href: ["javascript", "https"] } })', 'allows javascript: URLs in "href"'],
    ['(schema) => ({ ...schema, tagName: [] })', 'unknown key "tagName"'],
    ['() => { throw new Error("no schema today"); }', 'threw an error: no schema today'],
  ];

  it('should refuse a hook that returns no usable schema, naming the config file, and publish nothing', async () => {
    for (const [hook, reason] of cases) {
      const box = sandbox();
      writeFiles(box.cwd, {
        'articles/raw.md': HOSTILE_BODY,
        'gazette.config.mjs': `export default { markdown: { sanitize: ${hook} } };\n`,
      });
      const run = await hostileBuild(box, ['-s', 'articles']);
      expect(run.code, `${hook}\n${run.stderr}`).toBe(1);
      expectNoStack(run);
      expect(run.stderr, hook).toMatch(/^gazette\.config\.mjs: error "markdown\.sanitize" /m);
      expect(run.stderr, hook).toContain(reason);
      expect(fs.existsSync(run.out), hook).toBe(false);
    }
  }, 120_000);

  it('should still take a widened schema, keep gazette\'s URL checks where it lists none, and sanitize with it', async () => {
    const box = sandbox();
    writeFiles(box.cwd, {
      'articles/raw.md': `${HOSTILE_BODY}\n<span style="color: red">red</span> [x](javascript:alert(2))\n`,
      'gazette.config.mjs':
        'export default { markdown: { sanitize: (schema) => ({ ...schema, protocols: {}, attributes: { ...schema.attributes, span: [...(schema.attributes.span ?? []), "style"] } }) } };\n',
    });
    const run = await hostileBuild(box, ['-s', 'articles']);
    expect(run.code, run.stderr).toBe(0);
    const page = fs.readFileSync(path.join(run.out, '2024/05/raw/index.html'), 'utf8');
    expect(page).toContain('<span style="color: red">red</span>');
    expect(page).not.toContain('BODY-SCRIPT');
    expect(page).not.toContain('onerror');
    expect(page).not.toContain('javascript:');
  });
});
