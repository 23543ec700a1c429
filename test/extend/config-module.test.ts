// Issue #14: a gazette.config.mjs with plugins from npm, a local plugin, a helper, a partial and a theme shortcode.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, expectCleanBuild, readHtml, ROOT, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

/**
 * A copy of the extend-site fixture whose node_modules links every package
 * gazette has installed, so the config resolves its imports from its own
 * folder as a real site does (and a test can swap one package for a copy).
 */
function extendSite(): string {
  const site = copyFixture('extend-site');
  const modules = path.join(site, 'node_modules');
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name.startsWith('.')) continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
  }
  return site;
}

const BODIES = /(\d+) of \d+ articles rendered from Markdown/;

function bodiesRendered(stderr: string): number {
  const match = BODIES.exec(stderr);
  if (!match) throw new Error(`no count of rendered bodies in:\n${stderr}`);
  return Number(match[1]);
}

describe('gazette.config.mjs', () => {
  it('should run npm and local plugins, helpers, partials and theme shortcodes, and report plugin messages at their position', async () => {
    const site = extendSite();
    const result = await runCli(['build'], site);
    expect(result.code, result.stderr).toBe(0);
    const page = readHtml(path.join(site, 'dist'), '2024/03/engines/index.html');
    const body = page.querySelector('.article-body')!;
    // remark-smartypants: curly quotes and an em dash.
    expect(body.querySelector('p')!.text).toBe('Engineers utilize a simple loop — and it works.');
    // rehype-autolink-headings found the id gazette gave the heading.
    const heading = body.querySelector('h1')!;
    expect(heading.getAttribute('id')).toBe('under-the-hood');
    expect(heading.querySelector('a')!.getAttribute('href')).toBe('#under-the-hood');
    expect(heading.text).toBe('Under the “hood”');
    // The theme shortcode, with its attributes, its inner HTML and a config helper.
    const callout = body.querySelector('aside.callout')!;
    expect(callout.getAttribute('class')).toBe('callout callout-warn');
    expect(callout.querySelector('.callout-title')!.text).toBe('MIND THE GAP');
    expect(callout.querySelector('p strong')!.text).toBe('do');
    // The config's helper and partial in a page template.
    expect(page.querySelector('.site-footer-shout')!.text).toBe('THE EXTENDED TIMES');
    expect(page.querySelector('.colophon')!.text).toBe('Set in CHARTER');
    // The local plugin's message, at the word's line and column in the article file.
    expect(result.stderr).toContain('articles/engines.md:8:11: warning Write "use", not "utilize" [house-style:avoid-word]');

    // --strict makes the warning fail the build, and the last output stays.
    const before = snapshotTree(path.join(site, 'dist'));
    const strict = await runCli(['build', '--strict'], site);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('articles/engines.md:8:11: error Write "use", not "utilize"');
    expect(snapshotTree(path.join(site, 'dist'))).toEqual(before);
  });

  it('should re-render every article when a plugin option or a plugin version changes, and none otherwise', async () => {
    const site = extendSite();
    for (let i = 0; i < 6; i++) writeFiles(site, { [`articles/extra-${i}.md`]: `---\ntitle: Extra ${i}\ndate: 2024-01-0${i + 1}\n---\nText ${i}.\n` });
    const build = () => runCli(['build', '--verbose'], site);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    expect(bodiesRendered(first.stderr)).toBe(8);

    // Nothing changed but the articles' times: nothing is rendered again.
    const later = new Date(Date.now() + 5000);
    for (const name of fs.readdirSync(path.join(site, 'articles'))) fs.utimesSync(path.join(site, 'articles', name), later, later);
    const same = await build();
    expect(same.code, same.stderr).toBe(0);
    expect(bodiesRendered(same.stderr)).toBe(0);

    // A plugin option: every article again.
    const configFile = path.join(site, 'gazette.config.mjs');
    fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace("avoid: 'utilize'", "avoid: 'leverage'"));
    const option = await build();
    expect(option.code, option.stderr).toBe(0);
    expect(bodiesRendered(option.stderr)).toBe(8);
    expect(option.stderr).not.toContain('utilize');

    // A local plugin file edited: every article again.
    const pluginFile = path.join(site, 'plugins/remark-house-style.mjs');
    fs.appendFileSync(pluginFile, '\n// edited\n');
    const local = await build();
    expect(bodiesRendered(local.stderr)).toBe(8);

    // An upgraded plugin package (same code, new version): every article again.
    const link = path.join(site, 'node_modules/remark-smartypants');
    const real = fs.realpathSync(link);
    fs.rmSync(link);
    fs.cpSync(real, link, { recursive: true });
    const manifest = path.join(link, 'package.json');
    const data = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
    fs.writeFileSync(manifest, JSON.stringify({ ...data, version: `${data.version}-patched` }));
    const upgraded = await build();
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(bodiesRendered(upgraded.stderr)).toBe(8);

    // And once more with nothing changed: up to date.
    const again = await build();
    expect(again.stderr).toContain('No source, template or setting changed');
  });

  it('should re-render only the articles using a theme shortcode partial when it changes', async () => {
    const site = extendSite();
    const build = () => runCli(['build', '--verbose'], site);
    expect(bodiesRendered((await build()).stderr)).toBe(2);
    fs.writeFileSync(path.join(site, 'templates/directives/callout.hbs'), '<div class="callout-v2">{{{content}}}</div>\n');
    const changed = await build();
    expect(changed.code, changed.stderr).toBe(0);
    expect(bodiesRendered(changed.stderr)).toBe(1);
    expect(readHtml(path.join(site, 'dist'), '2024/03/engines/index.html').querySelector('.callout-v2 strong')!.text).toBe('do');
  });

  it('should name the plugin and the article when a plugin throws, and leave the output alone', async () => {
    const site = extendSite();
    expect((await runCli(['build'], site)).code).toBe(0);
    const before = snapshotTree(path.join(site, 'dist'));
    writeFiles(site, {
      'plugins/rehype-explode.mjs': 'export default function rehypeExplode() {\n  return (tree, file) => {\n    if (String(file.value).includes("hood")) throw new TypeError("cannot read the hood");\n  };\n}\n',
    });
    const configFile = path.join(site, 'gazette.config.mjs');
    fs.writeFileSync(
      configFile,
      fs
        .readFileSync(configFile, 'utf8')
        .replace("import remarkHouseStyle", "import rehypeExplode from './plugins/rehype-explode.mjs';\nimport remarkHouseStyle")
        .replace('rehypePlugins: [', 'rehypePlugins: [rehypeExplode, '),
    );
    for (const threads of ['0', '2']) {
      const result = await runCli(['build'], site, { GAZETTE_THREADS: threads });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(
        'articles/engines.md: error the plugin markdown.rehypePlugins[0] (rehypeExplode) threw an error: cannot read the hood [markdown-plugin]',
      );
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toContain('plain.md');
      expect(snapshotTree(path.join(site, 'dist'))).toEqual(before);
    }
  });

  it('should name the file, line and column of a config that fails to load', async () => {
    const site = extendSite();
    const configFile = path.join(site, 'gazette.config.mjs');
    const text = fs.readFileSync(configFile, 'utf8');
    fs.writeFileSync(configFile, text.replace("title: 'The Extended Times',", "title: 'The Extended Times'\n  url 'https://example.org/',"));
    const syntax = await runCli(['build'], site);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain("gazette.config.mjs:8:3: error could not be loaded: SyntaxError: Unexpected identifier \'url\' [config-module]");

    fs.writeFileSync(path.join(site, 'plugins/remark-house-style.mjs'), 'const rules = null;\nexport default rules.first;\n');
    fs.writeFileSync(configFile, text);
    const thrown = await runCli(['build'], site);
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toMatch(/^plugins\/remark-house-style\.mjs:2:\d+: error \(imported by gazette\.config\.mjs\) could not be loaded: TypeError: Cannot read properties of null/m);

    fs.writeFileSync(configFile, "export default { title: 1, markdown: { remarkPlugins: ['remark-smartypants'] } };\n");
    const invalid = await runCli(['build'], site);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('"markdown.remarkPlugins[0]" must be a plugin function or [plugin, options], not a string');
    expect(invalid.stderr).toContain('"title" must be a string');

    writeFiles(site, { 'gazette.config.json': '{}' });
    const both = await runCli(['build'], site);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Two config files: gazette.config.mjs and gazette.config.json');
  });

  it('should give the same output from watch and serve as from a clean build, also after the config and a local plugin change', async () => {
    for (const command of ['watch', 'serve']) {
      const site = extendSite();
      const out = path.join(site, 'out');
      const expectSame = () => expectCleanBuild(site, out, command);
      const live = new LiveCli(command === 'serve' ? ['serve', '-o', out, '--port', '0'] : ['watch', '-o', out], site);
      try {
        await live.waitFor(/Watching/, 0, 30_000);
        await expectSame();
        const configFile = path.join(site, 'gazette.config.mjs');
        let mark = live.mark();
        fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace("behavior: 'wrap'", "behavior: 'append'"));
        await live.waitFor(/changed → \d+ written/, mark, 30_000);
        expect(fs.readFileSync(path.join(out, '2024/03/engines/index.html'), 'utf8')).toContain('Under the “hood”<a');
        await expectSame();
        if (command === 'serve') continue; // serve runs the same session as watch: one change shows it is wired
        mark = live.mark();
        const pluginFile = path.join(site, 'plugins/remark-house-style.mjs');
        fs.writeFileSync(pluginFile, fs.readFileSync(pluginFile, 'utf8').replace('Write "use"', 'Prefer "use"'));
        await live.waitFor(/Prefer "use"/, mark, 30_000);
        await expectSame();
      } finally {
        await live.stop();
      }
    }
  });
});
