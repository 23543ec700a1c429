// Issue #25: a site's templates folder is used file by file over the default theme, whatever it holds;
// a site adds its own stylesheet and markup without replacing the theme's.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, expectCleanBuild, listFiles, readHtml, ROOT, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';
import { LiveCli } from '../live-cli.js';

const FOOTER = '<footer class="site-footer" data-marker="site-footer"><p>Courier, Harbour Street 1</p></footer>\n';
const HEADER = '<header class="site-header" data-marker="site-header"><p><a href="{{site.nav.home}}">Courier</a></p></header>\n';
const REBUILD_LINE = /^(.*) changed → (\d+) written, (\d+) removed in (\d+) ms$/m;

function site(files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFiles(dir, {
    'articles/2024/harbour.md': article({ title: 'Harbour deal', date: '2024-03-01', section: 'City' }, 'The terminal.'),
    'articles/about.md': article({ title: 'About us', kind: 'page' }, 'Who we are.'),
    ...files,
  });
  return dir;
}

/** The output's HTML pages. */
const htmlPages = (out: string) => listFiles(out).filter((f) => f.endsWith('.html'));

describe('a templates folder holding only some files', () => {
  it('should use templates/ with only partials/footer.hbs over the default theme, on every page', async () => {
    const dir = site({ 'templates/partials/footer.hbs': FOOTER });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    for (const file of htmlPages(out)) {
      const page = readHtml(out, file);
      expect(page.querySelectorAll('[data-marker="site-footer"]'), file).toHaveLength(1);
      // Everything else is the default theme's: its header, its stylesheet.
      expect(page.querySelector('header.site-header'), file).not.toBeNull();
      expect(page.querySelector('link[rel="stylesheet"]')!.getAttribute('href'), file).toBe('/assets/css/site.css');
    }
    expect(fs.readFileSync(path.join(out, 'assets/css/site.css'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'templates/assets/css/site.css'), 'utf8'));
  });

  it('should use a --templates folder holding only one partial, and refuse one that does not exist', async () => {
    const dir = site({ 'brand/partials/footer.hbs': FOOTER });
    const result = await runCli(['build', '--templates', 'brand'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readHtml(path.join(dir, 'dist'), '2024/03/harbour/index.html').querySelectorAll('[data-marker="site-footer"]')).toHaveLength(1);

    const missing = await runCli(['build', '--templates', 'nowhere', '--out', 'elsewhere'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Templates folder not found: nowhere');
    expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });

  it("should name the overriding partial a failure to render arose in, not the default theme's layout or page that included it", async () => {
    const cases: [string, string][] = [
      ['{{> nonexistent}}', 'The partial nonexistent could not be found'],
      ['{{t "copyrite"}}', 't: no string "copyrite"'],
    ];
    for (const [markup, message] of cases) {
      // In the layout (the footer) and in a page (the article cards of a listing).
      for (const partial of ['footer', 'article-card']) {
        const dir = site({ [`templates/partials/${partial}.hbs`]: `<div>\n${markup}\n</div>\n` });
        const result = await runCli(['build'], dir);
        expect(result.code, markup).toBe(1);
        expect(result.stderr, markup).toContain(`templates/partials/${partial}.hbs: error template error: ${message}`);
        expect(result.stderr, markup).not.toMatch(/(layouts\/base|pages\/\w+)\.hbs: error/);
        expect(fs.existsSync(path.join(dir, 'dist')), markup).toBe(false);
      }
    }
  });

  it('should re-render what an override added or removed changes, from the build cache, as a clean build would', async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    const build = async (label: string) => {
      const result = await runCli(['build'], dir);
      expect(result.code, result.stderr).toBe(0);
      await expectCleanBuild(dir, out, label);
    };
    await build('no templates folder');
    const story = () => readHtml(out, '2024/03/harbour/index.html');
    expect(story().querySelector('[data-marker]')).toBeNull();

    writeFiles(dir, { 'templates/partials/footer.hbs': FOOTER });
    await build('a footer override made');
    expect(story().querySelectorAll('[data-marker="site-footer"]')).toHaveLength(1);

    writeFiles(dir, { 'templates/partials/header.hbs': HEADER });
    await build('a second override');
    expect(story().querySelectorAll('[data-marker]').map((e) => e.getAttribute('data-marker'))).toEqual(['site-header', 'site-footer']);

    fs.rmSync(path.join(dir, 'templates/partials/footer.hbs'));
    await build('the footer override removed');
    expect(story().querySelectorAll('[data-marker]').map((e) => e.getAttribute('data-marker'))).toEqual(['site-header']);

    // Nothing changed since: nothing is rendered or written.
    const before = snapshotTree(out);
    const again = await runCli(['build', '--verbose'], dir);
    expect(again.stderr).toContain('No source, template or setting changed since the last build');
    expect(snapshotTree(out)).toEqual(before);
  });

  it('should follow overrides made, added and removed while watching, as a clean build would', async () => {
    const dir = site();
    const out = path.join(dir, 'dist');
    const cli = new LiveCli(['watch'], dir);
    const story = () => readHtml(out, '2024/03/harbour/index.html');
    const change = async (edit: () => void) => {
      const from = cli.mark();
      edit();
      await cli.waitFor(REBUILD_LINE, from, 20_000);
    };
    try {
      await cli.waitFor(/^Watching articles\/ .*for changes/m, 0, 20_000);
      // templates/ made with a single partial.
      await change(() => writeFiles(dir, { 'templates/partials/footer.hbs': FOOTER }));
      await expect.poll(() => story().querySelectorAll('[data-marker="site-footer"]').length, { timeout: 10_000 }).toBe(1);
      await expectCleanBuild(dir, out, 'footer made');
      // A new file in it: the stylesheet of the site's own, linked from every page.
      await change(() => writeFiles(dir, { 'templates/assets/css/custom.css': ':root { --accent: #004d40; }\n' }));
      await expect.poll(() => story().querySelectorAll('link[href="/assets/css/custom.css"]').length, { timeout: 10_000 }).toBe(1);
      await expectCleanBuild(dir, out, 'custom.css made');
      // Removed again: the link and the file go.
      await change(() => fs.rmSync(path.join(dir, 'templates/assets'), { recursive: true }));
      await expect.poll(() => story().querySelectorAll('link[href="/assets/css/custom.css"]').length, { timeout: 10_000 }).toBe(0);
      expect(fs.existsSync(path.join(out, 'assets/css/custom.css'))).toBe(false);
      await expectCleanBuild(dir, out, 'custom.css removed');
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });

  it('should warn about a file of the folder no page uses: a misspelt or misplaced template, a partial nothing includes', async () => {
    const dir = site({
      'templates/pages/artcle.hbs': '<h1>{{article.title}}</h1>\n',
      'templates/article.hbs': '<h1>{{article.title}}</h1>\n',
      'templates/page/article.hbs': '<h1>{{article.title}}</h1>\n',
      'templates/partials/foter.hbs': FOOTER,
      'templates/partials/masthead.html': HEADER,
      'templates/partials/promo.hbs': '<p>Subscribe</p>\n',
      'templates/layouts/main.hbs': '{{{content}}}\n',
      'templates/css/custom.css': 'body { color: red; }\n',
      // Used: an override, a partial it includes, and a folder of the designer's own (sources of the CSS).
      'templates/partials/header.hbs': '<header class="site-header">{{> brand}}</header>\n',
      'templates/partials/brand.hbs': '<p>Courier</p>\n',
      'templates/scss/site.scss': 'body { color: red; }\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('[theme-unused]'));
    expect(warnings).toEqual([
      'templates/article.hbs: warning is not used by any page: templates go in pages/, partials/ or layouts/ (move it to pages/article.hbs) [theme-unused]',
      'templates/css/custom.css: warning is not used by any page: only files under assets/ are published (move it to assets/css/custom.css) [theme-unused]',
      'templates/layouts/main.hbs: warning is not used by any page: the one layout is layouts/base.hbs [theme-unused]',
      'templates/page/article.hbs: warning is not used by any page: gazette reads pages/, not page/ (move it to pages/article.hbs) [theme-unused]',
      'templates/pages/artcle.hbs: warning is not used by any page: did you mean pages/article.hbs? [theme-unused]',
      'templates/partials/foter.hbs: warning is not used by any page: no template includes {{> foter}}: did you mean partials/footer.hbs? [theme-unused]',
      'templates/partials/masthead.html: warning is not used by any page: templates are read from files ending in .hbs (rename it partials/masthead.hbs) [theme-unused]',
      'templates/partials/promo.hbs: warning is not used by any page: no template includes it: add {{> promo}} where it should show [theme-unused]',
    ]);
    // The warnings are said again by a build that has nothing to do, and are errors with --strict.
    expect((await runCli(['build'], dir)).stderr.match(/\[theme-unused\]/g)).toHaveLength(8);
    expect((await runCli(['build', '--strict'], dir)).code).toBe(1);
  });
});

describe('a site\'s own stylesheet and markup beside the theme', () => {
  it('should link assets/css/custom.css after the theme\'s stylesheet, and put head-extra in <head> and body-end before </body>', async () => {
    const dir = site({
      'templates/assets/css/custom.css': ':root { --accent: #004d40; --font-head: "Fira Sans", sans-serif; }\n',
      'templates/partials/head-extra.hbs': '<meta name="analytics-site" content="{{site.title}}">\n',
      'templates/partials/body-end.hbs': '<div id="consent-banner" hidden>{{t "skipToContent"}}</div>\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const out = path.join(dir, 'dist');
    expect(fs.readFileSync(path.join(out, 'assets/css/custom.css'), 'utf8')).toContain('--accent: #004d40');
    for (const file of htmlPages(out)) {
      const html = fs.readFileSync(path.join(out, file), 'utf8');
      const page = readHtml(out, file);
      const sheets = page.querySelectorAll('head link[rel="stylesheet"]').map((l) => l.getAttribute('href'));
      expect(sheets, file).toEqual(['/assets/css/site.css', '/assets/css/custom.css']);
      // head-extra comes last in <head>, after both stylesheets; body-end last in <body>.
      expect(html, file).toMatch(/<link rel="stylesheet" href="\/assets\/css\/custom\.css">\n<meta name="analytics-site" content="Gazette">\n<\/head>/);
      expect(html, file).toMatch(/<div id="consent-banner" hidden>Skip to main content<\/div>\n<\/body>/);
    }
    // The links it adds resolve.
    const check = await runCli(['check'], dir);
    expect(check.stderr).toMatch(/no problems found/);
  });

  it("should warn about a url() of the site's stylesheet leading outside a sub-path or to an asset the theme lacks", async () => {
    const css = [
      '/* url("/assets/commented-out.png") */',
      '@font-face { font-family: Brand; src: url("/assets/fonts/brand.woff2") format("woff2"); }',
      '@font-face { font-family: Brand; src: url("../fonts/brand.woff2") format("woff2"); }',
      '.masthead { background: url(../images/harbour.jpg), url(/news/assets/images/logo.png); }',
      '.site-footer { background: url(../images/harbor.jpg) no-repeat, url("data:image/gif;base64,R0lGOD") }',
      '@import "print.css";',
      '@import url(https://fonts.example.org/brand.css);',
      '',
    ].join('\n');
    const dir = site({
      'templates/assets/css/custom.css': css,
      'templates/assets/css/print.css': '',
      'templates/assets/fonts/brand.woff2': 'font',
      'templates/assets/images/harbour.jpg': 'jpeg',
    });
    const sub = await runCli(['build', '--base-url', 'https://example.org/news/'], dir);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stderr.split('\n').filter((line) => line.includes('[theme-css-url]'))).toEqual([
      'templates/assets/css/custom.css:2:44: warning "/assets/fonts/brand.woff2" leads outside the site, which is published under /news/, so the browser finds nothing there: write it relative to this stylesheet ("../fonts/brand.woff2") [theme-css-url]',
      'templates/assets/css/custom.css:5:32: warning "../images/harbor.jpg" leads nowhere: the theme has no assets/images/harbor.jpg; did you mean assets/images/harbour.jpg? [theme-css-url]',
    ]);
    // At the root of its host, "/assets/…" is the theme's, and "/news/assets/…" is a path of the site that may be anything.
    const root = await runCli(['build'], dir);
    expect(root.stderr.split('\n').filter((line) => line.includes('[theme-css-url]'))).toEqual([
      'templates/assets/css/custom.css:5:32: warning "../images/harbor.jpg" leads nowhere: the theme has no assets/images/harbor.jpg; did you mean assets/images/harbour.jpg? [theme-css-url]',
    ]);
  });

  it('should link no custom.css when the site has none, and keep the default partials empty', async () => {
    const dir = site();
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'dist/2024/03/harbour/index.html'), 'utf8');
    expect(html).not.toContain('custom.css');
    expect(html).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/assets\/images\/favicon\.svg">\n<\/head>/);
    expect(html).toMatch(/<script src="\/assets\/js\/site\.js" defer><\/script>\n<\/body>/);
  });

  it('should take every colour and font of the default stylesheet from its custom properties', () => {
    const css = fs.readFileSync(path.join(ROOT, 'templates/assets/css/site.css'), 'utf8');
    // The tokens are defined once at the top; print and dark code blocks have palettes of their own.
    const rules = css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/:root\s*\{[^}]*\}/g, '')
      .replace(/@media print\s*\{[\s\S]*$/, '')
      .replace(/@media \(prefers-color-scheme: dark\)\s*\{[\s\S]*?\n\}/g, '')
      .replace(/\.article-body pre code\.hljs\s*\{[^}]*\}/g, '');
    const declarations = [...rules.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)].map((m) => ({ property: m[1]!, value: m[2]!.trim() }));
    expect(declarations.length).toBeGreaterThan(500);
    const hardCoded = declarations.filter(
      ({ property, value }) =>
        /#[0-9a-f]{3,8}\b|\b(?:rgb|hsl)a?\(/i.test(value) || (property === 'font-family' && !/^var\(--font-[a-z]+\)$/.test(value)) || (property === 'font' && value !== 'inherit'),
    );
    expect(hardCoded).toEqual([]);
  });
});
