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
import { articleBody, parseArticle } from '../../lib/content/article.js';
import { MarkdownPool } from '../../lib/markdown/pool.js';
import type { StageContext } from '../../lib/build/model.js';
import { article, tempDir, writeFiles } from '../helpers.js';

describe('markdownStage', () => {
  it('should hold no article\'s Markdown from load, reading each from its source when it is rendered (#30)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/one.md': article({ title: 'One', date: '2024-01-01' }, 'The first **body**.'),
      'articles/two.md': article({ title: 'Two', date: '2024-01-02' }, 'The second body, linking [one](one.md).'),
    });
    const config = await loadConfig({ src: 'articles', out: 'dist', cache: false }, dir);
    const reads: string[] = [];
    const readSource = (file: string) => {
      reads.push(file.split(/[\\/]/).pop()!);
      return fs.readFileSync(file);
    };
    const readText = (file: string) => readSource(file).toString('utf8');
    const stage: StageContext = { config, sources: await locateSources(config), readText, readSource };
    const cache = new ArticleCache(null, cacheIdentity(config));
    const loaded = loadStage(stage, cache);
    const placed = placeStage(stage, scheduleStage(stage, loaded, Date.parse('2025-01-01T00:00:00Z')));
    // The whole site's Markdown would otherwise be held from load until every body was rendered.
    expect(loaded.content.items.map((a) => a.body)).toEqual(['', '']);
    expect(reads.sort()).toEqual(['one.md', 'two.md']);
    const images = await imageStage(stage, placed, loaded.content.siteData.profiles, { encode: false });
    const markdown = markdownOptions(config);
    const content = await markdownStage(stage, loaded, placed, images, { pool: new MarkdownPool(markdown, { timeout: 10 }), closePool: true, markdown, cache });
    expect(content.articles.map((a) => a.rendered.html)).toEqual(['<p>The second body, linking <a href="/2024/01/one/">one</a>.</p>', '<p>The first <strong>body</strong>.</p>']);
    // Each source read once more, to render it.
    expect(reads.sort()).toEqual(['one.md', 'one.md', 'two.md', 'two.md']);
    expect(placed.placed.map(({ article: a }) => a.body)).toEqual(['', '']);
  });
});

describe('articleBody', () => {
  it('should give the body parseArticle gives, front matter blanked, without parsing the front matter', () => {
    const texts = [
      article({ title: 'One', date: '2024-01-01', tags: ['a', 'b'] }, 'Body *one*.\n\nMore.'),
      '\uFEFF---\r\ntitle: "CRLF"\r\ndate: 2024-01-02\r\n---\r\nLine one\r\nLine two\r\n',
      '---\ntitle: "Dots"\ndate: 2024-01-03\n...\nAfter dots.\n',
      '---\ntitle: "Empty body"\ndate: 2024-01-04\n---',
    ];
    for (const text of texts) {
      const parsed = parseArticle(text, 'a.md', 'a.md', 'UTC').article!;
      expect(parsed).not.toBeNull();
      expect(articleBody(text)).toBe(parsed.body);
    }
    expect(articleBody('no front matter\n')).toBeNull();
    expect(articleBody('---\ntitle: "x"\nunclosed\n')).toBeNull();
    expect(articleBody('---\ntitle: "x"\n---\nbinary\0\n')).toBeNull();
  });
});
