import { languageOfSource, type SiteLanguage } from '../config/languages.js';
import type { Config } from '../config/index.js';
import type { Article } from '../content/article.js';
import { encodePath } from '../content/slug.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import type { TranslationLink } from './model.js';

/** Where a source belongs among the site's languages. */
export interface SourceLanguage {
  language: SiteLanguage;
  /** What links it to its translations: `translationKey`, or its path below the language's folder without `.md`. */
  key: string;
  /** Its path below its language's folder (a page's URL comes from it). */
  below: string;
}

/**
 * The language of every source (see `languageOfSource`): its `lang` field,
 * its top folder when that is named after one of the site's languages, or
 * the default language. A `lang` that is not one of the site's languages is
 * an error naming the file; such a source is left out.
 */
export function assignLanguages(items: Article[], config: Config, diagnostics: Diagnostic[]): Map<Article, SourceLanguage> {
  const languages = config.siteLanguages;
  const assigned = new Map<Article, SourceLanguage>();
  if (languages.length === 1) {
    // One language: no folder is a language's, and every URL stays as it always was.
    const only = languages[0]!;
    for (const item of items) {
      assigned.set(item, { language: only, key: item.sourcePath.replace(/\.md$/i, ''), below: item.sourcePath });
      // Its pages still say the site's language: a "lang" naming another would be ignored without a word.
      // (A region alone differing, "en" on an "en-GB" site, is the same language.)
      if (item.lang !== null && primary(item.lang) !== primary(only.code)) {
        const message = `"lang" is "${item.lang}", but the site is in one language, "${only.code}", which its page is published in; list the site's languages in "languages" to publish it in "${item.lang}"`;
        diagnostics.push(diagnostic(item.displayPath, message, 'front-matter-lang', { severity: 'warning' }));
      }
    }
    return assigned;
  }
  for (const item of items) {
    const result = languageOfSource(item.sourcePath, item, languages);
    if ('problem' in result) {
      diagnostics.push(diagnostic(item.displayPath, result.problem, 'front-matter-lang'));
      continue;
    }
    const folder = result.language.code;
    const inFolder = item.sourcePath.toLowerCase().startsWith(`${folder.toLowerCase()}/`);
    assigned.set(item, { language: result.language, key: result.key, below: inFolder ? item.sourcePath.slice(folder.length + 1) : item.sourcePath });
  }
  return assigned;
}

/** The config for one language's part of the site: its title, description and language, under its folder of the base path. */
export function languageConfig(config: Config, language: SiteLanguage): Config {
  if (config.siteLanguages.length < 2) return config;
  return {
    ...config,
    title: language.title,
    description: language.description,
    language: language.code,
    languagePrefix: language.prefix,
    site: { ...config.site, basePath: config.site.basePath + encodePath(language.prefix) },
  };
}

/**
 * Link translations: sources of one kind sharing a key are versions of one
 * text. Two versions in one language is an error naming both.
 * @param placed Every placed source with its language and URL.
 * @returns Each source's versions (itself included, in the order of the site's languages), for sources that have another.
 */
export function linkTranslations(
  placed: { article: Article; url: string; place: SourceLanguage }[],
  languages: SiteLanguage[],
  diagnostics: Diagnostic[],
): Map<Article, TranslationLink[]> {
  const groups = new Map<string, typeof placed>();
  for (const item of placed) {
    const id = `${item.article.kind}\0${item.place.key}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = []));
    group.push(item);
  }
  const order = new Map(languages.map((l, i) => [l.code, i]));
  const links = new Map<Article, TranslationLink[]>();
  for (const group of groups.values()) {
    const byLanguage = new Map<string, (typeof placed)[number]>();
    for (const item of group) {
      const other = byLanguage.get(item.place.language.code);
      if (other) {
        diagnostics.push(
          diagnostic(
            item.article.displayPath,
            `is a translation of ${other.article.displayPath} in the same language (${item.place.language.code}): both have the translation key "${item.place.key}"; give one of them another "translationKey"`,
            'translation-duplicate',
          ),
        );
        continue;
      }
      byLanguage.set(item.place.language.code, item);
    }
    if (byLanguage.size < 2) continue;
    const versions = [...byLanguage.values()]
      .sort((a, b) => order.get(a.place.language.code)! - order.get(b.place.language.code)!)
      .map((item, i) => ({
        language: item.place.language.code,
        name: item.place.language.name,
        url: item.url,
        isDefault: item.place.language.isDefault,
        // The default language comes first when it has a version; a text it lacks falls back to the first language that has one.
        xDefault: i === 0,
      }));
    for (const item of byLanguage.values()) links.set(item.article, versions);
  }
  return links;
}

/** A language tag's language alone, without its region or script: 'en' of 'en-GB'. */
function primary(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0]!;
}
