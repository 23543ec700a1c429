import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha1 } from '../hash.js';
import type { ParseResult } from '../content/article.js';
import { removeCacheFile } from './cache-file.js';
import { PackWriter, writeAll } from './pack-writer.js';
import { cacheNotWritten } from './cache-notices.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import { sampleMemory } from '../report/memory-probe.js';

/**
 * What gazette remembers about one article: its parsed front matter and,
 * once rendered, its HTML. Entries read from disk carry no Markdown body
 * (`parse.article.body` is empty: re-read the source to render it again),
 * and their HTML is read from the pack only when first asked for.
 */
export interface ArticleCacheEntry {
  parse: ParseResult;
  markdown: RenderedMarkdown | null;
}

import { DamagedCacheError } from '../report/disk-errors.js';

export { DamagedCacheError };

const FORMAT = 'gazette-article-pack-6';
const SHARDS = 64;
/**
 * A pack starts with this tag, the header's length in bytes as 12 digits, a space, the
 * header's SHA-1 in hex and a newline. The digest covers every record (each holds the
 * hashes of its HTML and links, which are checked when read): an edit or bit rot
 * anywhere in a pack is found before anything in it is used.
 */
const MAGIC = 'GZPACK2 ';
const PREFIX_BYTES = MAGIC.length + 12 + 1 + 40 + 1;
const PREFIX = /^GZPACK2 (\d{12}) ([0-9a-f]{40})\n$/;
const PACK_NAME = /^\d{2}\.pack$/;

interface StoredEntry {
  key: string;
  parse: ParseResult;
  /** The HTML and the links with the search terms, as JSON, follow the header; their lengths in bytes, and the links' hash. */
  markdown: (Omit<RenderedMarkdown, 'html' | 'links' | 'search'> & { htmlBytes: number; linksBytes: number; linksHash: string }) | null;
}

/** A pack written to its temporary file: where each body lies, from `start` (the end of the header). */
interface WrittenPack {
  placed: { markdown: RenderedMarkdown; at: number; sizes: BodySizes }[];
  start: number;
}

/**
 * Cache of parsed and rendered articles, keyed by a hash of everything that
 * decides the result: the file's bytes and path, the gazette version and the
 * pipeline options. On disk (unless disabled) entries are packed into 64
 * files under `<dir>/articles/`, chosen by key: each pack holds a JSON
 * header with every entry but its HTML and links, then those end to end.
 * A build reads the headers only; a page that must be rendered again (or a
 * link check) reads an entry's body with one positioned read, and checks it
 * against its hashes. A pack
 * that fails to parse, has another format or another length is ignored and
 * rebuilt: a damaged or foreign cache costs time, never correctness.
 */
export class ArticleCache {
  private readonly memory = new Map<string, ArticleCacheEntry>();
  private readonly used = new Set<string>();
  private readonly dirty = new Set<number>();
  private readonly dir: string | null;
  private loaded = false;
  /** Packs found damaged (a digest or length that does not match): discarded, and rewritten by `flush`. */
  readonly damaged: string[] = [];
  /** File and length of the bodies spilled by this build (see `spill`). */
  private spilled: { file: BodyFile; bytes: number } | null = null;
  /** Whether the spill file is a private one, outside any cache folder (see `privateSpillFile`). */
  private spilledPrivately = false;
  /** The packs a long-lived cache read, kept open as they were read (see the constructor). */
  private readonly pinned = new Map<string, BodyFile>();
  /** How many bodies `spill` has written to disk. */
  spilledCount = 0;

  /** Whether entries are kept on disk for later builds (not only in memory). */
  get persistent(): boolean {
    return this.dir !== null;
  }

