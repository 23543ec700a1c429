/**
 * Live blogs (front matter "kind: live"): updates written as "## 14:05 Title"
 * headings, shown newest first with time, author and anchor; the "Live" badge
 * until coverageEnd; LiveBlogPosting JSON-LD; the updates' JSON file and feed;
 * updates held back until their time; incremental builds and watch equal to a
 * clean build when an update is posted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAtomFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, readHtml, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

const LIVE_BODY = `Follow the count as it happens.

## 18:05 Polls *close*

The last polling stations closed.

\`\`\`
## 19:00 inside a code block, not an update
\`\`\`

## 2024-03-01T20:30Z First results

The first seats are declared.

## Background

A heading without a time stays in its update.

## 23:30 Concession

Held back until 23:30.
`;

function liveSite(body = LIVE_BODY, extra: Record<string, unknown> = {}): Record<string, string> {
  return {
    'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC' }),
    'articles/vote.md': article({ title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', section: 'News', coverageEnd: '2024-03-02T06:00', ...extra }, body),
    'articles/older.md': article({ title: 'Older', date: '2024-02-01', section: 'News' }),
    'articles/arts.md': article({ title: 'Arts story', date: '2024-02-02', section: 'Arts' }),
  };
}

const jsonLdOf = (out: string, rel: string) =>
  readHtml(out, rel)
    .querySelectorAll('script[type="application/ld+json"]')
    .map((s) => JSON.parse(s.text) as Record<string, unknown>);

describe('live blogs', () => {
  it('should show the updates out at "now" newest first, with time, author, anchor and the Live badge', async () => {
    const site = tempDir();
    writeFiles(site, liveSite());
    const built = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout + built.stderr).toContain('next: "Election night" posts a live update 2024-03-01T23:30:00Z, "Election night" ends live coverage 2024-03-02T06:00:00Z');
    const out = path.join(site, 'dist');
    const page = readHtml(out, '2024/03/vote/index.html');
    expect(page.querySelector('.article-header .live-badge')!.text).toBe('Live');
    // The body above the first update stays the story's introduction.
    expect(page.querySelector('.article-body')!.text.trim()).toBe('Follow the count as it happens.');
    const updates = page.querySelectorAll('.live-updates > article.live-update');
    expect(updates.map((u) => u.id)).toEqual(['update-20240301-2030', 'update-20240301-1805']);
    const [results, polls] = updates;
    expect(results!.querySelector('time')!.getAttribute('datetime')).toBe('2024-03-01T20:30:00Z');
    expect(results!.querySelector('a.live-update-time')!.getAttribute('href')).toBe('#update-20240301-2030');
    expect(results!.querySelector('.live-update-author a')!.text).toBe('Jane Doe');
    expect(results!.querySelector('.live-update-title')!.text).toBe('First results');
    expect(results!.querySelector('.live-update-body')!.text).toContain('A heading without a time stays in its update.');
    expect(polls!.querySelector('.live-update-title')!.innerHTML).toBe('Polls <em>close</em>');
    expect(polls!.querySelector('.live-update-body')!.text).toContain('## 19:00 inside a code block');
    expect(page.toString()).not.toContain('Held back until 23:30');
    expect(page.querySelector('script[src="/assets/js/live.js"]')).not.toBeNull();
    expect(page.querySelector('link[rel="alternate"][href="/2024/03/vote/feed.xml"]')).not.toBeNull();

    // The JSON file the page polls shows the same updates, with the same markup.
    const json = JSON.parse(fs.readFileSync(path.join(out, '2024/03/vote/updates.json'), 'utf8'));
    expect(json.live).toBe(true);
    expect(json.coverageEnd).toBe('2024-03-02T06:00:00Z');
    expect(json.updates.map((u: { id: string }) => u.id)).toEqual(['update-20240301-2030', 'update-20240301-1805']);
    expect(json.updates[0].html).toBe(results!.toString());

    // JSON-LD: a LiveBlogPosting with its coverage and each update as a BlogPosting.
    const [posting] = jsonLdOf(out, '2024/03/vote/index.html');
    expect(posting).toMatchObject({
      '@type': 'LiveBlogPosting',
      headline: 'Election night',
      coverageStartTime: '2024-03-01T18:00:00Z',
      coverageEndTime: '2024-03-02T06:00:00Z',
      dateModified: '2024-03-01T20:30:00Z',
    });
    expect(posting!.liveBlogUpdate).toEqual([
      expect.objectContaining({ '@type': 'BlogPosting', headline: 'First results', datePublished: '2024-03-01T20:30:00Z', url: 'https://example.org/2024/03/vote/#update-20240301-2030', articleBody: 'The first seats are declared. Background A heading without a time stays in its update.' }),
      expect.objectContaining({ '@type': 'BlogPosting', headline: 'Polls close', datePublished: '2024-03-01T18:05:00Z', articleBody: expect.stringContaining('The last polling stations closed.') }),
    ]);

    // Its page's Open Graph time, the site's feeds and the sitemap say it changed with its newest update out, as the JSON-LD does.
    expect(page.querySelector('meta[property="article:modified_time"]')!.getAttribute('content')).toBe('2024-03-01T20:30:00Z');
    const siteFeed = parseAtomFeed(fs.readFileSync(path.join(out, 'feed.xml'), 'utf8'));
    expect(siteFeed.entries!.find((e) => e.id === 'https://example.org/2024/03/vote/')!.updated).toBe('2024-03-01T20:30:00Z');
    expect(siteFeed.updated).toBe('2024-03-01T20:30:00Z');
    const jsonItem = JSON.parse(fs.readFileSync(path.join(out, 'feed.json'), 'utf8')).items.find((i: { title: string }) => i.title === 'Election night');
    expect(jsonItem.date_modified).toBe('2024-03-01T20:30:00Z');
    const sitemap = fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('<loc>https://example.org/2024/03/vote/</loc><lastmod>2024-03-01T20:30:00Z</lastmod>');
    expect(sitemap).toContain('<loc>https://example.org/section/news/</loc><lastmod>2024-03-01T20:30:00Z</lastmod>');

    // The feed of its updates.
    const feed = parseAtomFeed(fs.readFileSync(path.join(out, '2024/03/vote/feed.xml'), 'utf8'));
    expect(feed.title).toEqual({ type: 'text', value: 'Election night: live updates' });
    expect(feed.entries!.map((e) => [e.id, (e.title as { value: string }).value, e.published])).toEqual([
      ['https://example.org/2024/03/vote/#update-20240301-2030', 'First results', '2024-03-01T20:30:00Z'],
      ['https://example.org/2024/03/vote/#update-20240301-1805', 'Polls close', '2024-03-01T18:05:00Z'],
    ]);

    // Listings show the badge and the time of the newest update.
    for (const rel of ['index.html', 'section/news/index.html']) {
      const card = readHtml(out, rel).querySelector('a[href="/2024/03/vote/"]')!.closest('.card')!;
      expect(card.querySelector('.live-badge')!.text, rel).toBe('Live');
      expect(card.querySelector('.live-latest time')!.getAttribute('datetime'), rel).toBe('2024-03-01T20:30:00Z');
    }
  });

  it('should show the update due at its time, and drop the badge and the polling once coverage ends', async () => {
    const site = tempDir();
    writeFiles(site, liveSite());
    const later = await runCli(['build', '--no-cache', '--now', '2024-03-01T23:30Z', '-o', 'later'], site);
    expect(later.code, later.stderr).toBe(0);
    const page = readHtml(path.join(site, 'later'), '2024/03/vote/index.html');
    expect(page.querySelectorAll('.live-update').map((u) => u.id)[0]).toBe('update-20240301-2330');

    const ended = await runCli(['build', '--no-cache', '--now', '2024-03-02T06:00Z', '-o', 'ended'], site);
    expect(ended.code, ended.stderr).toBe(0);
    const out = path.join(site, 'ended');
    const done = readHtml(out, '2024/03/vote/index.html');
    expect(done.querySelector('.live-badge')).toBeNull();
    expect(done.querySelector('.live-blog[data-live-active]')).toBeNull();
    expect(done.querySelector('script[src="/assets/js/live.js"]')).toBeNull();
    expect(done.querySelector('.live-blog-ended')!.text).toBe('Live coverage has ended.');
    expect(done.querySelectorAll('.live-update')).toHaveLength(3);
    expect(readHtml(out, 'index.html').querySelector('.live-badge')).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(out, '2024/03/vote/updates.json'), 'utf8')).live).toBe(false);
  });

  it('should keep the words of a held-back update out of every output file, the full-text index included, until its time', async () => {
    const site = tempDir();
    writeFiles(site, liveSite(LIVE_BODY.replace('Held back until 23:30.', 'Held back until 23:30: quixotically embargoed.')));
    const grepOut = (dir: string) => {
      const hits: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (/quixotically/i.test(fs.readFileSync(p, 'latin1'))) hits.push(path.relative(dir, p));
        }
      };
      walk(dir);
      return hits;
    };
    const before = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z', '-o', 'before'], site);
    expect(before.code, before.stderr).toBe(0);
    expect(grepOut(path.join(site, 'before'))).toEqual([]);
    const after = await runCli(['build', '--no-cache', '--now', '2024-03-01T23:31Z', '-o', 'after'], site);
    expect(after.code, after.stderr).toBe(0);
    const hits = grepOut(path.join(site, 'after'));
    expect(hits).toContain('2024/03/vote/index.html');
    expect(hits.some((rel) => rel.startsWith('search-index/'))).toBe(true);
  });

  it('should publish a held-back update at its time from the cache, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, liveSite());
    const out = path.join(site, 'dist');
    const first = await runCli(['build', '--now', '2024-03-01T21:00Z'], site);
    expect(first.code, first.stderr).toBe(0);
    // Nothing changed in the sources, but the update's time has come: the build is not skipped.
    const second = await runCli(['build', '--now', '2024-03-01T23:31Z'], site);
    expect(second.code, second.stderr).toBe(0);
    expect(readHtml(out, '2024/03/vote/index.html').querySelector('.live-update')!.id).toBe('update-20240301-2330');
    await expectCleanBuild(site, out, 'update due', ['--now', '2024-03-01T23:31Z']);
  });

  it('should stop at an update time that does not parse, naming the file, line and column, and keep the last output', async () => {
    const site = tempDir();
    writeFiles(site, liveSite());
    const first = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshotTree(path.join(site, 'dist'));
    const file = path.join(site, 'articles/vote.md');
    const text = fs.readFileSync(file, 'utf8');
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;
    fs.writeFileSync(file, text.replace('## 18:05 Polls', '## 18.05 Polls').replace('## 23:30 Concession', '## 25:10 Concession'));
    const bad = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`articles/vote.md:${lineOf('## 18:05')}:4: error this update's time "18.05" is not a time; start with HH:MM (14:05) or a date and time (2024-03-01 14:05) [live-update-time]`);
    expect(bad.stderr).toContain(`articles/vote.md:${lineOf('## 23:30')}:4: error this update's time "25:10" is not a time of day (hours 00-23, minutes 00-59) [live-update-time]`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const after = snapshotTree(path.join(site, 'dist'));
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it('should warn about two updates at the same minute and publish both under distinct anchors', async () => {
    const site = tempDir();
    writeFiles(site, liveSite('Intro.\n\n## 18:05 One\n\nFirst.\n\n## 18:05 Two\n\nSecond.\n'));
    const built = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain('articles/vote.md:15:4: warning this update has the same time as the one at line 11, so its link is #update-20240301-1805-2');
    const ids = readHtml(path.join(site, 'dist'), '2024/03/vote/index.html').querySelectorAll('.live-update').map((u) => u.id);
    // Later in the file first on a tie: the newest post is written below the older one.
    expect(ids).toEqual(['update-20240301-1805-2', 'update-20240301-1805']);
  });

  it('should refuse live-story fields on other articles and a coverage that ends before it starts', async () => {
    const site = tempDir();
    writeFiles(site, {
      ...liveSite(LIVE_BODY, { coverageEnd: '2024-03-01T17:00' }),
      'articles/plain.md': article({ title: 'Plain', date: '2024-01-01', coverageEnd: '2024-01-02' }),
    });
    const bad = await runCli(['build', '--no-cache'], site);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('articles/vote.md:7:14: error "coverageEnd" must be later than the start of coverage ("coverageStart", else "date")');
    expect(bad.stderr).toContain('articles/plain.md:4:14: error "coverageEnd" is for live stories only; add "kind: live"');
  });

  it('should stop, naming the line, at an update heading that raw HTML swallows', async () => {
    const site = tempDir();
    writeFiles(site, {
      ...liveSite('Intro.\n\n<div>\n## 18:05 Inside a block\n</div>\n\n## 18:10 Fine\n\nText.\n'),
      'gazette.config.json': JSON.stringify({ title: 'Daily', trustHtml: true }),
    });
    const bad = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('articles/vote.md:12:1: the update heading "## 18:05" is not a heading of the story\'s body once rendered');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('should escape hostile titles and authors wherever they land', async () => {
    const site = tempDir();
    const hostile = `</script><script>alert(1)</script> "quotes" & <iframe src=x>`;
    writeFiles(site, {
      ...liveSite(`Intro.\n\n## 18:05 </script><script>alert(1)</script> "quotes" & <em>fine</em>\n\nBody <img src="https://example.com/x.png" onerror=alert(1)>.\n`, { title: hostile, author: `Eve ${hostile}` }),
    });
    const built = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(site, 'dist');
    const html = fs.readFileSync(path.join(out, '2024/03/vote/index.html'), 'utf8');
    expect(html).not.toMatch(/<script>alert|<img[^>]*onerror|<iframe/);
    const page = readHtml(out, '2024/03/vote/index.html');
    expect(page.querySelector('.live-update-author a')!.text).toBe(`Eve ${hostile}`);
    // Every JSON-LD block parses, and its texts come back as written.
    const [posting] = jsonLdOf(out, '2024/03/vote/index.html');
    expect(posting!.headline).toBe(hostile);
    const update = (posting!.liveBlogUpdate as { headline: string; author: { name: string } }[])[0]!;
    expect(update.author.name).toBe(`Eve ${hostile}`);
    // Raw HTML in the heading is sanitized like any body's: the script goes, the text stays.
    expect(update.headline).toBe('"quotes" & fine');
    const json = JSON.parse(fs.readFileSync(path.join(out, '2024/03/vote/updates.json'), 'utf8'));
    expect(json.updates[0].html).not.toMatch(/<script>alert|<img[^>]*onerror|<iframe/);
    const feedText = fs.readFileSync(path.join(out, '2024/03/vote/feed.xml'), 'utf8');
    const feed = parseAtomFeed(feedText);
    expect(feed.title).toEqual({ type: 'text', value: `${hostile}: live updates` });
    expect(feed.entries![0]!.authors![0]!.name).toBe(`Eve ${hostile}`);
    expect(feedText).not.toMatch(/<script>|<iframe/);
  });

  it('should rewrite only the live page, its JSON, its feed and the listings showing it when an update is posted', async () => {
    const site = tempDir();
    writeFiles(site, liveSite());
    const out = path.join(site, 'dist');
    const build = async () => {
      const result = await runCli(['build', '--now', '2024-03-01T23:45Z'], site);
      expect(result.code, result.stderr).toBe(0);
    };
    await build();
    const before = snapshotTree(out);
    const file = path.join(site, 'articles/vote.md');
    fs.appendFileSync(file, '\n## 23:40 Turnout record\n\nThe highest in decades.\n');
    await build();
    const after = snapshotTree(out);
    const all = [...after.keys()].filter((rel) => !before.get(rel)?.equals(after.get(rel)!)).sort();
    // The full-text index: the story's own record, and the fragments of the words the update added.
    const search = all.filter((rel) => rel.startsWith('search-index/'));
    expect(search.filter((rel) => rel.startsWith('search-index/d/'))).toHaveLength(1);
    expect(search.filter((rel) => !rel.startsWith('search-index/d/')).every((rel) => /^search-index\/f-[^/]+\.json$/.test(rel))).toBe(true);
    const changed = all.filter((rel) => !search.includes(rel));
    expect(changed).toEqual([
      '2024/03/vote/feed.xml',
      '2024/03/vote/index.html',
      '2024/03/vote/updates.json',
      'archive/2024/03/index.html',
      'archive/2024/index.html',
      'authors/jane-doe/index.html',
      // The feeds and the sitemap date the story by its newest update.
      'feed.json',
      'feed.xml',
      'index.html',
      'section/news/feed.json',
      'section/news/feed.xml',
      'section/news/index.html',
      'sitemap.xml',
    ]);
    expect(readHtml(out, '2024/03/vote/index.html').querySelector('.live-update')!.id).toBe('update-20240301-2340');
    await expectCleanBuild(site, out, 'update posted', ['--now', '2024-03-01T23:45Z']);
  });

  it('should bring a posted update through watch as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, liveSite(LIVE_BODY, { coverageEnd: '2099-01-01T00:00' }));
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      const file = path.join(site, 'articles/vote.md');
      expect(readHtml(out, '2024/03/vote/index.html').querySelectorAll('.live-update')).toHaveLength(3);
      fs.appendFileSync(file, '\n## 2024-03-02 09:00 Morning after\n\nThe count is over.\n');
      const result = await session.rebuild([file]);
      expect(result.written).toEqual(expect.arrayContaining(['2024/03/vote/index.html', '2024/03/vote/updates.json', '2024/03/vote/feed.xml', 'index.html']));
      expect(readHtml(out, '2024/03/vote/index.html').querySelector('.live-update')!.id).toBe('update-20240302-0900');
      await expectCleanBuild(site, out, 'watch');
      // Coverage ends when the story says: that is when watch and serve rebuild next.
      expect(session.nextDue()).toBe(Date.parse('2099-01-01T00:00Z'));
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('live blogs in the folder form', () => {
  function folderSite(): Record<string, string> {
    return {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC' }),
      'articles/2024/vote/index.md': article({ title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: ['Jane Doe', 'Tom Roe'], section: 'News', coverageEnd: '2099-01-01T00:00' }, 'Intro.\n\n## 18:05 Polls close\n\nIn the story file.\n'),
      'articles/2024/vote/updates/1830-first-seat.md': '---\ntime: 18:30\nauthor: tom roe\ntitle: First seat <declared>\n---\nSee [the introduction](../index.md).\n',
      'articles/2024/vote/updates/1900.md': '---\ntime: "2024-03-01 19:00"\nauthor: Guest Writer\n---\nNo title here.\n',
      'articles/2024/vote/updates/1805-same-minute.md': '---\ntime: 18:05\n---\nPosted in the same minute as a heading.\n',
      'articles/older.md': article({ title: 'Older', date: '2024-02-01', section: 'News' }),
    };
  }

  it('should merge update files with the heading updates, each with its own author, title and body', async () => {
    const site = tempDir();
    writeFiles(site, folderSite());
    const built = await runCli(['build', '--no-cache', '--now', '2024-03-01T21:00Z'], site);
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(site, 'dist');
    // Update files are not articles: no page of their own.
    expect(fs.existsSync(path.join(out, '2024/03/1830-first-seat'))).toBe(false);
    expect(built.stdout + built.stderr).toContain('Built 2 articles');
    const page = readHtml(out, '2024/03/vote/index.html');
    const updates = page.querySelectorAll('.live-update');
    expect(updates.map((u) => u.id)).toEqual(['update-20240301-1900', 'update-20240301-1830', 'update-20240301-1805-2', 'update-20240301-1805']);
    const [guest, seat] = updates;
    // An author of the story's byline links to their page; another is named.
    expect(seat!.querySelector('.live-update-author a')!.getAttribute('href')).toBe('/authors/tom-roe/');
    expect(seat!.querySelector('.live-update-title')!.text).toBe('First seat <declared>');
    expect(seat!.querySelector('.live-update-body a')!.getAttribute('href')).toBe('/2024/03/vote/');
    expect(guest!.querySelector('.live-update-author')!.text).toBe('By Guest Writer');
    expect(guest!.querySelector('.live-update-author a')).toBeNull();
    expect(guest!.querySelector('.live-update-title')).toBeNull();
    const [posting] = jsonLdOf(out, '2024/03/vote/index.html');
    expect((posting!.liveBlogUpdate as object[]).slice(0, 2)).toEqual([
      expect.objectContaining({ headline: 'Election night', author: { '@type': 'Person', name: 'Guest Writer' }, articleBody: 'No title here.' }),
      expect.objectContaining({ headline: 'First seat <declared>', author: { '@type': 'Person', name: 'Tom Roe', url: 'https://example.org/authors/tom-roe/' } }),
    ]);
    // An update that names no author of its own is the whole shared byline's, not its first name's.
    for (const shared of updates.slice(2)) {
      expect(shared.querySelector('.live-update-author')!.text).toBe('By Jane Doe and Tom Roe');
      expect(shared.querySelectorAll('.live-update-author a').map((a) => a.getAttribute('href'))).toEqual(['/authors/jane-doe/', '/authors/tom-roe/']);
    }
    expect((posting!.liveBlogUpdate as { author: unknown }[])[3]!.author).toEqual([
      { '@type': 'Person', name: 'Jane Doe', url: 'https://example.org/authors/jane-doe/' },
      { '@type': 'Person', name: 'Tom Roe', url: 'https://example.org/authors/tom-roe/' },
    ]);
    const updatesFeed = parseAtomFeed(fs.readFileSync(path.join(out, '2024/03/vote/feed.xml'), 'utf8'));
    expect(updatesFeed.entries!.map((e) => (e.authors ?? []).map((a) => a.name))).toEqual([['Guest Writer'], ['Tom Roe'], ['Jane Doe', 'Tom Roe'], ['Jane Doe', 'Tom Roe']]);
    const json = JSON.parse(fs.readFileSync(path.join(out, '2024/03/vote/updates.json'), 'utf8'));
    expect(json.updates[1].html).toBe(seat!.toString());
  });

  it('should report mistakes in update files at their line and column', async () => {
    const site = tempDir();
    writeFiles(site, {
      ...folderSite(),
      'articles/2024/vote/updates/bad.md': '---\ntime: "18.30"\n---\nText.\n',
      'articles/2024/vote/updates/none.md': '---\ntitle: No time\n---\nText.\n',
      'articles/2024/plain/index.md': article({ title: 'Plain', date: '2024-01-01' }),
      'articles/2024/plain/updates/x.md': '---\ntime: 10:00\n---\nText.\n',
    });
    const bad = await runCli(['build', '--no-cache'], site);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('articles/2024/vote/updates/bad.md:2:7: error "time" "18.30" is not a time; start with HH:MM (14:05) or a date and time (2024-03-01 14:05) [live-update-time]');
    expect(bad.stderr).toContain('articles/2024/vote/updates/none.md:1:1: error missing "time"');
    expect(bad.stderr).toContain('articles/2024/plain/updates/x.md: error this file is in the "updates" folder of 2024/plain/index.md, which is not a live story');
  });

  it('should rewrite the live page, its JSON and feed when an update file is added, from the cache and through watch, as a clean build', async () => {
    const site = tempDir();
    writeFiles(site, folderSite());
    const out = path.join(site, 'dist');
    const built = await runCli(['build'], site);
    expect(built.code, built.stderr).toBe(0);
    const before = snapshotTree(out);
    writeFiles(site, { 'articles/2024/vote/updates/2000.md': '---\ntime: "20:00"\ntitle: Second seat\n---\nDeclared.\n' });
    const again = await runCli(['build'], site);
    expect(again.code, again.stderr).toBe(0);
    const after = snapshotTree(out);
    const changed = [...after.keys()].filter((rel) => !before.get(rel)?.equals(after.get(rel)!));
    expect(changed).toEqual(expect.arrayContaining(['2024/03/vote/index.html', '2024/03/vote/updates.json', '2024/03/vote/feed.xml']));
    expect(changed.filter((rel) => rel.startsWith('2024/02/'))).toEqual([]);
    await expectCleanBuild(site, out, 'update file added');

    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      const file = path.join(site, 'articles/2024/vote/updates/2000.md');
      fs.writeFileSync(file, '---\ntime: "20:00"\ntitle: Second seat, corrected\n---\nDeclared at last.\n');
      const edited = await session.rebuild([file]);
      expect(edited.written).toEqual(expect.arrayContaining(['2024/03/vote/index.html', '2024/03/vote/updates.json', '2024/03/vote/feed.xml']));
      expect(readHtml(out, '2024/03/vote/index.html').querySelector('#update-20240301-2000 .live-update-title')!.text).toBe('Second seat, corrected');
      await expectCleanBuild(site, out, 'update file edited in watch');
      const added = path.join(site, 'articles/2024/vote/updates/2100.md');
      fs.writeFileSync(added, '---\ntime: "21:00"\n---\nAnother.\n');
      await session.rebuild([added]);
      expect(readHtml(out, '2024/03/vote/index.html').querySelector('.live-update')!.id).toBe('update-20240301-2100');
      await expectCleanBuild(site, out, 'update file added in watch');
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
