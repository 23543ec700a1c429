import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ParseResult } from '../content/article.js';
import { IoQueue } from '../output/io-queue.js';
import type { RenderedMarkdown } from '../markdown/processor.js';

/** What gazette remembers about one article: its parsed front matter and, once rendered, its HTML. */
export interface ArticleCacheEntry {
  parse: ParseResult;
  markdown: RenderedMarkdown | null;
}

const FORMAT = 'gazette-article-cache-1';

/**
 * Cache of parsed and rendered articles, keyed by a hash of everything that
 * decides the result: the file's bytes and path, the gazette version and the
 * pipeline options. Entries live in memory and, unless disabled, on disk
 * under `<dir>/articles/`, one small JSON file each. An entry that fails to
 * parse, has another format or was stored under another key is ignored and
 * rebuilt: a damaged or foreign cache costs time, never correctness.
 */
export class ArticleCache {
  private readonly memory = new Map<string, ArticleCacheEntry>();
  private readonly used = new Set<string>();
  private readonly unwritten = new Map<string, ArticleCacheEntry>();
  private readonly dir: string | null;

  /**
   * @param dir Cache folder, or null to keep entries in memory only.
   * @param identity Gazette version and pipeline options, mixed into every key.
   */
  constructor(
    dir: string | null,
    private readonly identity: string,
    /** Keep entries in memory between builds (watch mode); a one-off build reads each once. */
    private readonly keepInMemory = dir === null,
  ) {
    this.dir = dir ? path.join(dir, 'articles') : null;
  }

  /** Last key computed per source path, so an unchanged text (the same string) is not hashed again. */
  private readonly lastKeys = new Map<string, { text: string; displayPath: string; key: string }>();

  /** The key of an article's entry. */
  key(sourcePath: string, displayPath: string, text: string): string {
    const last = this.lastKeys.get(sourcePath);
    if (last && last.text === text && last.displayPath === displayPath) return last.key;
    const key = createHash('sha256').update(this.identity).update('\0').update(sourcePath).update('\0').update(displayPath).update('\0').update(text).digest('hex');
    if (this.keepInMemory) this.lastKeys.set(sourcePath, { text, displayPath, key });
    return key;
  }

  get(key: string): ArticleCacheEntry | null {
    this.used.add(key);
    const cached = this.memory.get(key);
    if (cached) return cached;
    if (!this.dir) return null;
    let text: string;
    try {
      text = fs.readFileSync(this.file(key), 'utf8');
    } catch {
      return null;
    }
    const entry = validEntry(text, key);
    if (entry && this.keepInMemory) this.memory.set(key, entry);
    return entry;
  }

  /** Remember an entry; on disk it is written by `flush`, so writes do not hold up the build. */
  set(key: string, entry: ArticleCacheEntry): void {
    this.used.add(key);
    if (this.keepInMemory) this.memory.set(key, entry);
    if (this.dir) this.unwritten.set(key, entry);
  }

  /** Write the entries set since the last flush, several at a time. */
  async flush(): Promise<void> {
    if (!this.dir || this.unwritten.size === 0) return;
    const io = new IoQueue();
    const dirs = new Map<string, Promise<unknown>>();
    for (const [key, entry] of this.unwritten) {
      const file = this.file(key);
      const dir = path.dirname(file);
      if (!dirs.has(dir)) dirs.set(dir, fs.promises.mkdir(dir, { recursive: true }));
      await io.add(async () => {
        await dirs.get(dir);
        // Write then rename, so an interrupted build never leaves half an entry.
        const temp = `${file}.${process.pid}.tmp`;
        await fs.promises.writeFile(temp, JSON.stringify({ format: FORMAT, key, ...entry }));
        await fs.promises.rename(temp, file);
      });
    }
    this.unwritten.clear();
    // A cache that cannot be written only makes the next build slower.
    await io.drain().catch(() => undefined);
  }

  /** Forget entries not used since the cache was opened (deleted or edited articles). */
  prune(): void {
    for (const key of this.memory.keys()) if (!this.used.has(key)) this.memory.delete(key);
    for (const [sourcePath, last] of this.lastKeys) if (!this.used.has(last.key)) this.lastKeys.delete(sourcePath);
    const keep = new Set(this.used);
    this.used.clear();
    if (!this.dir || !fs.existsSync(this.dir)) return;
    for (const shard of fs.readdirSync(this.dir)) {
      const shardDir = path.join(this.dir, shard);
      let names: string[];
      try {
        names = fs.readdirSync(shardDir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!keep.has(name.replace(/\.json$/, ''))) fs.rmSync(path.join(shardDir, name), { force: true });
      }
    }
  }

  private file(key: string): string {
    return path.join(this.dir!, key.slice(0, 2), `${key}.json`);
  }
}

/** Parse a stored entry, or return null when it is damaged, foreign or stored under another key. */
function validEntry(text: string, key: string): ArticleCacheEntry | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(data) || data.format !== FORMAT || data.key !== key) return null;
  const parse = data.parse;
  if (!isObject(parse) || !Array.isArray(parse.diagnostics) || !(parse.article === null || isObject(parse.article))) return null;
  const markdown = data.markdown;
  if (markdown !== null) {
    if (
      !isObject(markdown) ||
      typeof markdown.html !== 'string' ||
      typeof markdown.wordCount !== 'number' ||
      typeof markdown.firstParagraph !== 'string' ||
      !Array.isArray(markdown.links) ||
      !Array.isArray(markdown.resolved)
    ) {
      return null;
    }
  }
  return { parse: parse as unknown as ParseResult, markdown: markdown as RenderedMarkdown | null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
