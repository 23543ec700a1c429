/**
 * A standalone page whose URL is one of gazette's own pages (the tags index, a section's or an
 * author's page) fails the build at the page's file, saying which of gazette's pages it takes and
 * what to change: only the writer's page can move. A "url" that cannot be an address names the
 * character that stops it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';

/** The `file: severity message [rule]` lines of the output. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));
}

function site(url: string): string {
  const dir = tempDir('gazette-page-collision-');
  writeFiles(dir, {
    'gazette.config.json': JSON.stringify({ title: 'The Courier' }),
    'articles/2024/vote.md': article({ title: 'Vote', date: '2024-05-01', section: 'Politics', author: 'Ann Lee', tags: ['Council'] }),
    'articles/collide.md': `---\nkind: page\ntitle: Collide\nurl: ${url}\n---\nText.\n`,
  });
  return dir;
}

describe("a page at the URL of one of gazette's own pages", () => {
  it.each([
    ['/tags/', 'tags/index.html', 'tags index'],
    ['/search/', 'search/index.html', 'search page'],
    ['/section/politics/', 'section/politics/index.html', 'section page "Politics"'],
    ['/authors/ann-lee/', 'authors/ann-lee/index.html', 'author page "Ann Lee"'],
  ])('should fail at the page for %s, naming the page of gazette it takes and the page\'s "url" to change', async (url, file, owner) => {
    const run = await runCli(['build'], site(url));
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([
      `articles/collide.md: error is published at ${url} (${file}), where gazette publishes its own ${owner}; give the page another "url" [duplicate-output]`,
    ]);
  });
});

describe("a page's url that cannot be an address", () => {
  it.each([
    ['/About Us/', '"/About Us/" contains a space; join the words with "-" (/about-us/)'],
    ['/faq?x/', '"/faq?x/" contains "?"'],
  ])('should name the character %s holds', async (url, problem) => {
    const run = await runCli(['build'], site(url));
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([`articles/collide.md:4:6: error "url" must be a path such as /about/ or /legal/privacy.html: ${problem} [front-matter-url]`]);
  });
});

describe("a page's pageType written another way", () => {
  it.each([
    ['aboutpage', 'AboutPage'],
    ['Contact page', 'ContactPage'],
    ['FAQ', 'FAQPage'],
  ])('should suggest the schema.org type meant by %s', async (written, meant) => {
    const dir = site('/team/');
    writeFiles(dir, { 'articles/collide.md': `---\nkind: page\ntitle: Collide\npageType: ${written}\n---\nText.\n` });
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([
      `articles/collide.md:4:11: error "pageType" must be one of WebPage, AboutPage, ContactPage, FAQPage, CollectionPage, ItemPage, not "${written}"; did you mean "${meant}"? [front-matter-page-type]`,
    ]);
  });
});

describe("a page's address and the slug field", () => {
  it('should refuse a "slug" on a page at its line, pointing to "url", instead of ignoring it', async () => {
    const dir = site('/team/');
    writeFiles(dir, { 'articles/collide.md': `---\nkind: page\ntitle: Collide\nslug: about-us\n---\nText.\n` });
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(problems(run.stderr)).toEqual([
      `articles/collide.md:4:7: error "slug" is for articles only; a page lives at its path in the source folder, or at the "url" it gives (url: /about-us/) [front-matter-page-field]`,
    ]);
  });

  it('should publish a page whose name has no letter or digit at its path, without a warning about a slug it does not use', async () => {
    const dir = site('/team/');
    writeFiles(dir, { 'articles/🎉.md': `---\nkind: page\ntitle: "🎉"\n---\nParty.\n` });
    const run = await runCli(['build', '--strict'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(problems(run.stderr)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'dist/🎉/index.html'), 'utf8')).toContain('Party.');
  });
});
