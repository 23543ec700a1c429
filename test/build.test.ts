import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, copyFixture, listFiles, readHtml, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

const FIRST = '2023/03/first-story/index.html';
const SECOND = '2024/01/second-story/index.html';

async function buildFixture(args: string[] = []) {
  const dir = copyFixture('basic');
  const result = await runCli(['build', ...args], dir);
  return { dir, out: path.join(dir, 'dist'), result };
}

describe('gazette build', () => {
  it('should write each article at its pretty URL, the front page and the theme assets', async () => {
    const { out, result } = await buildFixture();
    expect(result.stderr).toMatch(/^Built 2 articles \(1 draft held back\), \d+ pages, \d+ files in \d+ ms/m);
    expect(result.code).toBe(0);
    const files = listFiles(out);
    expect(files).toContain(FIRST);
    expect(files).toContain(SECOND);
    expect(files).toContain('index.html');
    expect(files).toContain('assets/css/site.css');
    const home = readHtml(out, 'index.html');
    const links = home.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(links).toContain('/2023/03/first-story/');
    expect(links).toContain('/2024/01/second-story/');
    // Newest first on the front page.
    expect(links.indexOf('/2024/01/second-story/')).toBeLessThan(links.indexOf('/2023/03/first-story/'));
  });

  it('should escape titles and summaries wherever they land', async () => {
    const { out } = await buildFixture();
    const raw = fs.readFileSync(path.join(out, FIRST), 'utf8');
    expect(raw).not.toContain('<script>alert("x")');
    expect(raw).not.toContain('<b>markup</b>');
    const page = readHtml(out, FIRST);
    expect(page.querySelector('h1')!.text).toBe('Council <script>alert("x")</script> & "Friends" agree');
    expect(page.querySelector('title')!.text).toContain('Council <script>alert("x")</script> & "Friends" agree');
    expect(page.querySelector('meta[property="og:title"]')!.getAttribute('content')).toBe(
      'Council <script>alert("x")</script> & "Friends" agree',
    );
    const ld = page.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.rawText));
    expect(ld[0].headline).toBe('Council <script>alert("x")</script> & "Friends" agree');
    // Only the JSON-LD and the theme script are scripts: the title never opens one.
    for (const script of page.querySelectorAll('script')) expect(script.rawText).not.toContain('</script');
  });

  it('should rewrite links between articles and to files beside them', async () => {
    const { out } = await buildFixture();
    const page = readHtml(out, FIRST);
    const hrefs = page.querySelectorAll('.article-body a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('/2024/01/second-story/#reaction');
    expect(hrefs).toContain('/2023/img/plan.pdf');
    expect(fs.existsSync(path.join(out, '2023/img/plan.pdf'))).toBe(true);
    const srcs = page.querySelectorAll('.article-body img').map((i) => i.getAttribute('src'));
    expect(srcs).toContain('/2023/img/photo.svg');
    expect(page.querySelector('figure.lead-image img')!.getAttribute('src')).toBe('/2023/img/photo.svg');
    expect(page.querySelector('figure.lead-image figcaption')!.text).toContain('The chamber on Tuesday.');
    expect(page.querySelector('figure.lead-image figcaption')!.text).toContain('Staff photographer');
    const back = readHtml(out, SECOND).querySelectorAll('.article-body a').map((a) => a.getAttribute('href'));
    expect(back).toContain('/2023/03/first-story/');
  });

  it('should apply the base path to every internal link with --base-url', async () => {
    const { out, result } = await buildFixture(['--base-url', 'https://example.org/sub/']);
    expect(result.code).toBe(0);
    const internal: string[] = [];
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      const doc = readHtml(out, file);
      for (const el of doc.querySelectorAll('[href], [src]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src')!;
        if (url.startsWith('/')) internal.push(url);
        if (url.startsWith('/')) expect(url, `${file}: ${url}`).toMatch(/^\/sub\//);
      }
    }
    expect(internal.length).toBeGreaterThan(20);
    const page = readHtml(out, FIRST);
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe('https://example.org/sub/2023/03/first-story/');
  });

  it('should leave drafts out unless --drafts is given', async () => {
    const { out } = await buildFixture();
    const everything = listFiles(out)
      .map((f) => fs.readFileSync(path.join(out, f), 'utf8'))
      .join('\n');
    expect(everything).not.toContain('Unfinished draft piece');
    expect(everything).not.toContain('leaked-tag');
    expect(everything).not.toContain('Secret Section');
    const withDrafts = await buildFixture(['--drafts']);
    expect(listFiles(withDrafts.out)).toContain('2024/02/unfinished/index.html');
  });

  it('should keep ordinary HTML and GFM, and drop scripts, handlers and javascript: URLs', async () => {
    const { out } = await buildFixture();
    const body = readHtml(out, FIRST).querySelector('.article-body')!;
    expect(body.querySelector('table')).not.toBeNull();
    expect(body.querySelector('del')!.text).toBe('Struck');
    expect(body.querySelectorAll('input[type="checkbox"]').length).toBe(2);
    expect(body.querySelector('a[href="http://www.example.org"]')).not.toBeNull();
    expect(body.querySelector('section.footnotes')).not.toBeNull();
    expect(body.querySelector('figure#keep-me figcaption')!.text).toBe('Raw figure');
    expect(body.querySelector('details summary')!.text).toBe('More');
    expect(body.querySelector('h2#a-heading')).not.toBeNull();
    const html = body.toString();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('javascript:');
  });

  it('should keep authors\' HTML as written when trustHtml is set', async () => {
    const dir = copyFixture('basic');
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ trustHtml: true }) });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(0);
    const raw = fs.readFileSync(path.join(dir, 'dist', FIRST), 'utf8');
    expect(raw).toContain("<script>alert('bad')</script>");
  });

  it('should produce byte-identical output from the same input', async () => {
    const { dir, out } = await buildFixture();
    const first = snapshotTree(out);
    const again = await runCli(['build', '-o', 'dist2'], dir);
    expect(again.code).toBe(0);
    const second = snapshotTree(path.join(dir, 'dist2'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, bytes] of first) expect(second.get(file)!.equals(bytes), file).toBe(true);
  });

  it('should remove the pages of deleted articles', async () => {
    const { dir, out } = await buildFixture();
    expect(listFiles(out)).toContain(SECOND);
    fs.rmSync(path.join(dir, 'articles/2024/second-story.md'));
    // The first story still links to it: an error (issue #25), and the site stays as it was.
    const linked = await runCli(['build'], dir);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain('articles/2023/first-story.md:15:37: error link "../2024/second-story.md#reaction" leads nowhere: there is no file 2024/second-story.md in the source folder');
    expect(listFiles(out)).toContain(SECOND);
    const first = path.join(dir, 'articles/2023/first-story.md');
    fs.writeFileSync(first, fs.readFileSync(first, 'utf8').replace('[follow-up](../2024/second-story.md#reaction)', 'follow-up'));
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(listFiles(out)).not.toContain(SECOND);
    expect(listFiles(out)).not.toContain('section/sport/index.html');
  });

  it('should leave the previous site byte-identical when a build fails', async () => {
    const { dir, out } = await buildFixture();
    const before = snapshotTree(out);
    writeFiles(dir, { 'articles/2024/broken.md': article({ title: 'Broken', date: '2023-02-30' }) });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    const after = snapshotTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    // No staging folder is left behind.
    expect(fs.readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('should work from any folder with the built-in theme', async () => {
    const elsewhere = tempDir();
    const site = path.join(copyFixture('basic'), 'articles');
    const out = path.join(tempDir(), 'site-out');
    const result = await runCli(['build', '--src', site, '--out', out], elsewhere);
    expect(result.code).toBe(0);
    expect(listFiles(out)).toContain(FIRST);
    expect(listFiles(out)).toContain('assets/css/site.css');
  });
});

describe('gazette build errors', () => {
  it('should name file:line:column for an invalid front-matter field and exit 1 without a stack', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/a.md': '---\ntitle: Fine\ndate: 2023-02-30\n---\nBody\n',
      'articles/b.md': '---\ntitle: 42\ndate: 2023-01-01\n---\nBody\n',
      'articles/c.md': '---\ntitle: "Unclosed\ndate: 2023-01-01\n---\n',
    });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('articles/a.md:3:7: error "date": "2023-02-30" is not a real calendar date');
    expect(result.stderr).toContain('articles/b.md:2:8: error "title" must be text, not the number 42');
    expect(result.stderr).toMatch(/articles\/c\.md:\d+:\d+: error invalid YAML/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should report a missing title and date', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/a.md': '---\nauthor: Someone\n---\nBody\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('articles/a.md:1:1: error missing "title"');
    expect(result.stderr).toContain('articles/a.md:1:1: error missing "date"');
  });

  it('should exit 2 on usage errors', async () => {
    const dir = tempDir();
    expect((await runCli(['build', '--no-such-flag'], dir)).code).toBe(2);
    expect((await runCli(['frobnicate'], dir)).code).toBe(2);
    expect((await runCli(['build', '--base-url', 'ftp://x/'], dir)).code).toBe(2);
    const missing = await runCli(['build', '--src', 'nowhere'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Source folder not found: nowhere');
  });

  it('should say where the site is when run from inside it (its articles folder) rather than from its folder', async () => {
    const site = tempDir();
    writeFiles(site, { 'gazette.config.json': '{"title": "T"}', 'articles/2024/a.md': article({ title: 'A', date: '2024-01-01' }) });
    const inside = await runCli(['build'], path.join(site, 'articles', '2024'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('Source folder not found: articles. This folder has no gazette config, but ../.. has one: run gazette there (cd ../..)');
    expect(fs.existsSync(path.join(site, 'articles', '2024', 'dist'))).toBe(false);
  });

  it('should print help and version with exit code 0', async () => {
    const dir = tempDir();
    const help = await runCli(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('build');
    const version = await runCli(['--version'], dir);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('should refuse an output folder that contains the sources', async () => {
    const dir = copyFixture('basic');
    const result = await runCli(['build', '--out', '.'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Refusing to build into');
    expect(fs.existsSync(path.join(dir, 'articles/2023/first-story.md'))).toBe(true);
  });

  it('should report invalid config settings with their position', async () => {
    const dir = copyFixture('basic');
    writeFiles(dir, { 'gazette.config.json': '{\n  "title": "X",\n  "pageSise": 5,\n  "timezone": "Mars/Olympus"\n}\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gazette.config.json:3:3: error unknown setting "pageSise"; did you mean "pageSize"?');
    expect(result.stderr).toContain('gazette.config.json:4:3: error "timezone" "Mars/Olympus" is not a known IANA time zone');
  });

  it('should let flags override the config file', async () => {
    const dir = copyFixture('basic');
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ url: 'https://config.example/a/' }) });
    const result = await runCli(['build', '--base-url', '/flag/'], dir);
    expect(result.code).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), FIRST);
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe('/flag/2023/03/first-story/');
  });
});

describe('gazette build --strict', () => {
  it('should fail on broken links and warnings that a normal build lets through', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // Missing files only warn with "links": {"missing": "warn"} (they are errors by default).
      'gazette.config.json': JSON.stringify({ links: { missing: 'warn' } }),
      'articles/a.md': article({ title: 'A', date: '2023-01-01', image: 'missing.png' }, 'See [b](b.md) and [nothing](nowhere.md).'),
      'articles/b.md': article({ title: 'B', date: '2023-01-02' }),
    });
    const normal = await runCli(['build'], dir);
    expect(normal.code).toBe(0);
    expect(normal.stderr).toContain('warning "image" has no "imageAlt"');
    expect(normal.stderr).toContain('articles/a.md:6:19: warning link "nowhere.md" leads nowhere: there is no file nowhere.md in the source folder [link-missing]');
    const before = snapshotTree(path.join(dir, 'dist'));
    const strict = await runCli(['build', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('nowhere.md');
    expect(strict.stderr).toContain('imageAlt');
    // Nothing was written: the previous site is intact.
    const after = snapshotTree(path.join(dir, 'dist'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    const fine = tempDir();
    writeFiles(fine, { 'articles/b.md': article({ title: 'B', date: '2023-01-02' }, 'Fine [link](#).') });
    expect((await runCli(['build', '--strict'], fine)).code).toBe(0);
  });
});

describe('front-matter warnings', () => {
  it('should warn about a field that looks like a typo, keep building, and pass other fields to templates', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/a.md': '---\ntitle: A\ndate: 2023-01-01\nsumary: Oops\nmood: sunny\n---\nBody\n' });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('articles/a.md:4:9: warning unknown field "sumary"; did you mean "summary"?');
    expect(result.stderr).not.toContain('"mood"');
    expect((await runCli(['build', '--strict'], dir)).code).toBe(1);
  });

  it('should count articles, standalone pages and what it held back in its summary (issue #25)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/live.md': article({ title: 'Live', date: '2024-01-01' }),
      'articles/about.md': article({ title: 'About', kind: 'page' }),
      'articles/draft-a.md': article({ title: 'Draft A', date: '2024-01-01', draft: true }),
      'articles/draft-b.md': article({ title: 'Draft B', kind: 'page', draft: true }),
      'articles/gone.md': article({ title: 'Gone', date: '2024-01-01', expires: '2024-06-01' }),
      'articles/later.md': article({ title: 'Later', date: '2030-01-01' }),
    });
    const result = await runCli(['build', '--verbose', '--no-cache', '--now', '2025-01-01T00:00:00Z'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Built 1 article and 1 standalone page \(2 drafts and 1 expired held back\), \d+ pages, \d+ files in \d+ ms → dist; 1 scheduled, next: "Later" goes live 2030-01-01T00:00:00Z$/m);
    expect(result.stderr).toContain('2 of 2 articles and pages rendered from Markdown');

    // The times are the site's: a London site's story due at 10:00 in summer is named so, not as 09:00 UTC.
    const london = tempDir();
    writeFiles(london, {
      'gazette.config.json': JSON.stringify({ timezone: 'Europe/London' }),
      'articles/live.md': article({ title: 'Live', date: '2024-01-01' }),
      'articles/later.md': article({ title: 'Later', date: '2030-06-15 10:00' }),
    });
    const zoned = await runCli(['build', '--no-cache', '--now', '2025-01-01T00:00:00Z'], london);
    expect(zoned.stderr).toMatch(/; 1 scheduled, next: "Later" goes live 2030-06-15T10:00:00\+01:00$/m);

    // Standalone pages only: they are not counted as articles.
    const pages = tempDir();
    writeFiles(pages, { 'articles/a.md': article({ title: 'A', kind: 'page' }), 'articles/b.md': article({ title: 'B', kind: 'page' }) });
    const only = await runCli(['build', '--verbose', '--no-cache'], pages);
    expect(only.stderr).toContain('2 of 2 pages rendered from Markdown');
    expect(only.stderr).toMatch(/^Built 0 articles and 2 standalone pages, /m);

    // A folder of drafts says why nothing was built.
    const drafts = tempDir();
    writeFiles(drafts, { 'articles/a.md': article({ title: 'A', date: '2024-01-01', draft: true }) });
    expect((await runCli(['build'], drafts)).stderr).toMatch(/^Built 0 articles \(1 draft held back\), /m);
    expect((await runCli(['build', '--drafts'], drafts)).stderr).toMatch(/^Built 1 article, /m);
  });
});
