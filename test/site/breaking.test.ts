/**
 * Breaking news (front matter "breaking", "breakingUntil"): a banner on every
 * page of the story's language while it is live, nothing once it ends, and
 * incremental builds and watch equal to a clean build when it comes and goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchSession } from '../../lib/watch/session.js';
import { article, expectCleanBuild, listFiles, readHtml, runCli, tempDir, writeFiles } from '../helpers.js';

function newsSite(): Record<string, string> {
  return {
    'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', pageSize: 2 }),
    'articles/storm.md': article({ title: 'Storm <warning> & floods', date: '2024-03-01T08:00', section: 'News', tags: ['Weather'], breaking: true, breakingUntil: '2024-03-02T08:00' }),
    'articles/one.md': article({ title: 'One', date: '2024-02-01', section: 'Arts', tags: ['Culture'] }),
    'articles/two.md': article({ title: 'Two', date: '2024-01-01', section: 'Arts', tags: ['Culture'] }),
    'articles/three.md': article({ title: 'Three', date: '2023-12-01', section: 'Arts', tags: ['Culture'] }),
    'articles/about.md': '---\nkind: page\ntitle: About\n---\nUs.\n',
  };
}

const pagesOf = (out: string) => listFiles(out).filter((f) => f.endsWith('.html'));

describe('breaking news', () => {
  it('should show a labelled banner linking to the story on every page while it is live, and none after', async () => {
    const site = tempDir();
    writeFiles(site, newsSite());
    const live = await runCli(['build', '--no-cache', '--now', '2024-03-01T12:00', '-o', 'live'], site);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout + live.stderr).toContain('next: "Storm <warning> & floods" stops being breaking news 2024-03-02T08:00:00Z');
    const out = path.join(site, 'live');
    const pages = pagesOf(out);
    for (const rel of ['index.html', '2024/03/storm/index.html', '2024/02/one/index.html', 'tags/culture/index.html', 'section/arts/page/2/index.html', 'about/index.html', '404.html']) {
      expect(pages).toContain(rel);
    }
    for (const rel of pages) {
      const banner = readHtml(out, rel).querySelector('section.breaking-news');
      expect(banner, rel).not.toBeNull();
      expect(banner!.getAttribute('aria-label')).toBe('Breaking news');
      const link = banner!.querySelector('a')!;
      expect(link.getAttribute('href')).toBe('/2024/03/storm/');
      expect(link.text).toBe('Storm <warning> & floods');
    }
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('Storm &lt;warning&gt; &amp; floods</a>');

    const after = await runCli(['build', '--no-cache', '--now', '2024-03-02T08:00', '-o', 'after'], site);
    expect(after.code, after.stderr).toBe(0);
    const ended = path.join(site, 'after');
    for (const rel of pagesOf(ended)) expect(fs.readFileSync(path.join(ended, rel), 'utf8'), rel).not.toContain('breaking-news');
  });

  it('should show the banner only on the pages of the story\'s language', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', language: 'en', languages: { en: { name: 'English' }, fr: { name: 'Français', title: 'Quotidien' } } }),
      'articles/en.md': article({ title: 'English story', date: '2024-01-01' }),
      'articles/fr.md': article({ title: 'Alerte', date: '2024-01-02', lang: 'fr', breaking: true }),
    });
    const built = await runCli(['build', '--no-cache'], site);
    expect(built.code, built.stderr).toBe(0);
    const out = path.join(site, 'dist');
    expect(readHtml(out, 'fr/index.html').querySelector('.breaking-news a')!.text).toBe('Alerte');
    expect(readHtml(out, 'index.html').querySelector('.breaking-news')).toBeNull();
    expect(readHtml(out, '2024/01/en/index.html').querySelector('.breaking-news')).toBeNull();
  });

  it('should rebuild from the cache exactly as a clean build when breaking news comes and goes', async () => {
    const site = tempDir();
    writeFiles(site, newsSite());
    const file = path.join(site, 'articles/one.md');
    const out = path.join(site, 'dist');
    const build = async () => {
      const result = await runCli(['build'], site);
      expect(result.code, result.stderr).toBe(0);
    };
    // No --now: the storm's banner ended long ago; one.md becomes breaking news, then stops.
    await build();
    expect(fs.readFileSync(path.join(out, 'tags/weather/index.html'), 'utf8')).not.toContain('breaking-news');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: "One"', 'title: "One"\nbreaking: true'));
    await build();
    expect(readHtml(out, 'tags/weather/index.html').querySelector('.breaking-news a')!.text).toBe('One');
    await expectCleanBuild(site, out, 'breaking on');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: "One"', 'title: "One, updated"'));
    await build();
    expect(readHtml(out, 'tags/weather/index.html').querySelector('.breaking-news a')!.text).toBe('One, updated');
    await expectCleanBuild(site, out, 'title edited');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('breaking: true', 'breaking: false'));
    await build();
    await expectCleanBuild(site, out, 'breaking off');
  });

  it('should keep watch output equal to a clean build when an edit starts, retitles or ends breaking news', async () => {
    const site = tempDir();
    const files = newsSite();
    delete files['articles/storm.md'];
    writeFiles(site, files);
    const out = path.join(site, 'dist');
    const cwd = process.cwd();
    process.chdir(site);
    try {
      const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
      expect(session.nextDue()).toBeNull();
      const file = path.join(site, 'articles/three.md');
      const edit = async (from: string, to: string) => {
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
        return session.rebuild([file]);
      };
      const on = await edit('title: "Three"', 'title: "Three"\nbreaking: true\nbreakingUntil: 2099-01-01T00:00Z');
      expect(on.written).toContain('tags/index.html');
      expect(readHtml(out, 'search/index.html').querySelector('.breaking-news a')!.text).toBe('Three');
      await expectCleanBuild(site, out, 'breaking on');
      // The end of the banner is when watch and serve rebuild next.
      expect(session.nextDue()).toBe(Date.parse('2099-01-01T00:00Z'));
      // A title edit leaves the site's structure alone, but the banner on every page shows the title.
      const retitled = await edit('title: "Three"', 'title: "Three, retitled"');
      expect(retitled.written).toContain('tags/index.html');
      await expectCleanBuild(site, out, 'retitled');
      await edit('breaking: true', 'breaking: false');
      expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('breaking-news');
      await expectCleanBuild(site, out, 'breaking off');
      await session.close();
    } finally {
      process.chdir(cwd);
    }
  });
});
