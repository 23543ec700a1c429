/**
 * A build whose sources' stamps all moved since the last one (a fresh checkout: a CI job) may still
 * find every body in the cache: it starts one Markdown thread before the load rather than one per
 * core, and more only for the bodies the load finds missing.
 */
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { ArticleCache } from '../../lib/cache/article-cache.js';
import { cacheIdentity, markdownOptions } from '../../lib/build/identity.js';
import { loadConfig } from '../../lib/config/index.js';
import { generateSite } from '../../lib/generate.js';
import { MarkdownPool } from '../../lib/markdown/pool.js';
import { article, tempDir, writeFiles } from '../helpers.js';

const NOW = '2026-12-01T00:00:00Z';

it('starts the Markdown threads a build with moved stamps needs once the load knows how many bodies to render', { timeout: 120_000 }, async () => {
  const dir = tempDir('gazette-warm-up-');
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`articles/story-${i}.md`] = article({ title: `Story ${i}`, date: '2024-03-01' }, `Body of story ${i}.`);
  writeFiles(dir, files);
  const config = await loadConfig({ src: path.join(dir, 'articles'), out: path.join(dir, 'dist'), now: NOW }, dir);
  const pool = new MarkdownPool(markdownOptions(config), { timeout: 10, threads: 2 });
  const warmUp = vi.spyOn(pool, 'warmUp');
  try {
    // Nothing known: every body expected, threads for all of them before the load.
    const cache = new ArticleCache(null, cacheIdentity(config));
    await generateSite(config, { cache, pool });
    expect(warmUp.mock.calls).toEqual([[200]]);

    // Every stamp moved, every body in the cache: one thread early, none more.
    warmUp.mockClear();
    await generateSite(config, { cache, pool, movedSources: 200 });
    expect(warmUp.mock.calls).toEqual([[1], [0]]);

    // Every stamp moved, one article edited: its body counted once loaded.
    warmUp.mockClear();
    writeFiles(dir, { 'articles/story-7.md': article({ title: 'Story 7', date: '2024-03-01' }, 'Edited body.') });
    await generateSite(config, { cache, pool, movedSources: 200 });
    expect(warmUp.mock.calls).toEqual([[1], [1]]);

    // Moved stamps and no cache: all of them once loaded.
    warmUp.mockClear();
    await generateSite(config, { cache: new ArticleCache(null, cacheIdentity(config)), pool, movedSources: 200 });
    expect(warmUp.mock.calls).toEqual([[1], [200]]);
  } finally {
    await pool.close();
  }
});
