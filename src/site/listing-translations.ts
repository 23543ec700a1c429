import type { SiteLanguage } from '../config/languages.js';
import type { LanguageLinkView, PageKind, PageView } from '../render/context.js';
import type { OutputFile } from './model.js';
import { ArticlePageFile } from './plan/article-page-file.js';

/**
 * Listing pages that have a version in each language that has the same listing: the same path below
 * the language's folder (`/tags/trade/page/2/` and `/fr/tags/trade/page/2/`). Articles and pages are
 * linked by their translation key instead; the 404 page has no versions (it answers every missing URL).
 */
const LISTINGS: ReadonlySet<PageKind> = new Set<PageKind>(['home', 'section', 'tag', 'author', 'archive', 'archive-year', 'archive-month', 'tags', 'search', 'corrections']);

/**
 * Link each listing page (front page and its pages, sections, tags, authors, archive, tags index,
 * search, corrections) to the same listing in the site's other languages, where that language has
 * it: its `translations` (for hreflang and og:locale:alternate, both ways) and its language
 * switcher. A tag, section or author is the same listing in two languages when its slug is.
 * @param plans Every language's plan, in the order of the site's languages.
 */
export function linkListingTranslations(plans: { plan: { files: OutputFile[]; site: { basePath: string } }; language: SiteLanguage }[]): void {
  if (plans.length < 2) return;
  const groups = new Map<string, { page: PageView; language: SiteLanguage; absoluteUrl: string }[]>();
  for (const { plan, language } of plans) {
    for (const file of plan.files) {
      // Article pages are no listings: their contexts are made only when read (see ArticlePageFile).
      if (file.type !== 'page' || file instanceof ArticlePageFile || !LISTINGS.has(file.context.page.kind)) continue;
      const { page } = file.context;
      const below = page.url.slice(plan.site.basePath.length);
      const key = `${page.kind}\0${below}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push({ page, language, absoluteUrl: page.canonicalUrl });
    }
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // Plans come in the order of the languages: the first version is the default language's when it has one.
    const versions = group.map(({ page, language, absoluteUrl }, i) => ({
      language: language.code,
      name: language.name,
      url: page.url,
      absoluteUrl,
      isDefault: language.isDefault,
      xDefault: i === 0,
    }));
    for (const { page, language } of group) {
      page.translations = versions.map((v) => ({ ...v, current: v.language === language.code }));
      page.languages = languageSwitcher(page.languages, page.url, page.canonicalUrl, page.translations);
    }
  }
}

/**
 * The language switcher's links: for each language of the site (`homes`, its front pages), the page's
 * version in it where there is one, the page itself for its own language, else that language's front page.
 */
export function languageSwitcher(homes: LanguageLinkView[], url: string, absoluteUrl: string, translations: LanguageLinkView[]): LanguageLinkView[] {
  return homes.map(
    (home) => translations.find((t) => t.language === home.language) ?? (home.current ? { ...home, url, absoluteUrl } : home),
  );
}
