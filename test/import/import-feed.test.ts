import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../lib/content/article.js';
import { FIXTURES, listFiles, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const FEEDS = path.join(FIXTURES, 'import-feed');

function source(dir: string, rel: string) {
  const text = fs.readFileSync(path.join(dir, 'articles', rel), 'utf8');
  const parsed = parseArticle(text, rel, rel, 'Europe/Berlin');
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { text, article: parsed.article! };
}

function words(html: string): string[] {
  return parse(html.replace(/</g, ' <')).text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

describe('gazette import feed', () => {
  it('should import an RSS 2.0 feed: content, summary, authors, categories as tags, a picture, and aliases only on the feed\'s own site', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ timezone: 'Europe/Berlin' }) });
    const result = await runCli(['import', 'feed', path.join(FEEDS, 'rss.xml')], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Imported 3 articles and 0 pages into articles.');
    expect(result.stderr).toContain('"No date at all" (item 4): it has no date (pubDate) that can be read');
    expect(listFiles(path.join(dir, 'articles'))).toEqual(['2024/library-hours.md', '2024/marina-rules.md', '2024/story.md']);

    const library = source(dir, '2024/library-hours.md');
    expect(library.article).toMatchObject({
      title: 'Library extends opening hours',
      authors: ['Ines Duarte'],
      tags: ['Libraries', 'Council'],
      summary: 'The central library will open until 9pm on weekdays.',
      image: { src: 'https://cdn.bayside.example.net/library.jpg', caption: 'The reading room on a Tuesday evening' },
      aliases: ['/news/library-hours.html'],
    });
    expect(library.text).toContain('date: 2024-06-04T10:30:00+02:00\n');
    // A root-relative link in the feed leads back to the old site, not to this one.
    expect(library.text).toContain('[budget story](https://bayside.example.net/news/library-budget.html)');
    const marina = source(dir, '2024/marina-rules.md');
    expect(marina.article).toMatchObject({ title: 'Harbour & marina: what the new rules mean', authors: ['Bayside Desk'], aliases: ['/news/marina-rules/'] });
    expect(marina.text).toContain('Boat owners must register by _August_. Fees rise by 8%.');
    // An item on another site is imported, but its address is not this site's to redirect.
    expect(source(dir, '2024/story.md').article.aliases).toEqual([]);

    const build = await runCli(['build', '--now', '2024-07-01T00:00:00Z'], dir);
    expect(build.code, build.stderr).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2024/06/library-hours/index.html');
    expect(page.querySelector('.article-body')!.querySelector('blockquote')!.text.trim()).toBe('We are a warm place to study.');
  });

  it('should import an Atom feed: XHTML, HTML and text content, several authors, categories and the feed\'s author as the default', async () => {
    const dir = tempDir();
    const result = await runCli(['import', 'feed', path.join(FEEDS, 'atom.xml'), '--out', 'news', '--timezone', 'Europe/Berlin'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(listFiles(path.join(dir, 'news'))).toEqual(['2024/market-square.md', '2024/notice.md', '2024/tram-line.md']);
    fs.renameSync(path.join(dir, 'news'), path.join(dir, 'articles'));
    const tram = source(dir, '2024/tram-line.md');
    expect(tram.article).toMatchObject({ title: 'Tram line opens to the university', authors: ['Kofi Mensah', 'Hanna Berg'], tags: ['Transport', 'university'] });
    expect(tram.text).toContain('date: 2024-06-05T08:00:00+02:00\n');
    expect(source(dir, '2024/market-square.md').article.authors).toEqual(['Northfield Desk']);
    const notice = source(dir, '2024/notice.md');
    expect(notice.text).toContain('Bring a bottle & be patient.');

    const build = await runCli(['build', '--now', '2024-07-01T00:00:00Z'], dir);
    expect(build.code, build.stderr).toBe(0);
    const dist = path.join(dir, 'dist');
    const xml = fs.readFileSync(path.join(FEEDS, 'atom.xml'), 'utf8');
    // Every word of every entry's content reaches its page.
    const pages: Record<string, string> = { 'tram-line': '2024/06/tram-line/index.html', 'market-square': '2024/06/market-square/index.html', notice: '2024/06/notice/index.html' };
    for (const [slug, file] of Object.entries(pages)) {
      const entry = new RegExp(`<entry>(?:(?!</entry>)[\\s\\S])*?${slug}/"/>[\\s\\S]*?<content[^>]*>([\\s\\S]*?)</content>`).exec(xml)![1]!;
      const html = entry.includes('<div') ? entry : entry.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const out = new Set(words(readHtml(dist, file).querySelector('.article-body')!.innerHTML));
      expect(words(html).filter((w) => !out.has(w)), slug).toEqual([]);
    }
  });
  it("should take an Atom entry's picture enclosure, or its Media RSS picture, as the lead image, as an RSS item's", async () => {
    const dir = tempDir();
    const entry = (slug: string, extra: string) =>
      `<entry><title>${slug}</title><link href="https://notes.example.org/2024/06/${slug}/"/><id>tag:notes.example.org,2024:${slug}</id><published>2024-06-05T08:00:00Z</published>${extra}<content type="html">&lt;p&gt;Text.&lt;/p&gt;</content></entry>`;
    writeFiles(dir, {
      'feed.atom': [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
        '<title>Northfield Notes</title><link href="https://notes.example.org/"/><id>urn:x</id><updated>2024-06-05T12:00:00Z</updated><author><name>Desk</name></author>',
        entry('enclosure', '<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.net/talk.mp3"/><link rel="enclosure" type="image/jpeg" href="https://cdn.example.net/tram.jpg"/>'),
        entry('media', '<media:thumbnail url="https://cdn.example.net/square.jpg"><media:description>The square at dawn</media:description></media:thumbnail>'),
        entry('none', '<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.net/talk.mp3"/>'),
        '</feed>',
      ].join('\n'),
    });
    const result = await runCli(['import', 'feed', 'feed.atom'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(source(dir, '2024/enclosure.md').article.image).toMatchObject({ src: 'https://cdn.example.net/tram.jpg' });
    expect(source(dir, '2024/media.md').article.image).toMatchObject({ src: 'https://cdn.example.net/square.jpg', caption: 'The square at dawn' });
    expect(source(dir, '2024/none.md').article.image).toBeNull();
  });
  it('should not publish an RSS author given as an e-mail address alone as a byline, and say so', async () => {
    const dir = tempDir();
    const item = (slug: string, authors: string) =>
      `<item><title>${slug}</title><link>https://bay.example.net/news/${slug}/</link><pubDate>Tue, 04 Jun 2024 08:30:00 +0000</pubDate>${authors}<description>Text.</description></item>`;
    writeFiles(dir, {
      'feed.xml': [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel><title>Bay</title><link>https://bay.example.net/</link><description>d</description>',
        item('address', '<author>desk@bay.example.net</author>'),
        item('named', '<author>ed@bay.example.net (Ed Ito)</author><author>desk@bay.example.net</author>'),
        '</channel></rss>',
      ].join('\n'),
    });
    const result = await runCli(['import', 'feed', 'feed.xml'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(source(dir, '2024/address.md').article.authors).toEqual([]);
    expect(source(dir, '2024/named.md').article.authors).toEqual(['Ed Ito']);
    expect(result.stderr).toContain('"address" (articles/2024/address.md): its author is given as an e-mail address only (desk@bay.example.net), which is not published as a byline: add "author" by hand');
    expect(result.stderr).not.toContain('articles/2024/named.md');
  });
});
