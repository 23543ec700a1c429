import { closest } from '../report/suggest.js';
import { pushAll } from '../push-all.js';
import type { Config } from '../config/index.js';
import type { GeneratedSite } from '../build/model.js';
import type { BuildProgress } from '../report/progress.js';
import { encodePath } from '../content/slug.js';
import { FrontMatterError, parseFrontMatter } from '../content/front-matter.js';
import { diagnostic, displayPath, type Diagnostic, type Position } from '../report/diagnostics.js';
import type { OutputFile, SiteArticle, SiteProfile } from '../site/model.js';
import type { ContentLink } from '../markdown/rehype-resolve-urls.js';
import type { MenuItemView } from '../render/context.js';
import { scanHtmlFragment, scanHtmlPage, type HtmlRef } from './html-refs.js';
import { ignoredBy } from './ignore.js';
import { checkRedirectTargets } from './redirect-targets.js';
import { resolveRef } from './resolve.js';
import { sourceTarget, unpublishedArticleText } from './unpublished-links.js';

export interface LinkCheckOptions {
  /**
   * The rendered HTML of pages, by output path. Pages missing from the map
   * are rendered here with the site's theme, one at a time.
   */
  pages?: ReadonlyMap<string, string>;
  /** How to name a generated page in messages; default: its output path. */
  pageLabel?: (outputPath: string) => string;
  /**
   * The full text of an article's source file, if the caller can provide it:
   * used for code frames, and to point at the "image" field of front matter.
   */
  sourceOf?: (article: SiteArticle) => string | null;
  /**
   * Where a menu entry (`menus.<name>[<index>]`) is written in the config
   * file, if the caller can tell (see `menuPositions`); default: nowhere.
   */
  menuPosition?: (name: string, index: number) => Position | null;
  /** The text of a file named as messages name it (the profiles file, the config file), for code frames; default: none. */
  textOf?: (file: string) => string | null;
  progress?: BuildProgress;
}

/** What `checkLinks` reads of the config: the site's URL, the `check` settings, and the config file for menu problems. */
export type LinkCheckConfig = Pick<Config, 'site'> & Partial<Pick<Config, 'check' | 'configFile'>>;

/** Markdown shown on a page, with where it was written: an article's or page's body, a profile's bio. */
interface WrittenHtml {
  html: string;
  links: readonly ContentLink[];
  /** The file as messages name it. */
  file: string;
  /** Its text, for code frames, when known: read only when a problem is reported, so no page keeps it. */
  source: () => string | undefined;
  /** What relative links in it are relative to: its source path. */
  owner: { sourcePath: string };
  /** How messages introduce its links: '' for a body, ' in the bio of X'. */
  where: string;
}

export interface LinkCheckResult {
  diagnostics: Diagnostic[];
  /** HTML pages checked. */
  pages: number;
  /** URLs checked (every href, src, srcset candidate and poster of every page). */
  links: number;
}

/**
 * Check that every internal link, image and `#anchor` of every generated page
 * leads somewhere the site contains, and that external URLs are well formed.
 * Each problem is reported where the link was written: in Markdown (an
 * article's or a standalone page's body, a profile's bio) at its source
 * position, in the config file for a menu entry, and, for a template, once,
 * at the first generated page showing it. Links matching `check.ignore` are
 * left out. Pure: reads and writes no files.
 */
export function checkLinks(site: GeneratedSite, config: LinkCheckConfig, options: LinkCheckOptions = {}): Diagnostic[] {
  return checkSiteLinks(site, config, options).diagnostics;
}

