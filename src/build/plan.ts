import { cachedRelatedArticles } from '../cache/related-cache.js';
import { CENTRE, socialKey } from '../images/image-stage.js';
import type { SocialImage } from '../images/record.js';
import type { UrlResolver } from '../markdown/resolve-url.js';
import { displayPath, location, type Diagnostic } from '../report/diagnostics.js';
import { loadTheme, type Theme } from '../render/theme.js';
import type { SiteArticle } from '../site/model.js';
import type { HeldBackTarget, HeldBackTargets } from '../site/menus.js';
import { termKey } from '../site/taxonomy.js';
import { menuPlacer } from '../check/menu-positions.js';
import { planPages, RELATED_LIMIT } from '../site/pages.js';
import { linkListingTranslations } from '../site/listing-translations.js';
import { languageConfig } from '../site/languages.js';
import { unknownSectionSettings } from '../site/section-settings.js';
import { pushAll } from '../push-all.js';
import type { Loaded, PlannedSite, RenderedContent, Scheduled, SiteImages, StageContext } from './model.js';

/**
 * Plan: load the theme, then every page of every language (front page, sections, tags, authors,
 * archive, search, corrections, pages: see `planPages`), each listing linked to its versions in the
 * other languages.
 * @param relatedCacheDir Where related articles are kept between builds; null: computed afresh.
 */
export function planStage(
  stage: StageContext,
  loaded: Loaded,
  images: SiteImages,
  content: RenderedContent,
  scheduled: Scheduled,
  relatedCacheDir: string | null,
): PlannedSite {
  const { config } = stage;
  const { now } = scheduled;
  const heldBack = menuHeldBack(loaded, scheduled);
  const { resolver } = images;
  const theme = loadTheme({
    templatesDir: config.templatesDir,
    language: config.language,
    languages: config.siteLanguages.map((l) => l.code),
    dateFormats: new Map(config.siteLanguages.flatMap((l) => (l.dateFormats ? [[l.code, l.dateFormats]] : []))),
    timeZone: config.timezone,
    basePath: config.site.basePath,
    display: displayPath,
    code: config.module ? { helpers: config.module.code.helpers, partials: config.module.code.partials, identity: config.module.identity, file: config.module.file } : null,
  });
  const { articles, pages, profiles } = content;
  const multilingual = config.siteLanguages.length > 1;
  const menuNotes = new Set<string>();
  const idleAuthors = multilingual ? idleAuthorPages(profiles, articles) : undefined;
  // The config file is read for a menu entry's position only when one has a problem to report.
  const placeMenuEntry = menuPlacer(config.configFile);
  const plans = config.siteLanguages.map((language) => {
    const languageSettings = languageConfig(config, language);
    const mine = (a: SiteArticle) => a.language === language.code;
    const languageArticles = articles.filter(mine);
    // Related articles are kept in the cache folder only by builds that keep their articles there too (and of one language).
    const related = multilingual ? undefined : cachedRelatedArticles(relatedCacheDir, languageArticles, RELATED_LIMIT);
    const plan = planPages(languageArticles, languageSettings, theme.stringsFor(language.code), related, {
      pages: pages.filter(mine),
      profiles,
      data: loaded.content.siteData.data,
      menuTargets: multilingual ? menuTargetsIn(language.code, articles, pages) : undefined,
      heldBack,
      defaultImage: defaultImageOf(config, resolver),
      now,
      idleAuthorPages: idleAuthors && (language.isDefault ? idleAuthors : new Set()),
      placeMenuEntry,
    });
    // A menu entry pointing at nothing, or at what is held back, is reported once, by the default language's plan.
    if (!language.isDefault) {
      plan.diagnostics = plan.diagnostics.filter((d) => d.ruleId !== 'menu-invalid' && d.ruleId !== 'menu-unpublished');
      plan.notes = plan.notes.filter((note) => !menuNotes.has(note));
    } else for (const note of plan.notes) menuNotes.add(note);
    return { plan, config: languageSettings, language };
  });
  // Each listing links the same listing in the other languages, once all of them are planned.
  linkListingTranslations(plans);
  const diagnostics: Diagnostic[] = [];
  for (const { plan } of plans) pushAll(diagnostics, plan.diagnostics);
  pushAll(diagnostics, theme.warnings);
  pushAll(diagnostics, stringWarnings(theme, config.siteLanguages.map((l) => l.code)));
  pushAll(diagnostics, unknownSectionSettings(config, sectionNames(articles, loaded, scheduled), config.configFile ? displayPath(config.configFile) : 'gazette.config.json'));
  return { theme, plans, diagnostics };
}