  /**
   * @param dir Cache folder, or null to keep entries in memory only.
   * @param identity Gazette version and pipeline options, mixed into every key.
   * @param options.longLived A cache that `watch` and `serve` keep from build to build. No cache holds a
   *   body it reads back from disk (held, they would be the whole site's HTML: 2 GB at 100,000 articles,
   *   #30); a long-lived one keeps every pack it read open until it rewrites the pack itself, so that its
   *   bodies are read from the pack as it was even after another build on the same folder has renamed a
   *   new one over it, and without a cache folder it still spills bodies, to a file of its own, open but
   *   already deleted (see `spill`). `close` releases them.
   */
  constructor(
    dir: string | null,
    private readonly identity: string,
    options: { longLived?: boolean } = {},
  ) {
    this.dir = dir ? path.join(dir, 'articles') : null;
    this.longLived = options.longLived ?? false;
  }

  private readonly longLived: boolean;

  /** Throw away the cache folder's entries (a damaged pack was found): nothing stored is trusted again. */
  static discard(cacheDir: string): void {
    const dir = path.join(cacheDir, 'articles');
    for (const file of [...OPEN_BODIES.keys()]) if (file.startsWith(dir + path.sep)) closeBodies(file);
    removeCacheFile(dir, { recursive: true });
  }

  /**
   * The key of an article's entry, from its source's bytes or its text: a text gives the key of its
   * UTF-8 bytes, so a build that reads the file's bytes finds what one handed the text stored.
   */
  key(sourcePath: string, displayPath: string, source: string | Uint8Array): string {
    return createHash('sha256').update(this.identity).update('\0').update(sourcePath).update('\0').update(displayPath).update('\0').update(source).digest('hex');
  }

  get(key: string): ArticleCacheEntry | null {
    this.load();
    this.used.add(key);
    return this.memory.get(key) ?? null;
  }

  /** Remember an entry; on disk it is written by `flush`, so writes do not hold up the build. */
  set(key: string, entry: ArticleCacheEntry): void {
    this.load();
    this.used.add(key);
    this.memory.set(key, entry);
    if (this.dir) this.dirty.add(shardOf(key));
  }

  /**
   * Write a freshly rendered body to a temporary file in the cache folder and
   * return it with `html` and `links` read back from there when needed, so a
   * large site's bodies are not all held in memory while it is built. The
   * file goes once `flush` has packed the bodies. Without a cache folder the
   * body is returned as it is, unless the cache is long-lived: then the file
   * is a private one in the system's temporary folder, which lasts as long as
   * the cache (until `close`).
   */
  spill(markdown: RenderedMarkdown): RenderedMarkdown {
    if (!this.dir && !this.longLived) return markdown;
    try {
      if (!this.spilled) {
        this.spilled = { file: this.dir ? spillFile(this.dir) : privateSpillFile(), bytes: 0 };
        this.spilledPrivately = !this.dir;
      }
      const { rest, html, links, sizes } = encodeBody(markdown);
      const offset = this.spilled.bytes;
      this.spilled.file.write(html, offset);
      this.spilled.file.write(links, offset + html.length);
      this.spilled.bytes += html.length + links.length;
      this.spilledCount++;
      return new StoredBody(rest, { file: this.spilled.file, offset, ...sizes });
    } catch (error) {
      // A full or read-only disk: keep the body in memory.
      cacheNotWritten(error);
      return markdown;
    }
  }

  /** Forget one entry now (the previous text of an article edited in watch, which may never prune). */
  forget(key: string): void {
    if (!this.memory.delete(key)) return;
    this.used.delete(key);
    if (this.dir) this.dirty.add(shardOf(key));
  }

  /** Forget entries not used since the last prune (deleted or edited articles). */
  prune(): void {
    this.load();
    for (const key of this.memory.keys()) {
      if (this.used.has(key)) continue;
      this.memory.delete(key);
      if (this.dir) this.dirty.add(shardOf(key));
    }
    this.used.clear();
  }

