import type { Config } from '../config/index.js';
import { encodePath } from '../content/slug.js';
import type { ThemeStrings } from '../render/strings.js';
import type { OutputFile } from './model.js';
import { redirectPage, type RedirectRule } from './redirects.js';

/**
 * With `defaultLanguageInSubdir` every language has a folder of its own and the root holds none of
 * their pages. A visitor to the site's address, or to an address that is missing, would get the
 * host's own error page; so the root gets a page (and a host rule) leading to the default language's
 * front page, and a copy of that language's not-found page, which hosts serve for any missing address.
 * Neither is made where a file of the site already lies.
 */
export function rootEntryFiles(
  config: Pick<Config, 'defaultLanguageInSubdir' | 'siteLanguages' | 'site'>,
  fileLists: readonly (readonly OutputFile[])[],
  strings: () => ThemeStrings,
): { files: OutputFile[]; rules: RedirectRule[] } {
  const language = config.siteLanguages.find((l) => l.isDefault);
  if (!config.defaultLanguageInSubdir || !language || language.prefix === '') return { files: [], rules: [] };
  const files = fileLists.flat();
  const taken = new Set(files.map((f) => f.path));
  const front = config.site.basePath + encodePath(language.prefix);
  const made: OutputFile[] = [];
  const rules: RedirectRule[] = [];
  if (!taken.has('index.html')) {
    made.push({ type: 'text', path: 'index.html', owner: `the site's root (leads to ${front})`, content: redirectPage(front, config.site, strings()) });
    rules.push({ path: config.site.basePath, query: null, to: front });
  }
  const notFound = files.find((f) => f.path === `${language.prefix}404.html`);
  if (notFound && !taken.has('404.html')) made.push({ ...notFound, path: '404.html', owner: `${notFound.owner} (at the site's root)` });
  return { files: made, rules };
}
