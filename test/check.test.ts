import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks } from '../lib/check/links.js';
import { parseSrcset } from '../lib/check/html-refs.js';
import { ignoredBy } from '../lib/check/ignore.js';
import { resolveRef } from '../lib/check/resolve.js';
import { loadConfig } from '../lib/config/index.js';
import { generateSite } from '../lib/generate.js';
import { article, copyFixture, ROOT, runCli, snapshotTree, tempDir, writeFiles } from './helpers.js';

const BROKEN = 'articles/2024/broken.md';

/** The `file:line:column: severity message [rule]` lines of the output. */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S.*: (error|warning) .*\[[\w-]+\]$/.test(line));
}

describe('gazette check', () => {
  it('should pass a site whose links, images and anchors all resolve, writing nothing', async () => {
    const dir = copyFixture('check-valid');
    const before = snapshotTree(dir);
    const result = await runCli(['check'], dir);
    expect(result.stderr).toMatch(/^Checked 2 articles, 15 pages, \d+ links in \d+ ms: no problems found$/m);
    expect(problems(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('should resolve links under a base path, with or without an origin', async () => {
    const dir = copyFixture('check-valid');
    for (const base of ['/sub/', 'https://news.example.org/news/', 'http://localhost:8080/']) {
      const result = await runCli(['check', '--base-url', base], dir);
      expect(problems(result.stderr), base).toEqual([]);
      expect(result.code, base).toBe(0);
    }
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should say so when a link written from the root repeats the base path, which gazette adds itself', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/news/' }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01' }, 'See [the archive](/news/archive/) and [nothing](/news/nowhere/).'),
    });
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr)).toEqual([
      'articles/a.md:5:5: error link "/news/news/archive/" leads nowhere: the site has no page or file at /news/news/archive/; the site\'s base path /news/ is put in front of links written from the root, so write "/archive/" without it [link-broken]',
      // No such page below the base path either: nothing to suggest.
      'articles/a.md:5:39: error link "/news/news/nowhere/" leads nowhere: the site has no page or file at /news/news/nowhere/ [link-broken]',
    ]);
  });

  it('should list each broken link, missing image and bad anchor at its source position, and exit 1', async () => {
    const dir = copyFixture('check-broken');
    const before = snapshotTree(dir);
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    const found = problems(result.stderr);
    const at = (where: string, rule: string, text: string) =>
      expect(found.find((l) => l.startsWith(`${BROKEN}:${where}: error `) && l.endsWith(`[${rule}]`)), `${where} ${rule}`).toContain(text);
    at('7:3', 'link-broken', 'link "../2023/missing-article.md" leads nowhere: there is no published article 2023/missing-article.md');
    at('9:1', 'link-broken', 'image "images/missing.png" leads nowhere: there is no file 2024/images/missing.png');
    at('11:3', 'link-anchor', 'the page /2024/04/other/ has no element with id "no-such-heading"');
    at('11:48', 'link-anchor', 'link "#nowhere" points to a missing anchor: this page has no element with id "nowhere"');
    at('13:1', 'link-broken', 'image "images/ok-2x.svg" leads nowhere');
    at('15:80', 'link-invalid', 'link "https://exa%mple.com/" is not a valid URL');
    // The lead image from front matter: once, at its field, although every card shows it.
    at('4:8', 'link-broken', 'lead image "images/no-lead.png" (front matter "image") leads nowhere');
    expect(found).toHaveLength(7);
    // Code frames show what the writer wrote.
    expect(result.stderr).toContain('> 11 | A [bad anchor](other.md#no-such-heading)');
    expect(result.stderr).toMatch(/^Checked 2 articles, 10 pages, \d+ links in \d+ ms: 7 errors$/m);
    // Good links on the same page are not reported.
    expect(found.join('\n')).not.toContain('the-heading');
    expect(found.join('\n')).not.toContain('local-heading');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('should still print the problems and the verdict with --quiet', async () => {
    const dir = copyFixture('check-broken');
    const result = await runCli(['check', '--quiet'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr)).toHaveLength(7);
    expect(result.stderr).toMatch(/: 7 errors$/m);
  });

  it('should name the generated page for problems in templates, once per problem', async () => {
    const dir = copyFixture('check-valid');
    writeFiles(dir, {
      'theme/partials/footer.hbs':
        '<footer><a href="{{site.basePath}}about/">About</a> <a href="javascript:void(0)">Menu</a> ' +
        '<a href="#no-such-anchor">Up</a> <a href="/elsewhere/">Parent site</a> <a href="mailto:">Mail</a></footer>\n',
      'theme/pages/not-found.hbs': '<p><img src="{{asset "images/missing-logo.png"}}" alt=""> <a href="../../x/">Up</a></p>\n',
    });
    const result = await runCli(['check', '-t', 'theme', '--base-url', '/news/'], dir);
    expect(result.code).toBe(1);
    const found = problems(result.stderr);
    const line = (text: string) => found.filter((l) => l.includes(text));
    // Footer problems are on all 15 pages, reported once each.
    expect(line('link "/news/about/" from the theme leads nowhere: the site has no page or file at /news/about/ (also on 14 other pages)')).toHaveLength(1);
    expect(line('link "javascript:void(0)" from the theme runs a script')).toHaveLength(1);
    expect(line('[link-javascript]')).toHaveLength(1);
    expect(line('no element with id "no-such-anchor" (also on 14 other pages) [link-anchor]')).toHaveLength(1);
    expect(line('link "mailto:" from the theme has no e-mail address')).toHaveLength(1);
    // The 404 page names itself.
    expect(found).toContain(
      'dist/404.html: error image "/news/assets/images/missing-logo.png" from the theme leads nowhere: the site has no page or file at /news/assets/images/missing-logo.png [link-broken]',
    );
    expect(found).toContain(`dist/404.html: error link "../../x/" from the theme climbs above the site's base path /news/ (resolves to /x/) [link-outside]`);
    // Root-relative links outside the base path are not the site's to check.
    expect(result.stderr).not.toContain('/elsewhere/');
    expect(found).toHaveLength(6);
    for (const l of found) expect(l).toMatch(/^dist\/\S+\.html: error /);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should reject javascript: links that trusted HTML lets through', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ trustHtml: true }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01' }, 'Intro.\n\n<a href="javascript:alert(1)">click</a> and <a href=" JavaScript:alert(2)">again</a>'),
    });
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    const found = problems(result.stderr).filter((l) => l.endsWith('[link-javascript]'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^articles\/a\.md:7:1: error link "javascript:alert\(1\)" runs a script/);
    expect(found[1]).toMatch(/^articles\/a\.md:7:45: error link " JavaScript:alert\(2\)" runs a script/);
  });

  it('should report what a build would reject, exiting 1 without writing anything', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'articles/a.md': '---\ntitle: No date\n---\nText.\n' });
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('articles/a.md:1:1: error missing "date"');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should treat a missing source folder as a usage error', async () => {
    const dir = tempDir();
    const result = await runCli(['check', '-s', 'nowhere'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Source folder not found: nowhere');
  });

  it('should pass the repository\'s own sample site, with and without drafts', async () => {
    const dir = tempDir();
    fs.cpSync(path.join(ROOT, 'articles'), path.join(dir, 'articles'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'gazette.config.json'), path.join(dir, 'gazette.config.json'));
    for (const args of [[], ['--drafts'], ['--base-url', 'https://example.org/news/']]) {
      const result = await runCli(['check', ...args], dir);
      expect(problems(result.stderr), args.join(' ')).toEqual([]);
      expect(result.stderr).toMatch(/: no problems found$/m);
      expect(result.code, args.join(' ')).toBe(0);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['articles', 'gazette.config.json']);
  });
});