  /** Rewrite the packs whose entries changed since they were read. */
  flush(): void {
    if (!this.dir) return;
    if (this.dirty.size === 0) return this.closeSpill();
    const byShard = new Map<number, string[]>();
    for (const key of this.memory.keys()) {
      const shard = shardOf(key);
      if (!this.dirty.has(shard)) continue;
      let keys = byShard.get(shard);
      if (!keys) byShard.set(shard, (keys = []));
      keys.push(key);
    }
    // The pack being written, until it is renamed into place.
    let temp: string | null = null;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      for (const shard of [...this.dirty].sort((a, b) => a - b)) {
        const file = this.file(shard);
        let keys = (byShard.get(shard) ?? []).sort();
        // Write then rename, so an interrupted build never leaves half a pack.
        temp = `${file}.${process.pid}.tmp`;
        let written: WrittenPack | null = null;
        while (keys.length > 0) {
          // Bodies still in the old pack are read before it is replaced; damaged ones drop their entries,
          // and the pack is written again without them.
          const attempt = this.writePack(temp, shard, keys);
          if (!(attempt instanceof Set)) {
            written = attempt;
            break;
          }
          for (const key of attempt) this.memory.delete(key);
          keys = keys.filter((key) => !attempt.has(key));
        }
        if (!written) {
          removeCacheFile(temp);
          temp = null;
          this.release(file);
          fs.rmSync(file, { force: true });
          continue;
        }
        sampleMemory();
        fs.renameSync(temp, file);
        temp = null;
        this.release(file);
        const pack = this.bodyFile(file);
        // Bodies read lazily from the old pack follow their entries into the new one: the old offsets mean nothing now.
        for (const { markdown, at, sizes } of written.placed) {
          if (markdown instanceof StoredBody) markdown.moveTo({ file: pack, offset: written.start + at, ...sizes });
        }
      }
      // Anything else here is left over: this build's spilled bodies, now packed, temporary files of
      // an interrupted build, or an older cache layout.
      this.closeSpill();
      for (const name of fs.readdirSync(this.dir)) {
        if (!PACK_NAME.test(name)) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
      }
    } catch (error) {
      // A cache that cannot be written only makes the next build slower; half a pack (a full disk) is not kept.
      cacheNotWritten(error);
      if (temp) removeCacheFile(temp);
    }
    this.closeSpill();
    this.dirty.clear();
  }

  /**
   * Write the pack of `shard` holding the entries `keys` (sorted) to `temp`, in pieces (see
   * `PackWriter`): the header entry by entry, then each body as it is read or encoded. Returns
   * where the bodies went, or the keys of the entries whose bodies could not be had (stored ones
   * that no longer match their hashes), every one checked, for the pack to be written again
   * without them.
   */
  private writePack(temp: string, shard: number, keys: string[]): WrittenPack | Set<string> {
    const damaged = new Set<string>();
    const fd = fs.openSync(temp, 'w');
    try {
      const out = new PackWriter(fd, PREFIX_BYTES);
      // The same bytes as the JSON of { format, shard, entries } made whole.
      out.header(`{"format":${JSON.stringify(FORMAT)},"shard":${shard},"entries":[`);
      // Where each body lands in the new pack, relative to the end of the header, and its bytes when just encoded.
      const placed: (WrittenPack['placed'][number] & { key: string; bytes: Buffer[] | null })[] = [];
      let at = 0;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const { parse, markdown } = this.memory.get(key)!;
        const article = parse.article && { ...parse.article, body: '' };
        let stored: StoredEntry;
        if (!markdown) stored = { key, parse: { ...parse, article }, markdown: null };
        else {
          let body: { rest: ReturnType<typeof restOf>; bytes: Buffer[] | null; sizes: BodySizes };
          // A body already stored is carried over as its bytes, checked against its hashes when copied, not
          // decoded and encoded again: a pack rewritten for one edited article holds a 64th of the site's bodies.
          if (markdown instanceof StoredBody) body = { rest: restOf(markdown), bytes: null, sizes: markdown.sizes() };
          else {
            try {
              const encoded = encodeBody(markdown);
              body = { rest: encoded.rest, bytes: [encoded.html, encoded.links], sizes: encoded.sizes };
            } catch {
              damaged.add(key);
              continue;
            }
          }
          stored = { key, parse: { ...parse, article }, markdown: { ...body.rest, ...body.sizes } };
          placed.push({ key, markdown, at, sizes: body.sizes, bytes: body.bytes });
          at += body.sizes.htmlBytes + body.sizes.linksBytes;
        }
        if (damaged.size === 0) out.header((i === 0 ? '' : ',') + asciiJson(stored));
      }
      out.header(']}');
      const headerBytes = out.headerBytes;
      const digest = out.headerDigest();
      for (const body of placed) {
        if (body.bytes) {
          if (damaged.size === 0) for (const bytes of body.bytes) out.body(bytes);
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = (body.markdown as StoredBody).storedBytes();
        } catch {
          damaged.add(body.key);
          continue;
        }
        // Once one is damaged the others are only checked: the pack is written again.
        if (damaged.size === 0) out.body(bytes);
      }
      if (damaged.size > 0) return damaged;
      out.end();
      // The prefix has a fixed length: written last, once the header's length and digest are known.
      writeAll(fd, [Buffer.from(`${MAGIC}${String(headerBytes).padStart(12, '0')} ${digest}\n`, 'latin1')], 0);
      return { placed, start: PREFIX_BYTES + headerBytes };
    } finally {
      fs.closeSync(fd);
    }
  }

  private closeSpill(): void {
    if (!this.spilled) return;
    this.spilled.file.close();
    if (!this.spilledPrivately) removeCacheFile(this.spilled.file.path);
    else {
      try {
        fs.rmSync(path.dirname(this.spilled.file.path), { recursive: true, force: true });
      } catch {
        // Left in the temporary folder, for the system to clear.
      }
    }
    this.spilled = null;
  }

  /**
   * Release the files a long-lived cache keeps open: its packs and its spill file. Bodies not yet
   * packed can no longer be read (a read says the cache is damaged); a watch session calls this
   * when it lets go of the cache.
   */
  close(): void {
    for (const file of this.pinned.values()) file.close();
    this.pinned.clear();
    this.closeSpill();
  }

  /** Where bodies in the pack `file` are read from: kept open by a long-lived cache, opened when read otherwise. */
  private bodyFile(file: string): BodyFile {
    if (!this.longLived) return new BodyFile(file, null);
    let pinned = this.pinned.get(file);
    if (!pinned) this.pinned.set(file, (pinned = new BodyFile(file, fs.openSync(file, 'r'))));
    return pinned;
  }

  /** The pack `file` is being replaced or removed: what is open on it is closed. */
  private release(file: string): void {
    closeBodies(file);
    this.pinned.get(file)?.close();
    this.pinned.delete(file);
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.dir) return;
    for (let shard = 0; shard < SHARDS; shard++) {
      const file = this.file(shard);
      const pack = readPack(file, shard, this.longLived);
      if (pack === DAMAGED) {
        // Nothing in it is used; `flush` writes the pack again from what this build renders.
        this.damaged.push(file);
        this.dirty.add(shard);
        continue;
      }
      if (pack.file?.pinned) this.pinned.set(file, pack.file);
      for (const [key, entry] of pack.entries) {
        if (!this.memory.has(key)) this.memory.set(key, entry);
      }
    }
  }

  private file(shard: number): string {
    return path.join(this.dir!, `${String(shard).padStart(2, '0')}.pack`);
  }
}

