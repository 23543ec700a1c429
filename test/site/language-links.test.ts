/**
 * Issue #25, languages' loose ends: x-default for a text the default language lacks, og:locale:alternate
 * on standalone pages, listings linked to the same listing in the other languages, text shown in a
 * fallback language marked with its language, and menu labels per language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, listFiles, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const CONFIG = {
  title: 'Meridian',
  description: 'News from everywhere.',
  url: 'https://example.org/',
  language: 'en',
  timezone: 'UTC',
  languages: { en: { name: 'English' }, fr: { name: 'Français' }, de: { name: 'Deutsch' } },
};

async function build(files: Record<string, string>, config: Record<string, unknown> = CONFIG): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, { 'gazette.config.json': JSON.stringify(config), ...files });
  const result = await runCli(['build', '--no-cache'], dir);
  expect(result.code, result.stderr).toBe(0);
  return path.join(dir, 'dist');
}

const hreflangs = (out: string, file: string) =>
  Object.fromEntries(readHtml(out, file).querySelectorAll('link[rel="alternate"][hreflang]').map((l) => [l.getAttribute('hreflang')!, l.getAttribute('href')!]));
const metaAll = (out: string, file: string, name: string) =>
  readHtml(out, file).querySelectorAll(`meta[property="${name}"]`).map((m) => m.getAttribute('content'));

describe('links between the languages of a site', () => {
  it('should give a text the default language lacks an x-default: its first version in the order of the languages', async () => {
    const out = await build({
      'articles/fr/a-propos.md': article({ title: 'À propos', kind: 'page', translationKey: 'about' }),
      'articles/de/ueber-uns.md': article({ title: 'Über uns', kind: 'page', translationKey: 'about' }),
      'articles/de/2024/wetter.md': article({ title: 'Wetter', date: '2024-01-02', translationKey: 'weather' }),
      'articles/fr/2024/meteo.md': article({ title: 'Météo', date: '2024-01-02', translationKey: 'weather' }),
    });
    for (const file of ['fr/a-propos/index.html', 'de/ueber-uns/index.html']) {
      expect(hreflangs(out, file)).toEqual({ fr: 'https://example.org/fr/a-propos/', de: 'https://example.org/de/ueber-uns/', 'x-default': 'https://example.org/fr/a-propos/' });
    }
    // Languages in the config's order (en, fr, de), whichever file was written first.
    expect(hreflangs(out, 'de/2024/01/wetter/index.html')['x-default']).toBe('https://example.org/fr/2024/01/meteo/');
    const sitemap = fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain(
      '<url><loc>https://example.org/de/ueber-uns/</loc>' +
        '<xhtml:link rel="alternate" hreflang="fr" href="https://example.org/fr/a-propos/"/>' +
        '<xhtml:link rel="alternate" hreflang="de" href="https://example.org/de/ueber-uns/"/>' +
        '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/fr/a-propos/"/></url>',
    );
  });

  it('should give standalone pages og:locale:alternate for their other versions', async () => {
    const out = await build({
      'articles/about.md': article({ title: 'About', kind: 'page' }),
      'articles/fr/about.md': article({ title: 'À propos', kind: 'page' }),
      'articles/solo.md': article({ title: 'Solo', kind: 'page' }),
    });
    // Open Graph locales are language_TERRITORY: a tag without a region gets its likeliest one.
    expect(metaAll(out, 'about/index.html', 'og:locale')).toEqual(['en_US']);
    expect(metaAll(out, 'about/index.html', 'og:locale:alternate')).toEqual(['fr_FR']);
    expect(metaAll(out, 'fr/about/index.html', 'og:locale')).toEqual(['fr_FR']);
    expect(metaAll(out, 'fr/about/index.html', 'og:locale:alternate')).toEqual(['en_US']);
    expect(metaAll(out, 'solo/index.html', 'og:locale:alternate')).toEqual([]);
  });

  it('should write og:locale as language_TERRITORY for tags with a script or a region', async () => {
    const config = { ...CONFIG, language: 'en-GB', languages: { 'en-GB': { name: 'English' }, 'zh-Hans-CN': { name: '中文' }, 'zh-Hant': { name: '繁體中文' } } };
    const out = await build(
      {
        'articles/about.md': article({ title: 'About', kind: 'page' }),
        'articles/zh-Hans-CN/about.md': article({ title: '关于', kind: 'page' }),
        'articles/zh-Hant/about.md': article({ title: '關於', kind: 'page' }),
      },
      config,
    );
    expect(metaAll(out, 'about/index.html', 'og:locale')).toEqual(['en_GB']);
    expect(metaAll(out, 'about/index.html', 'og:locale:alternate')).toEqual(['zh_CN', 'zh_TW']);
    expect(metaAll(out, 'zh-Hans-CN/about/index.html', 'og:locale')).toEqual(['zh_CN']);
    expect(metaAll(out, 'zh-Hant/about/index.html', 'og:locale')).toEqual(['zh_TW']);
  });

  it('should link each listing to the same listing in the other languages, both ways, where it exists', async () => {
    const config = { ...CONFIG, pageSize: 1, languages: { en: { name: 'English' }, fr: { name: 'Français' } } };
    const out = await build(
      {
        'articles/2024/a.md': article({ title: 'A', date: '2024-03-03', section: 'Business', tags: ['Trade', 'Port'], author: 'Ana Reyes' }),
        'articles/2024/b.md': article({ title: 'B', date: '2024-03-02', tags: ['Trade'] }),
        'articles/2024/c.md': article({ title: 'C', date: '2024-03-01' }),
        'articles/fr/2024/a.md': article({ title: 'A fr', date: '2024-03-03', section: 'Économie', tags: ['Trade'], author: 'Ana Reyes' }),
        'articles/fr/2024/x.md': article({ title: 'X fr', date: '2024-03-02' }),
      },
      config,
    );
    const linked = (file: string) => hreflangs(out, file);
    const both = (rel: string) => ({ en: `https://example.org/${rel}`, fr: `https://example.org/fr/${rel}`, 'x-default': `https://example.org/${rel}` });
    for (const rel of ['tags/trade/', 'authors/ana-reyes/', 'search/', 'archive/', 'archive/2024/', 'archive/2024/03/', 'tags/', 'page/2/']) {
      expect(linked(`${rel}index.html`), rel).toEqual(both(rel));
      expect(linked(`fr/${rel}index.html`), `fr/${rel}`).toEqual(both(rel));
      expect(metaAll(out, `fr/${rel}index.html`, 'og:locale:alternate'), rel).toEqual(['en_US']);
      const switcher = readHtml(out, `fr/${rel}index.html`).querySelectorAll('.language-switcher a').map((a) => a.getAttribute('href'));
      expect(switcher, rel).toEqual([`/${rel}`, `/fr/${rel}`]);
    }
    // A listing one language has and the other has not: no hreflang, and the switcher offers the other front page.
    for (const [file, home] of [['tags/port/index.html', '/fr/'], ['page/3/index.html', '/fr/'], ['section/business/index.html', '/fr/'], ['fr/section/économie/index.html', '/']]) {
      expect(linked(file!), file).toEqual({});
      expect(metaAll(out, file!, 'og:locale:alternate'), file).toEqual([]);
      expect(readHtml(out, file!).querySelectorAll('.language-switcher a').map((a) => a.getAttribute('href')), file).toContain(home);
    }
    // The 404 page answers every missing URL: it has no versions.
    expect(linked('404.html')).toEqual({});
    const sitemap = fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
    expect(sitemap).toMatch(
      /<url><loc>https:\/\/example\.org\/fr\/tags\/trade\/<\/loc><lastmod>[^<]+<\/lastmod><xhtml:link rel="alternate" hreflang="en" href="https:\/\/example\.org\/tags\/trade\/"\/><xhtml:link rel="alternate" hreflang="fr" href="https:\/\/example\.org\/fr\/tags\/trade\/"\/>/,
    );
  });

  it('should take a menu label per language, else the title of the page in that language, else the default language\'s marked as such', async () => {
    const languages = { en: { name: 'English' }, 'zh-CN': { name: '中文' } };
    const menus = {
      header: [
        { label: { en: 'About', 'zh-CN': '关于' }, page: 'about.md' },
        { label: 'Contact', page: 'contact.md' },
        { label: 'Donate', url: 'https://donate.example.org/' },
      ],
    };
    const files = {
      'articles/about.md': article({ title: 'About the Meridian', kind: 'page' }),
      'articles/zh-CN/about.md': article({ title: '关于子午线报', kind: 'page' }),
      'articles/contact.md': article({ title: 'Contact us', kind: 'page' }),
      'articles/zh-CN/contact.md': article({ title: '联系我们', kind: 'page' }),
    };
    const out = await build(files, { ...CONFIG, languages, menus });
    const menu = (file: string) =>
      readHtml(out, file).querySelectorAll('.site-nav-menu a').map((a) => [a.text, a.getAttribute('href'), a.getAttribute('lang') ?? null, a.getAttribute('dir') ?? null]);
    expect(menu('index.html')).toEqual([
      ['About', '/about/', null, null],
      ['Contact', '/contact/', null, null],
      ['Donate', 'https://donate.example.org/', null, null],
    ]);
    expect(menu('zh-CN/index.html')).toEqual([
      ['关于', '/zh-CN/about/', null, null],
      ['联系我们', '/zh-CN/contact/', null, null],
      ['Donate', 'https://donate.example.org/', 'en', 'auto'],
    ]);

    const broken = async (label: unknown) => {
      const dir = tempDir();
      writeFiles(dir, { 'gazette.config.json': JSON.stringify({ ...CONFIG, languages, menus: { footer: [{ label, page: 'about.md' }] } }), ...files });
      const result = await runCli(['build'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      return result.stderr;
    };
    // Each at the entry in the config file.
    expect(await broken({ en: 'About', fr: 'À propos' })).toMatch(
      /gazette\.config\.json:1:\d+: error menus\.footer\[0\] has a label for "fr", which is not one of the site's languages \(en, zh-CN\)/,
    );
    expect(await broken({ 'zh-CN': '关于' })).toContain(
      ': error menus.footer[0] needs a label in the default language "en" (shown where a language has none): {"label": {"en": "…", "zh-CN": "…"}}',
    );
    expect(await broken({ en: '' })).toMatch(/gazette\.config\.json:\d+:\d+: error menus\.footer\[0\] has an empty label for "en"/);
    expect(await broken(['About'])).toMatch(/gazette\.config\.json:\d+:\d+: error menus\.footer\[0\] needs a "label"/);
  });

  it('should show a menu entry for a section in the languages that have it, and fail only on a section no language has', async () => {
    const menus = { header: [{ label: { en: 'Culture', fr: 'Culture', de: 'Kultur' }, section: 'Culture' }, { label: 'Sport', section: 'Sport' }] };
    const files = {
      'articles/fr/2024/festival.md': article({ title: 'Le festival', date: '2024-01-02', section: 'Culture' }),
      'articles/de/2024/festival.md': article({ title: 'Das Festival', date: '2024-01-02', section: 'culture' }),
      'articles/2024/match.md': article({ title: 'The match', date: '2024-01-02', section: 'Sport' }),
    };
    const dir = tempDir();
    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ ...CONFIG, menus }), ...files });
    const result = await runCli(['build', '--verbose', '--strict'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('gazette.config.json: menus.header[0] ("Culture") is left out of the en menus: no en story is in section "Culture"');
    const out = path.join(dir, 'dist');
    const menu = (file: string) => readHtml(out, file).querySelectorAll('.site-nav-menu a').map((a) => [a.text, a.getAttribute('href')]);
    expect(menu('index.html')).toEqual([['Sport', '/section/sport/']]);
    expect(menu('fr/index.html')).toEqual([['Culture', '/fr/section/culture/']]);
    expect(menu('de/index.html')).toEqual([['Kultur', '/de/section/culture/']]);

    const typo = tempDir();
    writeFiles(typo, { 'gazette.config.json': JSON.stringify({ ...CONFIG, menus: { header: [{ label: 'Culture', section: 'Cultrue' }] } }), ...files });
    const broken = await runCli(['build'], typo);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/gazette\.config\.json:\d+:\d+: error menus\.header\[0\] \("Culture"\) points at nothing: no section is named "Cultrue" \[menu\-invalid\]/);
  });

  it('should mark text shown in a fallback language with its language: the site\'s description, theme strings, headings', async () => {
    const languages = { en: { name: 'English' }, ar: { name: 'العربية', title: 'المزولة' }, 'zh-CN': { name: '中文', description: '新闻' } };
    const out = await build(
      {
        'articles/2024/a.md': article({ title: 'A', date: '2024-03-03', tags: ['Trade'] }),
        'articles/ar/2024/a.md': article({ title: 'أ', date: '2024-03-03', tags: ['تجارة'] }),
      },
      { ...CONFIG, languages },
    );
    const ar = readHtml(out, 'ar/index.html');
    const attrs = (el: { getAttribute(name: string): string | undefined } | null) => [el?.getAttribute('lang') ?? null, el?.getAttribute('dir') ?? null];
    // The description is the site's (English): marked; the title is Arabic's own: not.
    expect(ar.querySelector('.masthead-tagline')!.text).toBe('News from everywhere.');
    expect(attrs(ar.querySelector('.masthead-tagline'))).toEqual(['en', 'auto']);
    expect(attrs(ar.querySelector('.masthead-title a'))).toEqual([null, null]);
    // The theme has no Arabic strings: each English one says so, and reads left to right.
    const archive = ar.querySelector('.site-nav-utility a span')!;
    expect([archive.text, ...attrs(archive)]).toEqual(['Archive', 'en', 'ltr']);
    expect(attrs(ar.querySelector('.skip-link span'))).toEqual(['en', 'ltr']);
    // A heading and a description made from English strings.
    expect(attrs(ar.querySelector('main h1'))).toEqual(['en', 'auto']);
    const tag = readHtml(out, 'ar/tags/تجارة/index.html');
    expect(attrs(tag.querySelector('.listing-description'))).toEqual(['en', 'auto']);
    expect(attrs(tag.querySelector('main h1'))).toEqual([null, null]);

    // Chinese has its own strings and description, and takes the site's title (a name, but English): only that is marked.
    const zh = readHtml(out, 'zh-CN/index.html');
    expect(attrs(zh.querySelector('.masthead-title a'))).toEqual(['en', 'auto']);
    expect(attrs(zh.querySelector('.masthead-tagline'))).toEqual([null, null]);
    expect(zh.querySelectorAll('span[lang]')).toHaveLength(0);
    // English pages are in English: nothing to mark.
    for (const file of ['index.html', 'tags/trade/index.html', 'search/index.html']) {
      const html = fs.readFileSync(path.join(out, file), 'utf8');
      expect(html, file).not.toContain('<span lang=');
      expect(html, file).not.toContain('dir="auto"');
    }
  });

  it('should equal a clean build while watching when a listing gains or loses its version in another language', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ ...CONFIG, menus: { footer: [{ label: { en: 'About', fr: 'À propos' }, page: 'about.md' }, { label: 'Contact', page: 'contact.md' }] } }),
      'articles/about.md': article({ title: 'About', kind: 'page' }),
      'articles/contact.md': article({ title: 'Contact', kind: 'page' }),
      'articles/2024/a.md': article({ title: 'A', date: '2024-03-03', tags: ['Trade', 'Port'] }),
      'articles/fr/2024/a.md': article({ title: 'A fr', date: '2024-03-03', tags: ['Trade'] }),
    });
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      const out = path.join(site, 'dist');
      const edit = async (rel: string, text: string) => {
        const file = path.join(site, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        await session.rebuild([file]);
        await expectCleanBuild(site, out, rel);
      };
      expect(hreflangs(out, 'tags/port/index.html')).toEqual({});
      await edit('articles/fr/2024/a.md', article({ title: 'A fr', date: '2024-03-03', tags: ['Trade', 'Port'] }));
      expect(hreflangs(out, 'tags/port/index.html').fr).toBe('https://example.org/fr/tags/port/');
      await edit('articles/fr/contact.md', article({ title: 'Nous écrire', kind: 'page' }));
      expect(readHtml(out, 'fr/index.html').querySelectorAll('.site-footer-nav a').map((a) => a.text)).toContain('Nous écrire');
      await edit('articles/fr/2024/a.md', article({ title: 'A fr', date: '2024-03-03', tags: ['Port'] }));
      expect(hreflangs(out, 'tags/trade/index.html')).toEqual({});
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('should give an author a page only in the languages they write in, and one who wrote nothing a page in the default language alone', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify(CONFIG),
      'articles/_data/authors.yml': '- name: Ana Reyes\n  bio: Ana covers trade.\n- name: Marc Dubois\n- name: Idle Person\n  bio: Nothing yet.\n',
      'articles/2024/a.md': article({ title: 'A', date: '2024-03-03', author: 'Ana Reyes' }),
      'articles/fr/2024/b.md': article({ title: 'B fr', date: '2024-03-02', author: 'Marc Dubois' }),
      'articles/de/2024/c.md': article({ title: 'C de', date: '2024-03-01', author: 'Lea Weber' }),
    });
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      const out = path.join(site, 'dist');
      const pages = () => listFiles(out).filter((f) => f.includes('authors/'));
      const inSitemap = () => [...fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8').matchAll(/<loc>https:\/\/example\.org\/([^<]*authors\/[^<]*)<\/loc>/g)].map((m) => m[1]);
      const switcher = (file: string) => readHtml(out, file).querySelectorAll('.language-switcher a').map((a) => a.getAttribute('href'));
      await expectCleanBuild(site, out, 'first build');
      expect(pages()).toEqual(['authors/ana-reyes/index.html', 'authors/idle-person/index.html', 'de/authors/lea-weber/index.html', 'fr/authors/marc-dubois/index.html']);
      expect(inSitemap()).toEqual(['authors/ana-reyes/', 'authors/idle-person/', 'de/authors/lea-weber/', 'fr/authors/marc-dubois/']);
      // No version in another language: no hreflang, and the switcher offers that language's front page.
      expect(hreflangs(out, 'authors/ana-reyes/index.html')).toEqual({});
      expect(switcher('authors/ana-reyes/index.html')).toEqual(['/authors/ana-reyes/', '/fr/', '/de/']);
      expect(switcher('fr/authors/marc-dubois/index.html')).toEqual(['/', '/fr/authors/marc-dubois/', '/de/']);
      // Ana writes in French too, and the idle author in German: their pages follow, while watching as in a build.
      const add = async (rel: string, text: string) => {
        const file = path.join(site, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        await session.rebuild([file]);
        await expectCleanBuild(site, out, rel);
      };
      await add('articles/fr/2024/d.md', article({ title: 'D fr', date: '2024-03-04', author: 'Ana Reyes' }));
      await add('articles/de/2024/e.md', article({ title: 'E de', date: '2024-03-05', author: 'Idle Person' }));
      expect(pages()).toEqual([
        'authors/ana-reyes/index.html',
        'de/authors/idle-person/index.html',
        'de/authors/lea-weber/index.html',
        'fr/authors/ana-reyes/index.html',
        'fr/authors/marc-dubois/index.html',
      ]);
      expect(hreflangs(out, 'fr/authors/ana-reyes/index.html')).toEqual({
        en: 'https://example.org/authors/ana-reyes/',
        fr: 'https://example.org/fr/authors/ana-reyes/',
        'x-default': 'https://example.org/authors/ana-reyes/',
      });
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('should mark addresses shown as text left to right in right-to-left bodies only', async () => {
    const body = 'See https://nodejs.org/en/, <mailto:a@b.org>, [نص](https://x.org/) and [a link](https://y.org/).';
    const out = await build(
      { 'articles/2024/a.md': article({ title: 'A', date: '2024-03-03' }, body), 'articles/ar/2024/a.md': article({ title: 'أ', date: '2024-03-03' }, body) },
      { ...CONFIG, languages: { en: { name: 'English' }, ar: { name: 'العربية' } } },
    );
    const links = (file: string) => readHtml(out, file).querySelectorAll('.article-body a').map((a) => [a.text, a.getAttribute('dir') ?? null]);
    expect(links('ar/2024/03/a/index.html')).toEqual([
      ['https://nodejs.org/en/', 'ltr'],
      ['mailto:a@b.org', 'ltr'],
      ['نص', null],
      ['a link', null],
    ]);
    expect(links('2024/03/a/index.html').map(([, dir]) => dir)).toEqual([null, null, null, null]);
  });
});
