/**
 * What the article sanitizer takes out of a body is said, at its place: a pasted
 * embed or a `javascript:` link used to vanish from the page without a word.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStack, hostileBuild, sandbox } from './harness.js';
import { runCli, writeFiles } from '../helpers.js';

const PASTED = [
  '---',
  'title: Pasted',
  'date: 2024-05-01',
  '---',
  'The council voted.',
  '',
  '<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>',
  '',
  'Read [the minutes](javascript:alert(1)) and <a href="https://example.org/" onclick="steal()">this</a>.',
  '',
  '<form action="/vote"><input name="q"></form>',
  '',
  '<iframe src="https://social.example/post/1"></iframe>',
  '',
].join('\n');

const CLEAN = [
  '---',
  'title: Clean',
  'date: 2024-05-02',
  '---',
  'See [the report](https://example.org/report), mail [the desk](mailto:desk@example.org) or call [us](tel:+441234567).',
  '',
  '<figure><img src="https://example.org/x.png" alt="A chart"><figcaption>A <abbr title="gross domestic product">GDP</abbr> chart</figcaption></figure>',
  '',
].join('\n');

describe('the article sanitizer', () => {
  it('should warn at each kind of thing it removed, once, with advice; say nothing of a clean article; and say it again from the cache', async () => {
    const box = sandbox();
    writeFiles(box.cwd, { 'articles/pasted.md': PASTED, 'articles/clean.md': CLEAN });
    const run = await hostileBuild(box, ['-s', 'articles']);
    expect(run.code, run.stderr).toBe(0);
    expectNoStack(run);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('[gazette:sanitized]'));
    expect(warnings).toEqual([
      'articles/pasted.md:7:1: warning the sanitizer removed <iframe>: embed the video with the ::youtube or ::vimeo directive [gazette:sanitized]',
      expect.stringMatching(/^articles\/pasted\.md:9:6: warning the sanitizer removed href="javascript:alert\(1\)" from <a>: addresses there may be relative or use http, https, .*mailto.* \[gazette:sanitized\]$/),
      'articles/pasted.md:9:45: warning the sanitizer removed onclick="steal()" from <a>: articles do not run scripts [gazette:sanitized]',
      expect.stringMatching(/^articles\/pasted\.md:11:1: warning the sanitizer removed <form>: articles may not contain it; .*"trustHtml".*"markdown\.sanitize" \[gazette:sanitized\]$/),
    ]);
    expect(run.stderr).not.toContain('clean.md');
    const page = fs.readFileSync(path.join(run.out, '2024/05/pasted/index.html'), 'utf8');
    expect(page).not.toContain('<iframe');
    expect(page).not.toContain('javascript:');

    // A rebuild takes the body from the cache, and its warnings with it.
    fs.appendFileSync(path.join(box.cwd, 'articles/clean.md'), '\nOne more line.\n');
    const again = await runCli(['build', '-s', 'articles', '-o', run.out], box.cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.split('\n').filter((line) => line.includes('[gazette:sanitized]'))).toEqual(warnings);
  });

  it('should say nothing when every author is trusted, and warn at what a schema of the site’s own removes', async () => {
    const box = sandbox();
    writeFiles(box.cwd, { 'articles/pasted.md': PASTED, 'gazette.config.json': '{"trustHtml": true}' });
    const trusted = await hostileBuild(box, ['-s', 'articles']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stderr).not.toContain('sanitized');

    writeFiles(box.cwd, {
      'articles/plain.md': '---\ntitle: Plain\ndate: 2024-05-03\n---\nSome *emphasis* here.\n',
      'gazette.config.mjs': 'export default { markdown: { sanitize: (schema) => ({ ...schema, tagNames: schema.tagNames.filter((t) => t !== "em") }) } };\n',
    });
    fs.rmSync(path.join(box.cwd, 'gazette.config.json'));
    fs.rmSync(path.join(box.cwd, 'articles/pasted.md'));
    const narrowed = await hostileBuild(box, ['-s', 'articles']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.stderr).toContain('articles/plain.md:5:6: warning the sanitizer removed <em>');
  });
});
