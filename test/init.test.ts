import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildSync } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { askAnswers } from '../lib/init/prompt.js';
import { article, listFiles, readHtml, runCli, tempDir, writeFiles } from './helpers.js';

/** GitHub's own workflow parser, bundled: it imports its JSON schema without the import attribute Node.js 20 requires. */
function workflowParser(): typeof import('@actions/workflow-parser') {
  const file = path.join(tempDir('gazette-workflow-parser-'), 'parser.cjs');
  const stdin = { contents: "export * from '@actions/workflow-parser';", resolveDir: path.dirname(new URL(import.meta.url).pathname) };
  buildSync({ stdin, bundle: true, platform: 'node', format: 'cjs', outfile: file, logLevel: 'error' });
  return createRequire(import.meta.url)(file);
}

/** What GitHub's own parser finds wrong in a workflow (keys, expressions, job needs). */
async function workflowProblems(text: string): Promise<string[]> {
  const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = workflowParser();
  const parsed = parseWorkflow({ name: 'workflow.yml', content: text }, new NoOperationTraceWriter());
  const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
  return [...parsed.context.errors.getErrors(), ...(template.errors ?? [])].map((e) => String((e as { message?: string }).message ?? JSON.stringify(e)));
}

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

  it('should write the deploy files of the host --host names, and none for none', async () => {
    for (const [host, files, absent] of [
      ['netlify', ['netlify.toml', '.github/workflows/scheduled-build.yml'], ['.github/workflows/deploy.yml']],
      ['cloudflare', ['.github/workflows/scheduled-build.yml'], ['.github/workflows/deploy.yml', 'netlify.toml']],
      ['none', [], ['.github/workflows/deploy.yml', '.github/workflows/scheduled-build.yml', 'netlify.toml']],
    ] as const) {
      const dir = tempDir();
      const made = await runCli(['init', ...FLAGS, '--host', host], dir);
      expect(made.code, made.stderr).toBe(0);
      const listed = listFiles(dir);
      expect(listed).toEqual(expect.arrayContaining([...files]));
      for (const file of absent) expect(listed, host).not.toContain(file);
      const config = JSON.parse(fs.readFileSync(path.join(dir, 'gazette.config.json'), 'utf8'));
      expect(config.deploy.host).toBe(host === 'none' ? null : host);
      if (host !== 'none') {
        const hook = fs.readFileSync(path.join(dir, '.github/workflows/scheduled-build.yml'), 'utf8');
        expect(await workflowProblems(hook), host).toEqual([]);
        const workflow = parseYaml(hook, { strict: true, uniqueKeys: true });
        expect(workflow.on.schedule[0].cron.split(' ')).toHaveLength(5);
        expect(workflow.jobs.trigger.steps[0].env.BUILD_HOOK_URL).toBe('${{ secrets.BUILD_HOOK_URL }}');
        expect(made.stderr).toContain('BUILD_HOOK_URL');
      }
      if (host === 'netlify') {
        // The deploying guide shows both files as written.
        const guide = fs.readFileSync(new URL('../docs/deploying.md', import.meta.url), 'utf8');
        expect(guide).toContain(`\`\`\`yaml\n${fs.readFileSync(path.join(dir, '.github/workflows/scheduled-build.yml'), 'utf8')}\`\`\``);
        const toml = fs.readFileSync(path.join(dir, 'netlify.toml'), 'utf8');
        expect(guide).toContain(`\`\`\`toml\n${toml}\`\`\``);
        expect(toml).toMatch(/^\[build\]\n {2}command = "npm run build"\n {2}publish = "dist"\n/);
        expect(toml).toContain('NODE_VERSION = "20"');
      }
      // The site builds, with the host's own files where it has them.
      const built = await runCli(['build'], dir);
      expect(built.code, built.stderr).toBe(0);
      expect(listFiles(path.join(dir, 'dist')).includes('_headers'), host).toBe(host !== 'none');
    }
    const refused = tempDir();
    const wrong = await runCli(['init', ...FLAGS, '--host', 'vercel'], refused);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--host: "vercel" is not one of');
    expect(listFiles(refused)).toEqual([]);
  });

  it('should write a valid GitHub Actions workflow that builds with the cache and deploys to Pages on a schedule', async () => {
    const dir = tempDir();
    expect((await runCli(['init', ...FLAGS], dir)).code).toBe(0);
    const text = fs.readFileSync(path.join(dir, '.github/workflows/deploy.yml'), 'utf8');
    expect(await workflowProblems(text)).toEqual([]);
    const workflow = parseYaml(text, { strict: true, uniqueKeys: true });
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
    expect(steps[cache]!.with).toEqual({
      path: '.gazette-cache',
      key: 'gazette-${{ runner.os }}-${{ github.run_id }}-${{ github.run_attempt }}',
      'restore-keys': 'gazette-${{ runner.os }}-',
    });
    const build = index((s) => typeof s.run === 'string' && s.run.startsWith('npx gazette build'));
    const upload = index((s) => /^actions\/upload-pages-artifact@v\d+$/.test(s.uses) && s.with.path === 'dist');
    expect([checkout, node, ci, cache, build, upload]).toEqual([...[checkout, node, ci, cache, build, upload]].sort((a, b) => a - b));
    expect(workflow.jobs.deploy.needs).toBe('build');
    expect(workflow.jobs.deploy.if).toContain("needs.build.result == 'success'");
    expect(workflow.jobs.deploy.environment.name).toBe('github-pages');
    expect(workflow.jobs.deploy.steps.some((s: Record<string, string>) => /^actions\/deploy-pages@v\d+$/.test(s.uses))).toBe(true);
  });

  it("should build on a schedule only once the last build's next change has come, from a file every build leaves", async () => {
    const dir = tempDir();
    expect((await runCli(['init', ...FLAGS], dir)).code).toBe(0);
    const workflow = parseYaml(fs.readFileSync(path.join(dir, '.github/workflows/deploy.yml'), 'utf8'), { strict: true, uniqueKeys: true });
    const due = workflow.jobs.due;
    expect(due.if).toBe("github.event_name == 'schedule'");
    expect(workflow.jobs.build.needs).toBe('due');
    // Skipped for pushes, so the build job must say it runs then (a skipped need skips it otherwise).
    expect(workflow.jobs.build.if).toContain("github.event_name != 'schedule' || needs.due.outputs.build == 'true'");
    const restore = due.steps.find((s: Record<string, any>) => /^actions\/cache\/restore@v\d+$/.test(s.uses));
    const save = workflow.jobs.deploy.steps.find((s: Record<string, any>) => /^actions\/cache\/save@v\d+$/.test(s.uses));
    expect(restore.with.path).toBe('.gazette-cache/next-change');
    expect(save.with.path).toBe(restore.with.path);
    expect(save.with.key.startsWith(restore.with['restore-keys'])).toBe(true);
    const step = (steps: Record<string, any>[], test: (s: Record<string, any>) => boolean): string => steps.find(test)!.run;
    const dueScript = step(due.steps, (s) => s.id === 'due');
    // The build job hands the file's line to the deploy job, which keeps it once the site is deployed.
    const readScript = step(workflow.jobs.build.steps, (s) => s.id === 'next');
    expect(workflow.jobs.build.outputs['next-change']).toBe('${{ steps.next.outputs.change }}');
    const keepStep = workflow.jobs.deploy.steps.find((s: Record<string, any>) => typeof s.run === 'string' && s.run.includes('next-change'));
    expect(keepStep.env.NEXT_CHANGE).toBe('${{ needs.build.outputs.next-change }}');
    const deployAt = workflow.jobs.deploy.steps.findIndex((s: Record<string, any>) => /^actions\/deploy-pages@v\d+$/.test(s.uses));
    expect(deployAt).toBeLessThan(workflow.jobs.deploy.steps.indexOf(keepStep));

    // A step's script as a runner runs it, in `cwd`; what it wrote to $GITHUB_OUTPUT.
    const runStep = (script: string, cwd: string, env: Record<string, string> = {}): string => {
      const output = path.join(tempDir('gazette-step-'), 'github-output');
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env: { ...process.env, ...env, GITHUB_OUTPUT: output }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return fs.existsSync(output) ? fs.readFileSync(output, 'utf8').trim() : '';
    };
    // The due job, in a workspace holding what the cache restored (or nothing).
    const decide = (nextChange: string | null): string => {
      const work = tempDir('gazette-due-');
      if (nextChange !== null) writeFiles(work, { '.gazette-cache/next-change': nextChange });
      return runStep(dueScript, work);
    };
    // The file from a build's folder, through the build job's output and the deploy job's step.
    const handedOn = (siteDir: string): string => {
      const change = runStep(readScript, siteDir).replace(/^change=/, '');
      const deployWork = tempDir('gazette-deploy-');
      runStep(keepStep.run, deployWork, { NEXT_CHANGE: change });
      return fs.readFileSync(path.join(deployWork, '.gazette-cache/next-change'), 'utf8');
    };

    // The file real builds leave: a story due a day after the build's now, then nothing to come.
    const site = tempDir('gazette-next-change-');
    const day = 86_400_000;
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }),
      'articles/2020/old.md': article({ title: 'Old story', date: '2020-01-01' }, 'Published long ago.'),
      'articles/later.md': article({ title: 'Later story', date: iso(now + day) }, 'Goes live tomorrow.'),
      'articles/yesterday.md': article({ title: 'Yesterday story', date: iso(now - day) }, 'Went live yesterday.'),
    });
    const nextChange = () => fs.readFileSync(path.join(site, '.gazette-cache/next-change'), 'utf8');
    expect((await runCli(['build', '--now', iso(now)], site)).code).toBe(0);
    expect(nextChange()).toBe(`${iso(now + day)}\n`);
    expect(handedOn(site)).toBe(nextChange());
    expect(decide(nextChange())).toBe('build=false');
    // Built two days ago, when yesterday's story was still to come: the scheduled run builds.
    expect((await runCli(['build', '--now', iso(now - 2 * day)], site)).code).toBe(0);
    expect(nextChange()).toBe(`${iso(now - day)}\n`);
    expect(decide(nextChange())).toBe('build=true');
    // A build with nothing to do leaves the file too, if it went missing.
    fs.rmSync(path.join(site, '.gazette-cache/next-change'));
    const again = await runCli(['build', '--now', iso(now - 2 * day), '--verbose'], site);
    expect(again.stderr).toContain('No source, template or setting changed');
    expect(decide(nextChange())).toBe('build=true');
    // Everything published, nothing to come.
    expect((await runCli(['build', '--now', iso(now + 2 * day)], site)).code).toBe(0);
    expect(nextChange()).toBe('none\n');
    expect(decide(nextChange())).toBe('build=false');
    // No file (no build yet, or its cache entry expired), or one that does not read as a time: build.
    expect(decide(null)).toBe('build=true');
    expect(decide('soon\n')).toBe('build=true');
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
