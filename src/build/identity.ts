import type { Config } from '../config/index.js';
import type { MarkdownOptions } from '../markdown/processor.js';
import { displayPath } from '../report/diagnostics.js';
import { embedLabels, shortcodePartials } from '../render/theme.js';
import { codeIdentity } from '../version.js';

/**
 * The cache identity: anything that changes how every article is parsed or rendered, gazette's own
 * code included, and the config module's code and the versions of the packages it imports included.
 * (A theme shortcode partial changes only the articles using it: see `RenderedMarkdown.shortcodes`.)
 */
export function cacheIdentity(config: Config): string {
  // The image settings shape the <picture> markup of bodies; the default image only shows in page heads.
  const images = { ...config.images, defaultImage: null };
  return JSON.stringify({ gazette: codeIdentity(), trustHtml: config.trustHtml, timezone: config.timezone, images, code: config.module?.identity ?? null });
}

/** How `config` has article bodies rendered, as plain data for the worker threads. */
export function markdownOptions(config: Config): MarkdownOptions {
  const module = config.module;
  return {
    trustHtml: config.trustHtml,
    configModule: module ? { file: module.file, version: module.version, identity: module.identity } : null,
    shortcodes: shortcodePartials(config.templatesDir, displayPath),
    labels: embedLabels(config.templatesDir, config.language, displayPath),
    language: config.language,
    timeZone: config.timezone,
    basePath: config.site.basePath,
  };
}
