import type { Article } from '../content/article.js';
import { loadContent } from '../content/load-content.js';
import type { ArticleCache } from '../cache/article-cache.js';
import { displayPath } from '../report/diagnostics.js';
import type { Loaded, StageContext } from './model.js';

/**
 * Load: every source through one door (see `loadContent`); one whose source is known unchanged
 * (`unchanged`: source path → cache key) is not even read.
 */
export function loadStage(stage: StageContext, cache: ArticleCache, unchanged?: Map<string, string>): Loaded {
  const { config, sources, readText, progress } = stage;
  const content = loadContent(sources, {
    srcDir: config.srcDir,
    timezone: config.timezone,
    drafts: config.drafts,
    cache,
    readText,
    display: displayPath,
    unchanged,
    onProgress: (done, total) => progress?.stage('reading', done, total),
  });
  const textOf = (a: Article) => {
    try {
      return readText(content.entries.get(a)!.file);
    } catch {
      return null; // gone since it was listed: the next build, which the watcher makes, sees that
    }
  };
  return { content, textOf };
}