/** `checkLinks`, also counting what was checked, for a summary line. */
export function checkSiteLinks(site: GeneratedSite, config: LinkCheckConfig, options: LinkCheckOptions = {}): LinkCheckResult {
  const ignored = ignoredBy(config.check?.ignore ?? []);
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (!texts.has(file)) texts.set(file, options.textOf?.(file) ?? undefined);
    return texts.get(file);
  };
  const configFile = config.configFile ? displayPath(config.configFile) : 'the config';
  const label = options.pageLabel ?? ((p: string) => p);
  const sources = new Map<SiteArticle, string | null>();
  const sourceOf = (article: SiteArticle): string | null => {
    if (!options.sourceOf) return null;
    if (!sources.has(article)) sources.set(article, options.sourceOf(article));
    return sources.get(article)!;
  };
  const badImages = new Set([...site.badImages].map(key));
  const outputs = new Map<string, OutputFile>();
  for (const file of site.files) outputs.set(key(file.path), file);

  // Pages are rendered, scanned and let go one at a time, so memory does not grow with the site's HTML:
  // what is kept of a page is what another page's link may need of it (its anchors), set once it is scanned.
  type Page = { file: Extract<OutputFile, { type: 'page' }>; url: string; baseHref: string | null; anchors: Set<string> | null };
  const pages = new Map<string, Page>();
  for (const file of site.files) {
    if (file.type === 'page') pages.set(key(file.path), { file, url: file.context.page.url, baseHref: null, anchors: null });
  }

  const articleAt = new Map<string, SiteArticle>();
  const leadImageOwners = new Map<string, SiteArticle[]>();
  // Standalone pages are Markdown of their own, as articles are.
  for (const article of [...site.articles, ...site.pages]) {
    articleAt.set(key(article.outputPath), article);
    if (article.imageUrl) {
      const owners = leadImageOwners.get(article.imageUrl) ?? [];
      owners.push(article);
      leadImageOwners.set(article.imageUrl, owners);
    }
  }

  const profileNamed = new Map(site.profiles.map((p): [string, SiteProfile] => [p.name, p]));

  /**
   * A hint for a link written from the site root with the base path in it (`/news/archive/` on a site
   * under /news/): gazette put the base path in front once more, and without it the link leads to a page.
   */
  const doubledBase = (url: string, page: Page): string => {
    const base = config.site.basePath;
    if (base === '/' || !url.startsWith(base + base.slice(1))) return '';
    const meant = resolveRef(url.slice(base.length - 1), page.url, config.site, page.baseHref);
    if (meant.kind !== 'internal' || !meant.candidates.some((c) => outputs.has(key(c)))) return '';
    // "/news/news/archive/": the author wrote "/news/archive/" and means "/archive/" below the base path.
    return `; the site's base path ${base} is put in front of links written from the root, so write "${url.slice(base.length * 2 - 2)}" without it`;
  };

  /**
   * What is wrong with `ref` on `page`, or null when nothing is; `article` owns the Markdown it was written in, if any.
   * PENDING when it points to an anchor of a page not scanned yet: asked again once every page is.
   */
  const problemOf = (ref: HtmlRef, page: Page, article: { sourcePath: string } | null): Problem | null | typeof PENDING => {
    const resolution = resolveRef(ref.url, page.url, config.site, page.baseHref);
    if (resolution.kind === 'external' || resolution.kind === 'ignored') return null;
    if (ignored(ref.url, resolution)) return null;
    if (resolution.kind === 'invalid') return { ruleId: resolution.ruleId, text: resolution.reason };
    const target = resolution.candidates.map((c) => outputs.get(key(c))).find((f) => f !== undefined);
    // A bad photo is not published, and is reported as bad already (see build/images.ts).
    if (!target && resolution.candidates.some((c) => badImages.has(key(c)))) return null;
    if (!target) {
      const fromSource = article ? sourceTarget(ref.url, article) : null;
      if (fromSource?.endsWith('.md')) {
        return { ruleId: 'link-broken', text: unpublishedArticleText(fromSource) };
      }
      if (fromSource && outputs.has(key(fromSource))) {
        // The file exists, but this attribute was not rewritten (e.g. srcset), so the browser looks beside the page.
        return {
          ruleId: 'link-broken',
          text:
            `leads nowhere: the browser looks for it at ${resolution.display}; gazette rewrites relative paths only in ` +
            `href and src, so write it from the site root instead ("${config.site.basePath}${encodePath(fromSource)}")`,
        };
      }
      if (fromSource) return { ruleId: 'link-broken', text: `leads nowhere: there is no file ${fromSource} in the source folder` };
      return { ruleId: 'link-broken', text: `leads nowhere: the site has no page or file at ${resolution.display}${doubledBase(ref.url, page)}` };
    }
    const fragment = resolution.fragment;
    if (fragment === null || fragment.toLowerCase() === 'top') return null;
    const targetPage = pages.get(key(target.path));
    if (!targetPage) return null;
    if (!targetPage.anchors) return PENDING;
    if (targetPage.anchors.has(fragment)) return null;
    const where = targetPage === page ? 'this page has' : `the page ${resolution.display.replace(/#.*$/, '')} has`;
    // Small typos only: a third of the name, at most 3 edits.
    const hint = closest(fragment, targetPage.anchors, Math.min(3, Math.floor(fragment.length / 3)));
    return {
      ruleId: 'link-anchor',
      text: `points to a missing anchor: ${where} no element with id "${fragment}"${hint ? `; did you mean "#${hint}"?` : ''}`,
    };
  };

  /** The Markdown a page shows: its article's or page's body, or the bio of the author whose page it is. */
  const writtenOn = (context: Page['file']['context'], article: SiteArticle | null): WrittenHtml[] => {
    if (article) {
      return [{ html: article.rendered.html, links: article.rendered.links, file: article.displayPath, source: () => sourceOf(article) ?? article.body, owner: article, where: '' }];
    }
    const profile = context.profile ? profileNamed.get(context.profile.name) : undefined;
    if (!profile || !profile.bioHtml) return [];
    // Bios resolve relative links as a file at the top of the source folder would (see renderProfiles).
    return [{ html: profile.bioHtml, links: profile.bioLinks, file: profile.file, source: () => textOf(profile.file), owner: { sourcePath: 'authors.md' }, where: ` in the bio of ${profile.name}` }];
  };

  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const once = (id: string, make: () => Diagnostic) => {
    if (reported.has(id)) return;
    reported.add(id);
    diagnostics.push(make());
  };
  // A lead photo naming no source file is left out of the pages (see site-article.ts), so no page shows it to scan.
  for (const article of [...site.articles, ...site.pages]) {
    const image = article.image;
    if (!image || article.imageUrl !== null || ignored(image.src, resolveRef(image.src, article.url, config.site))) continue;
    const source = sourceOf(article);
    diagnostics.push(
      diagnostic(article.displayPath, `lead image "${image.src}" (front matter "image") leads nowhere: there is no file ${sourceTarget(image.src, article)} in the source folder`, 'link-broken', {
        position: source === null ? null : frontMatterPosition(source, 'image'),
        source: source ?? undefined,
      }),
    );
  }
  /** Template problems, reported once at the first page showing them, with how many pages do. */
  const fromTemplates = new Map<string, { ref: HtmlRef; problem: Problem; first: string; count: number }>();
  // What to report, in page order; a problem waiting for a later page's anchors is settled when replayed.
  const steps: Array<() => void> = [];
  const settled = (ref: HtmlRef, page: Page, article: { sourcePath: string } | null, verdict: Problem | typeof PENDING): Problem | null => {
    const problem = verdict === PENDING ? problemOf(ref, page, article) : verdict;
    if (problem === PENDING) throw new Error(`link check: the anchors of a page were never read (${ref.url})`);
    return problem;
  };
  let links = 0;
  let checked = 0;

  for (const page of pages.values()) {
    const html = options.pages?.get(page.file.path) ?? site.theme.render(page.file.template, page.file.context);
    // Messages place a link from the Markdown renderer's list (below), never from the HTML: the parser need not track positions.
    const scan = scanHtmlPage(html, { positions: false });
    page.baseHref = scan.baseHref;
    page.anchors = scan.anchors;
    const article = articleAt.get(key(page.file.path)) ?? null;
    links += scan.refs.length;

    // Split the page's URLs into those written in Markdown (its body, a profile's bio), those of menu
    // entries, and those of the template.
    const templateRefs = scan.refs;
    for (const written of writtenOn(page.file.context, article)) {
      const bodyRefs = scanHtmlFragment(written.html, { positions: false }).refs;
      // Source positions come from the Markdown renderer's list of links, matched by URL in
      // order; a srcset candidate takes the position of its element's src.
      const unused = written.links.filter((l) => !l.unlinked);
      const elementPosition = new Map<number, Position>();
      const positions = new Map<HtmlRef, Position | null>();
      for (const ref of bodyRefs) {
        const i = templateRefs.findIndex((r) => r.url === ref.url && r.attr === ref.attr);
        if (i >= 0) templateRefs.splice(i, 1);
        if (ref.attr === 'srcset') continue;
        const j = unused.findIndex((l) => l.url === ref.url);
        const link = j >= 0 ? unused.splice(j, 1)[0]! : null;
        const position = link?.line != null ? { line: link.line, column: link.column ?? 1 } : null;
        positions.set(ref, position);
        if (position && !elementPosition.has(ref.element)) elementPosition.set(ref.element, position);
      }
      // Links to unpublished articles keep no address in the HTML (it would name the file): they come from the list alone.
      written.links.forEach((link, i) => {
        if (!link.unlinked) return;
        const ref: HtmlRef = { url: link.url, tag: 'a', attr: 'href', rel: null, element: -1 - i, line: null, column: null };
        bodyRefs.push(ref);
        positions.set(ref, link.line != null ? { line: link.line, column: link.column ?? 1 } : null);
        links++;
      });
      // A step keeps what its message needs, not the body's HTML.
      const { file, where, source, owner } = written;
      for (const ref of bodyRefs) {
        const verdict = problemOf(ref, page, owner);
        if (!verdict) continue;
        const position = positions.get(ref) ?? elementPosition.get(ref.element) ?? null;
        steps.push(() => {
          const problem = settled(ref, page, owner, verdict);
          if (!problem) return;
          once(`${file}\0${position?.line}:${position?.column}\0${ref.attr}\0${ref.url}`, () =>
            diagnostic(file, `${noun(ref)} "${ref.url}"${where} ${problem.text}`, problem.ruleId, { position, source: source() }),
          );
        });
      }
    }
    for (const [name, items] of Object.entries(page.file.context.site.menus)) {
      items.forEach((item: MenuItemView, index) => {
        const i = templateRefs.findIndex((r) => r.tag === 'a' && r.attr === 'href' && r.url === item.url);
        if (i < 0) return;
        const [ref] = templateRefs.splice(i, 1);
        const verdict = problemOf(ref!, page, null);
        if (!verdict) return;
        steps.push(() => {
          const problem = settled(ref!, page, null, verdict);
          if (!problem) return;
          once(`menu\0${name}\0${index}\0${ref!.url}`, () =>
            diagnostic(configFile, `link "${ref!.url}" of the menu entry menus.${name}[${index}] ("${item.label}") ${problem.text}`, problem.ruleId, {
              position: options.menuPosition?.(name, index) ?? null,
              source: textOf(configFile),
            }),
          );
        });
      });
    }

    for (const ref of templateRefs) {
      const verdict = problemOf(ref, page, null);
      if (!verdict) continue;
      const owners = ref.tag === 'img' ? leadImageOwners.get(ref.url) : undefined;
      steps.push(() => {
        const problem = settled(ref, page, null, verdict);
        if (!problem) return;
        if (owners) {
          // A lead image from front matter, shown on the article page and on its cards.
          for (const owner of owners) {
            const ownerPage = pages.get(key(owner.outputPath)) ?? page;
            const ownProblem = settled(ref, ownerPage, owner, problemOf(ref, ownerPage, owner) ?? problem) ?? problem;
            once(`${owner.sourcePath}\0image\0${ref.url}`, () => {
              const source = sourceOf(owner);
              return diagnostic(owner.displayPath, `lead image "${ref.url}" (front matter "image") ${ownProblem.text}`, ownProblem.ruleId, {
                position: source === null ? null : frontMatterPosition(source, 'image'),
                source: source ?? undefined,
              });
            });
          }
          return;
        }
        const id = `${problem.ruleId}\0${ref.tag}\0${ref.attr}\0${ref.url}\0${problem.text}`;
        const entry = fromTemplates.get(id);
        if (entry) entry.count++;
        else fromTemplates.set(id, { ref, problem, first: page.file.path, count: 1 });
      });
    }
    options.progress?.stage('checking links', ++checked, pages.size);
  }
  for (const step of steps) step();

  for (const { ref, problem, first, count } of fromTemplates.values()) {
    const others = count - 1;
    const also = others > 0 ? ` (also on ${others} other ${others === 1 ? 'page' : 'pages'})` : '';
    diagnostics.push(diagnostic(label(first), `${noun(ref)} "${ref.url}" from the theme ${problem.text}${also}`, problem.ruleId));
  }
  const exists = (candidates: string[]) => candidates.some((c) => outputs.has(key(c)));
  const redirects = checkRedirectTargets(site.redirects, config.site, exists, ignored, [...pages.values()].map((p) => p.url));
  pushAll(diagnostics, redirects);
  return { diagnostics, pages: pages.size, links };
}

