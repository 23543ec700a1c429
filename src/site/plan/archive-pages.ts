import { zonedParts } from '../../content/dates.js';
import type { ArchiveYearView } from '../../render/context.js';
import type { SiteArticle } from '../model.js';
import type { PlanContext } from './plan-context.js';

/** The archive: a listing per year and per month, newest first, and the page linking them all. */
export function planArchivePages(plan: PlanContext): void {
  const { config, urls, t, site } = plan;
  const byYear = new Map<number, Map<number, SiteArticle[]>>();
  for (const article of plan.articles) {
    const { year, month } = zonedParts(article.date, config.timezone);
    let months = byYear.get(year);
    if (!months) byYear.set(year, (months = new Map()));
    let list = months.get(month);
    if (!list) months.set(month, (list = []));
    list.push(article);
  }
  const monthName = new Intl.DateTimeFormat(config.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const archive: ArchiveYearView[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => b - a)) {
    const months = byYear.get(year)!;
    const yearUrl = urls.path('archive', String(year));
    const monthViews = [...months.keys()]
      .sort((a, b) => b - a)
      .map((month) => ({
        month,
        label: monthName.format(Date.UTC(year, month - 1, 1)),
        url: urls.path('archive', String(year), String(month).padStart(2, '0')),
        count: months.get(month)!.length,
      }));
    archive.push({ year, url: yearUrl, count: monthViews.reduce((n, m) => n + m.count, 0), months: monthViews });
    const yearArticles = monthViews.flatMap((m) => months.get(m.month)!);
    plan.addListing('archive-year', String(year), yearUrl, t('yearDescription', { year }), yearArticles);
    for (const m of monthViews) {
      plan.addListing('archive-month', m.label, m.url, t('monthDescription', { month: m.label }), months.get(m.month)!);
    }
  }
  const page = plan.blankContext(plan.pageView('archive', t('archiveHeading'), urls.path('archive'), t('archiveDescription', { site: site.title })));
  page.archive = archive;
  plan.addPage('archive', 'archive', page);
}
