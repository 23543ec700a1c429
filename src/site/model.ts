import type { Article } from '../content/article.js';
import type { ContentLink } from '../markdown/rehype-resolve-urls.js';
import type { PageContext } from '../render/context.js';

/** An article placed in the site: its URL, output file and rendered body. */
export interface SiteArticle extends Article {
  /** Root-relative URL with the base path, percent-encoded. */
  url: string;
  /** Output file relative to the output folder, '/'-separated, not encoded. */
  outputPath: string;
  /** The rendered body; read from the build cache on first use when it came from there. */
  readonly html: string;
  /** SHA-1 of `html`, for fingerprints that must not read every body. */
  htmlHash: string;
  wordCount: number;
  /** The summary from front matter, or one made from the first paragraph. */
  summaryText: string;
  /** Resolved URL of the lead image, or null. */
  imageUrl: string | null;
  /** Links and images in the body; read from the build cache on first use when the body came from there. */
  readonly links: ContentLink[];
}

/** One file of the built site. `owner` names what produced it, for collision errors. */
export type OutputFile =
  | { type: 'page'; path: string; owner: string; template: string; context: PageContext }
  | { type: 'text'; path: string; owner: string; content: string }
  | { type: 'copy'; path: string; owner: string; from: string };
