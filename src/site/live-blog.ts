import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import type { Config } from '../config/index.js';
import { zonedParts } from '../content/dates.js';
import type { LiveUpdate } from '../content/live-updates.js';
import { GazetteError } from '../report/diagnostics.js';
import type { ArticleView, BylinePart, LiveView, PageContext, SiteView } from '../render/context.js';
import type { ThemeStrings } from '../render/strings.js';
import type { SiteArticle } from './model.js';
import type { SiteUrls } from './urls.js';
import { updatesOut } from './live-view.js';
import { articleMetaTags, modifiedTime, newsArticleJsonLd, withHeadData } from './views.js';

/** How often an open live page asks for new updates, in seconds. */
export const LIVE_POLL_SECONDS = 30;

/** One update as its page, its JSON file and its feed show it. */
export interface LiveUpdateView {
  id: string;
  time: string;
  /** The heading after the time, as text ('' when none). */
  title: string;
  /** Its first author (see `authors`), or null when it has none. */
  author: { name: string; url: string | null } | null;
  /** Its authors: the story's byline (linked to their pages), or an update file's own `author` (linked when they have a page). */
  authors: { name: string; url: string | null }[];
  /** The update's body as text, for JSON-LD. */
  text: string;
  /** The body's HTML (rendered and sanitized like any article body). */
  bodyHtml: string;
  /** The whole update, as the page shows it. */
  html: string;
}

/** A live story's body cut at its update headings: the text above the first, then each update's heading and body. */
interface LiveBodyParts {
  intro: string;
  updates: Map<string, { heading: Element; body: RootContent[] }>;
}

const bodies = new WeakMap<SiteArticle, LiveBodyParts>();

/**
 * Cut a live story's rendered body at its update headings (found in the
 * Markdown by `readLiveStory`, in the same order), once per build.
 * @throws GazetteError when a heading did not come out as a top-level heading (inside raw HTML, say).
 */
export function liveBodyParts(article: SiteArticle): LiveBodyParts {
  let parts = bodies.get(article);
  if (parts) return parts;
  // Update files bring their own bodies: only the headings are in the story's.
  const expected = article.live!.updates.filter((u) => u.file === null);
  const tree = fromHtml(article.rendered.html, { fragment: true });
  const intro: RootContent[] = [];
  const updates = new Map<string, { heading: Element; body: RootContent[] }>();
  let current: RootContent[] = intro;
  let next = 0;
  for (const node of tree.children) {
    const update = expected[next];
    if (update && node.type === 'element' && node.tagName === 'h2' && textOf(node).replace(/^[^\p{N}]+/u, '').startsWith(update.timeText)) {
      current = [];
      updates.set(update.anchor, { heading: node, body: current });
      next++;
    } else current.push(node);
  }
  const missing = expected[next];
  if (missing) {
    throw new GazetteError(
      `${article.displayPath}:${missing.line}:1: the update heading "## ${missing.timeText}" is not a heading of the story's body once rendered (is it inside raw HTML?); put it on a line of its own, outside any block`,
    );
  }
  parts = { intro: toHtml(root(intro)), updates };
  bodies.set(article, parts);
  return parts;
}

/**
 * The updates of a live story out at the time of its view, newest first,
 * with their markup (built here, so the page and the JSON file the page
 * polls show the very same HTML).
 */
export function liveUpdateViews(article: SiteArticle, view: ArticleView, config: Pick<Config, 'timezone' | 'language'>, strings: ThemeStrings): LiveUpdateView[] {
  const parts = liveBodyParts(article);
  const story = zonedParts(article.live!.coverageStart, config.timezone);
  const clock = new Intl.DateTimeFormat(config.language, { hour: 'numeric', minute: '2-digit', timeZone: config.timezone });
  const dayClock = new Intl.DateTimeFormat(config.language, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: config.timezone });
  const byAnchor = new Map(article.live!.updates.map((u) => [u.anchor, u]));
  return view.live!.updates.map(({ id, time }) => {
    const update = byAnchor.get(id)!;
    const at = update.time;
    const day = zonedParts(at, config.timezone);
    const label = (day.year === story.year && day.month === story.month && day.day === story.day ? clock : dayClock).format(at);
    let title: ElementContent[];
    let body: RootContent[];
    if (update.file) {
      title = update.title ? [txt(update.title)] : [];
      body = fromHtml(article.updateHtml.get(update) ?? '', { fragment: true }).children;
    } else {
      const part = parts.updates.get(id)!;
      title = withoutTime(part.heading, update.timeText);
      body = part.body;
    }
    const own = ownAuthor(update, view);
    // A heading update is the whole byline's: a shared byline is not credited to its first name alone.
    const byline: BylinePart[] = own ? [{ text: own.name, url: own.url }] : view.byline;
    const authors = own ? [own] : view.authors.map((a) => ({ name: a.name, url: a.url }));
    const meta: ElementContent[] = [el('a', { className: ['live-update-time'], href: `#${id}` }, [el('time', { dateTime: time }, [txt(label)])])];
    if (byline.length) {
      const names = byline.map((part) => (part.url === null ? txt(part.text) : el('a', { href: part.url, rel: ['author'] }, [txt(part.text)])));
      meta.push(txt(' '), el('span', { className: ['live-update-author'] }, [txt(`${strings.format('bylineBy')} `), ...names]));
    }
    const header: ElementContent[] = [el('p', { className: ['live-update-meta'] }, meta)];
    if (title.length) header.push(el('h3', { className: ['live-update-title'] }, title));
    const bodyHtml = toHtml(root(body));
    const element = el('article', { className: ['live-update'], id }, [
      el('header', { className: ['live-update-header'] }, header),
      el('div', { className: ['live-update-body'] }, body as ElementContent[]),
    ]);
    return { id, time, title: textOf({ type: 'element', tagName: 'span', properties: {}, children: title }).trim(), author: authors[0] ?? null, authors, text: textOf(root(body)).replace(/\s+/g, ' ').trim(), bodyHtml, html: toHtml(element) };
  });
}

