// Issue #26: a config module, a helper or a plugin that never finishes gets an error naming it, not a hang.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';
import { BUILTIN_TEMPLATES } from '../../lib/config/index.js';

/** Budgets far below the defaults (10 s), so that hangs cost the suite little. */
const SHORT = { GAZETTE_CONFIG_TIMEOUT: '0.5', GAZETTE_RENDER_TIMEOUT: '0.5' };

function site(files: Record<string, string>): string {
  const dir = tempDir('gazette-hangs-');
  writeFiles(dir, {
    'articles/one.md': article({ title: 'One', date: '2024-01-01' }, 'First.'),
    'articles/two.md': article({ title: 'Two', date: '2024-01-02' }, 'Second.'),
    ...files,
  });
  return dir;
}

/** A theme whose layout calls the config's helper `spin` with the site title. */
function spinningTheme(): Record<string, string> {
  const layout = fs.readFileSync(path.join(BUILTIN_TEMPLATES, 'layouts', 'base.hbs'), 'utf8');
  return { 'templates/layouts/base.hbs': layout.replace('<body', '{{spin site.title}}<body'), 'templates/pages/.keep': '' };
}

describe('a config module that does not finish loading', () => {
  it('should stop one that loops and name the line it was stopped at', async () => {
    const dir = site({ 'gazette.config.mjs': "let n = 0;\nwhile (n >= 0) n++;\nexport default { title: 'Never' };\n" });
    const run = await runCli(['build'], dir, SHORT);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^gazette\.config\.mjs:2:\d+: error did not finish loading within 0\.5 s .*may loop forever \[config-module\]$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should say so of a top-level await that never settles, instead of exiting 13 without a word', async () => {
    const dir = site({ 'gazette.config.mjs': "await new Promise(() => {});\nexport default { title: 'Never' };\n" });
    const run = await runCli(['build'], dir, SHORT);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^gazette\.config\.mjs: error never finished loading: a top-level await in it waits for something that never comes/m);
  });

  it('should refuse one that calls process.exit, at the call', async () => {
    const dir = site({ 'gazette.config.mjs': "export default { title: 'Gone' };\nprocess.exit(0);\n" });
    for (const command of ['build', 'check']) {
      const run = await runCli([command], dir, SHORT);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/^gazette\.config\.mjs:2:9: error calls process\.exit\(0\) while it loads/m);
    }
  });

  it('should load one that takes its time and settles, and build with it', async () => {
    const dir = site({
      'gazette.config.mjs': "await new Promise((resolve) => setTimeout(resolve, 50));\nconsole.error('config loaded');\nexport default { title: 'Patient' };\n",
    });
    const run = await runCli(['build', '--no-cache'], dir, SHORT);
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', 'index.html'), 'utf8')).toContain('Patient');
  });
});

describe('a template helper that never returns', () => {
  const config = (title: string) =>
    `import fs from 'node:fs';\nexport default {\n  title: '${title}',\n  helpers: {\n    spin(title) {\n      if (String(title).includes('LOOP')) fs.writeFileSync('looping', '');\n      while (String(title).includes('LOOP')) {}\n      return '';\n    },\n  },\n};\n`;

  it('should stop the page and name the template and the helper', async () => {
    const dir = site({ 'gazette.config.mjs': config('LOOP'), ...spinningTheme() });
    const run = await runCli(['build'], dir, SHORT);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /^templates\/layouts\/base\.hbs: error took longer than 0\.5 s to render .*the helper "spin" of gazette\.config\.mjs was still running/m,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('should let Ctrl-C stop watch while a page is stuck in the helper', async () => {
    const dir = site({ 'gazette.config.mjs': config('Fine'), ...spinningTheme() });
    // A budget longer than the test's: only Ctrl-C can end the stuck render.
    const cli = new LiveCli(['watch'], dir, { GAZETTE_RENDER_TIMEOUT: '600' });
    try {
      await cli.waitFor(/Watching .* for changes/);
      fs.writeFileSync(path.join(dir, 'gazette.config.mjs'), config('LOOP'));
      for (let i = 0; !fs.existsSync(path.join(dir, 'looping')); i++) {
        if (i > 1000) throw new Error(`the helper never ran:\n${cli.output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const stopped = cli.stop();
      const late = new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000));
      expect(await Promise.race([stopped, late]), cli.output).toBe(0);
      expect(cli.output).toMatch(/Stopped watching\.\s*$/);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});

describe('a Markdown plugin that never returns', () => {
  it('should stop after it stalled on two articles, naming the plugin and its line', async () => {
    const articles = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`articles/story-${i}.md`, article({ title: `Story ${i}`, date: `2024-02-0${i + 1}` }, `Body ${i}.`)]),
    );
    const dir = site({
      ...articles,
      'plugins/stall.mjs': 'export default function remarkStall() {\n  return (tree) => {\n    while (tree) {}\n  };\n}\n',
      'gazette.config.mjs': "import remarkStall from './plugins/stall.mjs';\nexport default { markdownTimeout: 0.3, markdown: { remarkPlugins: [remarkStall] } };\n",
    });
    const run = await runCli(['build'], dir, { ...SHORT, GAZETTE_THREADS: '1' });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /^plugins\/stall\.mjs:3:5: error the Markdown plugin markdown\.remarkPlugins\[0\] \(remarkStall\) \(at plugins\/stall\.mjs:3:5\) ran past the time budget \(0\.3 s, "markdownTimeout"\) on 2 articles \(articles\/[\w-]+\.md, articles\/[\w-]+\.md\)/m,
    );
    expect(run.stderr).toContain('> 3 |     while (tree) {}');
    // Not one message per article blaming the article.
    expect(run.stderr).not.toMatch(/unusual nesting/);
    expect(run.stderr.match(/ error /g)).toHaveLength(1);
  });
});
