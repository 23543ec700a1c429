/**
 * A gazette.config.json edited by hand with one of the common JSON slips (a comma after the last
 * setting, a comma missing between two, single quotes, a comment) is refused with a message saying
 * which, at the slip itself, not with the parser's "Expected double-quoted property name … at position 49".
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

async function buildWithConfig(config: string) {
  const dir = tempDir('gazette-config-json-');
  writeFiles(dir, { 'gazette.config.json': config, 'articles/a.md': '---\ntitle: A\ndate: 2024-05-01\n---\nText.\n' });
  return runCli(['build'], dir);
}

describe('a gazette.config.json that is not valid JSON', () => {
  it.each([
    ['a comma after the last setting', '{\n  "title": "The Courier",\n  "timezone": "Europe/London",\n}\n', '3:30', 'a comma after the last entry of an object or list is not allowed; remove it'],
    ['a comma after the last item of a list', '{\n  "title": "A, B",\n  "menus": {"header": [{"label": "About", "url": "/about/"},]}\n}\n', '3:60', 'a comma after the last entry of an object or list is not allowed; remove it'],
    ['a comma missing between two settings', '{\n  "title": "The Courier"\n  "timezone": "Europe/London"\n}\n', '2:25', 'a comma is missing after this value; settings, and the items of a list, are separated by commas'],
    ['single quotes', "{\n  'title': 'The Courier'\n}\n", '2:3', 'text must be in double quotes ("title"), not single quotes'],
    ['a comment', '{\n  // the paper\'s name\n  "title": "The Courier"\n}\n', '2:3', 'JSON has no comments; remove this one (a gazette.config.mjs may have comments)'],
  ])('should name %s at its place', async (_, config, place, message) => {
    const run = await buildWithConfig(config);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`gazette.config.json:${place}: error is not valid JSON: ${message} [config-json]`);
  });

  it("should keep the parser's message, at its place, for another mistake", async () => {
    const run = await buildWithConfig('{\n  "title": "X\\q"\n}\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gazette.config.json:2:15: error is not valid JSON: Bad escaped character in JSON at position 16 [config-json]');
  });
});

describe('a misspelt key inside a setting', () => {
  it.each([
    ['images', '{\n  "title": "The Courier",\n  "images": {\n    "widht": [320]\n  }\n}\n', '4:5', '"images" has an unknown key "widht"; did you mean "widths"? (known: '],
    ['a front block', '{\n  "front": {"blocks": [{"section": "News", "lenght": 4}]}\n}\n', '2:44', '"front" blocks[0] has an unknown key "lenght"'],
    ['links', '{\n  "links": { "mising" : "warn" }\n}\n', '2:14', '"links" has an unknown key "mising"; did you mean "missing"? (known: missing)'],
    ['check', '{\n  "check": {\n    "ignore": [],\n    "ignores": []\n  }\n}\n', '4:5', '"check" has an unknown key "ignores"; did you mean "ignore"? (known: ignore)'],
  ])('should point at the key in %s, with the one meant', async (_, config, place, message) => {
    const run = await buildWithConfig(config);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`gazette.config.json:${place}: error ${message}`);
  });
});

describe('a gazette.config.json whose "url" cannot be the site\'s address', () => {
  it.each([
    ['a host without its scheme', '"example.org/news/"', '"example.org/news/" is neither an absolute URL (https://example.org/news/) nor a path (/news/)'],
    ['a protocol-relative URL', '"//example.org/"', '"//example.org/" is a protocol-relative URL; give https://host/path/ or /path/'],
    ['another scheme', '"ftp://example.org/"', '"ftp://example.org/" must use http or https'],
  ])('should name %s at its line, like any other invalid setting', async (_, url, message) => {
    const run = await buildWithConfig(`{\n  "title": "The Courier",\n  "url": ${url}\n}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`gazette.config.json:3:3: error "url" ${message} [config-invalid]`);
  });
});

describe('a gazette.config.json whose "language" is not one of its "languages"', () => {
  it('should name "language" at its line', async () => {
    const run = await buildWithConfig('{\n  "language": "en-GB",\n  "languages": {"en": {"name": "English"}, "fr": {"name": "Français"}}\n}\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gazette.config.json:2:3: error "language" is "en-GB", which is not one of "languages" (en, fr); the default language must be listed [config-invalid]');
  });

  it('should name "languages" at its line when "language" is left out (its default, "en", is not listed)', async () => {
    const run = await buildWithConfig('{\n  "title": "Le Courrier",\n  "languages": {"fr": {"name": "Français"}}\n}\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gazette.config.json:3:3: error "language" is "en", which is not one of "languages" (fr); the default language must be listed [config-invalid]');
  });
});
