import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';
import { parseDate } from './dates.js';
import { FrontMatterError, parseFrontMatter } from './front-matter.js';
import { EXPLICIT_SLUG, fallbackSlug, slugify } from './slug.js';

/** An article as the writer wrote it, validated but not yet rendered. */
export interface Article {
  /** Path relative to the source folder, with '/' separators. */
  sourcePath: string;
  /** Path as shown in messages (relative to the working directory). */
  displayPath: string;
  title: string;
  date: number;
  dateHasTime: boolean;
  updated: number | null;
  author: string | null;
  section: string | null;
  tags: string[];
  summary: string | null;
  image: ArticleImage | null;
  draft: boolean;
  slug: string;
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
}

export interface ParseResult {
  article: Article | null;
  diagnostics: Diagnostic[];
}

const KNOWN_FIELDS = new Set([
  'title', 'date', 'updated', 'author', 'section', 'tags', 'summary',
  'image', 'imageAlt', 'imageCaption', 'imageCredit', 'draft', 'slug',
]);

/**
 * Parse one article from its text.
 * @param text File contents (a leading BOM is ignored; CRLF is fine).
 * @param sourcePath Path relative to the source folder, '/'-separated.
 * @param displayPath Path to name in messages.
 * @param timeZone Zone for dates written without an offset.
 */
export function parseArticle(text: string, sourcePath: string, displayPath: string, timeZone: string): ParseResult {
  // One line-ending convention, so bodies never carry stray carriage returns; line numbers are unchanged.
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, ruleId: string, position: { line: number; column: number } | null) => {
    diagnostics.push(diagnostic(displayPath, message, ruleId, { position, source }));
  };
  if (source.includes('\0')) {
    fail('this file is binary, not Markdown text; rename it or move it out of the articles folder', 'not-text', null);
    return { article: null, diagnostics };
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
  const where = (field: string) => positionOf(field) ?? { line: 1, column: 1 };

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
  const date = readDate('date', true);
  const updated = readDate('updated', false);
  if (date && updated && updated.epochMs < date.epochMs) {
    fail('"updated" is earlier than "date"', 'front-matter-date', where('updated'));
  }

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
      diagnostics.push(
        diagnostic(displayPath, `neither the file name nor the title has a letter or digit to make a URL from, so the article's URL uses "${slug}"; add a "slug" field to choose it`, 'slug-fallback', {
          position: positionOf('title') ?? { line: 1, column: 1 },
          source,
          severity: 'warning',
        }),
      );
    }
  }

  const author = optionalString('author');
  const section = optionalString('section');
  const summary = optionalString('summary');
  const imageSrc = optionalString('image');
  const imageAlt = optionalString('imageAlt');
  const imageCaption = optionalString('imageCaption');
  const imageCredit = optionalString('imageCredit');
  if (imageSrc && /^[a-z][a-z0-9+.-]*:/i.test(imageSrc) && !/^https?:/i.test(imageSrc)) {
    fail(`"image" must be a path beside the article or an http(s) URL, not ${JSON.stringify(imageSrc)}`, 'front-matter-image', where('image'));
  }
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

  if (diagnostics.some((d) => d.severity === 'error') || !date) return { article: null, diagnostics };
  return {
    article: {
      sourcePath,
      displayPath,
      title,
      date: date.epochMs,
      dateHasTime: date.hasTime,
      updated: updated && updated.epochMs !== date.epochMs ? updated.epochMs : null,
      author,
      section,
      tags,
      summary,
      image: imageSrc ? { src: imageSrc, alt: imageAlt ?? '', caption: imageCaption, credit: imageCredit } : null,
      draft,
      slug,
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

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the value ${value}`;
  return typeof value;
}
