/**
 * A source's cache key is hashed from its bytes, and its text decoded only when its parse is not in
 * the cache: a CI build, where every source's stamp is new, then decodes none of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleCache } from '../../lib/cache/article-cache.js';
import { loadConfig } from '../../lib/config/index.js';
import { cacheIdentity } from '../../lib/build/identity.js';
import { locateSources } from '../../lib/build/sources.js';
import { loadStage } from '../../lib/build/load.js';
import type { StageContext } from '../../lib/build/model.js';
import { article, runCli, tempDir, writeFiles } from '../helpers.js';

describe('source bytes and cache keys', () => {
  it('should give a text the key of its UTF-8 bytes', () => {
    const cache = new ArticleCache(null, 'identity');
    for (const text of ['plain', 'Zürich — «quoted» 東京 🗞️', '\uFEFF---\r\ntitle: "BOM"\r\n---\r\n']) {
      expect(cache.key('a.md', 'articles/a.md', Buffer.from(text, 'utf8'))).toBe(cache.key('a.md', 'articles/a.md', text));
    }
    expect(cache.key('a.md', 'articles/a.md', 'one')).not.toBe(cache.key('b.md', 'articles/a.md', 'one'));
  });

  it('should decode no source whose parse the load finds in the cache', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'articles/one.md': article({ title: 'One', date: '2024-01-01' }, 'Café.'),
      'articles/two.md': article({ title: 'Two', date: '2024-01-02' }, 'Second.'),
    });
    const config = await loadConfig({ src: 'articles', out: 'dist', cache: false }, dir);
    const decoded: string[] = [];
    const stage: StageContext = {
      config,
      sources: await locateSources(config),
      readSource: (file) => fs.readFileSync(file),
      readText: (file) => {
        decoded.push(path.basename(file));
        return fs.readFileSync(file, 'utf8');
      },
    };
    const cache = new ArticleCache(null, cacheIdentity(config));
    const first = loadStage(stage, cache);
    expect(first.content.items.map((a) => a.title).sort()).toEqual(['One', 'Two']);
    const again = loadStage(stage, cache);
    expect(again.content.items.map((a) => a.title).sort()).toEqual(['One', 'Two']);
    expect(decoded).toEqual([]);
  });

  it('should keep an article whose bytes are not UTF-8 in the cache, read again to render without a false alarm', async () => {
    const site = tempDir();
    writeFiles(site, { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) });
    const file = path.join(site, 'articles', 'latin.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // "Café" saved as Latin-1: the byte 0xE9 alone is no UTF-8, and decodes to U+FFFD.
    fs.writeFileSync(file, Buffer.concat([Buffer.from('---\ntitle: "Latin"\ndate: 2024-01-01\n---\nCaf'), Buffer.from([0xe9]), Buffer.from('.\n')]));
    const first = await runCli(['build', '--verbose'], site);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(/changed while the build was running/);
    expect(first.stdout + first.stderr).toMatch(/1 of 1 articles rendered from Markdown/);
    expect(fs.readFileSync(path.join(site, 'dist/2024/01/latin/index.html'), 'utf8')).toContain('Caf\uFFFD.');
    // A new time, the same bytes (a fresh checkout): the parse and body come from the cache.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    const second = await runCli(['build', '--verbose'], site);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toMatch(/0 of 1 articles rendered from Markdown/);
  }, 60_000);
});