describe('links to articles a build does not publish', () => {
  it('should fail a plain build on a missing file, warn about held-back articles, and leave the rest to --strict and check', async () => {
    const dir = tempDir('gazette-unpublished-');
    writeFiles(dir, {
      'articles/2024/published.md': article(
        { title: 'Published', date: '2024-03-01' },
        'See [the plan](plan.md), [the other](../2023/other.md#top) and [nothing](../gone.md).\n\nAgain: [plan](plan.md).\n\n[Soon](soon.md)',
      ),
      'articles/2024/plan.md': article({ title: 'Plan', date: '2024-03-02', draft: true }, 'Not yet.'),
      'articles/2024/soon.md': article({ title: 'Soon', date: '2099-01-01' }, 'Not yet.'),
      'articles/2023/other.md': article({ title: 'Other', date: '2023-03-02' }, 'Fine.'),
    });
    const draft = 'articles/2024/published.md:5:5: warning link "plan.md" leads to 2024/plan.md, which is not published: it is a draft, built only with --drafts; the link leads nowhere until a build publishes it [link-unpublished]';
    const again = 'articles/2024/published.md:7:8: warning link "plan.md" leads to 2024/plan.md, which is not published: it is a draft, built only with --drafts; the link leads nowhere until a build publishes it [link-unpublished]';
    const scheduled = 'articles/2024/published.md:9:1: warning link "soon.md" leads to 2024/soon.md, which is not published: it is scheduled for 2099-01-01T00:00:00.000Z; the link leads nowhere until a build publishes it [link-unpublished]';
    const missing = 'articles/2024/published.md:5:64: warning link "../gone.md" leads nowhere: there is no file gone.md in the source folder [link-missing]';

    // A link to a file that does not exist is an error (issue #25), saying how to make it a warning; nothing is written.
    const failed = await runCli(['build'], dir);
    expect(failed.code).toBe(1);
    expect(problems(failed.stderr).sort()).toEqual(
      [
        draft,
        again,
        scheduled,
        'articles/2024/published.md:5:64: error link "../gone.md" leads nowhere: there is no file gone.md in the source folder; fix the path, or set "links": {"missing": "warn"} in the config to publish it anyway with a warning [link-missing]',
      ].sort(),
    );
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);

    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ links: { missing: 'warn' } }) });
    const first = await runCli(['build'], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(problems(first.stderr).sort()).toEqual([draft, again, scheduled, missing].sort());
    // Nothing changed: the stored result says the same, without reading anything.
    const cached = await runCli(['build'], dir);
    expect(problems(cached.stderr).sort()).toEqual([draft, again, scheduled, missing].sort());
    // An edit elsewhere: the linking article comes from the cache, and is still reported.
    fs.writeFileSync(path.join(dir, 'articles/2023/other.md'), article({ title: 'Other', date: '2023-03-02' }, 'Edited.'));
    const edited = await runCli(['build'], dir);
    expect(problems(edited.stderr).sort()).toEqual([draft, again, scheduled, missing].sort());

    const withDrafts = await runCli(['build', '--drafts', '--future', '--no-cache'], dir);
    expect(problems(withDrafts.stderr)).toEqual([missing]);

    // --strict and check report each as a broken link, once, as an error.
    for (const args of [['build', '--strict'], ['check']]) {
      const result = await runCli(args, dir);
      expect(result.code, args.join(' ')).toBe(1);
      const errors = problems(result.stderr);
      expect(errors.filter((l) => l.includes('plan.md'))).toHaveLength(2);
      expect(errors.filter((l) => l.includes('gone.md'))).toHaveLength(1);
      expect(errors.every((l) => l.includes(': error '))).toBe(true);
    }
  });
});