function shardOf(key: string): number {
  return parseInt(key.slice(0, 2), 16) % SHARDS;
}

/** What `readPack` says of a pack of this format that does not hold together. */
const DAMAGED = Symbol('damaged');

/** The entries of a pack, and the file their bodies are read from. */
interface Pack {
  entries: [string, ArticleCacheEntry][];
  file: BodyFile | null;
}

/**
 * The entries of one pack, with lazily read HTML; none when the pack is missing or
 * foreign (another format, an older gazette's), DAMAGED when it is one of ours whose
 * header does not match its digest or whose parts do not fit together. With `pin`,
 * the pack stays open for its bodies to be read from the file just checked.
 */
function readPack(file: string, shard: number, pin: boolean): Pack | typeof DAMAGED {
  const none: Pack = { entries: [], file: null };
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return none;
  }
  let ours = false;
  let kept = false;
  try {
    const size = fs.fstatSync(fd).size;
    const prefix = Buffer.alloc(PREFIX_BYTES);
    const prefixRead = fs.readSync(fd, prefix, 0, PREFIX_BYTES, 0);
    ours = prefix.toString('latin1', 0, MAGIC.length) === MAGIC;
    if (!ours) return none;
    const match = prefixRead === PREFIX_BYTES ? PREFIX.exec(prefix.toString('latin1')) : null;
    if (!match) return DAMAGED;
    const headerBytes = Number(match[1]);
    if (PREFIX_BYTES + headerBytes > size) return DAMAGED;
    const headerBuffer = Buffer.alloc(headerBytes);
    if (fs.readSync(fd, headerBuffer, 0, headerBytes, PREFIX_BYTES) !== headerBytes) return DAMAGED;
    // Every record is checked before any is used: 16 ms for 5,000 records (7.4 MB of headers), a tenth of loading them.
    if (sha1(headerBuffer) !== match[2]) return DAMAGED;
    const header = JSON.parse(headerBuffer.toString('latin1')) as unknown;
    if (!isObject(header) || header.format !== FORMAT) return none;
    if (header.shard !== shard || !Array.isArray(header.entries)) return DAMAGED;
    const bodies = new BodyFile(file, pin ? fd : null);
    const entries: [string, ArticleCacheEntry][] = [];
    let offset = PREFIX_BYTES + headerBytes;
    for (const stored of header.entries as unknown[]) {
      if (!isStoredEntry(stored) || shardOf(stored.key) !== shard) return DAMAGED;
      let markdown: RenderedMarkdown | null = null;
      if (stored.markdown) {
        const { htmlBytes, linksBytes, linksHash, ...rest } = stored.markdown;
        markdown = new StoredBody(rest, { file: bodies, offset, htmlBytes, linksBytes, linksHash });
        offset += htmlBytes + linksBytes;
      }
      entries.push([stored.key, { parse: stored.parse, markdown }]);
    }
    // The bodies must fill the rest of the file exactly.
    if (offset !== size) return DAMAGED;
    kept = pin;
    return { entries, file: bodies };
  } catch {
    return ours ? DAMAGED : none;
  } finally {
    if (!kept) fs.closeSync(fd);
  }
}

