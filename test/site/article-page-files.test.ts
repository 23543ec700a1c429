/**
 * Article pages' contexts are made only when read: a build fingerprints (and lists in the sitemap)
 * the pages it does not render from their parts, which must give what their contexts would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/index.js';
import { generateSite } from '../../lib/generate.js';
import { PageFingerprints } from '../../lib/site/fingerprint.js';
import { ArticlePageFile } from '../../lib/site/plan/article-page-file.js';
import { sitemapFiles } from '../../lib/site/sitemaps.js';
import type { OutputFile } from '../../lib/site/model.js';
import { article, expectCleanBuild, listFiles, runCli, tempDir, writeFiles } from '../helpers.js';

const NOW = '2024-03-02T12:00:00Z';
const LIVE = `The count goes on.

## 2024-03-01T20:30Z First results

The first seats are declared.

## 2024-03-03T08:00Z Later

Not out yet.
`;

/** Two languages, translations, a live story, corrections, tags shared (related articles) and a standalone page. */
function siteFiles(config: Record<string, unknown>): Record<string, string> {
  return {
    'gazette.config.json': JSON.stringify(config),
    'articles/2024/vote.md': article({ title: 'Election night', date: '2024-03-01T18:00', kind: 'live', author: 'Jane Doe', section: 'News', tags: ['vote'] }, LIVE),
    'articles/2024/older.md': article({ title: 'Older', date: '2024-02-01', section: 'News', tags: ['vote', 'city'], translationKey: 'older' }, 'Older text.'),
    'articles/2024/arts.md': article({ title: 'Arts story', date: '2024-02-02', section: 'Arts', tags: ['city'], updated: '2024-02-20' }, 'Arts text.'),
    'articles/2024/fixed.md': `---\ntitle: "Fixed story"\ndate: 2024-01-05\nsection: News\ntags: [city]\ncorrections:\n  - date: 2024-01-06\n    text: "A name was misspelled."\n---\nFixed text.\n`,
    'articles/fr/2024/ancien.md': article({ title: 'Ancien', date: '2024-02-01', section: 'Nouvelles', translationKey: 'older' }, 'Texte.'),
    'articles/about.md': article({ title: 'About', kind: 'page' }, 'About us.'),
  };
}

const ONE_LANGUAGE = { title: 'Daily', url: 'https://example.org/', timezone: 'UTC' };
const TWO_LANGUAGES = { ...ONE_LANGUAGE, language: 'en', languages: { en: { name: 'English' }, fr: { name: 'Français' } } };

async function generated(settings: Record<string, unknown>) {
  const dir = tempDir();
  writeFiles(dir, siteFiles(settings));
  const config = await loadConfig({ src: path.join(dir, 'articles'), out: path.join(dir, 'dist'), now: NOW }, dir);
  return { config, site: await generateSite(config) };
}

const articlePages = (files: OutputFile[]) => files.filter((f): f is OutputFile & ArticlePageFile => f instanceof ArticlePageFile);

describe('article pages made when read', () => {
  for (const [name, settings] of [
    ['one language', ONE_LANGUAGE],
    ['two languages', TWO_LANGUAGES],
  ] as const) {
    it(`should fingerprint an article page from its parts as from its context (${name})`, async () => {
      const { site } = await generated(settings);
      const pages = articlePages(site.files);
      expect(pages.length).toBeGreaterThanOrEqual(5);
      // Planning made none of them.
      expect(pages.filter((p) => p.unmade === null)).toEqual([]);
      const before = new PageFingerprints(site.theme.id);
      const fromParts = pages.map((p) => before.ofFile(p));
      for (const page of pages) expect(page.context.article).not.toBeNull();
      expect(pages.every((p) => p.unmade === null)).toBe(true);
      const after = new PageFingerprints(site.theme.id);
      expect(pages.map((p) => after.ofFile(p))).toEqual(fromParts);
      expect(pages.map((p) => after.of(p.template, p.context))).toEqual(fromParts);
    });

    it(`should list an article page in the sitemaps from its parts as from its context (${name})`, async () => {
      const { config, site } = await generated(settings);
      const plans = site.plans.map((p) => p.plan);
      const fromParts = sitemapFiles(plans, config);
      for (const page of articlePages(site.files)) void page.context;
      expect(sitemapFiles(plans, config)).toEqual(fromParts);
    });
  }

  it('should render, after one article is edited, what a clean build does', async () => {
    const dir = tempDir();
    writeFiles(dir, siteFiles(TWO_LANGUAGES));
    const build = () => runCli(['build', '--now', NOW], dir);
    expect((await build()).code).toBe(0);
    const file = path.join(dir, 'articles/2024/older.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Older text.', 'Older text, with a sentence added.'));
    const result = await build();
    expect(result.code, result.stderr).toBe(0);
    const edited = listFiles(path.join(dir, 'dist')).filter((f) => f.endsWith('.html') && fs.readFileSync(path.join(dir, 'dist', f), 'utf8').includes('a sentence added'));
    expect(edited.length).toBeGreaterThan(0);
    await expectCleanBuild(dir, path.join(dir, 'dist'), 'one article edited', ['--now', NOW]);
  });
});
