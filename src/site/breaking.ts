import type { SiteArticle } from './model.js';
import { breakingAt } from './schedule.js';
import type { BreakingView } from '../render/context.js';



/**
 * The stories that are breaking news at `now`, newest first: every page of
 * their language shows a banner linking to them. Part of the site's view,
 * hence of every page's fingerprint, so a banner coming or going re-renders
 * every page.
 * @param articles The plan's articles, newest first.
 */
export function breakingNews(articles: SiteArticle[], now: number): BreakingView[] {
  const live: BreakingView[] = [];
  for (const article of articles) if (breakingAt(article, now)) live.push({ title: article.title, url: article.url });
  return live;
}