/**
 * JSON in ASCII only, any other character escaped: the header is then read as Latin-1, which
 * V8 decodes several times faster than UTF-8 into a string of one byte per character
 * (17 MB of headers at 10,000 articles: 20 ms instead of 60).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A body as stored: its HTML and its links with its search terms (JSON) as bytes, their
 * sizes and the second part's hash, and the rest of the entry. Only search and link checks read
 * the second part, and it is as large as the HTML: it stays out of the header every build reads.
 */
function encodeBody(markdown: RenderedMarkdown) {
  const html = Buffer.from(markdown.html, 'utf8');
  const links = Buffer.from(JSON.stringify({ links: markdown.links, search: markdown.search }), 'utf8');
  return { rest: restOf(markdown), html, links, sizes: { htmlBytes: html.length, linksBytes: links.length, linksHash: sha1(links) } };
}

/** Everything of a body but its HTML, links and search terms: what the pack's header holds. */
function restOf(markdown: RenderedMarkdown): Omit<RenderedMarkdown, 'html' | 'links' | 'search'> {
  // Field by field, not a spread: a body read from a pack also holds what it has read so far.
  return {
    htmlHash: markdown.htmlHash,
    wordCount: markdown.wordCount,
    cjkCharacters: markdown.cjkCharacters,
    summary: markdown.summary,
    basePath: markdown.basePath,
    resolved: markdown.resolved,
    messages: markdown.messages,
    shortcodes: markdown.shortcodes,
    images: markdown.images,
  };
}

/** The sizes of an entry's HTML and links in bytes, and the links' hash. */
interface BodySizes {
  htmlBytes: number;
  linksBytes: number;
  linksHash: string;
}

