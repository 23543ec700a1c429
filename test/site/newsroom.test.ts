/**
 * Issue #13: standalone pages, scheduled publishing, shared bylines with
 * author profiles, corrections, menus and site data, tested on built output.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readHtml, ROOT, runCli, snapshotTree, tempDir, writeFiles, type CliResult } from '../helpers.js';

const CONFIG = {
  title: 'The Newsroom',
  url: 'https://example.org/',
  language: 'en-GB',
  timezone: 'UTC',
  menus: {
    header: [
      { label: 'About', page: 'about.md' },
      { label: 'World', section: 'world' },
      { label: 'Big story', article: '2024/one.md' },
      { label: 'Donate', url: 'https://donate.example.org/' },
    ],
    footer: [
      { label: 'Contact', page: 'contact.md' },
      { label: 'Home', url: '/' },
    ],
  },
};

/** A small newsroom: two pages, a shared byline, profiles, a correction, a scheduled and an expiring article. */
const SITE: Record<string, string> = {
  'gazette.config.json': JSON.stringify(CONFIG),
  'articles/about.md': '---\nkind: page\npageType: AboutPage\ntitle: About us\nsummary: Who we are.\n---\nWe are PAGE-ABOUT-MARKER. See [contact](contact.md).\n',
  'articles/contact.md': '---\nkind: page\npageType: ContactPage\ntitle: Contact\nurl: /contact-us/\n---\nWrite to us.\n',
  'articles/2024/one.md': [
    '---',
    'title: Shared story',
    'date: 2024-05-01T09:00:00Z',
    'authors:',
    '  - Ann Lee',
    '  - Bo Chan',
    '  - Zed <Script> & Co',
    'section: World',
    'tags: [Trade]',
    'corrections:',
    '  - date: 2024-05-03',
    '    text: "An earlier version misspelt <Bo> Chan\'s name."',
    '  - date: 2024-05-02T12:00:00Z',
    '    text: The figure was 27, not 28.',
    '---',
    'Body of the shared story. Read [about us](../about.md).',
    '',
  ].join('\n'),
  'articles/2024/two.md': '---\ntitle: Second story\ndate: 2024-04-01\nauthor: ann lee\nsection: World\ntags: [Trade]\n---\nAnother body.\n',
  'articles/2024/expiring.md': '---\ntitle: Expiring story EXPIRING-MARKER\ndate: 2024-03-01\nexpires: 2025-01-01\nauthor: Bo Chan\n---\nGone after 2025.\n',
  'articles/2030/future.md': '---\ntitle: Future story FUTURE-MARKER\ndate: 2030-01-01T08:00:00Z\nauthor: Ann Lee\nsection: World\ntags: [Trade]\n---\nNot yet.\n',
  'articles/_data/authors.yml': [
    '- name: Ann Lee',
    '  role: Trade correspondent',
    '  bio: Ann covers **trade** & <em>ports</em>.',
    '  photo: people/ann.svg',
    '  email: ann@example.org',
    '  links: [https://social.example.org/@ann]',
    '- name: Bo Chan',
    '  slug: bo',
    '- name: Cy Without Articles',
    '  role: Editor',
    '',
  ].join('\n'),
  'articles/_data/desks.yml': '- name: Metro\n- name: World\n',
  'articles/people/ann.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n',
};

const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
const jsonLd = (dir: string, rel: string) =>
  readHtml(dir, rel)
    .querySelectorAll('script[type="application/ld+json"]')
    .map((s) => JSON.parse(s.text) as Record<string, unknown>);
/** Every output file's text, but the pages' own. */
const textOf = (dir: string, skip: (rel: string) => boolean = () => false) =>
  listFiles(dir)
    .filter((f) => /\.(html|xml|json)$/.test(f) && !skip(f))
    .map((f) => read(dir, f))
    .join('\n');

async function build(site: string, args: string[], env: Record<string, string> = {}): Promise<{ run: CliResult; out: string }> {
  const out = path.join(tempDir(), 'dist');
  const run = await runCli(['build', '--no-cache', '-o', out, ...args], site, env);
  return { run, out };
}

