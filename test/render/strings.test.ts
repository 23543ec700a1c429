/**
 * Issue #16: the default theme's fixed texts come from per-language string files that a site can
 * override and extend, with English as the fallback for each missing string (a --verbose note says so).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, article, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

const ARTICLE = article({ title: 'Port reopens', date: '2023-02-09', author: 'Lin Meiying', section: 'Business' }, 'The port reopened.');

function site(config: Record<string, unknown>, extra: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFiles(dir, { 'gazette.config.json': JSON.stringify({ title: 'Meridian', ...config }), 'articles/port.md': ARTICLE, ...extra });
  return dir;
}

describe('theme strings', () => {
  it('should show Chinese pages in Chinese, with lang and dir set', async () => {
    const dir = site({ language: 'zh-CN' });
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/shown in English/);
    const page = readHtml(path.join(dir, 'dist'), '2023/02/port/index.html');
    expect(page.querySelector('html')!.getAttribute('lang')).toBe('zh-CN');
    expect(page.querySelector('html')!.getAttribute('dir')).toBe('ltr');
    expect(page.querySelector('.skip-link')!.text).toBe('跳到正文');
    expect(page.querySelector('.site-nav')!.getAttribute('aria-label')).toBe('栏目');
    expect(page.querySelector('.byline')!.text.trim()).toBe('作者： Lin Meiying');
    expect(page.querySelector('.dateline')!.text).toContain('阅读约需 1 分钟');
    expect(page.querySelector('.print-button')!.text).toBe('打印');
    const home = readHtml(path.join(dir, 'dist'), 'index.html');
    expect(home.querySelector('h1')!.text).toBe('最新新闻');
    const section = readHtml(path.join(dir, 'dist'), 'section/business/index.html');
    expect(section.querySelector('.listing-description')!.text).toBe('Meridian的最新Business文章。');
    const search = readHtml(path.join(dir, 'dist'), 'search/index.html');
    expect(JSON.parse(search.querySelector('form.search-form')!.getAttribute('data-strings')!).searchNoResults).toBe('没有找到与“{query}”相关的结果。');
  });

  it('should let a site override a string and add a language, falling back to English string by string', async () => {
    const dir = site(
      { language: 'fr' },
      {
        'templates/strings/fr.json': JSON.stringify({ bylineBy: 'Par', readingTime: { one: '{count} minute de lecture', other: '{count} minutes de lecture' } }),
        'templates/strings/en.json': JSON.stringify({ print: 'Print this' }),
        // A theme folder is one with layouts/ and pages/; every file it lacks comes from the default theme.
        'templates/layouts/.keep': '',
        'templates/pages/.keep': '',
      },
    );
    const result = await runCli(['build', '--verbose'], dir);
    expect(result.code, result.stderr).toBe(0);
    const page = readHtml(path.join(dir, 'dist'), '2023/02/port/index.html');
    expect(page.querySelector('.byline')!.text.trim()).toBe('Par Lin Meiying');
    expect(page.querySelector('.dateline')!.text).toContain('1 minute de lecture');
    // Not in fr.json: the site's own English text, then gazette's.
    expect(page.querySelector('.print-button')!.text).toBe('Print this');
    expect(page.querySelector('.skip-link')!.text).toBe('Skip to main content');
    // Every string of the theme but the two fr.json gives.
    const total = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'templates/strings/en.json'), 'utf8'))).length;
    expect(result.stderr).toContain(`The theme has no fr text for ${total - 2} strings (archive, archiveDescription, `);
    expect(result.stderr).toContain(`and ${total - 10} more): shown in English`);
    expect(result.stderr).not.toMatch(/bylineBy/);

    const quiet = await runCli(['build', '--no-cache'], dir);
    expect(quiet.stderr).not.toMatch(/shown in English/);
  });

  it('should report a malformed string file with its position and build nothing', async () => {
    const dir = site(
      { language: 'zh-CN' },
      { 'templates/strings/zh-CN.json': '{\n  "print": "打印",\n  "related": 42\n}\n', 'templates/layouts/.keep': '', 'templates/pages/.keep': '' },
    );
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/templates\/strings\/zh-CN\.json:3:3: error "related" must be text/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('should warn of a key in a language file that no English file defines, a misspelt one with the closest key', async () => {
    const dir = site(
      { language: 'en', languages: { en: { name: 'English' }, ar: { name: 'العربية' } } },
      {
        'articles/ar/port.md': ARTICLE,
        // "custom" is a string of the site's own templates: it has its English text, so it is no mistake.
        'templates/strings/ar.json': '{\n  "bylinBy": "بقلم",\n  "by": "بقلم",\n  "custom": "نص"\n}\n',
        'templates/strings/en.json': JSON.stringify({ custom: 'Text' }),
      },
    );
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('templates/strings/ar.json:2:3: warning "bylinBy" is no string of the theme, so no page shows it: did you mean "bylineBy"? [strings-unknown]');
    expect(result.stderr).toContain('templates/strings/ar.json:3:3: warning "by" is no string of the theme, so no page shows it: the keys are those of gazette\'s templates/strings/en.json');
    expect(result.stderr.match(/strings-unknown/g)).toHaveLength(2);
    expect(result.stderr).not.toMatch(/warning "custom"/);
    const strict = await runCli(['build', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error "bylinBy" is no string of the theme/);
  });
  it('should warn of a placeholder a language writes that its English text lacks, and name the string file when a page needs it', async () => {
    const languages = { language: 'en', pageSize: 2, languages: { en: { name: 'English' }, ar: { name: 'العربية' } } };
    const strings = (pageOf: string) =>
      `{\n  "correctionsBoxHeading": { "one": "تصحيح", "other": "{count} تصحيحات" },\n  "noCorrections": "لا تصحيحات بعد {site}",\n  "pageOf": "${pageOf}"\n}\n`;
    // The Arabic corrections page is not made (no Arabic correction), so noCorrections is never shown: a warning alone.
    const dir = site(languages, { 'articles/ar/port.md': ARTICLE, 'templates/strings/ar.json': strings('الصفحة {current} من {total}') });
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    // {count} of a string with plural forms is always given.
    expect(result.stderr.split('\n').filter((line) => line.includes('[strings-placeholder]'))).toEqual([
      'templates/strings/ar.json:3:3: warning "noCorrections" writes {site}, which no template gives a value for, so a page showing it fails to render: the English text has no placeholder [strings-placeholder]',
    ]);
    // A misspelt one in a string the pages show fails their render, which names the string file.
    writeFiles(dir, { 'templates/strings/ar.json': strings('الصفحة {current} من {totl}') });
    writeFiles(dir, { 'articles/ar/more.md': ARTICLE.replace('Port reopens', 'Port, again'), 'articles/ar/last.md': ARTICLE.replace('Port reopens', 'Port, last') });
    const failed = await runCli(['build'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/template error: t: string "pageOf" \(templates\/strings\/ar\.json\) needs a value for \{totl\}, which the template does not give \(it gives (total, current|current, total)\)/);
  });
});
