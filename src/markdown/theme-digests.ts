import { sha1 } from '../hash.js';

/**
 * A digest of each part of the theme an article body may use through its directives: shortcode
 * partials by name, the embeds' texts as `#key`. A cached body whose recorded digests
 * (`RenderedMarkdown.shortcodes`) differ from these is rendered again. Kept out of the pipeline
 * so the main thread can check cached bodies without loading it.
 */
export function themeDigests(options: { shortcodes: Record<string, string>; labels: Record<string, string> }): Map<string, string> {
  return new Map([
    ...Object.entries(options.shortcodes).map(([name, text]): [string, string] => [name, sha1(text)]),
    ...Object.entries(options.labels).map(([key, text]): [string, string] => [`#${key}`, sha1(text)]),
  ]);
}