describe('a newsroom site', () => {
  let site: string;
  let now: { run: CliResult; out: string };
  beforeAll(async () => {
    site = tempDir();
    writeFiles(site, SITE);
    now = await build(site, ['--now', '2026-06-01T00:00:00Z', '--verbose']);
    expect(now.run.code, now.run.stderr).toBe(0);
  });

  describe('standalone pages', () => {
    it('should render pages with their own template and JSON-LD type, at their path or url', () => {
      const about = readHtml(now.out, 'about/index.html');
      expect(about.querySelector('article.standalone-page h1')!.text).toBe('About us');
      expect(about.querySelector('.article-body a')!.getAttribute('href')).toBe('/contact-us/');
      expect(jsonLd(now.out, 'about/index.html')[0]).toMatchObject({ '@type': 'AboutPage', name: 'About us', url: 'https://example.org/about/' });
      expect(jsonLd(now.out, 'contact-us/index.html')[0]).toMatchObject({ '@type': 'ContactPage', url: 'https://example.org/contact-us/' });
      // A link from an article to a page resolves like one to an article.
      expect(readHtml(now.out, '2024/05/one/index.html').querySelector('.article-body a')!.getAttribute('href')).toBe('/about/');
    });

    it('should list pages in sitemap.xml and the full-text search only: never in listings, feeds, the news sitemap or related', () => {
      const sitemap = read(now.out, 'sitemap.xml');
      expect(sitemap).toContain('<loc>https://example.org/about/</loc>');
      expect(sitemap).toContain('<loc>https://example.org/contact-us/</loc>');
      // Readers search the text of standalone pages too (#28).
      const search = (f: string) => f.startsWith('search-index/');
      expect(textOf(now.out, (f) => !search(f))).toContain('Who we are.');
      const elsewhere = textOf(now.out, (f) => f === 'sitemap.xml' || f === 'about/index.html' || search(f));
      expect(elsewhere).not.toContain('PAGE-ABOUT-MARKER');
      expect(elsewhere).not.toContain('Who we are.');
      for (const file of ['feed.xml', 'feed.json', 'news-sitemap.xml']) {
        expect(read(now.out, file), file).not.toMatch(/\/about\/|About us/);
      }
      // Listings and related blocks (the menus do link to the page).
      for (const file of ['index.html', 'archive/index.html', 'section/world/index.html', '2024/05/one/index.html']) {
        expect(readHtml(now.out, file).querySelectorAll('main .card').map((c) => c.text).join(' '), file).not.toContain('About us');
      }
      expect(listFiles(now.out).some((f) => f.startsWith('_data'))).toBe(false);
    });

    it('should refuse a page and an article claiming one URL, naming both', async () => {
      const clash = tempDir();
      writeFiles(clash, {
        'articles/2024/story.md': '---\ntitle: Story\ndate: 2024-05-01\n---\nText.\n',
        'articles/story-page.md': '---\nkind: page\ntitle: Page\nurl: /2024/05/story/\n---\nText.\n',
      });
      const { run, out } = await build(clash, []);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('articles/story-page.md: error has the same URL (/2024/05/story/) as the article articles/2024/story.md');
      expect(fs.existsSync(out)).toBe(false);
    });
  });

  describe('scheduled publishing', () => {
    it('should hold back articles dated after now and expired ones everywhere, and say what is scheduled', () => {
      expect(listFiles(now.out)).not.toContain('2030/01/future/index.html');
      expect(listFiles(now.out)).not.toContain('2024/03/expiring/index.html');
      const all = textOf(now.out);
      expect(all).not.toContain('FUTURE-MARKER');
      expect(all).not.toContain('EXPIRING-MARKER');
      expect(now.run.stderr).toMatch(/Built 2 articles and \d+ standalone pages? \(1 expired held back\), .*; 1 scheduled, next: "Future story FUTURE-MARKER" goes live 2030-01-01T08:00:00Z$/m);
    });

    it('should name the next change with its kind, never an expiry as the next article due (issue #26)', async () => {
      // In June 2024 the expiring story is still live and comes down first, at the start of 2025.
      const june = await build(site, ['--now', '2024-06-01']);
      expect(june.run.code, june.run.stderr).toBe(0);
      expect(june.run.stderr).toMatch(
        /; 1 scheduled, next: "Expiring story EXPIRING-MARKER" expires 2025-01-01T00:00:00Z, "Future story FUTURE-MARKER" goes live 2030-01-01T08:00:00Z$/m,
      );
      // Nothing scheduled, one change to come: the expiry alone.
      const preview = await build(site, ['--now', '2024-06-01', '--future']);
      expect(preview.run.stderr).toMatch(/→ \S+(?:; \d+ warnings?)?; next: "Expiring story EXPIRING-MARKER" expires 2025-01-01T00:00:00Z$/m);
    });

    it('should publish scheduled articles with --future, and with a later --now', async () => {
      const future = await build(site, ['--future', '--now', '2024-06-01']);
      expect(future.run.code, future.run.stderr).toBe(0);
      expect(listFiles(future.out)).toContain('2030/01/future/index.html');
      expect(listFiles(future.out)).toContain('2024/03/expiring/index.html'); // not expired yet in June 2024
      for (const file of ['index.html', 'feed.xml', 'feed.json', 'news-sitemap.xml', 'section/world/index.html', 'tags/trade/index.html', 'authors/ann-lee/index.html']) {
        expect(read(future.out, file), file).toContain('FUTURE-MARKER');
      }
      expect(textOf(future.out, (f) => !f.startsWith('search-index/d/'))).toContain('FUTURE-MARKER');
      expect(read(future.out, 'sitemap.xml')).toContain('https://example.org/2030/01/future/');
      const later = await build(site, [], { SOURCE_DATE_EPOCH: String(Date.UTC(2030, 0, 1, 8) / 1000) });
      expect(later.run.code, later.run.stderr).toBe(0);
      expect(read(later.out, 'feed.xml')).toContain('FUTURE-MARKER');
      expect(later.run.stderr).not.toMatch(/scheduled/);
    });

    it('should give byte-identical sites for the same SOURCE_DATE_EPOCH', async () => {
      const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 5, 1) / 1000) };
      const [a, b] = [await build(site, [], env), await build(site, [], env)];
      expect(a.run.code).toBe(0);
      expect(snapshotTree(a.out)).toEqual(snapshotTree(b.out));
      expect(snapshotTree(a.out)).toEqual(snapshotTree(now.out));
    });

    it('should rebuild, not claim "up to date", once a scheduled article is due', async () => {
      const cached = tempDir();
      writeFiles(cached, SITE);
      const args = ['build', '--verbose'];
      const first = await runCli([...args, '--now', '2029-12-31'], cached);
      expect(first.code, first.stderr).toBe(0);
      const same = await runCli([...args, '--now', '2029-12-31T12:00:00Z'], cached);
      expect(same.stderr).toContain('No source, template or setting changed');
      const due = await runCli([...args, '--now', '2030-01-01T08:00:00Z'], cached);
      expect(due.stderr).not.toContain('No source, template or setting changed');
      expect(read(path.join(cached, 'dist'), 'feed.xml')).toContain('FUTURE-MARKER');
      // Back before it: held back again.
      const back = await runCli([...args, '--now', '2029-12-31'], cached);
      expect(back.stderr).not.toContain('No source, template or setting changed');
      expect(read(path.join(cached, 'dist'), 'feed.xml')).not.toContain('FUTURE-MARKER');
    });
  });

  describe('shared bylines and author profiles', () => {
    it('should join every author in the byline, escaped, each linking to their page', () => {
      const page = readHtml(now.out, '2024/05/one/index.html');
      const byline = page.querySelector('.article-meta .byline')!;
      expect(byline.text).toBe('By Ann Lee, Bo Chan and Zed <Script> & Co');
      expect(byline.innerHTML).toContain('Zed &lt;Script&gt; &amp; Co');
      expect(byline.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['/authors/ann-lee/', '/authors/bo/', '/authors/zed-script-co/']);
    });

    it('should give JSON-LD an array of Person with what the profiles say', () => {
      const [news] = jsonLd(now.out, '2024/05/one/index.html') as [{ author: object[] }];
      expect(news.author).toEqual([
        {
          '@type': 'Person',
          name: 'Ann Lee',
          url: 'https://example.org/authors/ann-lee/',
          jobTitle: 'Trade correspondent',
          image: 'https://example.org/people/ann.svg',
          sameAs: ['https://social.example.org/@ann'],
        },
        { '@type': 'Person', name: 'Bo Chan', url: 'https://example.org/authors/bo/' },
        { '@type': 'Person', name: 'Zed <Script> & Co', url: 'https://example.org/authors/zed-script-co/' },
      ]);
    });

    it('should list every author in the Atom feed and the JSON Feed', () => {
      const atom = read(now.out, 'feed.xml');
      const entry = atom.slice(atom.indexOf('<title type="text">Shared story'), atom.indexOf('</entry>', atom.indexOf('Shared story')));
      expect(entry.match(/<author>.*?<\/author>/g)).toEqual([
        '<author><name>Ann Lee</name><uri>https://example.org/authors/ann-lee/</uri></author>',
        '<author><name>Bo Chan</name><uri>https://example.org/authors/bo/</uri></author>',
        '<author><name>Zed &lt;Script&gt; &amp; Co</name><uri>https://example.org/authors/zed-script-co/</uri></author>',
      ]);
      const feed = JSON.parse(read(now.out, 'feed.json')) as { items: { title: string; authors: { name: string }[] }[] };
      expect(feed.items.find((i) => i.title === 'Shared story')!.authors.map((a) => a.name)).toEqual(['Ann Lee', 'Bo Chan', 'Zed <Script> & Co']);
    });

    it('should show the profile on the author page, with ProfilePage JSON-LD, and keep a page for a profile without articles', () => {
      const ann = readHtml(now.out, 'authors/ann-lee/index.html');
      expect(ann.querySelector('.author-role')!.text).toBe('Trade correspondent');
      expect(ann.querySelector('.author-bio')!.innerHTML).toContain('<strong>trade</strong>');
      // Bios are Markdown: raw HTML in them is sanitized like an article's.
      expect(ann.querySelector('.author-photo')!.getAttribute('src')).toBe('/people/ann.svg');
      expect(ann.querySelectorAll('main .card').length).toBe(2); // "Ann Lee" and "ann lee" are one author
      expect(jsonLd(now.out, 'authors/ann-lee/index.html')[0]).toMatchObject({
        '@type': 'ProfilePage',
        mainEntity: { '@type': 'Person', name: 'Ann Lee', jobTitle: 'Trade correspondent', sameAs: ['https://social.example.org/@ann'] },
      });
      // The description is the bio's text as read: no space opens before the full stop after "<em>ports</em>".
      expect((jsonLd(now.out, 'authors/ann-lee/index.html')[0] as { mainEntity: { description: string } }).mainEntity.description).toBe('Ann covers trade & ports.');
      const cy = readHtml(now.out, 'authors/cy-without-articles/index.html');
      expect(cy.querySelector('.author-role')!.text).toBe('Editor');
      expect(cy.querySelectorAll('main .card').length).toBe(0);
      expect(now.run.stderr).toContain('Cy Without Articles has a profile but no published article');
      // An author without a profile still gets a plain page.
      expect(readHtml(now.out, 'authors/zed-script-co/index.html').querySelector('.author-profile')).toBeNull();
    });

    it('should offer a profile photo in the sizes the image stage made', async () => {
      const photos = tempDir();
      writeFiles(photos, {
        'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\nauthor: Ann\n---\nText.\n',
        'articles/_data/authors.yml': '- name: Ann\n  photo: people/ann.jpg\n',
      });
      fs.mkdirSync(path.join(photos, 'articles/people'));
      await sharp({ create: { width: 800, height: 800, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(photos, 'articles/people/ann.jpg'));
      const { run, out } = await build(photos, []);
      expect(run.code, run.stderr).toBe(0);
      const img = readHtml(out, 'authors/ann/index.html').querySelector('.author-photo')!;
      expect(img.getAttribute('srcset')).toMatch(/\.jpg \d+w, .*\.jpg \d+w/);
      expect(fs.existsSync(path.join(out, img.getAttribute('src')!.slice(1)))).toBe(true);
    });

    it('should make an author photo in the small widths it is shown at, and no other photo', async () => {
      const photos = tempDir();
      writeFiles(photos, {
        'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\nauthor: Ann\nimage: lead.jpg\nimageAlt: A lead photo\n---\nText.\n',
        'articles/_data/authors.yml': '- name: Ann\n  photo: people/ann.jpg\n',
      });
      fs.mkdirSync(path.join(photos, 'articles/people'));
      await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#336699' } }).jpeg().toFile(path.join(photos, 'articles/people/ann.jpg'));
      await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#996633' } }).jpeg().toFile(path.join(photos, 'articles/lead.jpg'));
      const { run, out } = await build(photos, []);
      expect(run.code, run.stderr).toBe(0);
      const img = readHtml(out, 'authors/ann/index.html').querySelector('.author-photo')!;
      const candidates = img.getAttribute('srcset')!.split(', ').map((c) => c.split(' '));
      const widths = candidates.map(([, w]) => w);
      // Shown 8rem wide: 128, 256 and 384 px files for screens of 1, 2 and 3 device pixels per CSS pixel.
      for (const w of ['128w', '256w', '384w']) expect(widths).toContain(w);
      expect(img.getAttribute('sizes')).toBe('8rem');
      const smallest = candidates.find(([, w]) => w === '128w')![0]!;
      expect((await sharp(path.join(out, smallest.slice(1))).metadata()).width).toBe(128);
      // A lead photo keeps the configured widths.
      const lead = readHtml(out, '2024/01/a/index.html').querySelector('.lead-image img')!;
      expect(lead.getAttribute('srcset')).not.toMatch(/ (128|256|384)w/);
    });

    it('should name profile links by their network or host, with inline icons, never as raw addresses', async () => {
      const site = tempDir();
      const links = [
        'https://x.com/ann',
        'https://www.linkedin.com/in/ann-example/',
        'https://github.com/ann',
        'https://mastodon.example/@ann',
        'https://blog.example.org/about?who="ann"&x=<1>',
      ];
      writeFiles(site, {
        'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\nauthor: Ann\n---\nText.\n',
        'articles/_data/authors.yml': `- name: Ann\n  email: ann@example.org\n  links:\n${links.map((l) => `    - '${l}'`).join('\n')}\n`,
      });
      const { run, out } = await build(site, []);
      expect(run.code, run.stderr).toBe(0);
      const list = readHtml(out, 'authors/ann/index.html').querySelector('.author-links')!;
      const anchors = list.querySelectorAll('a[rel="me"]');
      expect(anchors.map((a) => a.text.trim())).toEqual(['X', 'LinkedIn', 'GitHub', 'Mastodon', 'blog.example.org']);
      expect(anchors.map((a) => a.getAttribute('href'))).toEqual(links);
      expect(anchors.map((a) => a.querySelector('svg.icon')!.getAttribute('class'))).toEqual(['icon icon-x', 'icon icon-globe', 'icon icon-globe', 'icon icon-globe', 'icon icon-globe']);
      expect(list.querySelector('a[href="mailto:ann@example.org"]')!.querySelector('svg.icon-mail')).not.toBeNull();
      expect(fs.readFileSync(path.join(out, 'authors/ann/index.html'), 'utf8')).toContain('href="https://blog.example.org/about?who&#x3D;&quot;ann&quot;&amp;x&#x3D;&lt;1&gt;"');
    });

    it('should report profile mistakes at their line and column', async () => {
      const bad = tempDir();
      writeFiles(bad, {
        'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\nauthor: Ann\n---\nText.\n',
        'articles/_data/authors.yml': [
          '- name: Ann',
          '  slug: ann',
          '- name: Another Ann',
          '  slug: ann',
          '- name: Bob',
          '  colour: red',
          '  links: [ftp://example.org/bob]',
          '- role: Nobody',
          '- name: Dee',
          '  photo: people/missing.svg',
          '',
        ].join('\n'),
      });
      const { run } = await build(bad, []);
      expect(run.code).toBe(1);
      const lines = run.stderr.split('\n').filter((l) => l.startsWith('articles/_data/authors.yml:'));
      expect(lines).toEqual([
        'articles/_data/authors.yml:4:9: error profile 2 has the slug "ann" of the profile of Ann (line 1); give one of them another "slug" [profile-duplicate]',
        'articles/_data/authors.yml:6:11: error profile 3 has an unknown field "colour" (fields: name, slug, role, bio, photo, email, links) [profile-invalid]',
        'articles/_data/authors.yml:7:11: error profile 3: link 1 must be an http(s) URL, not "ftp://example.org/bob" [profile-invalid]',
        'articles/_data/authors.yml:8:3: error profile 4 has no "name": give the name as bylines write it [profile-invalid]',
        'articles/_data/authors.yml:9:3: error the photo of Dee, "people/missing.svg", is not a file in the source folder (paths are relative to it) [profile-photo]',
      ]);
    });
  });

  describe('corrections', () => {
    it('should show a corrections box, move dateModified and carry CorrectionComment JSON-LD', () => {
      const page = readHtml(now.out, '2024/05/one/index.html');
      const items = page.querySelectorAll('.corrections-box li');
      expect(items.map((li) => li.getAttribute('id'))).toEqual(['correction-1', 'correction-2']);
      expect(items[0]!.text).toContain('The figure was 27, not 28.');
      expect(items[1]!.innerHTML).toContain('misspelt &lt;Bo&gt; Chan');
      const [news] = jsonLd(now.out, '2024/05/one/index.html') as [Record<string, unknown>];
      expect(news.dateModified).toBe('2024-05-03T00:00:00Z');
      expect(news.correction).toEqual([
        { '@type': 'CorrectionComment', datePublished: '2024-05-02T12:00:00Z', text: 'The figure was 27, not 28.', url: 'https://example.org/2024/05/one/#correction-1' },
        { '@type': 'CorrectionComment', datePublished: '2024-05-03T00:00:00Z', text: "An earlier version misspelt <Bo> Chan's name.", url: 'https://example.org/2024/05/one/#correction-2' },
      ]);
      expect(read(now.out, 'sitemap.xml')).toContain('<loc>https://example.org/2024/05/one/</loc><lastmod>2024-05-03T00:00:00Z</lastmod>');
    });

    it('should list every correction newest first on /corrections/, with its own feeds', () => {
      const page = readHtml(now.out, 'corrections/index.html');
      expect(page.querySelectorAll('.correction-entry a').map((a) => a.getAttribute('href'))).toEqual([
        '/2024/05/one/#correction-2',
        '/2024/05/one/#correction-1',
      ]);
      const atom = read(now.out, 'corrections/feed.xml');
      expect(atom.match(/<id>[^<]*#correction-\d<\/id>/g)).toEqual([
        '<id>https://example.org/2024/05/one/#correction-2</id>',
        '<id>https://example.org/2024/05/one/#correction-1</id>',
      ]);
      expect(atom).toContain('<summary type="text">An earlier version misspelt &lt;Bo&gt; Chan&apos;s name.</summary>');
      const json = JSON.parse(read(now.out, 'corrections/feed.json')) as { items: { content_text: string }[] };
      expect(json.items.map((i) => i.content_text)).toEqual(["An earlier version misspelt <Bo> Chan's name.", 'The figure was 27, not 28.']);
      expect(readHtml(now.out, 'index.html').querySelector('.site-footer a[href="/corrections/"]')).not.toBeNull();
    });

    it('should report corrections dated before the article or of the wrong shape at their position', async () => {
      const bad = tempDir();
      writeFiles(bad, {
        'articles/a.md': [
          '---',
          'title: A',
          'date: 2024-05-01',
          'corrections:',
          '  - date: 2024-04-30',
          '    text: Too early.',
          '  - text: No date.',
          '  - date: 2024-05-02',
          '    text: ""',
          '  - just a string',
          '---',
          'Text.',
          '',
        ].join('\n'),
      });
      const { run } = await build(bad, []);
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n').filter((l) => l.startsWith('articles/a.md:'))).toEqual([
        'articles/a.md:5:11: error correction 1 is dated before the article itself; a correction comes after publication [front-matter-corrections]',
        'articles/a.md:7:5: error correction 2 needs a "date" (YYYY-MM-DD or YYYY-MM-DDTHH:MM) [front-matter-corrections]',
        'articles/a.md:9:11: error correction 3 needs a "text" saying what was corrected [front-matter-corrections]',
        'articles/a.md:10:5: error correction 4 must be a mapping with "date" and "text", not "just a string" [front-matter-corrections]',
      ]);
    });

    it('should warn at a correction or an "updated" dated after the build\'s now, which would show at once with a date to come', async () => {
      const site = tempDir();
      writeFiles(site, {
        'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }),
        'articles/a.md': ['---', 'title: A', 'date: 2024-05-01T09:00:00Z', 'updated: 2024-06-30', 'corrections:', '  - date: 2024-05-02', '    text: Fine.', '  - date: 2025-05-03', '    text: A year too late.', '---', 'Text.', ''].join('\n'),
      });
      const { run } = await build(site, ['--now', '2024-06-01T00:00:00Z']);
      expect(run.code, run.stderr).toBe(0);
      const tail = "is dated after the build's now (2024-06-01T00:00:00.000Z), yet shows at once, and the article's modified time (JSON-LD, feeds, sitemap) lies in the future; check the date [date-after-now]";
      expect(run.stderr.split('\n').filter((l) => l.startsWith('articles/a.md:'))).toEqual([`articles/a.md:4:10: warning "updated" ${tail}`, `articles/a.md:8:11: warning correction 2 ${tail}`]);
      // Later, or previewing with --future, nothing to say.
      for (const args of [['--now', '2025-06-01T00:00:00Z'], ['--now', '2024-06-01T00:00:00Z', '--future']]) {
        expect((await build(site, args)).run.stderr).not.toContain('date-after-now');
      }
    });

    it('should take a correction dated with the day of publication alone as made that day, after publication', async () => {
      const site = tempDir();
      const story = (updated: string) =>
        ['---', 'title: A', 'date: 2024-05-01T09:00:00+02:00', updated, 'corrections:', '  - date: 2024-05-01', '    text: Fixed the same day.', '---', 'Text.', ''].join('\n');
      writeFiles(site, { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/', timezone: 'Europe/Paris' }), 'articles/a.md': story('') });
      const { run, out } = await build(site, []);
      expect(run.code, run.stderr).toBe(0);
      const page = readHtml(out, '2024/05/a/index.html');
      expect(page.querySelector('#correction-1')!.text).toBe('May 1, 2024: Fixed the same day.');
      expect(jsonLd(out, '2024/05/a/index.html')[0]).toMatchObject({ correction: [{ datePublished: '2024-05-01T09:00:00+02:00', text: 'Fixed the same day.' }] });
      // The day before is still before publication; an "updated" of the day alone is asked for its time.
      writeFiles(site, { 'articles/a.md': story('updated: 2024-05-01').replace('  - date: 2024-05-01', '  - date: 2024-04-30') });
      const again = await build(site, []);
      expect(again.run.code).toBe(1);
      expect(again.run.stderr.split('\n').filter((l) => l.startsWith('articles/a.md:'))).toEqual([
        'articles/a.md:4:10: error "updated" is earlier than "date" (a date without a time is 00:00 that day, in Europe/Paris): give its time too (2024-05-01 HH:MM) [front-matter-date]',
        'articles/a.md:6:11: error correction 1 is dated before the article itself; a correction comes after publication [front-matter-corrections]',
      ]);
    });
  });

  describe('menus and site data', () => {
    it('should resolve header and footer menus to final URLs, under the base path too', async () => {
      const header = readHtml(now.out, 'index.html').querySelectorAll('.site-nav-menu a');
      expect(header.map((a) => [a.text, a.getAttribute('href')])).toEqual([
        ['About', '/about/'],
        ['World', '/section/world/'],
        ['Big story', '/2024/05/one/'],
        ['Donate', 'https://donate.example.org/'],
      ]);
      expect(readHtml(now.out, 'about/index.html').querySelector('.site-nav-menu a[aria-current="page"]')!.text).toBe('About');
      const based = await build(site, ['--now', '2026-06-01', '--base-url', 'https://example.org/news/']);
      const footer = readHtml(based.out, 'index.html').querySelectorAll('.site-footer-nav a').slice(0, 2);
      expect(footer.map((a) => a.getAttribute('href'))).toEqual(['/news/contact-us/', '/news/']);
    });

    it('should refuse a menu entry that points at nothing, naming the config file', async () => {
      const bad = tempDir();
      writeFiles(bad, {
        'gazette.config.json': JSON.stringify({ menus: { header: [{ label: 'Gone', page: 'gone.md' }], footer: [{ label: 'Two', page: 'a.md', url: '/x/' }, { label: 'Three', url: '/y/', titel: 'Three' }] } }, null, 2),
        'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\n---\nText.\n',
      });
      const { run } = await build(bad, []);
      expect(run.code).toBe(1);
      // At the entry's target, line and column, with the config's lines around it.
      expect(run.stderr).toContain('gazette.config.json:6:17: error menus.header[0] ("Gone") points at nothing: no published page is "gone.md"');
      expect(run.stderr).toContain('> 6 |         "page": "gone.md"');
      expect(run.stderr).toContain('gazette.config.json:13:16: error menus.footer[0] ("Two") needs exactly one of "page", "article", "section", "url"');
      expect(run.stderr).toContain('gazette.config.json:18:18: error menus.footer[1] has an unknown field "titel"');
    });

    it('should leave out an entry naming what is held back until it is published, and warn for a draft or an expired item', async () => {
      const launch = tempDir();
      const menus = {
        header: [
          { label: 'Elections', section: 'Elections' },
          { label: 'Guide', page: 'guide.md' },
          { label: 'Results', article: '2026/results.md' },
          { label: 'Home', url: '/' },
        ],
        footer: [
          { label: 'Plans', page: 'plans.md' },
          { label: 'Offer', article: '2024/offer.md' },
        ],
      };
      writeFiles(launch, {
        'gazette.config.json': JSON.stringify({ menus }),
        'articles/2024/a.md': '---\ntitle: A\ndate: 2024-01-01\nsection: World\n---\nText.\n',
        // The section's first articles, the guide and the results are scheduled for the launch.
        'articles/2026/results.md': '---\ntitle: Results\ndate: 2026-11-04T06:00:00Z\nsection: Elections\n---\nText.\n',
        'articles/2026/preview.md': '---\ntitle: Preview\ndate: 2026-11-03T09:00:00Z\nsection: elections\n---\nText.\n',
        'articles/guide.md': '---\nkind: page\ntitle: Voting guide\ndate: 2026-11-01T08:00:00Z\n---\nText.\n',
        'articles/plans.md': '---\nkind: page\ntitle: Plans\ndraft: true\n---\nText.\n',
        'articles/2024/offer.md': '---\ntitle: Offer\ndate: 2024-02-01\nexpires: 2024-03-01\n---\nText.\n',
      });
      const entries = (out: string, menu: string) => readHtml(out, 'index.html').querySelectorAll(`${menu} a`).map((a) => [a.text, a.getAttribute('href')]);
      const before = await build(launch, ['--now', '2026-10-01T00:00:00Z', '--verbose']);
      expect(before.run.code, before.run.stderr).toBe(0);
      expect(entries(before.out, '.site-nav-menu')).toEqual([['Home', '/']]);
      expect(entries(before.out, '.site-footer-nav').filter(([text]) => text === 'Plans' || text === 'Offer')).toEqual([]);
      expect(before.run.stderr).toContain(
        'gazette.config.json: menus.header[0] ("Elections") is left out of the menu until an article in section "Elections" is published, 2026-11-03T09:00:00.000Z',
      );
      expect(before.run.stderr).toContain('gazette.config.json: menus.header[1] ("Guide") is left out of the menu until "guide.md" is published, 2026-11-01T08:00:00.000Z');
      expect(before.run.stderr).toContain('menus.header[2] ("Results") is left out of the menu until "2026/results.md" is published, 2026-11-04T06:00:00.000Z');
      // Each at its entry in the config file.
      const warnings = before.run.stderr.split('\n').filter((l) => /^gazette\.config\.json:\d+:\d+: warning/.test(l)).map((l) => l.replace(/:\d+:\d+:/, ':'));
      expect(warnings).toEqual([
        'gazette.config.json: warning menus.footer[0] ("Plans") points at a draft page: left out of the menu (it shows once the draft is published) [menu-unpublished]',
        'gazette.config.json: warning menus.footer[1] ("Offer") points at an expired article: left out of the menu (remove the entry, or the expiry) [menu-unpublished]',
      ]);
      // --strict holds the warnings against the build.
      expect((await build(launch, ['--now', '2026-10-01T00:00:00Z', '--strict'])).run.code).toBe(1);

      // Once the section's first article is out, its entry is there; the guide and the results come at their own times.
      const launched = await build(launch, ['--now', '2026-11-03T09:00:00Z']);
      expect(launched.run.code, launched.run.stderr).toBe(0);
      expect(entries(launched.out, '.site-nav-menu')).toEqual([
        ['Elections', '/section/elections/'],
        ['Guide', '/guide/'],
        ['Home', '/'],
      ]);
      const after = await build(launch, ['--now', '2026-11-05T00:00:00Z']);
      expect(entries(after.out, '.site-nav-menu').map(([text]) => text)).toEqual(['Elections', 'Guide', 'Results', 'Home']);

      // A section nothing is in, scheduled or not, is still a mistake.
      writeFiles(launch, { 'gazette.config.json': JSON.stringify({ menus: { header: [{ label: 'Elektions', section: 'Elektions' }] } }) });
      const typo = await build(launch, ['--now', '2026-10-01T00:00:00Z']);
      expect(typo.run.code).toBe(1);
      expect(typo.run.stderr).toMatch(/gazette\.config\.json:\d+:\d+: error menus\.header\[0\] \("Elektions"\) points at nothing: no section is named "Elektions"/);
    });

    it('should give templates site.data from the data folder', async () => {
      const themed = tempDir();
      writeFiles(themed, {
        ...SITE,
        'theme/partials/footer.hbs': '<footer><ul>{{#each site.data.desks}}<li class="desk">{{name}}</li>{{/each}}</ul></footer>\n',
        'theme/pages/.keep': '',
      });
      const { run, out } = await build(themed, ['-t', 'theme', '--now', '2026-06-01']);
      expect(run.code, run.stderr).toBe(0);
      expect(readHtml(out, 'index.html').querySelectorAll('.desk').map((d) => d.text)).toEqual(['Metro', 'World']);
    });
  });
});

