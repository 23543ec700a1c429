/**
 * Byte-level and size hostility: BOM, CRLF, non-ASCII names, a 5 MB article,
 * folders 20 levels deep. BOM/CRLF files, the big article and the deep tree are
 * generated here (git may rewrite line endings; 5 MB does not belong in the
 * repository); the non-ASCII names are in test/fixtures/hostile-unicode/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readHtml } from '../helpers.js';
import { builtCount, expectBuilt, expectContained, expectFrontPage, expectRefused, hostileBuild, sandbox } from './harness.js';

function write(dir: string, rel: string, content: string | Buffer) {
  const file = path.join(dir, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('byte order marks and CRLF line endings', () => {
  it('should build articles with a BOM, CRLF, or both, with their titles intact', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    write(src, 'bom.md', Buffer.concat([BOM, Buffer.from('---\ntitle: BOM title\ndate: 2023-02-09\n---\nBody.\n')]));
    write(src, 'crlf.md', crlf('---\ntitle: "CRLF title"\ndate: 2023-02-10\ntags:\n  - one\n  - two\nsummary: >\n  Folded\n  summary\n---\nFirst line.\nSecond line.\n\nNext paragraph.\n'));
    write(src, 'both.md', Buffer.concat([BOM, Buffer.from(crlf('---\ntitle: Both at once\ndate: 2023-02-11\n---\nBody.\n'))]));
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(3);
    const titles: Record<string, string> = { bom: 'BOM title', crlf: 'CRLF title', both: 'Both at once' };
    for (const [slug, title] of Object.entries(titles)) {
      const page = readHtml(run.out, `2023/02/${slug}/index.html`);
      expect(page.querySelector('h1')!.text).toBe(title);
      expect(page.querySelector('title')!.text).toBe(`${title} – Gazette`);
      expect(page.toString()).not.toContain('\uFEFF');
      expect(page.querySelector('title')!.text).not.toContain('\r');
    }
    const crlfPage = readHtml(run.out, '2023/02/crlf/index.html');
    expect(crlfPage.querySelectorAll('a[rel="tag"]').map((a) => a.text)).toEqual(['one', 'two']);
    expect(crlfPage.querySelector('meta[name="description"]')!.getAttribute('content')).toBe('Folded summary');
    expect(listFiles(run.out)).toContain('tags/two/index.html');
  });

  it('should report positions in BOM and CRLF files exactly as in LF files', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    write(src, 'bom.md', Buffer.concat([BOM, Buffer.from('---\ntitle: x\ndate: 2023-02-30\n---\n')]));
    write(src, 'crlf.md', crlf('---\ntitle: x\ndate: 2023-02-30\n---\n'));
    write(src, 'crlf-yaml.md', crlf('---\ntitle: x\ndate: 2023-01-01\nimage:\n    src: a.svg\n  alt: b\n---\n'));
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(run, 1);
    expect(run.stderr).toContain('articles/bom.md:3:7: error "date": "2023-02-30" is not a real calendar date');
    expect(run.stderr).toContain('articles/crlf.md:3:7: error "date": "2023-02-30" is not a real calendar date');
    expect(run.stderr).toMatch(/articles\/crlf-yaml\.md:6:1: error invalid YAML/);
    expect(run.stderr).not.toContain('\r');
  });
});

describe('non-ASCII file names and titles', () => {
  it('should build Chinese and emoji names with valid percent-encoded links and pages on disk', async () => {
    const box = sandbox('hostile-unicode');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(2);
    expectContained(run.out);
    expectFrontPage(run.out);
    const files = listFiles(run.out);
    // The Chinese file name is the slug, on disk in its own characters.
    expect(files).toContain('2023/02/新闻/index.html');
    // Emoji are not letters, so the documented slug rules keep the rest of the name.
    expect(files).toContain('2023/02/launch/index.html');
    expect(files).toContain('tags/中国/index.html');
    expect(files).toContain('tags/économie/index.html');
    expect(files).toContain('section/国际/index.html');
    expect(files).toContain('图表/数据.svg');
    // "🚀" has no letters: its tag page gets a hashed slug.
    expect(files.filter((f) => /^tags\/tag-[0-9a-f]{8}\/index\.html$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('tags/') && f !== 'tags/index.html')).toHaveLength(3);

    const page = readHtml(run.out, '2023/02/新闻/index.html');
    expect(page.querySelector('h1')!.text).toBe('中文标题 🚀');
    expect(page.querySelector('title')!.text).toBe('中文标题 🚀 – Gazette');
    const body = page.querySelector('.article-body')!;
    expect(body.querySelector('a')!.getAttribute('href')).toBe('/2023/02/launch/');
    const launch = readHtml(run.out, '2023/02/launch/index.html').querySelector('.article-body')!;
    expect(launch.querySelector('a')!.getAttribute('href')).toBe('/2023/02/%E6%96%B0%E9%97%BB/');
    expect(launch.querySelector('img')!.getAttribute('src')).toBe('/%E5%9B%BE%E8%A1%A8/%E6%95%B0%E6%8D%AE.svg');

    // Every href and src of every page: ASCII only, decodable, and internal ones lead to a file.
    let internal = 0;
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      for (const el of readHtml(run.out, file).querySelectorAll('[href], [src]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src')!;
        expect(url, `${file}: ${url}`).toMatch(/^[\x21-\x7e]+$/);
        expect(() => decodeURI(url), `${file}: ${url}`).not.toThrow();
        if (!url.startsWith('/') || url.startsWith('//')) continue;
        internal++;
        const pathname = decodeURIComponent(url.replace(/[?#].*$/, ''));
        const target = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
        expect(files, `${file}: ${url}`).toContain(target.slice(1));
      }
    }
    expect(internal).toBeGreaterThan(50);
  });
});

describe('names with &, # and ? in them, linked percent-encoded', () => {
  it('should resolve %26, %23 and %3F in links and images to the files so named, under a sub-path', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    write(src, 'Q&A #2?.md', '---\ntitle: Questions\ndate: 2023-02-09\n---\nAnswers.\n');
    write(src, 'docs/Budget & Plan #3?.pdf', 'pdf\n');
    write(src, 'docs/chart#1.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n');
    write(
      src,
      'story.md',
      '---\ntitle: Story\ndate: 2023-02-10\n---\n[faq](Q%26A%20%232%3F.md#top) [plan](docs/Budget%20%26%20Plan%20%233%3F.pdf) ![chart](docs/chart%231.svg)\n',
    );
    const run = await hostileBuild(box, ['-s', 'articles', '--base-url', '/news/']);
    expectBuilt(run);
    const files = listFiles(run.out);
    const body = readHtml(run.out, '2023/02/story/index.html').querySelector('.article-body')!;
    const [faq, plan] = body.querySelectorAll('a').map((a) => a.getAttribute('href')!);
    const chart = body.querySelector('img')!.getAttribute('src')!;
    const page = files.find((f) => f.startsWith('2023/02/q') && f.endsWith('/index.html'))!;
    expect(faq).toBe(`/news/${page.replace(/index\.html$/, '')}#top`);
    expect(plan).toBe('/news/docs/Budget%20%26%20Plan%20%233%3F.pdf');
    expect(chart).toBe('/news/docs/chart%231.svg');
    for (const url of [plan, chart]) expect(files).toContain(decodeURIComponent(url.slice('/news/'.length)));
  });
});

describe('two names that print the same', () => {
  it('should say that two files clash because their accents are stored two ways (NFC, NFD) or their case differs', async () => {
    const box = sandbox();
    const src = path.join(box.cwd, 'articles');
    const story = (title: string) => `---\ntitle: ${title}\ndate: 2023-02-09\n---\nText.\n`;
    write(src, 'caf\u00e9.md', story('Composed'));
    write(src, 'cafe\u0301.md', story('Decomposed'));
    write(src, 'Port.md', story('Upper'));
    write(src, 'port.md', story('Lower'));
    write(src, 'img/ph\u00f3to.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    write(src, 'img/pho\u0301to.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(run, 1);
    expect(run.stderr).toMatch(/caf\S{1,2}\.md: error has the same URL .* as the article articles\/caf\S{1,2}\.md \(the same name, its accents stored two ways, NFC and NFD, as copies from a Mac can leave them\); delete one, or give one of them a different "slug"/);
    expect(run.stderr).toMatch(/port\.md: error has the same URL .* as the article articles\/Port\.md \(names that differ only in case, one file on macOS and Windows\); delete one, or give/);
    write(src, 'cafe\u0301.md', story('Decomposed').replace('---\n', '---\nslug: decomposed\n'));
    fs.rmSync(path.join(src, 'port.md'));
    const assets = await hostileBuild(box, ['-s', 'articles']);
    expectRefused(assets, 1);
    expect(assets.stderr).toMatch(/ph\S{1,2}to\.svg: error writes img\/ph\S{1,2}to\.svg, which articles\/img\/ph\S{1,2}to\.svg also writes \(the same name, its accents stored two ways/);
  });
});

describe('size and depth', () => {
  it('should build a 5 MB article', async () => {
    const box = sandbox();
    const paragraph =
      'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n';
    const head = '---\ntitle: A very long read\ndate: 2023-02-09\n---\n';
    const text = head + paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length)) + 'THE-LAST-LINE\n';
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 * 1024 * 1024);
    write(box.cwd, 'articles/long-read.md', text);
    const started = performance.now();
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(performance.now() - started).toBeLessThan(45_000);
    const html = fs.readFileSync(path.join(run.out, '2023/02/long-read/index.html'), 'utf8');
    expect(html).toContain('<h1 class="article-title">A very long read</h1>');
    expect(html).toContain('THE-LAST-LINE');
    expect(html.split('<em>consectetur</em>').length - 1).toBe(Math.ceil((5 * 1024 * 1024) / paragraph.length));
  }, 60_000);

  it('should build an article at the bottom of folders 20 levels deep, with its image', async () => {
    const box = sandbox();
    const deep = Array.from({ length: 20 }, (_, i) => `level-${i + 1}`).join('/');
    write(box.cwd, `articles/${deep}/bottom.md`, '---\ntitle: From the deep\ndate: 2023-02-09\nimage: pic.svg\nimageAlt: A picture\n---\n![inline](pic.svg)\n');
    write(box.cwd, `articles/${deep}/pic.svg`, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>\n');
    write(box.cwd, 'articles/top.md', '---\ntitle: At the top\ndate: 2023-02-08\n---\n[Down there](' + deep + '/bottom.md)\n');
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(2);
    const page = readHtml(run.out, '2023/02/bottom/index.html');
    expect(page.querySelector('h1')!.text).toBe('From the deep');
    expect(page.querySelector('.article-body img')!.getAttribute('src')).toBe(`/${deep}/pic.svg`);
    expect(listFiles(run.out)).toContain(`${deep}/pic.svg`);
    expect(readHtml(run.out, '2023/02/top/index.html').querySelector('.article-body a')!.getAttribute('href')).toBe('/2023/02/bottom/');
  });
});
