import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { askAnswers } from '../lib/init/prompt.js';
import { listFiles, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

const FLAGS = ['--yes', '--title', 'Port & Town <News>', '--url', 'https://example.org/', '--language', 'en-GB', '--timezone', 'Europe/London'];

describe('gazette init', () => {
  it('should make a site that builds and passes gazette check', async () => {
    const root = tempDir();
    const result = await runCli(['init', 'paper', ...FLAGS], root);
    expect(result.code, result.stderr).toBe(0);
    const dir = path.join(root, 'paper');
    const files = listFiles(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/deploy.yml',
        '.gitignore',
        'articles/_data/authors.yml',
        'articles/about.md',
        'articles/images/harbour-at-dusk.jpg',
        'gazette.config.json',
        'package.json',
      ]),
    );
    expect(files.filter((f) => /^articles\/\d{4}\/.+\.md$/.test(f))).toHaveLength(2);
    // A real JPEG.
    expect(fs.readFileSync(path.join(dir, 'articles/images/harbour-at-dusk.jpg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'gazette.config.json'), 'utf8'));
    expect(config).toMatchObject({ title: 'Port & Town <News>', url: 'https://example.org/', language: 'en-GB', timezone: 'Europe/London' });
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies).toEqual({ gazette: `^${version}` });
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'watch', 'serve', 'check']));
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['dist/', '.gazette-cache/']));

    const build = await runCli(['build'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/warning/i);
    const out = path.join(dir, 'dist');
    const home = readHtml(out, 'index.html');
    expect(home.querySelector('title')?.text).toContain('Port & Town <News>');
    expect(home.querySelectorAll('article, .card').length).toBeGreaterThan(0);
    const built = listFiles(out);
    expect(built.some((f) => /^images\/harbour-at-dusk-\d+w\.[0-9a-f]{10}\.jpg$/.test(f))).toBe(true);
    expect(built).toContain('about/index.html');
    expect(built).toContain('about-us/index.html');
    expect(built).toContain('authors/alex-morgan/index.html');
    const check = await runCli(['check'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain('no problems found');
  });

  it('should make a site that still builds once the sample stories are deleted, as they ask, for the paper\'s own', async () => {
    const root = tempDir();
    expect((await runCli(['init', 'paper', ...FLAGS], root)).code).toBe(0);
    const dir = path.join(root, 'paper');
    for (const sample of listFiles(dir).filter((f) => /^articles\/\d{4}\/.+\.md$/.test(f))) {
      expect(fs.readFileSync(path.join(dir, sample), 'utf8')).toContain('delete it');
      fs.rmSync(path.join(dir, sample));
    }
    writeFiles(dir, { 'articles/2026/budget.md': '---\ntitle: Council approves the budget\ndate: 2026-01-05\nauthor: Alex Morgan\nsection: Politics\n---\nThe council voted.\n' });
    const build = await runCli(['build'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/warning|error/i);
    expect(readHtml(path.join(dir, 'dist'), 'index.html').querySelector('.site-footer a[href="/about/"]')).not.toBeNull();
  });

  it('should refuse a folder that is not empty, and write nothing there', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'notes.txt': 'mine' });
    const result = await runCli(['init', '.', ...FLAGS], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not empty (notes.txt)');
    expect(result.stderr).toContain('--force');
    expect(listFiles(dir)).toEqual(['notes.txt']);
  });

  it('should, with --force, add what is missing and overwrite nothing, saying what it skipped', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/about.md': '---\nkind: page\ntitle: Ours\n---\nOur own page.\n', '.gitignore': 'mine\n' });
    const result = await runCli(['init', '.', ...FLAGS, '--force'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('skipped articles/about.md: it exists');
    expect(result.stderr).toContain('skipped .gitignore: it exists');
    expect(fs.readFileSync(path.join(dir, 'articles/about.md'), 'utf8')).toBe('---\nkind: page\ntitle: Ours\n---\nOur own page.\n');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(dir, 'gazette.config.json'))).toBe(true);
  });

  it('should take a folder where gazette was just installed, keeping how package.json names it', async () => {
    const dir = tempDir();
    const installed = { dependencies: { gazette: 'file:../gazette-0.1.0.tgz' }, scripts: { build: 'custom build' } };
    writeFiles(dir, { 'package.json': JSON.stringify(installed), 'package-lock.json': '{}', 'node_modules/.package-lock.json': '{}' });
    const result = await runCli(['init', ...FLAGS], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('updated package.json');
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ gazette: 'file:../gazette-0.1.0.tgz' });
    expect(pkg.scripts).toEqual({ build: 'custom build', watch: 'gazette watch', serve: 'gazette serve', check: 'gazette check' });
  });

  it('should refuse unusable answers given by flags', async () => {
    for (const [flag, value, message] of [
      ['--timezone', 'Mars/Olympus', 'is not a time zone'],
      ['--language', 'not a tag!', 'is not a language tag'],
      ['--url', 'ftp://example.org/', 'must use http or https'],
    ]) {
      const dir = tempDir();
      const result = await runCli(['init', '--yes', flag!, value!], dir);
      expect(result.code, flag).toBe(2);
      expect(result.stderr).toContain(message);
      expect(listFiles(dir)).toEqual([]);
    }
  });

  it('should write a valid GitHub Actions workflow that builds with the cache and deploys to Pages on a schedule', async () => {
    const dir = tempDir();
    expect((await runCli(['init', ...FLAGS], dir)).code).toBe(0);
    const workflow = parseYaml(fs.readFileSync(path.join(dir, '.github/workflows/deploy.yml'), 'utf8'), { strict: true, uniqueKeys: true });
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'workflow_dispatch', 'schedule']));
    const cron: string = workflow.on.schedule[0].cron;
    expect(cron.split(' ')).toHaveLength(5);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const steps: Record<string, any>[] = workflow.jobs.build.steps;
    const index = (test: (s: Record<string, any>) => boolean) => {
      const at = steps.findIndex(test);
      expect(at).toBeGreaterThanOrEqual(0);
      return at;
    };
    const checkout = index((s) => /^actions\/checkout@v\d+$/.test(s.uses));
    const node = index((s) => /^actions\/setup-node@v\d+$/.test(s.uses) && String(s.with['node-version']) === '20');
    const ci = index((s) => s.run === 'npm ci');
    const cache = index((s) => /^actions\/cache@v\d+$/.test(s.uses));
    // Keyed as the docs' CI cache section says: a key per run, restoring the newest.
    expect(steps[cache]!.with).toEqual({ path: '.gazette-cache', key: 'gazette-${{ runner.os }}-${{ github.run_id }}', 'restore-keys': 'gazette-${{ runner.os }}-' });
    const build = index((s) => typeof s.run === 'string' && s.run.startsWith('npx gazette build'));
    const upload = index((s) => /^actions\/upload-pages-artifact@v\d+$/.test(s.uses) && s.with.path === 'dist');
    expect([checkout, node, ci, cache, build, upload]).toEqual([...[checkout, node, ci, cache, build, upload]].sort((a, b) => a - b));
    expect(workflow.jobs.deploy.needs).toBe('build');
    expect(workflow.jobs.deploy.environment.name).toBe('github-pages');
    expect(workflow.jobs.deploy.steps.some((s: Record<string, string>) => /^actions\/deploy-pages@v\d+$/.test(s.uses))).toBe(true);
  });

  it('should ask on a terminal for what no flag gave, again after an unusable answer', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += d));
    const asked = askAnswers({ title: 'Given' }, { title: 'T', url: '', language: 'en', timezone: 'UTC' }, input, output);
    for (const line of ['https://news.example/', '', 'Nowhere/Town', 'Asia/Tokyo']) {
      await new Promise((r) => setTimeout(r, 20));
      input.write(`${line}\n`);
    }
    expect(await asked).toEqual({ title: 'Given', url: 'https://news.example/', language: 'en', timezone: 'Asia/Tokyo' });
    expect(shown).not.toContain('Site title');
    expect(shown).toContain('is not a time zone');
  });
});
