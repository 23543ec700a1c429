import type { Config } from '../config/index.js';
import { EMPTY_FEED_UPDATED, escapeXml, stripXmlIllegal } from './feeds.js';
import type { AlternateLink } from '../render/context.js';
import type { OutputFile } from './model.js';
import type { SitePlan } from './pages.js';
import { correctionFeeds } from './plan/corrections-page.js';

/**
 * Atom and JSON feeds of the corrections page: one entry per correction,
 * newest first (at most `config.feedLimit`), each linking to its note on the
 * article's page. None when the site has no corrections.
 */
export function correctionFeedFiles(plan: SitePlan, config: Config): OutputFile[] {
  const pageUrl = plan.site.nav.corrections;
  if (!pageUrl) return [];
  const { urls } = plan;
  const [atomLink, jsonLink] = correctionFeeds(urls, config.title, plan.strings) as [AlternateLink, AlternateLink];
  const title = plan.strings.format('feedCorrections', { site: config.title });
  const entries = plan.corrections.slice(0, config.feedLimit).map((c) => ({
    id: urls.absolute(c.url),
    title: `Correction: ${c.article.title}`,
    date: c.date,
    text: c.text,
  }));
  const updated = entries[0]?.date ?? EMPTY_FEED_UPDATED;
  const atom = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(config.language)}">`,
    `  <id>${escapeXml(urls.absolute(atomLink.url))}</id>`,
    `  <title type="text">${escapeXml(title)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(urls.absolute(atomLink.url))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(urls.absolute(pageUrl))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${escapeXml(config.author ?? config.title)}</name></author>`,
    '  <generator>gazette</generator>',
  ];
  for (const entry of entries) {
    atom.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title type="text">${escapeXml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.id)}"/>`,
      `    <published>${entry.date}</published>`,
      `    <updated>${entry.date}</updated>`,
      `    <summary type="text">${escapeXml(entry.text)}</summary>`,
      '  </entry>',
    );
  }
  atom.push('</feed>');
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    title,
    home_page_url: urls.absolute(pageUrl),
    feed_url: urls.absolute(jsonLink.url),
    language: config.language,
    authors: [{ name: config.author ?? config.title }],
    items: entries.map((e) => ({ id: e.id, url: e.id, title: e.title, content_text: e.text, date_published: e.date, date_modified: e.date })),
  };
  const clean = (_key: string, value: unknown) => (typeof value === 'string' ? stripXmlIllegal(value) : value);
  return [
    { type: 'text', path: urls.outputPath(atomLink.url), owner: 'corrections feed (Atom)', content: `${atom.join('\n')}\n` },
    { type: 'text', path: urls.outputPath(jsonLink.url), owner: 'corrections feed (JSON Feed)', content: `${JSON.stringify(json, clean, 2)}\n` },
  ];
}
