import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../lib/content/article.js';
import { listFiles, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

/** Parse a written article with gazette's own parser. */
function parse(dir: string, rel: string, timeZone = 'UTC') {
  const text = fs.readFileSync(path.join(dir, rel), 'utf8');
  const result = parseArticle(text, rel.replace(/^articles\//, ''), rel, timeZone);
  expect(result.diagnostics).toEqual([]);
  return { text, article: result.article! };
}

describe('gazette new', () => {
  it('should refuse to start an articles folder inside a site, run from its articles folder, naming the site', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ author: 'Metro Desk' }), 'articles/2024/old.md': '---\ntitle: Old\ndate: 2024-01-01\n---\n' });
    const inside = path.join(dir, 'articles', '2024');
    const result = await runCli(['new', 'Council approves budget'], inside);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no gazette config or articles folder here, but ../.. has a config: run gazette new there (cd ../..)');
    expect(listFiles(path.join(dir, 'articles'))).toEqual(['2024/old.md']);
    // From the site's folder it works as ever.
    expect((await runCli(['new', 'Council approves budget', '--date', '2024-03-05'], dir)).code).toBe(0);
  });

  it('should write a draft article that round-trips and builds', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ author: 'Metro Desk' }) });
    const result = await runCli(['new', 'Council approves budget', '--section', 'City Hall', '--tags', 'Budget, Roads & Rails,,Budget', '--date', '2024-03-05'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('articles/2024/council-approves-budget.md\n');
    expect(result.stderr).toContain('draft: true');
    const { text, article } = parse(dir, 'articles/2024/council-approves-budget.md');
    expect(text.startsWith('---\n')).toBe(true);
    expect(text).not.toContain('summary');
    expect(article).toMatchObject({
      title: 'Council approves budget',
      authors: ['Metro Desk'],
      section: 'City Hall',
      tags: ['Budget', 'Roads & Rails'],
      draft: true,
      summary: null,
      slug: 'council-approves-budget',
    });
    expect(new Date(article.date).toISOString()).toBe('2024-03-05T00:00:00.000Z');

    // A draft stays out of the site until the writer is ready...
    const build = await runCli(['build'], dir);
    expect(build.code).toBe(0);
    expect(listFiles(path.join(dir, 'dist')).some((f) => f.includes('council-approves-budget'))).toBe(false);
    // ...and previews with --drafts.
    const preview = await runCli(['build', '--drafts'], dir);
    expect(preview.stderr).toMatch(/^Built 1 article,/m);
    expect(preview.code).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2024/03/council-approves-budget/index.html');
    expect(page.querySelector('h1')!.text).toBe('Council approves budget');
    const check = await runCli(['check', '--drafts'], dir);
    expect(check.stderr).toMatch(/no problems found/);
    expect(check.code).toBe(0);
  });

  it('should refuse to overwrite an existing article', async () => {
    const dir = tempDir();
    const first = await runCli(['new', 'Same title', '--date', '2024-01-02'], dir);
    expect(first.code).toBe(0);
    const file = path.join(dir, 'articles/2024/same-title.md');
    fs.appendFileSync(file, 'The writer has started.\n');
    const before = fs.readFileSync(file, 'utf8');

    const second = await runCli(['new', 'Same title', '--date', '2024-06-30', '--section', 'Other'], dir);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('articles/2024/same-title.md already exists');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    // A title that makes the same slug is the same file.
    const third = await runCli(['new', 'SAME  title!', '--date', '2024-12-31'], dir);
    expect(third.code).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(listFiles(dir)).toEqual(['articles/2024/same-title.md']);
  });

  it('should keep titles with quotes, colons, hashes and Chinese characters exactly', async () => {
    const dir = tempDir();
    const title = `Breaking: "Yes," she said — 中国经济 #1 'wins' [again] & more`;
    const result = await runCli(['new', title, '--section', 'World: Asia', '--tags', 'yes, null,1.5, 经济', '--date', '2024-02-29'], dir);
    expect(result.code).toBe(0);
    const rel = result.stdout.trim();
    expect(rel).toBe('articles/2024/breaking-yes-she-said-中国经济-1-wins-again-more.md');
    const { article } = parse(dir, rel);
    expect(article.title).toBe(title);
    expect(article.section).toBe('World: Asia');
    // YAML words that look like other types stay text.
    expect(article.tags).toEqual(['yes', 'null', '1.5', '经济']);

    const build = await runCli(['build', '--drafts'], dir);
    expect(build.code).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2024/02/breaking-yes-she-said-中国经济-1-wins-again-more/index.html');
    expect(page.querySelector('h1')!.text).toBe(title);
  });

  it("should date the article today in the site's time zone, in that year's folder", async () => {
    const dir = tempDir();
    const timeZone = 'Pacific/Kiritimati'; // UTC+14: often a different day from UTC
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ timezone: timeZone }) });
    const today = () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const before = today();
    const result = await runCli(['new', 'Dateline'], dir);
    const after = today();
    expect(result.code).toBe(0);
    const rel = result.stdout.trim();
    const { text } = parse(dir, rel, timeZone);
    const date = /^date: (\S+)$/m.exec(text)![1]!;
    expect([before, after]).toContain(date);
    expect(rel).toBe(`articles/${date.slice(0, 4)}/dateline.md`);
    // No author configured, no section or tags given: those fields are left out.
    expect(text).not.toMatch(/^(author|section|tags):/m);
  });

  it('should write into the folder given with --src', async () => {
    const dir = tempDir();
    const result = await runCli(['new', 'Elsewhere', '-s', 'content/news', '--date', '2023-11-05'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('content/news/2023/elsewhere.md\n');
    expect(fs.existsSync(path.join(dir, 'content/news/2023/elsewhere.md'))).toBe(true);
    const build = await runCli(['build', '--drafts', '--src', 'content/news'], dir);
    expect(build.code).toBe(0);
  });

  it('should refuse empty or unusable titles and bad dates with exit code 2, writing nothing', async () => {
    const dir = tempDir();
    const cases: [string[], string][] = [
      [['new', ''], 'The title is empty'],
      [['new', '   \t '], 'The title is empty'],
      [['new', '!!! ???'], 'Cannot make a file name from the title "!!! ???"'],
      [['new', 'Good title', '--date', '2023-02-29'], '--date must be a real date'],
      [['new', 'Good title', '--date', '5 May 2024'], '--date must be a real date'],
      [['new'], "missing required argument 'title'"],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stdout).toBe('');
    }
    expect(listFiles(dir)).toEqual([]);
  });

  it("should write an article in the language --lang names, in that language's folder", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ language: 'en-GB', languages: { 'en-GB': { name: 'English' }, fr: { name: 'Français' } } }),
    });
    const french = await runCli(['new', 'Le port rouvre', '--lang', 'FR', '--date', '2024-03-05'], dir);
    expect(french.code).toBe(0);
    expect(french.stdout).toBe('articles/fr/2024/le-port-rouvre.md\n');
    expect(french.stderr).toContain('in Français (fr)');
    const english = await runCli(['new', 'The port reopens', '--lang', 'en-GB', '--date', '2024-03-05'], dir);
    expect(english.stdout).toBe('articles/2024/the-port-reopens.md\n');
    const build = await runCli(['build', '--drafts'], dir);
    expect(build.code).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), 'fr/2024/03/le-port-rouvre/index.html');
    expect(page.querySelector('html')!.getAttribute('lang')).toBe('fr');

    // A language the site does not have is refused, with the closest one suggested.
    const typo = await runCli(['new', 'Le port', '--lang', 'fe'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--lang is "fe", which is not one of the site\'s languages (en-GB, fr); did you mean "fr"?');
    const single = tempDir();
    const one = await runCli(['new', 'Le port', '--lang', 'fr'], single);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('the site is in one language, en');
    expect(listFiles(single)).toEqual([]);
  });

  it('should say when --date makes the story scheduled', async () => {
    const dir = tempDir();
    const future = await runCli(['new', 'Budget day', '--date', '2099-03-01'], dir);
    expect(future.code).toBe(0);
    expect(future.stderr).toContain('2099-03-01 is still to come, so the story is scheduled');
    expect(future.stderr).toContain('until 2099-03-01 00:00 (UTC)');
    const past = await runCli(['new', 'Old news', '--date', '2020-03-01'], dir);
    expect(past.code).toBe(0);
    expect(past.stderr).not.toContain('scheduled');
  });
});
