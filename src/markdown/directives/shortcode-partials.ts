import type Handlebars from 'handlebars';
import { registerHelpers } from '../../render/helpers.js';
import type { ShortcodeRenderer } from './rehype-shortcodes.js';

/** What shortcode partials are rendered with: the theme's partials and the helpers and partials pages have. */
export interface ShortcodeTemplates {
  /** Shortcode name → Handlebars source of `directives/<name>.hbs`. */
  partials: Record<string, string>;
  /** The config's helpers and partials. */
  helpers: Record<string, (...args: unknown[]) => unknown>;
  userPartials: Record<string, string>;
  language: string;
  timeZone: string;
  basePath: string;
}

/**
 * A Handlebars environment for the theme's shortcode partials, with
 * gazette's helpers, then the config's (so a config may replace one),
 * and the config's partials; each partial is compiled when first used.
 */
export function createShortcodeRenderer(hbs: typeof Handlebars, templates: ShortcodeTemplates): ShortcodeRenderer {
  const env = hbs.create();
  registerHelpers(env, templates.language, templates.timeZone, templates.basePath);
  for (const [name, fn] of Object.entries(templates.helpers)) env.registerHelper(name, fn as Handlebars.HelperDelegate);
  for (const [name, text] of Object.entries(templates.userPartials)) env.registerPartial(name, text);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (name, context) => {
    let template = compiled.get(name);
    if (!template) compiled.set(name, (template = env.compile(templates.partials[name]!, { preventIndent: true })));
    return template(context, { allowProtoPropertiesByDefault: false });
  };
}
