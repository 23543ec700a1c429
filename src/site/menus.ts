import { diagnostic, type Diagnostic, type Position } from '../report/diagnostics.js';
import type { MenuItemView } from '../render/context.js';
import { termKey } from './taxonomy.js';

/** What menu entries can point at, by the names the config uses. */
export interface MenuTargets {
  /** Source path of a page ('about.md') → its URL. */
  pages: Map<string, string>;
  /** Source path of an article ('2024/story.md') → its URL. */
  articles: Map<string, string>;
  /** Section name (any case) → its URL. */
  sections: Map<string, string>;
  basePath: string;
  /**
   * Source path of a page or an article → the title of its version in the menu's language, for
   * sources that have one there (in a site of several languages); a label the entry does not give in
   * that language is taken from it.
   */
  titles?: Map<string, string>;
  /**
   * The sections (by `termKey`) with published articles in any of the site's languages: an entry naming
   * one with none in the menu's language is left out of that language's menus, as the section is of its
   * navigation, rather than failing the build.
   */
  sectionsElsewhere?: Set<string>;
  /** What the build holds back that an entry may name: it is left out of the menu rather than failing the build. */
  heldBack?: HeldBackTargets;
}

/** Why a held-back item is not published, and its date (a scheduled item's publication time). */
export interface HeldBackTarget {
  reason: 'draft' | 'scheduled' | 'expired';
  date: number;
}

/**
 * The held-back items menu entries may name: pages and articles by source path, and the sections no live
 * article is in (by `termKey`), each with the reason of its item published soonest.
 */
export interface HeldBackTargets {
  pages: Map<string, HeldBackTarget>;
  articles: Map<string, HeldBackTarget>;
  sections: Map<string, HeldBackTarget>;
}

/** The language menus are resolved for, and the site's languages (the default first). */
export interface MenuLanguage {
  language: string;
  languages: string[];
}

const KINDS = ['page', 'article', 'section', 'url'] as const;

/**
 * Resolve the config's menus to final URLs. Each entry is `{label, page}`,
 * `{label, article}` (source paths in the source folder), `{label,
 * section}` (a section's name) or `{label, url}` (absolute, or a path
 * under the base path). A label is text in the default language, or maps
 * language tags to text (`{"en": "About", "zh-CN": "关于"}`, the default
 * language's among them). A language the label does not name takes the
 * title of the entry's page or article in that language, else the default
 * language's label (marked with its language). An entry pointing at
 * nothing is an error naming the config file and the entry. An entry
 * naming a scheduled item (or a section only scheduled articles are in) is
 * left out until it is published, with a note: a newsroom adds the entry
 * with the story it schedules, and the build that publishes one publishes
 * the other. One naming a draft or an expired item is left out with a warning. On a site in
 * several languages, an entry naming a section with no story in the menu's language but stories in
 * another is left out of that language's menus, with a note.
 * @param configFile The config file as messages name it.
 * @param language The language menus are for; default: a site in one language, the entries' own.
 */
export function resolveMenus(
  menus: Record<string, unknown[]>,
  targets: MenuTargets,
  configFile: string,
  language: MenuLanguage | null = null,
  /** Where an entry (or a field of it) is written in the config file, and the file's text, for messages; default: nowhere. */
  placeOf: (name: string, index: number, field?: string) => { position: Position; source: string } | null = () => null,
): { menus: Record<string, MenuItemView[]>; diagnostics: Diagnostic[]; notes: string[] } {
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const resolved: Record<string, MenuItemView[]> = { header: [], footer: [] };
  const sectionKeys = new Map([...targets.sections].map(([name, url]) => [termKey(name), url]));
  for (const [name, entries] of Object.entries(menus)) {
    const items: MenuItemView[] = [];
    entries.forEach((entry, index) => {
      const where = `menus.${name}[${index}]`;
      const fail = (why: string, field?: string) => diagnostics.push(diagnostic(configFile, `${where} ${why}`, 'menu-invalid', { ...placeOf(name, index, field) }));
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail('must be an object such as {"label": "About", "page": "about.md"}');
      const fields = entry as Record<string, unknown>;
      const labels = labelsOf(fields.label, language);
      if (typeof labels === 'string') return fail(labels);
      const label = labels.fallback;
      const given = KINDS.filter((k) => fields[k] !== undefined);
      const unknown = Object.keys(fields).filter((k) => k !== 'label' && !(KINDS as readonly string[]).includes(k));
      if (unknown.length) return fail(`has an unknown field "${unknown[0]}"; an entry has a "label" and one of ${KINDS.join(', ')}`, unknown[0]);
      if (given.length !== 1) return fail(`("${label}") needs exactly one of ${KINDS.map((k) => `"${k}"`).join(', ')}`);
      const kind = given[0]!;
      const target = fields[kind];
      if (typeof target !== 'string' || target.trim() === '') return fail(`("${label}"): "${kind}" must be text`);
      const url = targetUrl(kind, target.trim(), targets, sectionKeys);
      const held = url === null ? heldBackTarget(kind, target.trim(), targets.heldBack) : undefined;
      if (held?.reason === 'scheduled') {
        const what = kind === 'section' ? `an article in section "${target}"` : JSON.stringify(target);
        return void notes.push(`${configFile}: ${where} ("${label}") is left out of the menu until ${what} is published, ${new Date(held.date).toISOString()}`);
      }
      if (held) {
        const what = held.reason === 'draft' ? `a draft ${kind}` : `an expired ${kind}`;
        const hint = held.reason === 'draft' ? 'it shows once the draft is published' : 'remove the entry, or the expiry';
        return void diagnostics.push(diagnostic(configFile, `${where} ("${label}") points at ${what}: left out of the menu (${hint})`, 'menu-unpublished', { ...placeOf(name, index), severity: 'warning' }));
      }
      if (url === null && kind === 'section' && language && targets.sectionsElsewhere?.has(termKey(target))) {
        return void notes.push(`${configFile}: ${where} ("${label}") is left out of the ${language.language} menus: no ${language.language} story is in section "${target}"`);
      }
      if (url === null) {
        const what = kind === 'section' ? `no section is named "${target}"` : `no published ${kind} is ${JSON.stringify(target)} (a path in the source folder, e.g. "about.md")`;
        return fail(`("${label}") points at nothing: ${what}`);
      }
      if (url === undefined) return fail(`("${label}"): "url" must be an http(s) or mailto: URL or a path starting with "/", not ${JSON.stringify(target)}`);
      const title = kind === 'page' || kind === 'article' ? targets.titles?.get(target.trim().replace(/^\/+/, '')) : undefined;
      const text = labels.own ?? title;
      items.push({ label: text ?? label, lang: text === undefined ? labels.fallbackLanguage : null, url, external: /^[a-z][a-z0-9+.-]*:/i.test(url) });
    });
    resolved[name] = items;
  }
  return { menus: resolved, diagnostics, notes };
}