/** An update file's own author, linked to their page when the story's byline has them; null when it names none. */
function ownAuthor(update: LiveUpdate, view: ArticleView): { name: string; url: string | null } | null {
  const own = update.file?.author;
  if (!own) return null;
  const known = view.authors.find((a) => a.name.normalize('NFKC').toLowerCase() === own.normalize('NFKC').toLowerCase());
  return known ? { name: known.name, url: known.url } : { name: own, url: null };
}

/** The heading's content less the time that starts it (the first text's start). */
function withoutTime(heading: Element, timeText: string): ElementContent[] {
  const children = structuredClone(heading.children);
  let done = false;
  const strip = (nodes: ElementContent[]): void => {
    for (let i = 0; i < nodes.length && !done; i++) {
      const node = nodes[i]!;
      if (node.type === 'text') {
        const at = node.value.indexOf(timeText);
        if (at >= 0) {
          node.value = node.value.slice(at + timeText.length).replace(/^\s+/, '');
          done = true;
        }
      } else if (node.type === 'element') strip(node.children);
    }
  };
  strip(children);
  // A heading that was only a time leaves nothing worth a heading.
  return textOf({ type: 'element', tagName: 'span', properties: {}, children }).trim() === '' ? [] : children;
}

function textOf(node: Root | Element | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' || node.type === 'root') return node.children.map((c) => textOf(c)).join('');
  return '';
}

const root = (children: RootContent[]): Root => ({ type: 'root', children });
const txt = (value: string): Text => ({ type: 'text', value });
const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });

/** What the live page hook needs of the plan. */
export interface LivePlan {
  config: Pick<Config, 'timezone' | 'language' | 'title'>;
  strings: ThemeStrings;
  urls: SiteUrls;
  site: SiteView;
}

/**
 * Make an article page a live blog's: its updates (read when rendered), its
 * feed among the page's alternates, and `LiveBlogPosting` JSON-LD. Everything
 * derives from the story's view and body, which the page's fingerprint covers.
 */
export function withLiveBlog(context: PageContext, article: SiteArticle, view: ArticleView, plan: LivePlan): void {
  let updates: LiveUpdateView[] | null = null;
  const read = () => (updates ??= liveUpdateViews(article, view, plan.config, plan.strings));
  Object.defineProperty(context.article, 'liveUpdates', { get: read, enumerable: false });
  const page = context.page;
  const title = plan.strings.format('liveFeedTitle', { title: view.title });
  page.alternates = [...page.alternates, { type: 'application/atom+xml', title: plan.strings.format('feedAtom', { title }), url: view.live!.feedUrl }];
  withHeadData(page, () => ({
    metaTags: articleMetaTags(plan.site, view, page.canonicalUrl),
    jsonLd: [liveBlogJsonLd(newsArticleJsonLd(plan.site, view, page.canonicalUrl, plan.urls), view, read(), page.canonicalUrl, plan.urls)],
  }));
}

/** schema.org LiveBlogPosting: the story's NewsArticle fields, its coverage, and each update out as a BlogPosting. */
export function liveBlogJsonLd(story: object, view: ArticleView, updates: LiveUpdateView[], canonicalUrl: string, urls: SiteUrls): object {
  const live = view.live!;
  return {
    ...story,
    '@type': 'LiveBlogPosting',
    dateModified: modifiedTime(view),
    coverageStartTime: live.coverageStart,
    coverageEndTime: live.coverageEnd ?? undefined,
    liveBlogUpdate: updates.map((u) => ({
      '@type': 'BlogPosting',
      headline: u.title || view.title,
      datePublished: u.time,
      url: `${canonicalUrl}#${u.id}`,
      author: personOrPeople(u.authors, urls),
      articleBody: u.text,
    })),
  };
}

/** schema.org Person of one author, an array of them for several; undefined for none. */
function personOrPeople(authors: { name: string; url: string | null }[], urls: SiteUrls): object | object[] | undefined {
  const people = authors.map((a) => (a.url ? { '@type': 'Person', name: a.name, url: urls.absolute(a.url) } : { '@type': 'Person', name: a.name }));
  return people.length > 1 ? people : people[0];
}