/** Where an entry's HTML and links lie: its pack (or the spill file) and offset. */
interface BodyPlace extends BodySizes {
  file: BodyFile;
  offset: number;
}

/** Packs open for reading bodies (path → descriptor), the least recently opened first. */
const OPEN_BODIES = new Map<string, number>();
const MAX_OPEN_BODIES = 96;

/** A descriptor to read bodies from `file`, kept open: a site's pages read thousands of bodies from a few packs. */
function openBodies(file: string): number {
  let fd = OPEN_BODIES.get(file);
  if (fd === undefined) {
    fd = fs.openSync(file, 'r');
    OPEN_BODIES.set(file, fd);
    if (OPEN_BODIES.size > MAX_OPEN_BODIES) closeBodies(OPEN_BODIES.keys().next().value!);
  }
  return fd;
}

/** Close `file` if it is open for reading bodies (it is being replaced or removed). */
function closeBodies(file: string): void {
  const fd = OPEN_BODIES.get(file);
  if (fd === undefined) return;
  OPEN_BODIES.delete(file);
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
}

/**
 * A file bodies are read from. Pinned, it was opened once and is read through that descriptor
 * until closed: it reads the file as it was, even once another build has renamed a new pack over
 * it, or when it was deleted as soon as made (a private spill file). Otherwise it is opened by
 * path when read (see `openBodies`).
 */
class BodyFile {
  #fd: number | null;
  readonly pinned: boolean;

  constructor(
    readonly path: string,
    fd: number | null,
  ) {
    this.#fd = fd;
    this.pinned = fd !== null;
  }

