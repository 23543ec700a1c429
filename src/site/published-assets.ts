import fs from 'node:fs';
import path from 'node:path';
import { encodePath } from '../content/slug.js';
import { sourcePathOf } from '../markdown/resolve-url.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import type { OutputFile } from './model.js';

/**
 * Which files among the sources a site may publish. A draft, a scheduled or an
 * expired item publishes nothing (issue #25): not the photos and files it
 * refers to, not the files in its own folder, whose names would give it away
 * before its time. A file something published uses as well (a live article or
 * page, the default image, a profile, a template, a data file, the config) is
 * published for it.
 */

/** A source the build holds back: its path and its whole text (front matter and body). */
export interface HeldBackSource {
  sourcePath: string;
  text: string;
}

/** What a live article or page uses of the sources: its lead image, its body's links and images, its own fields. */
export interface LiveSource {
  sourcePath: string;
  image: { src: string } | null;
  data: Record<string, unknown>;
  /** Every relative URL of the body, images' included, as written and resolved. */
  rendered: Pick<RenderedMarkdown, 'resolved'>;
}

/** The files held-back items claim, and those of them nothing published uses. */
export interface AssetClaims {
  /** Files (source paths) held-back items refer to or hold in their own folder. */
  claimed: Set<string>;
  /** Of those, the files left out of the site: nothing published uses them. */
  withheld: Set<string>;
}

