import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../lib/content/article.js';
import { FIXTURES, listFiles, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const EXPORT = path.join(FIXTURES, 'import-wordpress', 'export.xml');
const NOW = '2024-07-01T00:00:00Z';
// Netlify's redirect file can match the old /?p= addresses, so the import keeps them as aliases.
const CONFIG = JSON.stringify({ title: 'The Harbour Herald', url: 'https://news.example.com/', timezone: 'Europe/London', deploy: { host: 'netlify' } });

/** A site folder with a config, and the fixture imported into its articles/. */
async function importedSite(extra: string[] = []) {
  const dir = tempDir();
  writeFiles(dir, { 'gazette.config.json': CONFIG });
  const result = await runCli(['import', 'wordpress', EXPORT, '--out', 'articles', ...extra], dir);
  expect(result.code, result.stderr).toBe(0);
  return { dir, result };
}

/** An imported source read back with gazette's own parser. */
function source(dir: string, rel: string) {
  const text = fs.readFileSync(path.join(dir, 'articles', rel), 'utf8');
  const parsed = parseArticle(text, rel, rel, 'Europe/London');
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { text, article: parsed.article! };
}

/** Words of a text, lower case, with their counts. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The posts of the export with their content, read independently of the importer (a plain regular expression over the file). */
function exportedPosts(): { id: string; slug: string; status: string; type: string; content: string }[] {
  const xml = fs.readFileSync(EXPORT, 'utf8');
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item]) => {
    const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`).exec(item!)?.[1] ?? '';
    return { id: field('wp:post_id'), slug: field('wp:post_name'), status: field('wp:status'), type: field('wp:post_type'), content: field('content:encoded') };
  });
}

/** The words a reader of the old site saw in a post: its text without markup, comments, scripts, shortcode tags or embed addresses. */
function wordsIn(content: string): Map<string, number> {
  const html = content
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\[\/?caption[^\]]*\]/g, '')
    // A line holding only an address is an embed: the reader saw the video, not the address (checked apart).
    .replace(/^\s*https?:\/\/\S+\s*$/gm, '');
  return wordCounts(visibleText(html));
}

/** The text of some HTML as a reader sees it: scripts left out, one element's words never run into the next's (table cells). */
function visibleText(html: string): string {
  const root = parse(html.replace(/</g, ' <'));
  for (const node of root.querySelectorAll('script, style')) node.remove();
  return root.text;
}

describe('gazette import wordpress', () => {
  it('should import posts, pages, drafts and scheduled posts, and report what it skipped and why', async () => {
    const { dir, result } = await importedSite();
    expect(listFiles(path.join(dir, 'articles'))).toEqual([
      '2024/council-approves-harbour-budget.md',
      '2024/etc-qa-mayor.md',
      '2024/ferry-timetable-changes-draft.md',
      '2024/festival-review-tides.md',
      '2024/港口预算.md',
      '2030/regatta-returns.md',
      'about.md',
      'about/team.md',
    ]);
    const report = result.stderr;
    expect(report).toContain('Imported 6 articles and 2 pages into articles (1 draft, 1 scheduled, held back from the site until published).');
    expect(report).toContain('"Old story we took down" (post 90): in the trash');
    expect(report).toContain('(revision 103): a revision: an older version of a post');
    expect(report).toContain('"Home" (nav_menu_item 4): a menu entry');
    expect(report).toContain('"dawn-harbour" (attachment 101): an attachment');
    // Every warning names its item.
    expect(report).toMatch(/"Festival review: \\"Tides\\" opens with a roar" \(articles\/2024\/festival-review-tides\.md\): the block wp:latest-posts is left out/);
    expect(report).toMatch(/\(articles\/2024\/etc-qa-mayor\.md\): the shortcode \[contact-form-7\] is kept as text/);
    expect(report).toMatch(/\(articles\/2024\/etc-qa-mayor\.md\): the <iframe> of https:\/\/maps\.example\.net\/embed\?harbour=portmere became a link card/);
    expect(report).toContain('Pictures and files keep their addresses on the old site');
  });

  it('should map every field WordPress has to gazette front matter', async () => {
    const { dir } = await importedSite();
    const budget = source(dir, '2024/council-approves-harbour-budget.md');
    expect(budget.article).toMatchObject({
      title: 'Council approves harbour budget after late-night vote',
      authors: ['Mei Lee'],
      section: 'Politics',
      tags: ['budget', 'harbour'],
      summary: 'The £4.2m plan passed by three votes.',
      image: { src: 'https://herald.example.org/wp-content/uploads/2024/05/dawn-harbour.jpg', alt: 'Fishing boats leaving a small harbour at sunrise', caption: 'Fishing boats leave Portmere harbour at first light.' },
      draft: false,
    });
    // post_date_gmt 21:40 UTC, written in the site's zone (London, summer time).
    expect(budget.text).toContain('date: 2024-05-03T22:40:00+01:00\n');
    expect(new Date(budget.article.date).toISOString()).toBe('2024-05-03T21:40:00.000Z');
    // The old permalink is the new URL too, so only the ?p= address needs an alias.
    expect(budget.article.aliases).toEqual(['/?p=102']);
    // Links to other imported posts lead to their sources, whatever the permalinks become.
    expect(budget.text).toContain('[about page](../about.md)');
    expect(budget.text).toContain('[review of the festival](festival-review-tides.md)');
    expect(budget.text).toContain(':::figure\n![Fishing boats leaving a small harbour at sunrise](https://herald.example.org/wp-content/uploads/2024/05/dawn-harbour-1024x683.jpg)\n\nBoats leave the harbour at dawn. The new budget pays for _dredging_ the channel.\n:::');

    const hostile = source(dir, '2024/etc-qa-mayor.md');
    expect(hostile.article.title).toBe('Q&A: "Why now?" — the mayor\'s plan: alert(\'x\') # not a comment');
    expect(hostile.article.aliases).toEqual(['/2024/05/qa-mayor/', '/?p=105']);

    const festival = source(dir, '2024/festival-review-tides.md');
    // "Uncategorized" is WordPress's placeholder, not a section.
    expect(festival.article).toMatchObject({ section: 'Arts & Culture', tags: ['harbour'], authors: ["Tomás O'Brien"] });
    expect(festival.text).not.toContain('wp:');

    const cjk = source(dir, '2024/港口预算.md');
    expect(cjk.article.title).toBe('港口预算获批：市议会深夜投票');

    const draft = source(dir, '2024/ferry-timetable-changes-draft.md');
    // Never published: WordPress gives only the local time, read in the site's zone.
    expect(draft.article).toMatchObject({ draft: true });
    expect(draft.text).toContain('date: 2024-06-01T14:30:00+01:00\n');
    const scheduled = source(dir, '2030/regatta-returns.md');
    expect(scheduled.article.draft).toBe(false);
    expect(new Date(scheduled.article.date).toISOString()).toBe('2030-07-01T06:00:00.000Z');

    const about = source(dir, 'about.md');
    expect(about.article).toMatchObject({ kind: 'page', urlPath: 'about/', aliases: ['/?page_id=2'] });
    const team = source(dir, 'about/team.md');
    expect(team.article).toMatchObject({ kind: 'page', urlPath: 'about/team/', title: 'Our team' });
  });

  it('should give a site that builds, with every published post and page, drafts and scheduled posts held back, and every word of every post', async () => {
    const { dir } = await importedSite();
    const build = await runCli(['build', '--now', NOW, '--no-cache'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toMatch(/warning|error/);
    const dist = path.join(dir, 'dist');
    const pages = listFiles(dist).filter((f) => f.endsWith('index.html'));
    const pageOf: Record<string, string> = {
      '102': '2024/05/council-approves-harbour-budget/index.html',
      '104': '2024/05/festival-review-tides/index.html',
      '105': '2024/05/etc-qa-mayor/index.html',
      '106': '2024/05/港口预算/index.html',
      '2': 'about/index.html',
      '3': 'about/team/index.html',
    };
    for (const file of Object.values(pageOf)) expect(pages).toContain(file);
    expect(pages.some((f) => f.includes('ferry') || f.includes('regatta') || f.includes('old-story'))).toBe(false);

    const posts = exportedPosts().filter((p) => (p.type === 'post' || p.type === 'page') && p.status === 'publish');
    expect(posts.map((p) => p.id).sort()).toEqual(Object.keys(pageOf).sort());
    for (const post of posts) {
      const body = readHtml(dist, pageOf[post.id]!).querySelector('.article-body, .page-body, main article')!;
      expect(body, post.id).toBeTruthy();
      // Addresses moved into links count as words too: an embed's address is its content.
      const addresses = body.querySelectorAll('a, img').map((e) => `${e.getAttribute('href') ?? ''} ${e.getAttribute('src') ?? ''}`).join(' ');
      const out = wordCounts(`${visibleText(body.innerHTML)} ${addresses}`);
      const missing = [...wordsIn(post.content)].filter(([word, n]) => (out.get(word) ?? 0) < n).map(([word]) => word);
      expect(missing, `post ${post.id} lost words`).toEqual([]);
    }
    const festival = readHtml(dist, pageOf['104']!);
    expect(festival.querySelector('.video-link')!.getAttribute('href')).toContain('dQw4w9WgXcQ');
    expect(festival.querySelector('figure.figure figcaption')!.text).toBe('The quay where the play is staged.');
    const mayor = readHtml(dist, pageOf['105']!);
    expect(mayor.querySelector('.video-link')!.getAttribute('href')).toContain('76979871');
    expect(mayor.querySelector('script')?.text ?? '').not.toContain('tracking');
    expect(mayor.querySelector('h1')!.text).toContain('alert(\'x\') # not a comment');

    // With the clock past the scheduled date, the scheduled post is published.
    const later = await runCli(['build', '--now', '2030-07-02T00:00:00Z', '--no-cache'], dir);
    expect(later.code, later.stderr).toBe(0);
    expect(listFiles(dist)).toContain('2030/07/regatta-returns/index.html');
  });

  it('should never overwrite a source unless told to, and say which it left alone', async () => {
    const { dir } = await importedSite();
    const file = path.join(dir, 'articles', '2024', 'festival-review-tides.md');
    fs.writeFileSync(file, 'edited by hand');
    const again = await runCli(['import', 'wordpress', EXPORT], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Imported 0 articles and 0 pages');
    expect(again.stderr).toContain('Left alone 8 files that already exist (--force replaces them):\n  articles/2024/council-approves-harbour-budget.md');
    expect(fs.readFileSync(file, 'utf8')).toBe('edited by hand');
    const forced = await runCli(['import', 'wordpress', EXPORT, '--force'], dir);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Imported 6 articles and 2 pages');
    expect(fs.readFileSync(file, 'utf8')).toContain('title: "Festival review');
    // One file left alone is said in the singular.
    for (const other of listFiles(path.join(dir, 'articles')).filter((f) => f.endsWith('.md') && !f.endsWith('festival-review-tides.md'))) fs.rmSync(path.join(dir, 'articles', other));
    const once = await runCli(['import', 'wordpress', EXPORT], dir);
    expect(once.stderr).toContain('Left alone 1 file that already exists (--force replaces it):\n  articles/2024/festival-review-tides.md');
  });

  it('should copy the pictures posts use from a local uploads folder with --media, and point the sources at the copies', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': CONFIG });
    const uploads = path.join(dir, 'backup', 'uploads', '2024', '05');
    fs.mkdirSync(uploads, { recursive: true });
    const picture = sharp({ create: { width: 96, height: 64, channels: 3, background: '#336699' } }).jpeg();
    await picture.clone().toFile(path.join(uploads, 'dawn-harbour.jpg'));
    await picture.clone().toFile(path.join(uploads, 'dawn-harbour-1024x683.jpg'));
    const result = await runCli(['import', 'wordpress', EXPORT, '--media', 'backup/uploads'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('copied 2 media files');
    expect(result.stderr).not.toContain('keep their addresses');
    expect(listFiles(path.join(dir, 'articles', 'images'))).toEqual(['2024/05/dawn-harbour-1024x683.jpg', '2024/05/dawn-harbour.jpg']);
    const budget = source(dir, '2024/council-approves-harbour-budget.md');
    expect(budget.article.image!.src).toBe('../images/2024/05/dawn-harbour.jpg');
    expect(budget.text).toContain('](../images/2024/05/dawn-harbour-1024x683.jpg)');
    const check = await runCli(['check', '--now', NOW, '--no-cache'], dir);
    expect(check.stderr).toMatch(/no problems found/);
    expect(check.code).toBe(0);
  });

  it('should write dates in the zone given with --timezone', async () => {
    const { dir } = await importedSite(['--timezone', 'Asia/Shanghai']);
    expect(source(dir, '2024/council-approves-harbour-budget.md').text).toContain('date: 2024-05-04T05:40:00+08:00\n');
  });

  it('should refuse input that is not a WordPress export, naming the file and the place', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'broken.xml': '<?xml version="1.0"?>\n<rss>\n<channel>\n<item><title>A</title></channel>\n</rss>\n',
      'feed.xml': '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>',
    });
    const broken = await runCli(['import', 'wordpress', 'broken.xml'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("broken.xml:4:23: error Expected closing tag 'item' (opened in line 4, col 1) instead of closing tag 'channel'");
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const feed = await runCli(['import', 'wordpress', 'feed.xml'], dir);
    expect(feed.code).toBe(1);
    expect(feed.stderr).toContain('feed.xml is not a WordPress export');
    expect(feed.stderr).toContain('gazette import feed');
    const missing = await runCli(['import', 'wordpress', 'nothing.xml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nothing.xml does not exist');
    const unknown = await runCli(['import', 'blogger', 'feed.xml'], dir);
    expect(unknown.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'articles'))).toBe(false);
  });

  it('should keep old addresses with a query only for a host that can redirect them, and say so', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'H', url: 'https://news.example.com/', timezone: 'Europe/London' }) });
    const result = await runCli(['import', 'wordpress', EXPORT], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/The old addresses with a query \(\/\?p=12\) of \d+ items were not kept as aliases: .*"deploy": \{"host": "netlify"\}/);
    expect(source(dir, '2024/council-approves-harbour-budget.md').article!.aliases).toEqual([]);
    expect(source(dir, '2024/etc-qa-mayor.md').article!.aliases).toEqual(['/2024/05/qa-mayor/']);
    const build = await runCli(['build', '--now', NOW], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).not.toContain('alias-query-unserved');
  });
  it("should name the imported bylines the site's author profiles lack, which gazette check would fail on", async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': CONFIG, 'articles/_data/authors.yml': '- name: Alex Morgan\n- name: mei lee\n' });
    const result = await runCli(['import', 'wordpress', EXPORT, '--out', 'articles'], dir);
    expect(result.code, result.stderr).toBe(0);
    // "Mei Lee" matches "mei lee" as a byline does.
    expect(result.stderr).toContain(
      `1 byline of the imported stories names no author profile in articles/_data/authors.yml, so gazette build warns at each story and gazette check fails: Tomás O'Brien. Add each there ("- name: Tomás O'Brien"; a name alone will do).`,
    );
    fs.appendFileSync(path.join(dir, 'articles/_data/authors.yml'), "- name: Tomás O'Brien\n");
    const check = await runCli(['check', '--now', NOW], dir);
    expect(check.code, check.stderr).toBe(0);
    // A site without profiles names anyone it likes: no such note.
    const bare = await importedSite();
    expect(bare.result.stderr).not.toContain('author profile');
  });
});

