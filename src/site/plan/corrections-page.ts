import type { AlternateLink, CorrectionEntryView } from '../../render/context.js';
import type { ThemeStrings } from '../../render/strings.js';
import type { SiteUrls } from '../urls.js';
import type { PlanContext } from './plan-context.js';

/**
 * Every correction of the site, newest first, on one page (with its own feeds, see corrections-feed.ts)
 * when there is any. @returns The corrections, for the feeds.
 */
export function planCorrectionsPage(plan: PlanContext): CorrectionEntryView[] {
  const { t, site, config, urls } = plan;
  const corrections: CorrectionEntryView[] = plan.entries
    .flatMap(({ view }) => view.corrections.map((c) => ({ ...c, article: view, url: `${view.url}#${c.id}` })))
    .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (site.nav.corrections) {
    const page = plan.blankContext(
      plan.pageView('corrections', t('correctionsHeading'), site.nav.corrections, t('correctionsDescription', { site: config.title }), {
        alternates: [...plan.siteFeeds, ...correctionFeeds(urls, config.title, plan.strings)],
      }),
    );
    page.corrections = corrections;
    plan.addPage('corrections page', 'corrections', page);
  }
  return corrections;
}

/** The corrections feeds' links. */
export function correctionFeeds(urls: SiteUrls, siteTitle: string, strings: ThemeStrings): AlternateLink[] {
  const title = strings.format('feedCorrections', { site: siteTitle });
  return [
    { type: 'application/atom+xml', title: strings.format('feedAtom', { title }), url: urls.path('corrections', 'feed.xml') },
    { type: 'application/feed+json', title: strings.format('feedJson', { title }), url: urls.path('corrections', 'feed.json') },
  ];
}
