import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleCache } from '../../lib/cache/article-cache.js';
import { loadConfig } from '../../lib/config/index.js';
import { cacheIdentity, markdownOptions } from '../../lib/build/identity.js';
import { locateSources } from '../../lib/build/sources.js';
import { loadStage } from '../../lib/build/load.js';
import { scheduleStage } from '../../lib/build/schedule.js';
import { placeStage } from '../../lib/build/place.js';
import { imageStage } from '../../lib/build/images.js';
import { markdownStage } from '../../lib/build/markdown.js';
import { MarkdownPool } from '../../lib/markdown/pool.js';
import type { StageContext } from '../../lib/build/model.js';
import { article, tempDir, writeFiles } from '../helpers.js';

describe('markdownStage', () => {
  it('should let go of the Markdown of the articles it rendered (#30)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/one.md': article({ title: 'One', date: '2024-01-01' }, 'The first **body**.'),
      'articles/two.md': article({ title: 'Two', date: '2024-01-02' }, 'The second body, linking [one](one.md).'),
    });
    const config = await loadConfig({ src: 'articles', out: 'dist', cache: false }, dir);
    const stage: StageContext = { config, sources: await locateSources(config), readText: (file) => fs.readFileSync(file, 'utf8') };
    const cache = new ArticleCache(null, cacheIdentity(config), false);
    const loaded = loadStage(stage, cache);
    const placed = placeStage(stage, scheduleStage(stage, loaded, Date.parse('2025-01-01T00:00:00Z')));
    expect(placed.placed.map(({ article: a }) => a.body.trim())).toEqual(['The second body, linking [one](one.md).', 'The first **body**.']);
    const images = await imageStage(stage, placed, loaded.content.siteData.profiles, { encode: false });
    const markdown = markdownOptions(config);
    const content = await markdownStage(stage, loaded, placed, images, { pool: new MarkdownPool(markdown, { timeout: 10 }), closePool: true, markdown, cache });
    expect(content.articles.map((a) => a.rendered.html)).toEqual(['<p>The second body, linking <a href="/2024/01/one/">one</a>.</p>', '<p>The first <strong>body</strong>.</p>']);
    // Every loaded parse would otherwise hold its article's text until the site is planned and written.
    expect(placed.placed.map(({ article: a }) => a.body)).toEqual(['', '']);
    expect(loaded.content.items.map((a) => a.body)).toEqual(['', '']);
  });
});
