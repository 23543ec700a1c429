import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { parseDate, type ParsedDate } from './dates.js';
import { looksUtf16, replacementCharacters } from './text-encoding.js';
import { unclosedDirection } from './bidi.js';
import { parseImageFocus } from './image-focus.js';
import type { FocalPoint } from '../images/record.js';
import { FrontMatterError, frontMatterBody, parseFrontMatter } from './front-matter.js';
import { EXPLICIT_SLUG, fallbackSlug, slugify } from './slug.js';
import { CURATION_FIELDS, readAliases, readAuthors, readCorrections, readCuration, readKind, readPageFields, readShare, type Correction, type ContentKind, type Curation, type FieldReader } from './fields.js';
import { maxOf } from '../push-all.js';
import { LIVE_FIELDS, readLiveStory, type LiveStory } from './live-updates.js';


/**
 * One Markdown source as the writer wrote it, validated but not yet
 * rendered: a dated article (`kind: 'article'`) or a standalone page
 * (`kind: 'page'`), which has no place in listings, feeds or taxonomies.
 */
export interface Article {
  kind: ContentKind;
  /** Path relative to the source folder, with '/' separators. */
  sourcePath: string;
  /** Path as shown in messages (relative to the working directory). */
  displayPath: string;
  title: string;
  /** Publication instant; 0 for a page without a date (see `dated`). */
  date: number;
  /** False only for a page written without a date. */
  dated: boolean;
  dateHasTime: boolean;
  /** Latest of "updated" and the corrections' dates, when later than `date`. */
  updated: number | null;
  /** When the article is taken down (front matter `expires`), or null. */
  expires: number | null;
  /** Bylines in the order written (front matter `author` or `authors`), without duplicates. */
  authors: string[];
  /** Dated correction notes, oldest first. */
  corrections: Correction[];
  /** Pages: the URL path from front matter `url` (relative to the base path), or null to derive it from the file's path. */
  urlPath: string | null;
  /** Pages: the schema.org type of the page (WebPage, AboutPage, ContactPage…). */
  pageType: string;
  section: string | null;
  tags: string[];
  summary: string | null;
  image: ArticleImage | null;
  draft: boolean;
  slug: string;
  /** The language the article is written in (front matter `lang`), or null: its folder, else the site's default, decides. */
  lang: string | null;
  /** What links it to its translations (front matter `translationKey`), or null: its path below the language folder. */
  translationKey: string | null;
  /** Old URLs that lead here (front matter `aliases`), validated, as written: '/2019/05/old-url/', '/?p=123'. */
  aliases: string[];
  /** Featured and breaking flags with their end times (front matter `featured`, `priority`, `breaking`…), or null when none is given. */
  curation: Curation | null;
  /** False when the writer hides the share block on this article's page (front matter `share: false`); true follows the site's setting. */
  share: boolean;
  /** A live story's coverage and updates (front matter `kind: live`), or null. */
  live: LiveStory | null;
  /** Front-matter fields gazette does not interpret. */
  data: Record<string, unknown>;
  /** Markdown body; front matter replaced by blank lines so positions match the file. */
  body: string;
}

export interface ArticleImage {
  /** As written in front matter; resolved later like a link in the body. */
  src: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Where the subject is (front matter "imageFocus"); social crops are cut around it. Null: the centre. */
  focus: FocalPoint | null;
}

export interface ParseResult {
  article: Article | null;
  diagnostics: Diagnostic[];
}

const KNOWN_FIELDS = new Set([
  'title', 'date', 'updated', 'author', 'authors', 'section', 'tags', 'summary',
  'image', 'imageAlt', 'imageCaption', 'imageCredit', 'imageFocus', 'draft', 'slug',
  'kind', 'expires', 'corrections', 'url', 'pageType', 'lang', 'translationKey', 'aliases', 'share',
  ...CURATION_FIELDS, ...LIVE_FIELDS,
]);

/**
 * The Markdown body `parseArticle` gives for `text` (null where it gives no article for want of
 * front matter), without parsing the front matter: for a source parsed before whose body was not
 * kept, read again when it is rendered.
 */