describe('gazette check on sources with errors', () => {
  it('should say it stopped at the errors in the sources, as check, not that a build failed, and keep bylines strict', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/2024/a.md': article({ title: 'A', date: '2024-03-01', author: 'Nobody Known' }, 'Text.'),
      'articles/2024/b.md': article({ title: 'B', date: '2024-13-01' }, 'Text.'),
      'articles/_data/authors.yml': '- name: Ana Reyes\n',
    });
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('Build failed');
    expect(result.stderr).toMatch(/^articles\/2024\/b\.md:\S+ error /m);
    expect(result.stderr).toMatch(/^articles\/2024\/a\.md:\S+ error the byline "Nobody Known" has no author profile/m);
    expect(result.stderr).toContain("Check stopped at 2 errors in the sources, before the pages' links: fix them and check again");
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    // A build still says it failed, with the byline a warning.
    const build = await runCli(['build'], dir);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('Build failed: 1 error');
    expect(build.stderr).toMatch(/a\.md:\S+ warning the byline/);
  });
});

describe('gazette check on names that match nothing', () => {
  it('should fail on a section of the config no article has and on a theme string no template asks for, which a build only warns about', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', front: { blocks: [{ type: 'lead' }, { section: 'Sprot' }] } }),
      'articles/a.md': article({ title: 'A', date: '2024-01-01', section: 'Sport' }),
      'templates/strings/en-GB.json': '{ "bylinBy": "Written by" }\n',
    });
    const build = await runCli(['build', '--no-cache'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(problems(build.stderr)).toEqual([
      'gazette.config.json: warning "front" blocks[1]."section": "Sprot" is no article\'s section: the block shows nothing (did you mean "Sport"?) [section-unknown]',
    ]);
    const check = await runCli(['check'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('gazette.config.json: error "front" blocks[1]."section": "Sprot" is no article\'s section');
    expect(check.stderr).toMatch(/Checked 1 article, \d+ pages, \d+ links in \d+ ms: 1 error\n/);

    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'Daily', language: 'en-GB' }) });
    const strings = await runCli(['check'], dir);
    expect(strings.code).toBe(1);
    expect(strings.stderr).toContain('templates/strings/en-GB.json:1:3: error "bylinBy" is no string of the theme, so no page shows it: did you mean "bylineBy"? [strings-unknown]');
  });
});