/** The theme strings' warnings for the site's languages, each once (two languages may read one file: zh-CN and zh-TW read zh.json). */
/**
 * The default image's address and social crops. With `"process": false` it has no crops but is
 * published as it is, and pages without a photo show that file, as a lead photo is shown then.
 */
function defaultImageOf(config: StageContext['config'], resolver: UrlResolver): { url: string; social: SocialImage[] } | undefined {
  const source = config.images.defaultImage;
  const url = source === null ? undefined : resolver.assetUrls.get(source);
  if (source === null || url === undefined) return undefined;
  return { url, social: resolver.social.get(socialKey(source, CENTRE)) ?? [] };
}

function stringWarnings(theme: Theme, languages: string[]): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  for (const language of languages) {
    for (const warning of theme.stringsFor(language).warnings) seen.set(`${location(warning)} ${warning.message}`, warning);
  }
  return [...seen.values()];
}

/**
 * What menu entries naming a source point to in `language`: its version in that language where there
 * is one, else itself; the titles of the versions in that language (for labels it lacks); and the
 * sections of every language, which an entry may name though `language` has no story in them.
 */
function menuTargetsIn(language: string, articles: SiteArticle[], pages: SiteArticle[]) {
  const byUrl = new Map([...articles, ...pages].map((a) => [a.url, a]));
  const titles = new Map<string, string>();
  const target = (list: SiteArticle[]) =>
    new Map(
      list.map((a) => {
        const version = a.language === language ? a : byUrl.get(a.translations.find((t) => t.language === language)?.url ?? '');
        if (version) titles.set(a.sourcePath, version.title);
        return [a.sourcePath, version?.url ?? a.url];
      }),
    );
  const sections = new Set<string>();
  for (const a of articles) if (a.section) sections.add(termKey(a.section));
  return { pages: target(pages), articles: target(articles), titles, sections };
}

/** The profiles (by `termKey`) of authors no published article names, in any language: their page is the default language's. */
function idleAuthorPages(profiles: readonly { name: string }[], articles: SiteArticle[]): Set<string> {
  const idle = new Set(profiles.map((p) => termKey(p.name)));
  for (const a of articles) for (const name of a.authors) idle.delete(termKey(name));
  return idle;
}

/** The sections articles give, published or held back, in every language. */
function* sectionNames(articles: SiteArticle[], loaded: Loaded, scheduled: Scheduled): Generator<string> {
  for (const a of articles) if (a.section) yield a.section;
  for (const a of loaded.content.drafts) if (a.kind !== 'page' && a.section) yield a.section;
  for (const { item } of scheduled.heldBack) if (item.kind !== 'page' && item.section) yield item.section;
}

/**
 * What menu entries may name that this build holds back (drafts, scheduled and expired items): by source
 * path, and by section for the sections of held-back articles. Where several items stand behind a name,
 * the one published soonest speaks for it: a scheduled one (the earliest), else a draft or an expired one.
 */
function menuHeldBack(loaded: Loaded, scheduled: Scheduled): HeldBackTargets {
  const targets: HeldBackTargets = { pages: new Map(), articles: new Map(), sections: new Map() };
  const held = [...loaded.content.drafts.map((item) => ({ item, reason: 'draft' as const })), ...scheduled.heldBack];
  for (const { item, reason } of held) {
    const target: HeldBackTarget = { reason, date: item.date };
    (item.kind === 'page' ? targets.pages : targets.articles).set(item.sourcePath, target);
    if (item.kind !== 'page' && item.section) {
      const key = termKey(item.section);
      if (sooner(target, targets.sections.get(key))) targets.sections.set(key, target);
    }
  }
  return targets;
}

/** Whether `a` publishes what it stands for sooner than `b`: scheduled before held for good, earlier before later. */
function sooner(a: HeldBackTarget, b: HeldBackTarget | undefined): boolean {
  if (!b) return true;
  if ((a.reason === 'scheduled') !== (b.reason === 'scheduled')) return a.reason === 'scheduled';
  return a.reason === 'scheduled' && a.date < b.date;
}
