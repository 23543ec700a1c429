import type { Article } from '../content/article.js';
import type { LiveUpdate } from '../content/live-updates.js';
import type { AuthorProfile } from '../content/profiles.js';
import type { ImageRecord, SocialImage } from '../images/record.js';
import type { RenderedMarkdown } from '../markdown/processor.js';
import type { ContentLink } from '../markdown/rehype-resolve-urls.js';
import type { PageContext } from '../render/context.js';

/** An article placed in the site: its URL, output file and rendered body. */
export interface SiteArticle extends Article {
  /** Root-relative URL with the base path, percent-encoded. */
  url: string;
  /** Output file relative to the output folder, '/'-separated, not encoded. */
  outputPath: string;
  /**
   * The rendered body, with its HTML and links, and the relative URLs it
   * resolved. When it came from the build cache, the HTML and links are read
   * from disk on first use: ask for them only when needed.
   */
  rendered: Pick<RenderedMarkdown, 'html' | 'links' | 'resolved' | 'search'>;
  /** SHA-1 of the body's HTML, for fingerprints that must not read every body. */
  htmlHash: string;
  wordCount: number;
  /** How many of `wordCount` are Chinese or Japanese characters. */
  cjkCharacters: number;
  /** The summary from front matter, or one made from the first paragraph. */
  summaryText: string;
  /** Resolved URL of the lead image; null without one, or when it names no source file (left out; the link check says so). */
  imageUrl: string | null;
  /** The lead image's record (size, variants) when it is a source file gazette knows, else null. */
  imageRecord: ImageRecord | null;
  /** The lead image's social crops around its focal point; empty when it is not a processed photo. */
  socialImages: SocialImage[];
  /** The site language it belongs to (its `lang`, its folder, or the default). */
  language: string;
  /** Its versions in the site's languages, itself included, in the order of the languages; empty when it has no translation. */
  translations: TranslationLink[];
  /** A live story's update files (the folder form) rendered, by update: their bodies' HTML. Empty for any other item. */
  updateHtml: ReadonlyMap<LiveUpdate, string>;
}

/** One version of a text in a language of the site. */
export interface TranslationLink {
  language: string;
  name: string;
  url: string;
  isDefault: boolean;
  /** The version for `hreflang="x-default"` (see `LanguageLinkView.xDefault`). */
  xDefault: boolean;
}

/** One file of the built site. `owner` names what produced it, for collision errors. */
export type OutputFile =
  | { type: 'page'; path: string; owner: string; template: string; context: PageContext }
  /** `fingerprint`, when given, stands for `content` (whose hash it is otherwise): the writer reads `content` only to write it. */
  | { type: 'text'; path: string; owner: string; content: string; fingerprint?: string }
  | { type: 'copy'; path: string; owner: string; from: string };

/** An author profile ready for pages: its bio rendered and its photo's URL resolved. */
export interface SiteProfile extends AuthorProfile {
  /** The bio as HTML ('' when there is none). */
  bioHtml: string;
  /** Root-relative or absolute URL of the photo, or null. */
  photoUrl: string | null;
  /** The photo's `srcset` when the image stage made sizes of it, else ''. */
  photoSrcset: string;
  /** The profiles file as messages name it. */
  file: string;
  /** The links and images of the bio, at their positions in the profiles file. */
  bioLinks: ContentLink[];
}
