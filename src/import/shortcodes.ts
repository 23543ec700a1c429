/** A picture WordPress keeps as an attachment, as a gallery shows it. */
export interface AttachmentImage {
  url: string;
  alt: string;
  caption: string;
}

/** What the shortcodes need from the rest of the export. */
export interface ShortcodeContext {
  /** The attachment with this id, or undefined. */
  attachment(id: string): AttachmentImage | undefined;
  /** The attachments uploaded to the post itself, in their menu order (a `[gallery]` without ids shows these). */
  ownAttachments(): AttachmentImage[];
  warn(message: string): void;
}

// `[name attrs]`, `[name attrs /]`, and `[[name]]` (written to show a shortcode literally).
const OPEN = /\[(\[?)([a-zA-Z_][\w-]*)(?![\w-])([^\]]*?)(\/?)\](\]?)/g;
const ENCLOSING = new Set(['caption', 'wp_caption', 'embed', 'video', 'audio']);
const VIDEO_SOURCES = ['src', 'mp4', 'm4v', 'webm', 'ogv', 'mov', 'wmv', 'flv'];
const AUDIO_SOURCES = ['src', 'mp3', 'ogg', 'm4a', 'wav', 'flac', 'wma'];

/**
 * Expand the WordPress shortcodes a post can hold into the HTML WordPress
 * would show: `[caption]` becomes a figure with a caption, `[gallery]` a
 * figure of its images, `[embed]` the address on a line of its own (the
 * next stage makes embeds of such lines), `[video]` and `[audio]` players.
 * Any other shortcode stays as written, with a warning: only the plugin
 * that defined it knew what it showed.
 */
export function expandShortcodes(text: string, context: ShortcodeContext): string {
  let out = '';
  let last = 0;
  const unknown = new Set<string>();
  OPEN.lastIndex = 0;
  for (let match = OPEN.exec(text); match; match = OPEN.exec(text)) {
    const [whole, escapeOpen, rawName, attrText, selfClosing, escapeClose] = match;
    const name = rawName!.toLowerCase();
    if (escapeOpen && escapeClose) {
      out += text.slice(last, match.index) + whole.slice(1, -1);
      last = OPEN.lastIndex;
      continue;
    }
    const known = ENCLOSING.has(name) || name === 'gallery';
    const closeTag = `[/${rawName}]`;
    const closeAt = selfClosing ? -1 : text.indexOf(closeTag, OPEN.lastIndex);
    if (!known) {
      // `[sic]` or `[1]` in prose is text; a tag with attributes or a closing tag is somebody's shortcode.
      if (!unknown.has(name) && (/=/.test(attrText!) || closeAt !== -1)) {
        unknown.add(name);
        context.warn(`the shortcode [${rawName}] is kept as text: gazette does not know what it showed (a plugin made it); replace it by hand`);
      }
      continue;
    }
    const enclosed = ENCLOSING.has(name) && closeAt !== -1;
    const content = enclosed ? text.slice(OPEN.lastIndex, closeAt) : '';
    const end = enclosed ? closeAt + closeTag.length : OPEN.lastIndex;
    const html = render(name, parseAttributes(attrText!), content, context);
    if (html === null) {
      context.warn(`the shortcode [${rawName}] is kept as text: it names nothing this export holds`);
      continue;
    }
    out += text.slice(last, match.index) + html;
    last = end;
    OPEN.lastIndex = end;
  }
  return out + text.slice(last);
}

/** The HTML of one known shortcode, or null when it cannot be shown. */
function render(name: string, attrs: Record<string, string>, content: string, context: ShortcodeContext): string | null {
  switch (name) {
    case 'caption':
    case 'wp_caption': {
      // The picture (perhaps inside a link) comes first; the rest of the content is the caption.
      const parts = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content);
      if (!parts) return content;
      const caption = (attrs.caption ?? parts[2]!).trim();
      return `\n\n<figure>${parts[1]}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n\n`;
    }
    case 'gallery': {
      const ids = (attrs.ids ?? attrs.include ?? '').split(',').map((id) => id.trim()).filter(Boolean);
      const images = ids.length ? ids.map((id) => context.attachment(id)).filter((image) => image !== undefined) : context.ownAttachments();
      if (ids.length && images.length < ids.length) context.warn(`[gallery] names ${ids.length - images.length} picture(s) the export does not hold; they are left out`);
      if (images.length === 0) return null;
      const items = images.map((image) => `<img src="${escapeText(image.url)}" alt="${escapeText(image.alt)}">`).join('');
      return `\n\n<figure data-wp-gallery="">${items}</figure>\n\n`;
    }
    case 'embed': {
      const url = (content || attrs.src || attrs[0] || '').trim();
      return /^https?:\/\/\S+$/i.test(url) ? `\n\n${url}\n\n` : null;
    }
    case 'video':
    case 'audio': {
      const src = (name === 'video' ? VIDEO_SOURCES : AUDIO_SOURCES).map((key) => attrs[key]).find(Boolean) ?? content.trim();
      if (!src || (!/^(?:https?:)?\/\//i.test(src) && !src.startsWith('/'))) return null;
      const poster = name === 'video' && attrs.poster ? ` poster="${escapeAttribute(attrs.poster)}"` : '';
      return `\n\n<${name} controls src="${escapeAttribute(src)}"${poster}></${name}>\n\n`;
    }
    default:
      return null;
  }
}

/** `id="a" width=300 'x'` → `{id: 'a', width: '300', 0: 'x'}`, as WordPress reads shortcode attributes. */
export function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null);
  let position = 0;
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1] !== undefined) attrs[m[1].toLowerCase()] = m[2]!;
    else if (m[3] !== undefined) attrs[m[3].toLowerCase()] = m[4]!;
    else if (m[5] !== undefined) attrs[m[5].toLowerCase()] = m[6]!;
    else attrs[String(position++)] = m[7] ?? m[8] ?? m[9]!;
  }
  return attrs;
}

/** Plain text (an attachment's URL or alt text) for a double-quoted HTML attribute. */
function escapeText(value: string): string {
  return escapeAttribute(value.replace(/&/g, '&amp;'));
}

/** A shortcode's attribute for a double-quoted HTML attribute: it is HTML already, so `&` is left as it is. */
function escapeAttribute(value: string): string {
  return value.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