/** Characters that end a URL written in Markdown, HTML, YAML or a directive's attributes. */
const SEPARATORS = /[\s()[\]<>"'`{}=|,]+/;
/** What an author may wrap a URL in, spaces and all: `<my photo.jpg>`, `"my photo.jpg"`, `(my photo.jpg)`. */
const WRAPPED = /<([^<>\n]+)>|"([^"\n]+)"|'([^'\n]+)'|\(([^()\n]+)\)/g;
/** A path worth looking up: it names a file with an extension (a query or fragment may follow). */
const NAMES_A_FILE = /\.[^./\s]+(?:[?#]|$)/;

/**
 * The files `items` claim: every file of `assets` a held-back item's text
 * refers to (relative to the item, or to the source folder), and every file in
 * its own folder: `story/` for `story/index.md` or for `story.md`, when no
 * other Markdown source lives there. The text is read generously, as words
 * rather than as Markdown: a file it names in passing is claimed too, since
 * claiming too much only holds back what nothing published uses.
 * @param assets Every non-Markdown source file.
 * @param markdown Every Markdown source (live or not).
 */
export function claimedAssets(items: HeldBackSource[], assets: string[], markdown: string[]): Set<string> {
  const claimed = new Set<string>();
  if (items.length === 0) return claimed;
  const known = new Set(assets);
  // Listed folder by folder, which is not string order ('a-b/x' sorts before 'a/y'): sorted for the prefix search.
  const sortedAssets = [...assets].sort();
  const sortedMarkdown = [...markdown].sort();
  for (const { sourcePath, text } of items) {
    for (const candidate of candidates(text)) {
      // Relative to the item, and (for fields templates may print) to the source folder.
      for (const target of [sourcePathOf(candidate, sourcePath), sourcePathOf(`/${candidate}`, sourcePath)]) {
        if (target !== null && known.has(target)) claimed.add(target);
      }
    }
    const folder = ownFolder(sourcePath);
    if (folder === null) continue;
    const others = withPrefix(sortedMarkdown, folder).filter((md) => md !== sourcePath);
    if (others.length === 0) for (const file of withPrefix(sortedAssets, folder)) claimed.add(file);
  }
  return claimed;
}

/**
 * The claimed files that nothing published uses.
 * @param live The live articles and pages, rendered.
 * @param keep Files published whatever refers to them (the default image, profile photos).
 * @param mentions Texts of templates, data files and the config: a file one of them names by its path is kept.
 */
export function withheldAssets(claimed: Set<string>, live: LiveSource[], keep: (string | null)[], mentions: () => string[]): Set<string> {
  const withheld = new Set(claimed);
  if (withheld.size === 0) return withheld;
  for (const file of keep) if (file !== null) withheld.delete(file);
  for (const source of live) for (const file of sourcesUsedBy(source)) withheld.delete(file);
  if (withheld.size === 0) return withheld;
  const texts = mentions();
  for (const file of [...withheld]) {
    const encoded = encodePath(file);
    if (texts.some((text) => text.includes(file) || text.includes(encoded))) withheld.delete(file);
  }
  return withheld;
}

/** Whether an edit of a live article changes which claimed files it uses, and so what the site publishes. */
export function changesClaims(claims: AssetClaims, before: LiveSource, after: LiveSource): boolean {
  if (claims.claimed.size === 0) return false;
  const of = (source: LiveSource) => [...sourcesUsedBy(source)].filter((file) => claims.claimed.has(file)).sort().join('\0');
  return of(before) !== of(after);
}

/** The output files of the sources that are not withheld; `sourceOf` names the source an output file comes from. */
export function publishedFiles(files: OutputFile[], withheld: Set<string>, sourceOf: (file: OutputFile) => string | undefined): OutputFile[] {
  if (withheld.size === 0) return files;
  return files.filter((file) => {
    const source = sourceOf(file);
    return source === undefined || !withheld.has(source);
  });
}

/** Files whose text may name a source file by its path: templates, stylesheets, scripts, data files, the config. */
const TEXT_FILE = /\.(?:hbs|handlebars|html?|css|js|mjs|cjs|json|ya?ml|svg|txt|xml)$/i;

/** The texts of those of `files` (absolute paths) that are text files, for `withheldAssets`; unreadable ones are skipped. */
export function mentionTexts(files: (string | null)[]): string[] {
  const texts: string[] = [];
  for (const file of files) {
    if (file === null || !TEXT_FILE.test(file)) continue;
    try {
      texts.push(fs.readFileSync(file, 'utf8'));
    } catch {
      // Gone since it was listed: it names nothing.
    }
  }
  return texts;
}

/** The source paths a live article or page uses (some may not exist). */
function sourcesUsedBy({ sourcePath, image, data, rendered }: LiveSource): Set<string> {
  const used = new Set<string>();
  const add = (url: string) => {
    const target = sourcePathOf(url, sourcePath);
    if (target !== null) used.add(target);
  };
  if (image) add(image.src);
  for (const [written] of rendered.resolved) add(written);
  // Fields gazette does not interpret reach templates, which may link to them.
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (NAMES_A_FILE.test(value)) add(value);
    } else if (value !== null && typeof value === 'object' && depth < 8) {
      for (const item of Object.values(value)) visit(item, depth + 1);
    }
  };
  visit(data, 0);
  return used;
}

/** Every string in `text` that may be a path to a file. */
function candidates(text: string): Set<string> {
  const found = new Set<string>();
  const add = (raw: string) => {
    for (const variant of [raw, raw.replace(/\\(.)/g, '$1'), raw.replace(/[.,;:!?]+$/, '')]) {
      const trimmed = variant.trim();
      if (trimmed && NAMES_A_FILE.test(trimmed)) found.add(trimmed);
    }
  };
  for (const word of text.split(SEPARATORS)) add(word);
  for (const match of text.matchAll(WRAPPED)) add(match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
  return found;
}

/** The folder that is an item's own ('2026/story/' for '2026/story/index.md' or '2026/story.md'), or null for the source folder's index. */
function ownFolder(sourcePath: string): string | null {
  const dir = path.posix.dirname(sourcePath);
  const name = path.posix.basename(sourcePath).replace(/\.md$/i, '');
  if (name.toLowerCase() === 'index') return dir === '.' ? null : `${dir}/`;
  return dir === '.' ? `${name}/` : `${dir}/${name}/`;
}

/** The entries of a list in string order that start with `prefix`. */
function withPrefix(sorted: string[], prefix: string): string[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) found.push(sorted[i]!);
  return found;
}