describe('checkLinks', () => {
  async function validSite() {
    const dir = copyFixture('check-valid');
    const config = await loadConfig({}, dir);
    const site = await generateSite(config);
    const pages = new Map<string, string>();
    for (const file of site.files) {
      if (file.type === 'page') pages.set(file.path, site.theme.render(file.template, file.context));
    }
    return { dir, config, site, pages };
  }

  it('should check the pages it is given, and find nothing wrong in a valid site', async () => {
    const { dir, config, site, pages } = await validSite();
    expect(checkLinks(site, config, { pages })).toEqual([]);
    // Without pages, it renders them itself.
    expect(checkLinks(site, config)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  it('should follow the rules for directories, files, percent-encoding, srcset and anchors', async () => {
    const { config, site, pages } = await validSite();
    const extra = [
      '<a href="/archive">ok: folder without slash</a>',
      '<a href="/tags/%E7%BB%8F%E6%B5%8E/">ok: encoded</a>',
      '<a href="tags/经济/index.html#main">ok: relative file</a>',
      '<a href="https://news.example.org/2024/03/alpha/#old-anchor">ok: a name</a>',
      '<a href="#TOP">ok</a> <a href="#">ok</a> <a href="">ok</a>',
      '<a href="https://example.com/x">ok</a> <a href="tel:+1-555-0100">ok</a> <a href="//cdn.example.net/x.js">ok</a>',
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="ok">',
      '<a href="/feed.xml/">bad: a file is not a folder</a>',
      '<a href="/tags/%E7%BB%8F/">bad: other tag</a>',
      '<a href="/2024/03/alpha/#Details">bad: ids are case-sensitive</a>',
      '<img srcset="/2024/images/lead.svg 1x, /2024/images/nope.svg 2x" alt="">',
      '<a href="http://">bad: no host</a>',
      '<a href="/%E0%A4%A/">bad: encoding</a>',
    ].join('\n');
    const home = pages.get('index.html')!.replace('</main>', `${extra}\n</main>`);
    const found = checkLinks(site, config, { pages: new Map([...pages, ['index.html', home]]) });
    expect(found.map((d) => [d.file, d.ruleId, d.message])).toEqual([
      ['index.html', 'link-broken', 'link "/feed.xml/" from the theme leads nowhere: the site has no page or file at /feed.xml/'],
      ['index.html', 'link-broken', 'link "/tags/%E7%BB%8F/" from the theme leads nowhere: the site has no page or file at /tags/经/'],
      [
        'index.html',
        'link-anchor',
        'link "/2024/03/alpha/#Details" from the theme points to a missing anchor: the page /2024/03/alpha/ has no element with id "Details"; did you mean "#details"?',
      ],
      ['index.html', 'link-broken', 'image "/2024/images/nope.svg" from the theme leads nowhere: the site has no page or file at /2024/images/nope.svg'],
      ['index.html', 'link-invalid', 'link "http://" from the theme is not a valid URL'],
      ['index.html', 'link-invalid', 'link "/%E0%A4%A/" from the theme contains an invalid percent-encoding'],
    ]);
    // The caller chooses how pages are named.
    const named = checkLinks(site, config, { pages: new Map([...pages, ['index.html', home]]), pageLabel: (p) => `public/${p}` });
    expect(named.every((d) => d.file === 'public/index.html')).toBe(true);
  });

  it('should split srcset candidates the way browsers do', () => {
    expect(parseSrcset('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(parseSrcset(' a.png, b.png 2x ,c.png 100w, d.png')).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
    // A comma inside a URL belongs to it unless it ends the URL.
    expect(parseSrcset('a.png,b.png 2x ,c,d.png 100w')).toEqual(['a.png,b.png', 'c,d.png']);
    expect(parseSrcset('img,1.png 1x, img,2.png 2x')).toEqual(['img,1.png', 'img,2.png']);
    expect(parseSrcset('')).toEqual([]);
  });
});

// Issue #25: every link is reported where it was written, and check.ignore leaves out what another system serves.
describe('where check reports a link', () => {
  const CONFIG = {
    title: 'Courier',
    url: 'https://courier.example.org/news/',
    menus: {
      header: [
        { label: 'About', page: 'about.md' },
        { label: 'Subscribe', url: '/subscribe' },
      ],
      footer: [{ label: 'Members', url: '/members/login' }],
    },
  };
  function courier(config: Record<string, unknown> = CONFIG): string {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': `${JSON.stringify(config, null, 2)}\n`,
      'articles/about.md': '---\ntitle: About us\nkind: page\n---\nWrite to [support](#support), read [the story](2024/story.md#the-deal).\n',
      'articles/2024/story.md': '---\ntitle: Harbour deal\ndate: 2024-03-01\nauthor: Ana Reyes\n---\n## The deal\n\nSee [the terms](#terms).\n',
      'articles/_data/authors.yml':
        '- name: Ana Reyes\n  bio: |\n    Ana covers the harbour.\n\n    See [her desk](#desk) and [the archive](/old-archive/).\n- name: Bo Li\n  bio: Writes about [ports](#ports).\n',
    });
    return dir;
  }

  it('should report links in pages, bios and menus at the Markdown source or the config file, never "from the theme"', async () => {
    const dir = courier();
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr).sort()).toEqual(
      [
        'articles/about.md:5:10: error link "#support" points to a missing anchor: this page has no element with id "support" [link-anchor]',
        'articles/2024/story.md:8:5: error link "#terms" points to a missing anchor: this page has no element with id "terms" [link-anchor]',
        'articles/_data/authors.yml:5:9: error link "#desk" in the bio of Ana Reyes points to a missing anchor: this page has no element with id "desk" [link-anchor]',
        'articles/_data/authors.yml:5:31: error link "/news/old-archive/" in the bio of Ana Reyes leads nowhere: the site has no page or file at /news/old-archive/ [link-broken]',
        'articles/_data/authors.yml:7:21: error link "#ports" in the bio of Bo Li points to a missing anchor: this page has no element with id "ports" [link-anchor]',
        'gazette.config.json:12:16: error link "/news/subscribe" of the menu entry menus.header[1] ("Subscribe") leads nowhere: the site has no page or file at /news/subscribe [link-broken]',
        'gazette.config.json:18:16: error link "/news/members/login" of the menu entry menus.footer[0] ("Members") leads nowhere: the site has no page or file at /news/members/login [link-broken]',
      ].sort(),
    );
    expect(result.stderr).not.toContain('from the theme');
    // Code frames show what was written, where it was written.
    expect(result.stderr).toContain('> 5 | Write to [support](#support)');
    expect(result.stderr).toContain('> 5 |     See [her desk](#desk)');
    expect(result.stderr).toContain('> 12 |         "url": "/subscribe"');
    // build --strict reports them the same way.
    const strict = await runCli(['build', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('gazette.config.json:12:16: error link "/news/subscribe" of the menu entry menus.header[1] ("Subscribe")');
    expect(strict.stderr).toContain('articles/about.md:5:10: error link "#support"');
  });

  it('should leave out the links check.ignore names, in check and build --strict', async () => {
    const dir = courier({ ...CONFIG, check: { ignore: ['/subscribe', '/members/**', '/about/#support', '/old-*/', 'https://elsewhere.example/**'] } });
    const result = await runCli(['check'], dir);
    expect(result.code).toBe(1);
    expect(problems(result.stderr).sort()).toEqual(
      [
        'articles/2024/story.md:8:5: error link "#terms" points to a missing anchor: this page has no element with id "terms" [link-anchor]',
        'articles/_data/authors.yml:5:9: error link "#desk" in the bio of Ana Reyes points to a missing anchor: this page has no element with id "desk" [link-anchor]',
        'articles/_data/authors.yml:7:21: error link "#ports" in the bio of Bo Li points to a missing anchor: this page has no element with id "ports" [link-anchor]',
      ].sort(),
    );
    // Fixed the rest: a clean check and a --strict build.
    writeFiles(dir, {
      'articles/2024/story.md': '---\ntitle: Harbour deal\ndate: 2024-03-01\nauthor: Ana Reyes\n---\n## The deal\n\nSee [the terms](#the-deal).\n',
      'articles/_data/authors.yml': '- name: Ana Reyes\n  bio: |\n    Ana covers the harbour; see [the archive](/old-archive/).\n',
    });
    const clean = await runCli(['check'], dir);
    expect(problems(clean.stderr)).toEqual([]);
    expect(clean.code).toBe(0);
    const strict = await runCli(['build', '--strict'], dir);
    expect(strict.code, strict.stderr).toBe(0);
  });

  it('should follow the redirects file to paths of the site, in check and build --strict, at the entry\'s line', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Moved', url: 'https://example.org/news/', check: { ignore: ['/members/**'] } }),
      'articles/2024/match.md': article({ title: 'The match', date: '2024-01-02', section: 'Sport' }),
      'articles/_data/redirects.yml': '/old/sport/: /section/sport/\n/old/typo/: /secton/sport/\n/old/members/: /members/join/\n/old/file/: /feed.xml\n/away/: https://elsewhere.example/x/\n',
    });
    const expected = ['articles/_data/redirects.yml:2:13: error /old/typo/ leads to /secton/sport/, where the site has no page or file; did you mean /section/sport/? [link-broken]'];
    const checked = await runCli(['check'], dir);
    expect(checked.code).toBe(1);
    expect(problems(checked.stderr)).toEqual(expected);
    const strict = await runCli(['build', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(problems(strict.stderr)).toEqual(expected);
    writeFiles(dir, { 'articles/_data/redirects.yml': '/old/sport/: /section/sport/\n/old/typo/: /section/sport/\n' });
    const fixed = await runCli(['check'], dir);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it('should refuse a check.ignore that is not a list of patterns, naming the config file', async () => {
    for (const [check, message] of [
      [{ ignore: ['subscribe'] }, '"check" has "subscribe" in "ignore": a pattern is a path of the site starting with "/"'],
      [{ ignore: '/subscribe' }, '"check" needs "ignore" as a list of URL patterns'],
      [{ ignor: ['/subscribe'] }, '"check" has an unknown key "ignor"; did you mean "ignore"? (known: ignore)'],
      [['/subscribe'], '"check" must be an object such as {"ignore": ["/subscribe"]}'],
    ] as const) {
      const dir = courier({ ...CONFIG, check });
      const result = await runCli(['check'], dir);
      expect(result.code, JSON.stringify(check)).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^gazette\\.config\\.json:\\d+:\\d+: error ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

describe('check.ignore patterns', () => {
  const site = { origin: 'https://courier.example.org', basePath: '/news/' };
  const test = (patterns: string[]) => {
    const ignored = ignoredBy(patterns);
    return (url: string) => ignored(url, resolveRef(url, '/news/about/', site));
  };

  it('should match site paths below the base path: "*" within a segment, "**" across, "#" with the fragment', () => {
    const subscribe = test(['/subscribe']);
    expect(['/news/subscribe', '/news/subscribe?plan=a', '/news/subscribe#form', 'https://courier.example.org/news/subscribe', '../subscribe'].map(subscribe)).toEqual([true, true, true, true, true]);
    expect(['/news/subscribe/', '/news/subscribe/x', '/news/sub', '/subscribe'].map(subscribe)).toEqual([false, false, false, false]);
    const members = test(['/members/*', '/shop/**']);
    expect(['/news/members/login', '/news/members/a/b', '/news/members', '/news/shop/', '/news/shop/a/b/c', '/news/shopping'].map(members)).toEqual([true, false, false, true, true, false]);
    const anchor = test(['/about/#support']);
    expect(['#support', '/news/about/#support', '#other', '/news/about/'].map(anchor)).toEqual([true, true, false, false]);
    // Decoded, as the path is written.
    expect(test(['/tags/经济/'])('/news/tags/%E7%BB%8F%E6%B5%8E/')).toBe(true);
  });

  it('should match a pattern with a scheme against the URL as written', () => {
    const urls = test(['javascript:*', 'https://courier.example.org/news/legacy/**']);
    expect(['javascript:void(0)', 'https://courier.example.org/news/legacy/a/b', '/news/legacy/a'].map(urls)).toEqual([true, true, false]);
  });
});