/** The held-back item (or section) an entry names, when what it names is not published for that reason only. */
function heldBackTarget(kind: (typeof KINDS)[number], target: string, heldBack: HeldBackTargets | undefined): HeldBackTarget | undefined {
  if (!heldBack) return undefined;
  switch (kind) {
    case 'page':
      return heldBack.pages.get(target.replace(/^\/+/, ''));
    case 'article':
      return heldBack.articles.get(target.replace(/^\/+/, ''));
    case 'section':
      return heldBack.sections.get(termKey(target));
    case 'url':
      return undefined;
  }
}

/**
 * An entry's label in the menu's language (`own`, when the entry gives one) and the one shown
 * when neither it nor the target has one (the default language's), or a problem.
 */
function labelsOf(
  value: unknown,
  language: MenuLanguage | null,
): { own: string | undefined; fallback: string; fallbackLanguage: string | null } | string {
  const defaultLanguage = language?.languages[0] ?? null;
  const isDefault = language === null || language.language === defaultLanguage;
  if (typeof value === 'string') {
    const label = value.trim();
    if (!label) return 'needs a "label", the text of the link';
    return { own: isDefault ? label : undefined, fallback: label, fallbackLanguage: isDefault ? null : defaultLanguage };
  }
  const example = `{"label": {${(language?.languages ?? ['en']).map((code) => `"${code}": "…"`).join(', ')}}}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `needs a "label", the text of the link, or its text in each language: ${example}`;
  }
  const byLanguage = new Map<string, string>();
  for (const [code, text] of Object.entries(value as Record<string, unknown>)) {
    const known = (language?.languages ?? []).find((l) => l.toLowerCase() === code.toLowerCase());
    if (!known) {
      const list = language ? language.languages.join(', ') : 'the site has no "languages" setting';
      return `has a label for "${code}", which is not one of the site's languages (${list})`;
    }
    if (typeof text !== 'string' || !text.trim()) return `has an empty label for "${code}": each language's label must be text`;
    byLanguage.set(known, text.trim());
  }
  const fallback = byLanguage.get(defaultLanguage!);
  if (fallback === undefined) return `needs a label in the default language "${defaultLanguage}" (shown where a language has none): ${example}`;
  return { own: byLanguage.get(language!.language), fallback, fallbackLanguage: language!.language === defaultLanguage ? null : defaultLanguage };
}

/** The entry's URL; null when the target does not exist, undefined when a URL is malformed. */
function targetUrl(kind: (typeof KINDS)[number], target: string, targets: MenuTargets, sectionKeys: Map<string, string>): string | null | undefined {
  const source = target.replace(/^\/+/, '');
  switch (kind) {
    case 'page':
      return targets.pages.get(source) ?? null;
    case 'article':
      return targets.articles.get(source) ?? null;
    case 'section':
      return sectionKeys.get(termKey(target)) ?? null;
    case 'url':
      if (/^(?:https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(target)) return target;
      // A site path: under the base path, wherever the site is served.
      if (target.startsWith('/') && !target.startsWith('//') && !/\s/.test(target)) return targets.basePath + encodeURI(target.slice(1));
      return undefined;
  }
}
