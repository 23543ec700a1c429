/**
 * Watch's quick path runs the build's stages on the edited items only: a standalone page, an article
 * in any language of the site and a live story's save take it when they leave the site's structure
 * alone, and each save's output equals a clean build byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { WatchSession } from '../lib/watch/session.js';
import type { RebuildResult } from '../lib/watch/rebuild.js';
import { article, expectCleanBuild, readHtml, tempDir, writeFiles } from './helpers.js';

type Save = (rel: string, change: (text: string) => string) => Promise<{ result: RebuildResult; quick: boolean }>;

/** Start watching `site`, give `run` a save that says whether the quick path took it, then close. */
async function watching(site: string, run: (save: Save, session: WatchSession) => Promise<void>): Promise<void> {
  const cwd = process.cwd();
  process.chdir(site);
  try {
    const { session } = await WatchSession.start({ src: 'articles', out: 'dist', cache: false }, site);
    // The quick path returns null when it leaves the save to a full rebuild.
    const quick = vi.spyOn(session as unknown as { applyArticleEdits: (changed: string[]) => Promise<unknown> }, 'applyArticleEdits');
    const save: Save = async (rel, change) => {
      const file = path.join(site, rel);
      fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
      const result = await session.rebuild([file]);
      return { result, quick: (await quick.mock.results.at(-1)!.value) !== null };
    };
    await run(save, session);
    await session.close();
  } finally {
    process.chdir(cwd);
  }
}

