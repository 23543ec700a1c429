import type { Article } from '../content/article.js';
import { placeContent } from '../site/place.js';
import { assignLanguages, languageConfig, linkTranslations } from '../site/languages.js';
import { pushAll } from '../push-all.js';
import type { Diagnostic } from '../report/diagnostics.js';
import type { PlacedItem, PlacedSite, Scheduled, StageContext } from './model.js';

/**
 * Place: give every live article and page its URL and output path. Each language's sources go under
 * its folder of the site (a site in one language is placed as it always was), and versions of one
 * item in several languages are linked.
 */
export function placeStage(stage: StageContext, scheduled: Scheduled): PlacedSite {
  const { config } = stage;
  const diagnostics: Diagnostic[] = [];
  const languageOf = assignLanguages(scheduled.live, config, diagnostics);
  const placed: PlacedItem[] = [];
  for (const language of config.siteLanguages) {
    const ofLanguage = (a: Article) => languageOf.get(a)?.language === language;
    const placement = placeContent(scheduled.articles.filter(ofLanguage), scheduled.pages.filter(ofLanguage), languageConfig(config, language), (page) => languageOf.get(page)!.below);
    pushAll(diagnostics, placement.diagnostics);
    for (const { article, url, outputPath } of placement.placed) placed.push({ article, url, outputPath: language.prefix + outputPath, place: languageOf.get(article)! });
  }
  const translations = linkTranslations(placed, config.siteLanguages, diagnostics);
  const articleUrls = new Map<string, string>();
  for (const { article, url } of placed) articleUrls.set(article.sourcePath, url);
  return { placed, translations, articleUrls, diagnostics };
}
