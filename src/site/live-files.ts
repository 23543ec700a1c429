import type { Config } from '../config/index.js';
import { absolutizeHtml, EMPTY_FEED_UPDATED, escapeXml } from './feeds.js';
import { liveUpdateViews, type LiveUpdateView } from './live-blog.js';
import type { ArticleView } from '../render/context.js';
import { pushAll } from '../push-all.js';
import type { OutputFile, SiteArticle } from './model.js';
import type { SitePlan } from './pages.js';

/**
 * Beside each live story's page: the JSON file of its updates that the page
 * polls (`updates.json`), and their Atom feed (`feed.xml`). Both show the
 * updates out at the build's "now", newest first, and depend on nothing else
 * of the site, so a new update rewrites them and the story's page only.
 */
export function liveBlogFiles(plan: SitePlan, config: Config): OutputFile[] {
  const files: OutputFile[] = [];
  for (const { article, view } of plan.entries) pushAll(files, liveStoryFiles(plan, config, article, view));
  return files;
}

/** One live story's files (none for another article): what a save of the story makes again in watch. */
export function liveStoryFiles(plan: SitePlan, config: Config, article: SiteArticle, view: ArticleView): OutputFile[] {
  if (!view.live) return [];
  const updates = liveUpdateViews(article, view, config, plan.strings);
  const owner = `live updates of ${article.displayPath}`;
  return [
    { type: 'text', path: plan.urls.outputPath(view.live.updatesUrl), owner: `${owner} (JSON)`, content: updatesJson(view.live.active, view.live.coverageEnd, updates) },
    { type: 'text', path: plan.urls.outputPath(view.live.feedUrl), owner: `${owner} (Atom)`, content: updatesFeed(plan, config, article.title, view.url, view.live.feedUrl, view.date, updates) },
  ];
}

/**
 * What the page asks for: whether coverage goes on (the page stops asking
 * once it does not), and each update's id, time and markup, newest first.
 */
function updatesJson(active: boolean, coverageEnd: string | null, updates: LiveUpdateView[]): string {
  const body = { live: active, coverageEnd, updates: updates.map((u) => ({ id: u.id, time: u.time, html: u.html })) };
  return `${JSON.stringify(body, null, 1)}\n`;
}

function updatesFeed(plan: SitePlan, config: Config, title: string, pageUrl: string, feedUrl: string, published: string, updates: LiveUpdateView[]): string {
  const { urls } = plan;
  const page = urls.absolute(pageUrl);
  const self = urls.absolute(feedUrl);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(config.language)}">`,
    `  <id>${escapeXml(self)}</id>`,
    `  <title type="text">${escapeXml(plan.strings.format('liveFeedTitle', { title }))}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    `  <updated>${updates[0]?.time ?? (published || EMPTY_FEED_UPDATED)}</updated>`,
    `  <author><name>${escapeXml(config.author ?? config.title)}</name></author>`,
    '  <generator>gazette</generator>',
  ];
  for (const update of updates) {
    const url = `${page}#${update.id}`;
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(url)}</id>`,
      `    <title type="text">${escapeXml(update.title || title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <published>${update.time}</published>`,
      `    <updated>${update.time}</updated>`,
    );
    for (const author of update.authors) {
      const uri = author.url ? `<uri>${escapeXml(urls.absolute(author.url))}</uri>` : '';
      lines.push(`    <author><name>${escapeXml(author.name)}</name>${uri}</author>`);
    }
    lines.push(`    <content type="html">${escapeXml(absolutizeHtml(update.bodyHtml, urls, page))}</content>`, '  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