describe('the sample site', () => {
  const SCHEDULED = '2027/03/eastmere-harbour-rail-link-opens/index.html';
  let cwd: string;
  beforeAll(() => {
    cwd = tempDir();
    fs.cpSync(path.join(ROOT, 'articles'), path.join(cwd, 'articles'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'gazette.config.json'), path.join(cwd, 'gazette.config.json'));
  });

  it('should hold its scheduled article back today, and publish it with --future or a later --now', async () => {
    const today = await build(cwd, []);
    expect(today.run.code, today.run.stderr).toBe(0);
    expect(today.run.stderr).toMatch(/1 scheduled, next: "Eastmere Harbour Rail Link Opens to Freight Trains" goes live 2027-03-15T09:00:00Z/);
    expect(listFiles(today.out)).not.toContain(SCHEDULED);
    expect(textOf(today.out)).not.toContain('Rail Link Opens');
    for (const args of [['--future'], ['--now', '2027-03-15T09:00:00Z']]) {
      const { run, out } = await build(cwd, args);
      expect(run.code, run.stderr).toBe(0);
      expect(listFiles(out)).toContain(SCHEDULED);
      expect(read(out, 'feed.xml')).toContain('Rail Link Opens');
    }
    // Pages, the shared byline of two profiled authors and the corrected article.
    expect(jsonLd(today.out, 'about/index.html')[0]).toMatchObject({ '@type': 'AboutPage' });
    expect(jsonLd(today.out, 'contact/index.html')[0]).toMatchObject({ '@type': 'ContactPage' });
    expect(listFiles(today.out)).toContain('corrections-policy/index.html');
    const [story] = jsonLd(today.out, '2024/04/cross-border-ecommerce-small-makers/index.html') as [{ author: { name: string; jobTitle?: string }[] }];
    expect(story.author.map((a) => [a.name, a.jobTitle])).toEqual([
      ['Lin Meiying', 'Trade and economy correspondent'],
      ['Tom Achebe-Harris', 'Sport and city hall reporter'],
    ]);
    expect(readHtml(today.out, 'corrections/index.html').querySelectorAll('.correction-entry a').map((a) => a.getAttribute('href'))).toEqual([
      '/2024/01/council-backs-open-roof-stadium/#correction-1',
    ]);
  });
});
