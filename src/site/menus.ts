import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
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
}

const KINDS = ['page', 'article', 'section', 'url'] as const;

/**
 * Resolve the config's menus to final URLs. Each entry is `{label, page}`,
 * `{label, article}` (source paths in the source folder), `{label,
 * section}` (a section's name) or `{label, url}` (absolute, or a path
 * under the base path). An entry pointing at nothing is an error naming
 * the config file and the entry.
 * @param configFile The config file as messages name it.
 */
export function resolveMenus(
  menus: Record<string, unknown[]>,
  targets: MenuTargets,
  configFile: string,
): { menus: Record<string, MenuItemView[]>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const resolved: Record<string, MenuItemView[]> = { header: [], footer: [] };
  const sectionKeys = new Map([...targets.sections].map(([name, url]) => [termKey(name), url]));
  for (const [name, entries] of Object.entries(menus)) {
    const items: MenuItemView[] = [];
    entries.forEach((entry, index) => {
      const where = `menus.${name}[${index}]`;
      const fail = (why: string) => diagnostics.push(diagnostic(configFile, `${where} ${why}`, 'menu-invalid'));
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail('must be an object such as {"label": "About", "page": "about.md"}');
      const fields = entry as Record<string, unknown>;
      const label = typeof fields.label === 'string' ? fields.label.trim() : '';
      if (!label) return fail('needs a "label", the text of the link');
      const given = KINDS.filter((k) => fields[k] !== undefined);
      const unknown = Object.keys(fields).filter((k) => k !== 'label' && !(KINDS as readonly string[]).includes(k));
      if (unknown.length) return fail(`has an unknown field "${unknown[0]}"; an entry has a "label" and one of ${KINDS.join(', ')}`);
      if (given.length !== 1) return fail(`("${label}") needs exactly one of ${KINDS.map((k) => `"${k}"`).join(', ')}`);
      const kind = given[0]!;
      const target = fields[kind];
      if (typeof target !== 'string' || target.trim() === '') return fail(`("${label}"): "${kind}" must be text`);
      const url = targetUrl(kind, target.trim(), targets, sectionKeys);
      if (url === null) {
        const what = kind === 'section' ? `no section is named "${target}"` : `no published ${kind} is ${JSON.stringify(target)} (a path in the source folder, e.g. "about.md")`;
        return fail(`("${label}") points at nothing: ${what}`);
      }
      if (url === undefined) return fail(`("${label}"): "url" must be an http(s) or mailto: URL or a path starting with "/", not ${JSON.stringify(target)}`);
      items.push({ label, url, external: /^[a-z][a-z0-9+.-]*:/i.test(url) });
    });
    resolved[name] = items;
  }
  return { menus: resolved, diagnostics };
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
