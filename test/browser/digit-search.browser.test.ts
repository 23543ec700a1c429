/**
 * The search page finds a number whichever digits it is written in: an Arabic newsroom writes
 * "٢٠٢٦" or "2026", and readers type either. A small Arabic site is built and searched in Chromium.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article, tempDir, writeFiles } from '../helpers.js';
import { BROWSER_TIMEOUT, openSearchPage, searchFor, type PageProblems, type SearchPage } from './sample-site.js';

const BUDGET = 'ميزانية ٢٠٢٦ للميناء';
const PLAN = 'خطة النقل حتى 2026';
const PERSIAN = 'بودجه ۲۰۲۶ بندر';
/** Persian letters: ی and ک, where an Arabic keyboard types ي and ك ("Iran book fair"). */
const FAIR = 'نمایشگاه کتاب ایران';
/** A word stretched with kashidas (ـ), as headlines do: "the new port". */
const PORT = 'الميـــناء الجديد';

describe('search of numbers in other scripts in Chromium', { timeout: BROWSER_TIMEOUT }, () => {
  let session: SearchPage | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const dir = tempDir('gazette-digit-search-');
    writeFiles(dir, {
      'gazette.config.json': JSON.stringify({ title: 'الجريدة', language: 'ar' }),
      'articles/budget.md': article({ title: BUDGET, date: '2023-02-09', slug: 'budget' }, 'وافق المجلس على ميزانية عام ٢٠٢٦ بأغلبية ٢٧ صوتا.'),
      'articles/plan.md': article({ title: PLAN, date: '2023-02-08', slug: 'plan' }, 'تمتد الخطة حتى عام 2026.'),
      'articles/persian.md': article({ title: PERSIAN, date: '2023-02-07', slug: 'persian' }, 'متن.'),
      'articles/fair.md': article({ title: FAIR, date: '2023-02-05', slug: 'fair' }, 'متن.'),
      'articles/port.md': article({ title: PORT, date: '2023-02-04', slug: 'port' }, 'افتتح صباح اليوم.'),
      'articles/other.md': article({ title: 'خبر آخر', date: '2023-02-06', slug: 'other' }, 'لا أرقام هنا.'),
    });
    session = await openSearchPage(dir);
    ({ page, problems } = session);
  }, BROWSER_TIMEOUT);

  afterAll(async () => {
    await session?.close();
  });

  it('should find "2026" written in Western, Arabic-Indic or Persian digits, whichever the reader types, and mark it', async () => {
    expect(await searchFor(page, '2026')).toEqual([BUDGET, PLAN, PERSIAN]);
    expect(await searchFor(page, '٢٠٢٦')).toEqual([BUDGET, PLAN, PERSIAN]);
    expect(await searchFor(page, '۲۰۲۶')).toEqual([BUDGET, PLAN, PERSIAN]);
    expect(await searchFor(page, '27')).toEqual([BUDGET]);
    // The snippet marks the number as the story writes it.
    expect(await searchFor(page, '2026')).toContain(BUDGET);
    expect(await page.locator('#search-results mark').allInnerTexts()).toContain('٢٠٢٦');
    expect(problems.all()).toEqual([]);
  });

  it('should find a word whichever form of yeh and kaf it is typed with, and one stretched with kashidas', async () => {
    // Typed on an Arabic keyboard (ي, ك), or on a Persian one (ی, ک): once, only the story's own letters found it.
    expect(await searchFor(page, 'كتاب ايران')).toEqual([FAIR]);
    expect(await searchFor(page, 'کتاب ایران')).toEqual([FAIR]);
    // The headline's kashidas once made "الميـــناء" a word of its own, which "الميناء" did not find.
    expect(await searchFor(page, 'الميناء')).toEqual([PORT]);
    expect(await page.locator('#search-results .search-result-title a').allInnerTexts()).toEqual([PORT]);
    expect(problems.all()).toEqual([]);
  });
});