export function articleBody(text: string): string | null {
  const source = normalisedText(text);
  return source.includes('\0') ? null : frontMatterBody(source);
}

/** One line-ending convention, so bodies never carry stray carriage returns; line numbers are unchanged. */
function normalisedText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Parse one article from its text.
 * @param text File contents (a leading BOM is ignored; CRLF is fine).
 * @param sourcePath Path relative to the source folder, '/'-separated.
 * @param displayPath Path to name in messages.
 * @param timeZone Zone for dates written without an offset.
 */
export function parseArticle(text: string, sourcePath: string, displayPath: string, timeZone: string): ParseResult {
  const source = normalisedText(text);
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, ruleId: string, position: { line: number; column: number } | null) => {
    diagnostics.push(diagnostic(displayPath, message, ruleId, { position, source }));
  };
  if (source.includes('\0')) {
    if (looksUtf16(source)) fail('this file is UTF-16 text, and gazette reads Markdown as UTF-8: save it as UTF-8', 'not-text', null);
    else fail('this file is binary, not Markdown text; rename it or move it out of the articles folder', 'not-text', null);
    return { article: null, diagnostics };
  }
  const garbled = replacementCharacters(source);
  if (garbled) {
    // Published, every accented letter of a Latin-1 file would read "�": say where the first one is.
    const more = garbled.count > 1 ? ` (and ${garbled.count - 1} more)` : '';
    diagnostics.push(
      diagnostic(
        displayPath,
        `this file is not UTF-8 text: a byte here${more} is no UTF-8 character and is published as "\uFFFD" (was it saved as Latin-1 or Windows-1252?); save the file as UTF-8`,
        'not-utf8',
        { position: { line: garbled.line, column: garbled.column }, source, severity: 'warning' },
      ),
    );
  }
  let front;
  try {
    front = parseFrontMatter(source);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    fail(error.message, error.ruleId, error.position);
    return { article: null, diagnostics };
  }
  const { data, positionOf } = front;
  for (const slip of front.warnings) diagnostics.push(diagnostic(displayPath, slip.message, slip.ruleId, { position: slip.position, source, severity: 'warning' }));
  const where = (field: string) => positionOf(field) ?? { line: 1, column: 1 };
  for (const [field, value] of Object.entries(data)) {
    const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    const mark = texts.map(unclosedDirection).find((m) => m !== null);
    if (mark) {
      const message = `"${field}" opens a ${mark} it never closes: wherever it is shown, what follows it (the site's name in the browser tab, the rest of a card) is reversed or reordered; close it (U+202C for an embedding or override, U+2069 for an isolate) or remove it`;
      diagnostics.push(diagnostic(displayPath, message, 'front-matter-direction', { position: where(field), source, severity: 'warning' }));
    }
  }
  const reader: FieldReader = { data, where, at: front.positionAt, fail, timeZone, describe };
  const kind = readKind(reader);

  const optionalString = (field: string): string | null => {
    const value = data[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
    fail(`"${field}" must be text, not ${describe(value)}; put it in quotes`, 'front-matter-type', where(field));
    return null;
  };

  let title = '';
  if (data.title === undefined || data.title === null || (typeof data.title === 'string' && data.title.trim() === '')) {
    fail('missing "title": every article needs a headline', 'front-matter-required', positionOf('title') ?? { line: 1, column: 1 });
  } else if (typeof data.title !== 'string') {
    fail(`"title" must be text, not ${describe(data.title)}; put it in quotes`, 'front-matter-type', where('title'));
  } else {
    title = data.title.trim();
  }

  const readDate = (field: string, required: boolean) => {
    const value = data[field];
    if (value === undefined || value === null || value === '') {
      if (required) fail(`missing "${field}": give the publication date as YYYY-MM-DD`, 'front-matter-required', positionOf(field) ?? { line: 1, column: 1 });
      return null;
    }
    if (typeof value !== 'string') {
      fail(`"${field}" must be a date such as 2023-02-09, not ${describe(value)}`, 'front-matter-date', where(field));
      return null;
    }
    const parsed = parseDate(value, timeZone);
    if ('error' in parsed) {
      fail(`"${field}": ${parsed.error}`, 'front-matter-date', where(field));
      return null;
    }
    return parsed;
  };
  // A page needs no date; an article does.
  const date = readDate('date', kind === 'article');
  const updated = readDate('updated', false);
  // A day without a time is that day's 00:00: on the day of a story published at 09:00, say so,
  // or "updated: 2024-03-05" reads as a date that is not earlier at all.
  const dayOnly = (field: string, at: ParsedDate) =>
    at.hasTime || !date || date.epochMs - at.epochMs >= 86_400_000 ? '' : ` (a date without a time is 00:00 that day, in ${timeZone}): give its time too (${String(data[field]).trim()} HH:MM)`;
  if (date && updated && updated.epochMs < date.epochMs) {
    fail(`"updated" is earlier than "date"${dayOnly('updated', updated)}`, 'front-matter-date', where('updated'));
  }
  const expires = readDate('expires', false);
  if (date && expires && expires.epochMs <= date.epochMs) {
    fail(`"expires" must be later than "date"${dayOnly('expires', expires)}`, 'front-matter-date', where('expires'));
  }
  const corrections = readCorrections(reader, date?.epochMs ?? null);
  const authors = readAuthors(reader);
  const page = readPageFields(reader, kind);
  const aliases = readAliases(reader);
  const curation = readCuration(reader, kind, date?.epochMs ?? null);
  const share = readShare(reader);
  const live = readLiveStory(reader, data.kind === 'live', front.body, date?.epochMs ?? null, (message, ruleId, position) =>
    diagnostics.push(diagnostic(displayPath, message, ruleId, { position, source, severity: 'warning' })),
  );

  let tags: string[] = [];
  const rawTags = data.tags;
  if (typeof rawTags === 'string') {
    tags = rawTags.split(',');
  } else if (Array.isArray(rawTags)) {
    rawTags.forEach((tag, index) => {
      if (typeof tag === 'string' || typeof tag === 'number') tags.push(String(tag));
      else fail(`tag ${index + 1} must be text, not ${describe(tag)}`, 'front-matter-type', where('tags'));
    });
  } else if (rawTags !== undefined && rawTags !== null) {
    fail(`"tags" must be a list of names, not ${describe(rawTags)}`, 'front-matter-type', where('tags'));
  }
  tags = [...new Set(tags.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean))];

  let draft = false;
  if (data.draft !== undefined && data.draft !== null) {
    if (typeof data.draft === 'boolean') draft = data.draft;
    else fail(`"draft" must be true or false, not ${describe(data.draft)}`, 'front-matter-type', where('draft'));
  }

  let slug = '';
  const explicitSlug = data.slug;
  if (explicitSlug !== undefined && explicitSlug !== null) {
    const text = typeof explicitSlug === 'number' ? String(explicitSlug) : explicitSlug;
    if (typeof text !== 'string' || !EXPLICIT_SLUG.test(text) || text.length > 200) {
      fail(
        `"slug" must be letters, digits, "-" or "_" (no "/", "..", spaces or dots at the ends), not ${JSON.stringify(explicitSlug)}`,
        'front-matter-slug',
        where('slug'),
      );
    } else {
      slug = text;
    }
  } else {
    slug = slugFromPath(sourcePath) || slugify(title);
    if (!slug) {
      // One writer's playful file name should not stop a newsroom's build: publish it under a stable stand-in, and say so.
      slug = fallbackSlug(fileStem(sourcePath) || title, sourcePath);
      // A page's URL is its path or its "url", never its slug: nothing to say about one.
      if (kind === 'article') diagnostics.push(
        diagnostic(displayPath, `neither the file name nor the title has a letter or digit to make a URL from, so the article's URL uses "${slug}"; add a "slug" field to choose it`, 'slug-fallback', {
          position: positionOf('title') ?? { line: 1, column: 1 },
          source,
          severity: 'warning',
        }),
      );
    }
  }

  const section = optionalString('section');
  const summary = optionalString('summary');
  const imageSrc = optionalString('image');
  const imageAlt = optionalString('imageAlt');
  const imageCaption = optionalString('imageCaption');
  const imageCredit = optionalString('imageCredit');
  const lang = optionalString('lang');
  if (lang !== null) {
    try {
      Intl.getCanonicalLocales(lang);
    } catch {
      fail(`"lang" must be a language tag such as "en" or "zh-CN", not ${JSON.stringify(lang)}`, 'front-matter-lang', where('lang'));
    }
  }
  const translationKey = optionalString('translationKey');
  if (imageSrc && /^[a-z][a-z0-9+.-]*:/i.test(imageSrc) && !/^https?:/i.test(imageSrc)) {
    fail(`"image" must be a path beside the article or an http(s) URL, not ${JSON.stringify(imageSrc)}`, 'front-matter-image', where('image'));
  }
  const imageFocus = parseImageFocus(data.imageFocus);
  if (imageFocus && 'problem' in imageFocus) fail(imageFocus.problem, 'front-matter-image', where('imageFocus'));
  if (imageSrc && !imageAlt) {
    diagnostics.push(
      diagnostic(displayPath, '"image" has no "imageAlt": describe the picture for readers who cannot see it', 'image-alt-missing', {
        position: where('image'),
        source,
        severity: 'warning',
      }),
    );
  }

  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort()) {
    if (KNOWN_FIELDS.has(key)) continue;
    extra[key] = data[key];
    // Other fields are the writer's own, for templates; one that looks like a typo of ours gets a warning.
    const meant = closest(key, [...KNOWN_FIELDS]);
    if (meant && key.length > 3) {
      diagnostics.push(
        diagnostic(displayPath, `unknown field "${key}"; did you mean "${meant}"? (other fields are passed to templates as article.data)`, 'front-matter-unknown', {
          position: positionOf(key),
          source,
          severity: 'warning',
        }),
      );
    }
  }

  if (diagnostics.some((d) => d.severity === 'error') || (!date && kind === 'article')) return { article: null, diagnostics };
  const published = date?.epochMs ?? 0;
  // A correction updates the article: dateModified is never earlier than the latest one.
  const modified = maxOf(updated?.epochMs ?? published, corrections.map((c) => c.date));
  return {
    article: {
      kind,
      sourcePath,
      displayPath,
      title,
      date: published,
      dated: date !== null,
      dateHasTime: date?.hasTime ?? false,
      updated: modified > published ? modified : null,
      expires: expires?.epochMs ?? null,
      authors,
      corrections,
      urlPath: page.urlPath,
      pageType: page.pageType,
      section,
      tags,
      summary,
      image: imageSrc
        ? { src: imageSrc, alt: imageAlt ?? '', caption: imageCaption, credit: imageCredit, focus: imageFocus && !('problem' in imageFocus) ? imageFocus : null }
        : null,
      draft,
      slug,
      lang,
      translationKey,
      aliases,
      curation,
      share,
      live,
      data: extra,
      body: front.body,
    },
    diagnostics,
  };
}

/** `2023/shandong-trade.md` → `shandong-trade`; `2023/big-story/index.md` → `big-story`. */
function slugFromPath(sourcePath: string): string {
  return slugify(fileStem(sourcePath));
}

/** The name a path gives its article: `2023/a.md` → `a`; `2023/big-story/index.md` → `big-story`. */
function fileStem(sourcePath: string): string {
  const parts = sourcePath.split('/');
  const name = parts[parts.length - 1]!.replace(/\.md$/i, '');
  return name.toLowerCase() === 'index' && parts.length > 1 ? parts[parts.length - 2]! : name;
}

/** How a front-matter value reads in a message: 'a list', 'the number 3'. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the value ${value}`;
  // The text itself, so the writer sees what was read ("yes please"), not the word "string".
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
