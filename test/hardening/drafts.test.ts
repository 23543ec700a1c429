/**
 * Future-dated articles and drafts. Fixture: test/fixtures/hostile-drafts/.
 *
 * Future dates: an article dated after the build's "now" is scheduled, held back
 * like a draft (issue #13); --future publishes it. The drafts tests pass --future
 * so the far-future article is there and only the draft is left out.
 */
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFiles, readHtml } from '../helpers.js';
import { allOutputText, builtCount, expectBuilt, hostileBuild, sandbox } from './harness.js';

const FIXTURE = 'hostile-drafts';
const DRAFT_PAGE = '2024/02/zorblax-plan/index.html';
/** Strings only the draft carries: title, tag, section, author, summary, body (and their slugs, lower-cased). */
const DRAFT_MARKERS = ['Zorblax', 'zorbtag-unique', 'Zorbsection', 'Quillon Zorb', 'quillon-zorb', 'zorbsummary', 'ZORB-BODY-MARKER', 'zorblax-plan'];

describe('future-dated articles', () => {
  it('should hold an article dated 2099 back by default', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'articles']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(1);
    expect(listFiles(run.out)).not.toContain('2099/01/far-future/index.html');
    expect(allOutputText(run.out)).not.toContain('far future');
    expect(run.stderr).toMatch(/1 scheduled, next: "News from the far future" goes live 2099-01-\d\dT/);
  });

  it('should publish an article dated 2099 like any other with --future', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'articles', '--future']);
    expectBuilt(run);
    const files = listFiles(run.out);
    expect(files).toContain('2099/01/far-future/index.html');
    expect(readHtml(run.out, '2099/01/far-future/index.html').querySelector('h1')!.text).toBe('News from the far future');
    const home = readHtml(run.out, 'index.html').querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(home[0]).toBe('/2099/01/far-future/');
    expect(fs.readFileSync(path.join(run.out, 'feed.xml'), 'utf8')).toContain('News from the far future');
  });
});

describe('drafts', () => {
  it('should leave a draft out of every file without --drafts', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'articles', '--future']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(2);
    const files = listFiles(run.out);
    expect(files).not.toContain(DRAFT_PAGE);
    // Every page, listing, feed, sitemap, search index, tag and section page.
    for (const kind of ['feed.xml', 'feed.json', 'sitemap.xml', 'news-sitemap.xml', 'search-index/meta.json', 'tags/index.html', 'tags/budget/index.html', 'section/news/index.html']) {
      expect(files).toContain(kind);
    }
    for (const file of files) {
      const text = fs.readFileSync(path.join(run.out, file), 'utf8').toLowerCase();
      for (const marker of DRAFT_MARKERS) expect(text.includes(marker.toLowerCase()), `${marker} in ${file}`).toBe(false);
    }
    for (const file of files) expect(file.toLowerCase()).not.toMatch(/zorb/);
    // The shared tag lists only the public article.
    expect(readHtml(run.out, 'tags/budget/index.html').querySelectorAll('main article').length).toBe(1);
  });

  it('should include the draft everywhere with --drafts', async () => {
    const box = sandbox(FIXTURE);
    const run = await hostileBuild(box, ['-s', 'articles', '--drafts', '--future']);
    expectBuilt(run);
    expect(builtCount(run)).toBe(3);
    const files = listFiles(run.out);
    expect(files).toContain(DRAFT_PAGE);
    expect(files).toContain('tags/zorbtag-unique/index.html');
    expect(files).toContain('section/zorbsection/index.html');
    expect(files).toContain('authors/quillon-zorb/index.html');
    for (const file of ['feed.xml', 'feed.json', 'index.html', 'tags/budget/index.html']) {
      expect(fs.readFileSync(path.join(run.out, file), 'utf8'), file).toContain('Zorblax');
    }
    const records = files.filter((f) => f.startsWith('search-index/d/')).map((f) => fs.readFileSync(path.join(run.out, f), 'utf8'));
    expect(records.some((text) => text.includes('Zorblax'))).toBe(true);
    expect(fs.readFileSync(path.join(run.out, 'sitemap.xml'), 'utf8')).toContain('/2024/02/zorblax-plan/');
    const everything = allOutputText(run.out);
    for (const marker of DRAFT_MARKERS) expect(everything).toContain(marker);
  });
});