/** A link's problem: its rule and what to say after the link's name. */
type Problem = { ruleId: string; text: string };
/** A link to an anchor of a page whose HTML has not been read yet. */
const PENDING = Symbol('pending');

/** Where front-matter `field` is written in an article's source text. */
function frontMatterPosition(source: string, field: string): Position | null {
  try {
    return parseFrontMatter(source).positionOf(field);
  } catch (error) {
    if (error instanceof FrontMatterError) return null;
    throw error;
  }
}

/** Output paths compare as the filesystem will store them. */
function key(outputPath: string): string {
  return outputPath.normalize('NFC');
}

/** How to name a URL in a message, from the element and attribute holding it. */
function noun(ref: HtmlRef): string {
  switch (ref.tag) {
    case 'a':
    case 'area':
      return 'link';
    case 'img':
      return 'image';
    case 'source':
      return 'media source';
    case 'video':
      return ref.attr === 'poster' ? 'video poster' : 'video';
    case 'audio':
      return 'audio';
    case 'track':
      return 'text track';
    case 'script':
      return 'script';
    case 'iframe':
      return 'frame';
    case 'link':
      return ref.rel ? `<link rel="${ref.rel}">` : '<link>';
    default:
      return `<${ref.tag} ${ref.attr}>`;
  }
}
