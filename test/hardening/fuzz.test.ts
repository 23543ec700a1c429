/**
 * Property-based fuzzing of front-matter values and permalink patterns, and of
 * Markdown bodies made of deep nesting and marker floods (issue #12), with
 * in-process builds (no child process, no cache) to keep 100 runs fast.
 * Properties: nothing is ever written outside the output folder, and a build
 * either succeeds — with the front page still the front page and every file
 * inside the output folder — or throws a GazetteError, never anything else.
 *
 * The seed is fixed so the suite is deterministic; FUZZ_SEED=random explores new
 * inputs, FUZZ_SEED=<n> (with FUZZ_PATH) replays a failure fast-check reports,
 * FUZZ_RUNS=<n> runs more (raise the timeout too), FUZZ_STATS=1 prints outcomes.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Compiled gazette (npx tsc -p . first), imported directly to build in-process.
import { loadConfig } from '../../lib/config/index.js';
import { buildSite } from '../../lib/build.js';
import { GazetteError } from '../../lib/report/diagnostics.js';
import { readHtml, tempDir } from '../helpers.js';
import { diffEntries, expectContained, snapshotEntries } from './harness.js';
import { bracketFlood, deepHtml, deepList, deepQuotes, delimiterFlood, mixedNesting } from './hostile-markdown.js';

/** Fragments that have broken path handling, URL encoding, YAML or HTML somewhere. */
const NASTY = [
  '../', '..', '.', '/', '\\', '..\\', '\0', '%2e', '%2e%2e', '%2f', '%00', '%', '"', "'", '`', '<script>', '</script>',
  '&amp;', '<!--', 'index', 'index.html', 'tags', 'feed.xml', 'assets', '404.html', '~', ':', ': ', '#', '?', '*', '|',
  '{slug}', '{yyyy}', '\u202e', '\uFEFF', '\u200b', 'é', 'e\u0301', 'İ', 'ß', '中文', '🚀', ' ', '\t', '\n', '\r\n',
  '---', '...', '- ', '[', ']', '{', '}', '&a', '*a', '!!js/function', '!custom', 'CON', 'aux', '.git', 'node_modules',
  'C++', 'c', 'a'.repeat(120),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** How a value is written into YAML: JSON-quoted (always well-formed), single-quoted or raw (may break the YAML). */
const quoting = fc.oneof({ weight: 6, arbitrary: fc.constant('json') }, { weight: 2, arbitrary: fc.constant('single') }, { weight: 1, arbitrary: fc.constant('raw') });
const yamlValue = (value: string, how: string) =>
  how === 'json' ? JSON.stringify(value) : how === 'single' ? `'${value.replace(/'/g, "''")}'` : value;

interface Fields {
  title: [string, string];
  slug: [string, string] | null;
  section: [string, string] | null;
  author: [string, string] | null;
  tags: { list: string[] } | { text: [string, string] } | null;
  date: string;
  draft: boolean;
}

const field = fc.tuple(text, quoting);
/** Mostly absent, so that enough builds get past validation to exercise the writing. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const article: fc.Arbitrary<Fields> = fc.record({
  title: field,
  slug: rarely(field),
  section: fc.option(field, { nil: null }),
  author: fc.option(field, { nil: null }),
  tags: fc.option(fc.oneof(fc.record({ list: fc.array(text, { maxLength: 4 }) }), fc.record({ text: field })), { nil: null }),
  date: fc.constantFrom('2023-02-09', '2023-02-20', '2023-12-31T23:30:00-05:00', '2024-02-29'),
  draft: fc.boolean(),
});

function articleText(a: Fields): string {
  const lines = ['---', `title: ${yamlValue(...a.title)}`, `date: ${a.date}`];
  if (a.slug) lines.push(`slug: ${yamlValue(...a.slug)}`);
  if (a.section) lines.push(`section: ${yamlValue(...a.section)}`);
  if (a.author) lines.push(`author: ${yamlValue(...a.author)}`);
  if (a.tags && 'list' in a.tags) lines.push(`tags: [${a.tags.list.map((t) => JSON.stringify(t)).join(', ')}]`);
  if (a.tags && 'text' in a.tags) lines.push(`tags: ${yamlValue(...a.tags.text)}`);
  if (a.draft) lines.push('draft: true');
  lines.push('---', 'Body text.', '');
  return lines.join('\n');
}

const PIECES = ['/', '/', '{yyyy}', '{mm}', '{dd}', '{slug}', '{slug}', '{section}', '..', '.', '%2e', '\\', 'x', '.html', '-', '{bogus}', '?', '#', '~', '\0', 'index'];
const rawPattern = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
const permalink = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.constantFrom('/{slug}.html', '/{slug}/', '{slug}/', '/{section}/{slug}/', '/{yyyy}/{slug}.html', '/{dd}{mm}/{section}-{slug}/') },
  { weight: 1, arbitrary: rawPattern },
  { weight: 1, arbitrary: rawPattern.map((p) => `${p}/{slug}/`) },
  { weight: 1, arbitrary: rawPattern.map((p) => `/${p}{slug}.html`) },
);

const NAMES = ['a.md', 'b.md', 'sub/index.md'];
const scenario = fc.record({ articles: fc.array(article, { minLength: 1, maxLength: 3 }), permalink, drafts: fc.boolean() });

const base = tempDir('gazette-fuzz-');
let counter = 0;
/** Outcomes, to make sure the fuzzing is not vacuous (every run failing at the first check). */
const outcomes = { built: 0, refused: new Map<string, number>() };

async function check({ articles, permalink, drafts }: { articles: Fields[]; permalink: string | null; drafts: boolean }) {
  const root = path.join(base, String(counter++));
  const cwd = path.join(root, 'jail', 'inner', 'site');
  const out = path.join(cwd, 'out');
  try {
    articles.forEach((a, i) => {
      const file = path.join(cwd, 'articles', NAMES[i]!);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, articleText(a));
    });
    if (permalink !== null) fs.writeFileSync(path.join(cwd, 'gazette.config.json'), JSON.stringify({ permalink }));
    const before = snapshotEntries(root, [out]);
    let built = false;
    try {
      const config = await loadConfig({ src: 'articles', out: 'out', cache: false, drafts }, cwd);
      await buildSite(config);
      built = true;
      outcomes.built++;
    } catch (error) {
      if (!(error instanceof GazetteError)) throw error;
      const kind = error.diagnostics.find((d) => d.severity === 'error')?.ruleId ?? error.message.replace(/".*/s, '');
      outcomes.refused.set(kind, (outcomes.refused.get(kind) ?? 0) + 1);
      expect(error.exitCode === 1 || error.exitCode === 2).toBe(true);
      expect(error.message).not.toBe('');
    }
    expect(diffEntries(before, snapshotEntries(root, [out]))).toEqual([]);
    if (built) {
      expectContained(out);
      const home = readHtml(out, 'index.html');
      expect(home.querySelector('title')!.text).toBe('Gazette');
      expect(home.querySelector('body')!.getAttribute('class')).toBe('page-home');
    } else {
      expect(fs.existsSync(out)).toBe(false);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('fuzzed front matter and permalinks', () => {
  it('should never write outside the output folder and only ever fail with a GazetteError', async () => {
    await fc.assert(fc.asyncProperty(scenario, check), {
      numRuns: Number(process.env.FUZZ_RUNS ?? 100),
      seed: process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20240209),
      path: process.env.FUZZ_PATH,
      endOnFailure: true,
    });
    if (process.env.FUZZ_STATS) console.log(outcomes);
    // Not vacuous: a good share of the runs got as far as writing a site.
    expect(outcomes.built).toBeGreaterThanOrEqual(Number(process.env.FUZZ_RUNS ?? 100) * 0.15);
  }, 60_000);

  it('should also survive the hand-picked worst cases', async () => {
    const worst: Fields = {
      title: ['../../index.html', 'json'],
      slug: null,
      section: ['../../..', 'json'],
      author: ['/etc/passwd', 'raw'],
      tags: { list: ['..', '.', '\\', '%2e%2e', '\0', ''] },
      date: '2023-02-09',
      draft: false,
    };
    await check({ articles: [worst, { ...worst, slug: ['x', 'json'] }], permalink: '/{section}/{slug}/', drafts: false });
    await check({ articles: [worst], permalink: '/{slug}.html', drafts: true });
  });
});

/** Bodies built from hostile shapes of random depth and size (issue #12), around ordinary text. */
const hostilePiece = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map(deepQuotes),
  fc.integer({ min: 1, max: 200 }).map(deepList),
  fc.integer({ min: 1, max: 400 }).map(mixedNesting),
  fc.integer({ min: 1, max: 8000 }).map(bracketFlood),
  fc.integer({ min: 1, max: 3000 }).map(delimiterFlood),
  fc.integer({ min: 1, max: 20_000 }).map(deepHtml),
  fc.constant('Ordinary *text* with a [link](https://example.org).\n'),
);
const hostileBody = fc.array(hostilePiece, { minLength: 1, maxLength: 3 }).map((pieces) => pieces.join('\n'));

describe('fuzzed deep nesting and marker floods', () => {
  it('should build, or fail with a named Markdown error for the article, never anything else', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileBody, async (body) => {
        const cwd = path.join(base, String(counter++));
        try {
          fs.mkdirSync(path.join(cwd, 'articles'), { recursive: true });
          fs.writeFileSync(path.join(cwd, 'articles', 'a.md'), `---\ntitle: A\ndate: 2024-01-01\n---\n${body}`);
          fs.writeFileSync(path.join(cwd, 'gazette.config.json'), JSON.stringify({ markdownTimeout: 2 }));
          try {
            await buildSite(await loadConfig({ src: 'articles', out: 'out', cache: false }, cwd));
            seen.set('built', (seen.get('built') ?? 0) + 1);
          } catch (error) {
            if (!(error instanceof GazetteError)) throw error;
            const errors = error.diagnostics.filter((d) => d.severity === 'error');
            expect(errors.length).toBe(1);
            expect(errors[0]!.file.endsWith('articles/a.md')).toBe(true);
            expect(errors[0]!.ruleId).toMatch(/^markdown-/);
            expect(errors[0]!.message).not.toMatch(/\n\s+at /);
            seen.set(errors[0]!.ruleId, (seen.get(errors[0]!.ruleId) ?? 0) + 1);
            expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
          }
        } finally {
          fs.rmSync(cwd, { recursive: true, force: true });
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 15), seed: process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261203), endOnFailure: true },
    );
    if (process.env.FUZZ_STATS) console.log(seen);
    // Not vacuous: some bodies built and some were refused.
    expect(seen.get('built') ?? 0).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(1);
  }, 120_000);
});