const replace = (from: string, to: string) => (text: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe("watch's quick path", () => {
  it('should take a standalone page edit and a title edit of a corrected article, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC', menus: { header: [{ label: 'About', page: 'about.md' }] } }),
      'articles/about.md': article({ title: 'About us', kind: 'page' }, 'We are a newsroom.'),
      'articles/fixed.md': article({ title: 'Bridge closes', date: '2024-03-01', section: 'City', corrections: [{ date: '2024-03-02', text: 'An earlier version gave the wrong date.' }] }),
      'articles/other.md': article({ title: 'Park opens', date: '2024-03-03', section: 'City', tags: ['parks'] }),
    });
    const out = path.join(site, 'dist');
    await watching(site, async (save) => {
      const body = await save('articles/about.md', replace('We are a newsroom.', 'We are a newsroom in the city.'));
      expect(body.quick).toBe(true);
      expect(body.result.written).not.toContain('index.html');
      await expectCleanBuild(site, out, 'page body');
      const title = await save('articles/about.md', replace('About us', 'About the Daily'));
      expect(title.quick).toBe(true);
      await expectCleanBuild(site, out, 'page title');
      // The corrections page and its feeds name the article.
      const corrected = await save('articles/fixed.md', replace('Bridge closes', 'Old bridge closes'));
      expect(corrected.quick).toBe(true);
      expect(corrected.result.written).toEqual(expect.arrayContaining(['corrections/index.html', 'corrections/feed.xml']));
      expect(readHtml(out, 'corrections/index.html').text).toContain('Old bridge closes');
      await expectCleanBuild(site, out, 'corrected title');
      // A page moved (another url) is a full rebuild.
      const moved = await save('articles/about.md', replace('kind: "page"', 'kind: "page"\nurl: "/who-we-are/"'));
      expect(moved.quick).toBe(false);
      await expectCleanBuild(site, out, 'page moved');
    });
  });

  it('should take article and page edits in a site of several languages, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({
        title: 'Meridian',
        url: 'https://example.org/news/',
        language: 'en',
        timezone: 'UTC',
        languages: { en: { name: 'English' }, 'zh-CN': { name: '中文' } },
        menus: { header: [{ label: 'About', page: 'about.md' }] },
      }),
      'articles/2023/trade.md': article({ title: 'Trade hits a record', date: '2023-02-09', section: 'Business', tags: ['Trade'] }, 'Trade rose.'),
      'articles/zh-CN/2023/trade.md': article({ title: '外贸创新高', date: '2023-02-09', section: '经济', tags: ['外贸'] }, '外贸进出口增长。'),
      'articles/2023/port.md': article({ title: 'Port reopens', date: '2023-02-08', section: 'Business' }, 'Only in English.'),
      'articles/about.md': article({ title: 'About the Meridian', kind: 'page' }, 'Who we are.'),
      'articles/zh-CN/about.md': article({ title: '关于子午线报', kind: 'page' }, '我们是谁。'),
      'articles/zh-CN/contact.md': article({ title: '联系我们', kind: 'page' }, '写信给我们。'),
    });
    const out = path.join(site, 'dist');
    await watching(site, async (save) => {
      const zh = await save('articles/zh-CN/2023/trade.md', replace('外贸创新高', '外贸再创新高'));
      expect(zh.quick).toBe(true);
      await expectCleanBuild(site, out, 'zh title');
      const en = await save('articles/2023/port.md', replace('Only in English.', 'Only in English, for now.'));
      expect(en.quick).toBe(true);
      await expectCleanBuild(site, out, 'en body');
      const page = await save('articles/zh-CN/contact.md', replace('联系我们', '联系方式'));
      expect(page.quick).toBe(true);
      await expectCleanBuild(site, out, 'zh page title');
      // The Chinese menu shows the title of the Chinese version of the page it names: on every page, so a full rebuild.
      const named = await save('articles/zh-CN/about.md', replace('关于子午线报', '关于我们'));
      expect(named.quick).toBe(false);
      await expectCleanBuild(site, out, 'title a menu shows');
    });
  });

  it("should take a live story's posted update, and leave one still to come to a full rebuild", async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC' }),
      'articles/vote.md': article(
        { title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', section: 'News', coverageEnd: '2099-01-01T00:00' },
        'Follow the count.\n\n## 18:05 Polls close\n\nThe last stations closed.\n',
      ),
      'articles/older.md': article({ title: 'Older', date: '2024-02-01', section: 'News' }),
    });
    const out = path.join(site, 'dist');
    await watching(site, async (save, session) => {
      const posted = await save('articles/vote.md', (text) => `${text}\n## 2024-03-01 20:30 First results\n\nThe first seats are declared.\n`);
      expect(posted.quick).toBe(true);
      expect(posted.result.written).toEqual(expect.arrayContaining(['2024/03/vote/index.html', '2024/03/vote/updates.json', '2024/03/vote/feed.xml', 'index.html']));
      expect(readHtml(out, '2024/03/vote/index.html').querySelector('.live-update')!.id).toBe('update-20240301-2030');
      await expectCleanBuild(site, out, 'update posted');
      expect(session.nextDue()).toBe(Date.parse('2099-01-01T00:00Z'));
      // An update dated later than now is an event of the site's schedule: the full rebuild finds it.
      const coming = await save('articles/vote.md', (text) => `${text}\n## 2098-06-01 09:00 Still to come\n\nNot yet.\n`);
      expect(coming.quick).toBe(false);
      expect(session.nextDue()).toBe(Date.parse('2098-06-01T09:00Z'));
      await expectCleanBuild(site, out, 'update to come');
    });
  });

  it('should take an author profile edit that keeps the same authors, in every language, as a clean build would', async () => {
    const site = tempDir();
    writeFiles(site, {
      'gazette.config.json': JSON.stringify({ title: 'Daily', url: 'https://example.org/', timezone: 'UTC', language: 'en', languages: { en: { name: 'English' }, fr: { name: 'Français' } } }),
      'articles/_data/authors.yml': '- name: Ann Lee\n  role: Reporter\n  bio: Ann covers **trade**.\n- name: Bo Chan\n  role: Editor\n',
      'articles/ports.md': article({ title: 'Ports reopen', date: '2024-03-01', section: 'Trade', author: 'Ann Lee' }, 'The ports reopened.'),
      'articles/fr/ports.md': article({ title: 'Les ports rouvrent', date: '2024-03-01', section: 'Commerce', author: 'Ann Lee' }, 'Les ports ont rouvert.'),
      'articles/rates.md': article({ title: 'Rates hold', date: '2024-03-02', section: 'Trade', author: 'Bo Chan' }, 'Rates held.'),
    });
    const out = path.join(site, 'dist');
    await watching(site, async (save) => {
      const bio = await save('articles/_data/authors.yml', replace('Ann covers **trade**.', 'Ann covers *trade* and ports.'));
      expect(bio.quick).toBe(true);
      expect(bio.result.written).toEqual(expect.arrayContaining(['authors/ann-lee/index.html', 'fr/authors/ann-lee/index.html']));
      expect(bio.result.written).not.toContain('2024/03/rates/index.html');
      await expectCleanBuild(site, out, 'bio');
      // The role shows wherever the author's byline does.
      const role = await save('articles/_data/authors.yml', replace('role: Reporter', 'role: Trade correspondent'));
      expect(role.quick).toBe(true);
      await expectCleanBuild(site, out, 'role');
      // Another author is another page: a full rebuild.
      const added = await save('articles/_data/authors.yml', (text) => `${text}- name: Cy Dunn\n`);
      expect(added.quick).toBe(false);
      await expectCleanBuild(site, out, 'profile added');
    });
  });
});
