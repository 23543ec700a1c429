/**
 * Issue #16: one newsroom, several languages. Every language gets its own front page, listings,
 * feeds and search index under its folder; translations are linked both ways (hreflang, x-default,
 * og:locale:alternate, the language switcher, the sitemap's xhtml:link); the theme speaks each
 * page's language; watch equals a clean build after edits in either language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, listFiles, RECORDS_THEME, readHtml, runCli, snapshotTree, tempDir, writeFiles } from '../helpers.js';

const CONFIG = {
  title: 'Meridian',
  url: 'https://example.org/news/',
  language: 'en',
  timezone: 'UTC',
  languages: { en: { name: 'English' }, 'zh-CN': { name: '中文', title: '子午线报', description: '新闻与分析' } },
};

function bilingual(config: Record<string, unknown> = CONFIG): string {
  const dir = tempDir();
  writeFiles(dir, {
    // A theme that reads the headline file, which each language has.
    ...RECORDS_THEME,
    'gazette.config.json': JSON.stringify(config),
    // The default language at the root, Chinese in its folder: the same path links translations.
    'articles/2023/trade.md': article({ title: 'Trade hits a record', date: '2023-02-09', section: 'Business', tags: ['Trade'] }, 'Trade rose.'),
    'articles/zh-CN/2023/trade.md': article({ title: '外贸创新高', date: '2023-02-09', section: '经济', tags: ['外贸'] }, '外贸进出口增长。'),
    'articles/2023/port.md': article({ title: 'Port reopens', date: '2023-02-08', section: 'Business' }, 'Only in English.'),
    // A translation linked by key, and marked by `lang` rather than its folder.
    'articles/weather.md': article({ title: 'Rain tomorrow', date: '2023-02-07', translationKey: 'weather' }, 'Rain.'),
    'articles/tianqi.md': article({ title: '明天有雨', date: '2023-02-07', lang: 'zh-CN', translationKey: 'weather' }, '下雨。'),
  });
  return dir;
}

async function build(dir: string, args: string[] = []): Promise<string> {
  const result = await runCli(['build', '--no-cache', ...args], dir);
  expect(result.code, result.stderr).toBe(0);
  return path.join(dir, 'dist');
}

describe('a site in several languages', () => {
  it('should give each language its own pages, feeds and search index, in its own language', async () => {
    const out = await build(bilingual());
    const files = listFiles(out);
    for (const file of ['index.html', 'feed.xml', 'feed.json', 'search-index.json', 'section/business/index.html', '2023/02/trade/index.html']) {
      expect(files).toContain(file);
      expect(files).toContain(file.startsWith('section/') ? 'zh-CN/section/经济/index.html' : `zh-CN/${file}`);
    }
    const zhHome = readHtml(out, 'zh-CN/index.html');
    expect(zhHome.querySelector('html')!.getAttribute('lang')).toBe('zh-CN');
    expect(zhHome.querySelector('title')!.text).toBe('子午线报');
    expect(zhHome.querySelector('h1')!.text).toBe('最新新闻');
    expect(zhHome.querySelectorAll('.card-title a').map((a) => a.text)).toEqual(['外贸创新高', '明天有雨']);
    expect(readHtml(out, 'index.html').querySelectorAll('.card-title a').map((a) => a.text)).toEqual(['Trade hits a record', 'Port reopens', 'Rain tomorrow']);
    const zhFeed = fs.readFileSync(path.join(out, 'zh-CN/feed.xml'), 'utf8');
    expect(zhFeed).toContain('xml:lang="zh-CN"');
    expect(zhFeed).toContain('<id>https://example.org/news/zh-CN/feed.xml</id>');
    expect(zhFeed).not.toContain('Trade hits a record');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'zh-CN/feed.json'), 'utf8')).language).toBe('zh-CN');
    const zhIndex = fs.readFileSync(path.join(out, 'zh-CN/search-index.json'), 'utf8');
    expect(zhIndex).toContain('外贸创新高');
    expect(zhIndex).not.toContain('Trade hits');
    expect(readHtml(out, 'zh-CN/search/index.html').querySelector('form')!.getAttribute('data-index')).toBe('/news/zh-CN/search-index/');
    // The full-text index of each language holds that language's documents only.
    const zhDocs = fs.readdirSync(path.join(out, 'zh-CN/search-index/d')).map((f) => fs.readFileSync(path.join(out, 'zh-CN/search-index/d', f), 'utf8')).join('');
    expect(zhDocs).toContain('外贸创新高');
    expect(zhDocs).not.toContain('Trade hits');
    const news = fs.readFileSync(path.join(out, 'news-sitemap.xml'), 'utf8');
    expect(news).toMatch(/<loc>https:\/\/example\.org\/news\/zh-CN\/2023\/02\/trade\/<\/loc>\s*<news:news>\s*<news:publication>\s*<news:name>子午线报<\/news:name>\s*<news:language>zh-cn<\/news:language>/);
    expect(news).toMatch(/<loc>https:\/\/example\.org\/news\/2023\/02\/trade\/<\/loc>\s*<news:news>\s*<news:publication>\s*<news:name>Meridian<\/news:name>\s*<news:language>en<\/news:language>/);
  });

  it('should link every translation both ways: hreflang with x-default, og:locale:alternate, the switcher and the sitemap', async () => {
    const out = await build(bilingual());
    const pages = listFiles(out).filter((f) => f.endsWith('.html'));
    const pageAt = (url: string) => {
      const rel = decodeURI(new URL(url).pathname.slice('/news/'.length));
      return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
    };
    let links = 0;
    for (const file of pages) {
      const html = readHtml(out, file);
      const self = html.querySelector('link[rel="canonical"]')!.getAttribute('href')!;
      const alternates = html.querySelectorAll('link[rel="alternate"][hreflang]');
      if (alternates.length === 0) continue;
      // Every version names itself, and x-default is the default language's version.
      const byLang = new Map(alternates.map((l) => [l.getAttribute('hreflang')!, l.getAttribute('href')!]));
      expect([...byLang.values()], file).toContain(self);
      expect(byLang.get('x-default'), file).toBe(byLang.get('en'));
      for (const [lang, href] of byLang) {
        if (lang === 'x-default') continue;
        links++;
        // The version the link points to exists and links back to this page.
        const target = readHtml(out, pageAt(href));
        expect(target.querySelector('html')!.getAttribute('lang'), href).toBe(lang);
        const back = target.querySelectorAll('link[rel="alternate"][hreflang]').map((l) => l.getAttribute('href'));
        expect(back, `${href} should link back to ${self}`).toContain(self);
      }
    }
    // Two front pages, two pairs of translated articles: 2 + 2 + 2 versions, each seen from both sides;
    // and the listings both languages have (search, archive, tags index, the archive's year and month): 5 × 4.
    expect(links).toBe(32);

    const zhTrade = readHtml(out, 'zh-CN/2023/02/trade/index.html');
    expect(zhTrade.querySelector('meta[property="og:locale"]')!.getAttribute('content')).toBe('zh_CN');
    expect(zhTrade.querySelector('meta[property="og:locale:alternate"]')!.getAttribute('content')).toBe('en_US');
    const switcher = zhTrade.querySelectorAll('.language-switcher a').map((a) => [a.text, a.getAttribute('href'), a.getAttribute('aria-current')]);
    expect(switcher).toEqual([
      ['English', '/news/2023/02/trade/', undefined],
      ['中文', '/news/zh-CN/2023/02/trade/', 'true'],
    ]);
    // An article with no translation offers the other language's front page, and no hreflang.
    const port = readHtml(out, '2023/02/port/index.html');
    expect(port.querySelectorAll('link[hreflang]')).toHaveLength(0);
    expect(port.querySelectorAll('.language-switcher a').map((a) => a.getAttribute('href'))).toEqual(['/news/2023/02/port/', '/news/zh-CN/']);
    expect(readHtml(out, '2023/02/weather/index.html').querySelectorAll('link[hreflang]').map((l) => l.getAttribute('href'))).toContain(
      'https://example.org/news/zh-CN/2023/02/tianqi/',
    );

    const sitemap = fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(sitemap).toContain(
      '<url><loc>https://example.org/news/zh-CN/2023/02/trade/</loc><lastmod>2023-02-09T00:00:00Z</lastmod>' +
        '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/news/2023/02/trade/"/>' +
        '<xhtml:link rel="alternate" hreflang="zh-CN" href="https://example.org/news/zh-CN/2023/02/trade/"/>' +
        '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/news/2023/02/trade/"/></url>',
    );
  });

  it('should write dates in the format of each language, and let a language redefine a style', async () => {
    const languages = { en: { name: 'English' }, 'zh-CN': { name: '中文', dateFormats: { date: { year: 'numeric', month: 'numeric', day: 'numeric' } } } };
    const out = await build(bilingual({ ...CONFIG, languages }));
    expect(readHtml(out, '2023/02/trade/index.html').querySelector('.dateline time')!.text).toBe('February 9, 2023');
    expect(readHtml(out, 'zh-CN/2023/02/trade/index.html').querySelector('.dateline time')!.text).toBe('2023/2/9');
    // Not redefined: Chinese's own long form.
    expect(readHtml(out, 'zh-CN/archive/index.html').querySelector('.archive-months a')!.text).toBe('2023年2月');

    const dir = bilingual({ ...CONFIG, languages: { ...languages, 'zh-CN': { name: '中文', dateFormats: { date: { month: 'enormous' } } } } });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gazette\.config\.json:\d+:\d+: error "languages" "zh-CN": "dateFormats.date" is not usable/);
  });

  it('should build a site in several languages byte-identically twice', async () => {
    const dir = bilingual();
    const first = snapshotTree(await build(dir, ['-o', 'one']).then(() => path.join(dir, 'one')));
    const second = snapshotTree(await build(dir, ['-o', 'two']).then(() => path.join(dir, 'two')));
    expect(second).toEqual(first);
  });

  it('should put the default language under its own folder when asked', async () => {
    const out = await build(bilingual({ ...CONFIG, defaultLanguageInSubdir: true }));
    const files = listFiles(out);
    expect(files).toContain('en/2023/02/trade/index.html');
    expect(files).toContain('en/index.html');
    expect(files).toContain('zh-CN/index.html');
    // One sitemap and robots.txt for the whole site, at its root.
    expect(files).toContain('sitemap.xml');
    expect(files).toContain('robots.txt');
    // The root has no page of its own: it leads to the default language's front page, and hosts serve
    // the default language's not-found page there for any missing address.
    const root = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(root).toContain('<meta http-equiv="refresh" content="0; url=/news/en/">');
    expect(root).toContain('<html lang="en">');
    expect(fs.readFileSync(path.join(out, '404.html'))).toEqual(fs.readFileSync(path.join(out, 'en/404.html')));
    expect(fs.readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).not.toMatch(/<loc>[^<]*\/news\/<\/loc>/);
  });

  it('should refuse two translations in one language, a lang the site has not, and a default language it does not list', async () => {
    const dir = bilingual();
    writeFiles(dir, { 'articles/zh-CN/other.md': article({ title: '另一篇', date: '2023-01-01', translationKey: 'weather' }, '文字。') });
    writeFiles(dir, { 'articles/fr.md': article({ title: 'Pluie', date: '2023-01-01', lang: 'fr' }, 'Texte.') });
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/articles\/(zh-CN\/other|tianqi)\.md: error is a translation of articles\/(tianqi|zh-CN\/other)\.md in the same language \(zh-CN\)/);
    expect(result.stderr).toMatch(/articles\/fr\.md: error "lang" is "fr", which is not one of the site's languages \(en, zh-CN\)/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);

    writeFiles(dir, { 'gazette.config.json': JSON.stringify({ ...CONFIG, language: 'de' }) });
    const config = await runCli(['build'], dir);
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/"language" is "de", which is not one of "languages" \(en, zh-CN\)/);
  });

  it('should equal a clean build after edits in either language while watching', async () => {
    const site = bilingual();
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist' }, site);
      const edit = async (rel: string, from: string, to: string) => {
        const file = path.join(site, rel);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
        await session.rebuild([file]);
        const clean = path.join(tempDir(), 'clean');
        const result = await runCli(['build', '--no-cache', '-o', clean], site);
        expect(result.code, result.stderr).toBe(0);
        expect(snapshotTree(path.join(site, 'dist'))).toEqual(snapshotTree(clean));
      };
      await edit('articles/zh-CN/2023/trade.md', '外贸创新高', '外贸再创新高');
      await edit('articles/2023/trade.md', 'Trade rose.', 'Trade rose again.');
      await edit('articles/tianqi.md', '2023-02-07', '2023-02-10');
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('"lang" on a site in one language', () => {
  it('should warn that a "lang" other than the site\'s is not the language the page is published in, and fail it with --strict', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', language: 'en-GB' }),
      'articles/fr.md': article({ title: 'Alerte', date: '2024-01-02', lang: 'fr' }),
      'articles/en.md': article({ title: 'Storm', date: '2024-01-02', lang: 'EN-gb' }),
      // The same language with another region (or none) is the site's language.
      'articles/us.md': article({ title: 'Rain', date: '2024-01-02', lang: 'en' }),
    });
    const built = await runCli(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => / (warning|error) /.test(line))).toEqual([
      'articles/fr.md: warning "lang" is "fr", but the site is in one language, "en-GB", which its page is published in; list the site\'s languages in "languages" to publish it in "fr" [front-matter-lang]',
    ]);
    expect(readHtml(path.join(dir, 'dist'), '2024/01/fr/index.html').querySelector('html')!.getAttribute('lang')).toBe('en-GB');
    const strict = await runCli(['build', '--strict', '-o', 'strict'], dir);
    expect(strict.code).toBe(1);
  });
});
