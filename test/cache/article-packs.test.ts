import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArticleCache } from '../../lib/cache/article-cache.js';
import type { ArticleCacheEntry } from '../../lib/cache/article-cache.js';
import type { RenderedMarkdown } from '../../lib/markdown/processor.js';
import { tempDir } from '../helpers.js';

const sha1 = (data: string | Buffer) => crypto.createHash('sha1').update(data).digest('hex');

/** A key of pack 0 (its first two hex digits pick the pack): `n` makes it unique. */
const keyOf = (n: number) => `00${String(n).padStart(62, '0')}`;

function rendered(html: string): RenderedMarkdown {
  return {
    html,
    htmlHash: sha1(html),
    wordCount: 3,
    cjkCharacters: 0,
    summary: 'A summary, café',
    links: [],
    basePath: '/',
    resolved: [],
    messages: [],
    shortcodes: [],
    images: [],
    search: 'word 1',
  };
}

function entry(title: string, markdown: RenderedMarkdown): ArticleCacheEntry {
  return { parse: { article: { title, body: 'The Markdown text' } as never, diagnostics: [] }, markdown };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('article cache packs', () => {
  it('should write a pack in pieces, never the whole pack at once, and read it back', () => {
    const dir = tempDir();
    const cache = new ArticleCache(dir, 'identity');
    // Six bodies of 700 KB: a pack of over 4 MB, as a large site's packs are tens of megabytes.
    const bodies = Array.from({ length: 6 }, (_, i) => `<p>${String(i).repeat(700_000)}</p>`);
    bodies.forEach((html, i) => cache.set(keyOf(i), entry(`Story ${i}`, rendered(html))));
    const sizes: number[] = [];
    const bytesOf = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).length);
    const writeFile = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      sizes.push(bytesOf(data));
      writeFile(file, data, options);
    });
    const writev = fs.writevSync;
    vi.spyOn(fs, 'writevSync').mockImplementation((fd, buffers, position) => {
      sizes.push(buffers.reduce((sum, b) => sum + b.byteLength, 0));
      return writev(fd, buffers, position);
    });
    cache.flush();
    vi.restoreAllMocks();
    const pack = path.join(dir, 'articles', '00.pack');
    expect(fs.statSync(pack).size).toBeGreaterThan(4_200_000);
    // A batch is written once it reaches a megabyte: at most that and one body.
    expect(Math.max(...sizes)).toBeLessThan(1_800_000);
    const again = new ArticleCache(dir, 'identity');
    bodies.forEach((html, i) => {
      const read = again.get(keyOf(i))!;
      expect(read.parse.article!.title).toBe(`Story ${i}`);
      expect(read.markdown!.html).toBe(html);
      expect(read.markdown!.search).toBe('word 1');
    });
  });

  it('should write a pack as its format says: the prefix, the header in ASCII JSON, then each HTML and its links', () => {
    const dir = tempDir();
    const cache = new ArticleCache(dir, 'identity');
    const markdown = rendered('<p>Café «b»</p>');
    cache.set(keyOf(2), entry('Zürich', markdown));
    cache.set(keyOf(1), { parse: { article: null, diagnostics: [] }, markdown: null });
    cache.flush();
    const html = Buffer.from(markdown.html);
    const links = Buffer.from(JSON.stringify({ links: [], search: 'word 1' }));
    const stored = {
      htmlHash: markdown.htmlHash,
      wordCount: 3,
      cjkCharacters: 0,
      summary: markdown.summary,
      basePath: '/',
      resolved: [],
      messages: [],
      shortcodes: [],
      images: [],
      htmlBytes: html.length,
      linksBytes: links.length,
      linksHash: sha1(links),
    };
    const entries = [
      { key: keyOf(1), parse: { article: null, diagnostics: [] }, markdown: null },
      { key: keyOf(2), parse: { article: { title: 'Zürich', body: '' }, diagnostics: [] }, markdown: stored },
    ];
    const json = JSON.stringify({ format: 'gazette-article-pack-6', shard: 0, entries }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const header = Buffer.from(json, 'latin1');
    const prefix = `GZPACK2 ${String(header.length).padStart(12, '0')} ${sha1(header)}\n`;
    expect(fs.readFileSync(path.join(dir, 'articles', '00.pack')).equals(Buffer.concat([Buffer.from(prefix), header, html, links]))).toBe(true);
  });

  it('should drop only the entries whose stored bodies are damaged when it writes their pack', () => {
    const dir = tempDir();
    const cache = new ArticleCache(dir, 'identity');
    const bodies = Array.from({ length: 5 }, (_, i) => `<p>body number ${i}</p>`);
    // Kept on disk until packed, as a large site's bodies are.
    bodies.forEach((html, i) => cache.set(keyOf(i), entry(`Story ${i}`, cache.spill(rendered(html)))));
    const spill = path.join(dir, 'articles', `spill-${process.pid}.tmp`);
    const bytes = fs.readFileSync(spill);
    for (const damaged of [1, 3]) bytes.write('BODY', bytes.indexOf(`body number ${damaged}`), 'latin1');
    fs.writeFileSync(spill, bytes);
    cache.flush();
    expect(fs.readdirSync(path.join(dir, 'articles'))).toEqual(['00.pack']);
    const again = new ArticleCache(dir, 'identity');
    expect(again.get(keyOf(1))).toBeNull();
    expect(again.get(keyOf(3))).toBeNull();
    for (const i of [0, 2, 4]) expect(again.get(keyOf(i))!.markdown!.html).toBe(bodies[i]);
  });
});