  /** Read `length` bytes at `position` into `buffer`; how many were read. */
  read(buffer: Buffer, length: number, position: number): number {
    if (!this.pinned) return fs.readSync(openBodies(this.path), buffer, 0, length, position);
    if (this.#fd === null) throw new Error(`${this.path} is closed`);
    return fs.readSync(this.#fd, buffer, 0, length, position);
  }

  /** Write `bytes` at `position` (a spill file, opened for writing). */
  write(bytes: Buffer, position: number): void {
    const fd = this.#fd ?? openBodies(this.path);
    fs.writeSync(fd, bytes, 0, bytes.length, position);
  }

  close(): void {
    if (!this.pinned) return closeBodies(this.path);
    if (this.#fd === null) return;
    try {
      fs.closeSync(this.#fd);
    } catch {
      // Already closed: nothing to release.
    }
    this.#fd = null;
  }
}

/** The spill file of a build with a cache folder, in that folder; `flush` removes it once its bodies are packed. */
function spillFile(dir: string): BodyFile {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `spill-${process.pid}.tmp`);
  return new BodyFile(file, fs.openSync(file, 'w+'));
}

/**
 * The spill file of a long-lived cache without a cache folder: made in the system's temporary
 * folder and deleted at once, so that only the descriptor kept open holds it and nothing is left
 * behind however the process ends (where an open file cannot be deleted, `close` deletes it).
 */
function privateSpillFile(): BodyFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bodies-'));
  const file = path.join(dir, 'bodies.tmp');
  const bodies = new BodyFile(file, fs.openSync(file, 'w+', 0o600));
  try {
    fs.rmSync(dir, { recursive: true });
  } catch {
    // Removed by `close` instead.
  }
  return bodies;
}

/**
 * Rendered Markdown whose `html` and `links` are read from the pack when asked for
 * (one positioned read each) and checked against their hashes. Pages that are not rendered
 * again and builds that check no links never read them. A class, not an object with
 * accessors of its own: a build makes one for every cached article, and closures and
 * `defineProperties` for each cost 60 ms at 10,000 articles.
 */
class StoredBody implements RenderedMarkdown {
  readonly htmlHash: string;
  readonly wordCount: number;
  readonly cjkCharacters: number;
  readonly summary: string;
  readonly basePath: string;
  readonly resolved: RenderedMarkdown['resolved'];
  readonly messages: RenderedMarkdown['messages'];
  readonly shortcodes: RenderedMarkdown['shortcodes'];
  readonly images: RenderedMarkdown['images'];
  // Nothing read is kept: read again when asked for again, the bodies are never all in memory at once.
  /** Where the body lies; `flush` moves it when it rewrites the pack. A private field, never copied with the entry's own. */
  #place: BodyPlace;

  constructor(rest: Omit<RenderedMarkdown, 'html' | 'links' | 'search'>, place: BodyPlace) {
    this.#place = place;
    this.htmlHash = rest.htmlHash;
    this.wordCount = rest.wordCount;
    this.cjkCharacters = rest.cjkCharacters;
    this.summary = rest.summary;
    this.basePath = rest.basePath;
    this.resolved = rest.resolved;
    this.messages = rest.messages;
    this.shortcodes = rest.shortcodes;
    this.images = rest.images;
  }

  get html(): string {
    const text = this.read(0, this.#place.htmlBytes).toString('utf8');
    if (sha1(text) !== this.htmlHash) throw this.damaged();
    return text;
  }

  get links(): RenderedMarkdown['links'] {
    return this.readLinks().links;
  }

  get search(): RenderedMarkdown['search'] {
    return this.readLinks().search;
  }

  private readLinks(): Pick<RenderedMarkdown, 'links' | 'search'> {
    const json = this.read(this.#place.htmlBytes, this.#place.linksBytes);
    if (sha1(json) !== this.#place.linksHash) throw this.damaged();
    const parsed = JSON.parse(json.toString('utf8')) as unknown;
    if (!isObject(parsed) || !Array.isArray(parsed.links) || typeof parsed.search !== 'string') throw this.damaged();
    return { links: parsed.links as RenderedMarkdown['links'], search: parsed.search };
  }

  /**
   * The HTML and the links as stored, one after the other, for a new pack: read in one piece and
   * checked against their hashes, as a read of either is.
   */
  storedBytes(): Buffer {
    const { htmlBytes, linksBytes, linksHash } = this.#place;
    const bytes = this.read(0, htmlBytes + linksBytes);
    if (sha1(bytes.subarray(0, htmlBytes)) !== this.htmlHash || sha1(bytes.subarray(htmlBytes)) !== linksHash) throw this.damaged();
    return bytes;
  }

  /** The sizes of the HTML and the links as stored, and the links' hash. */
  sizes(): BodySizes {
    const { htmlBytes, linksBytes, linksHash } = this.#place;
    return { htmlBytes, linksBytes, linksHash };
  }

  /** The body now lies at `place` (its pack was rewritten). */
  moveTo(place: BodyPlace): void {
    this.#place = place;
  }

  private read(from: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let bytes = 0;
    try {
      bytes = this.#place.file.read(buffer, length, this.#place.offset + from);
    } catch {
      // Reported below as damage.
    }
    if (bytes !== length) throw this.damaged();
    return buffer;
  }

  private damaged(): DamagedCacheError {
    return new DamagedCacheError(`damaged build cache: ${this.#place.file.path}`);
  }
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (!isObject(value) || typeof value.key !== 'string' || !/^[0-9a-f]{64}$/.test(value.key)) return false;
  const parse = value.parse;
  if (!isObject(parse) || !Array.isArray(parse.diagnostics) || !(parse.article === null || isObject(parse.article))) return false;
  const markdown = value.markdown;
  if (markdown === null) return true;
  const byteCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return (
    isObject(markdown) &&
    byteCount(markdown.htmlBytes) &&
    byteCount(markdown.linksBytes) &&
    typeof markdown.linksHash === 'string' &&
    typeof markdown.htmlHash === 'string' &&
    typeof markdown.wordCount === 'number' &&
    typeof markdown.cjkCharacters === 'number' &&
    typeof markdown.summary === 'string' &&
    typeof markdown.basePath === 'string' &&
    Array.isArray(markdown.resolved) &&
    Array.isArray(markdown.images)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
