import type { SourceTree } from './find-sources.js';
import { FrontMatterError, parseFrontMatter } from './front-matter.js';
import type { LoadedContent } from './load-content.js';
import { readUpdateTime, type LiveUpdate } from './live-updates.js';
import { describe } from './article.js';
import { diagnostic, type Diagnostic } from '../report/diagnostics.js';
import { closest } from '../report/suggest.js';

/** The fields of an update file. */
const UPDATE_FIELDS = ['time', 'author', 'title'];

/**
 * The update files of live stories in the folder form: every `.md` file in
 * a folder named `updates` beside an `index.md` (`2024/storm/updates/0705.md`
 * belongs to `2024/storm/index.md`). They are not articles: the tree
 * returned lists the others.
 */
export function splitLiveFolders(sources: SourceTree): { stories: SourceTree; updateFiles: Map<string, string[]> } {
  const all = new Set(sources.articles);
  const updateFiles = new Map<string, string[]>();
  const articles: string[] = [];
  for (const rel of sources.articles) {
    const match = /^(.*?)(?:^|\/)updates\/[^/]+\.md$/i.exec(rel);
    const story = match ? `${match[1] ? `${match[1]}/` : ''}index.md` : null;
    if (story && match![1] !== '' && all.has(story)) {
      let list = updateFiles.get(story);
      if (!list) updateFiles.set(story, (list = []));
      list.push(rel);
    } else articles.push(rel);
  }
  return { stories: updateFiles.size ? { ...sources, articles } : sources, updateFiles };
}

/**
 * Read the update files of each live story and add their updates to it:
 * the story becomes a new article (the cached one is left as it was) whose
 * `live.updates` holds both its heading updates and its files'. Problems are
 * reported in the update files, at their line and column.
 * @param files Story source path → its update files (see `splitLiveFolders`).
 */
export function addFolderUpdates(
  content: LoadedContent,
  files: Map<string, string[]>,
  options: { readText(rel: string): string; display(rel: string): string; timeZone: string },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (files.size === 0) return diagnostics;
  for (const list of [content.items, content.drafts]) {
    list.forEach((story, index) => {
      const paths = files.get(story.sourcePath);
      if (!paths) return;
      const updates: LiveUpdate[] = [];
      for (const rel of paths) {
        const update = readUpdateFile(options.readText(rel), rel, options.display(rel), story.live !== null, story.date, options.timeZone, diagnostics);
        if (update) updates.push(update);
      }
      if (!story.live) return;
      // Anchors are unique across the story: a file posted in the same minute as a heading gets a numbered one.
      const taken = new Set(story.live.updates.map((u) => u.anchor));
      for (const update of updates) {
        const base = update.anchor;
        let n = 2;
        while (taken.has(update.anchor)) update.anchor = `${base}-${n++}`;
        taken.add(update.anchor);
      }
      const merged = { ...story, live: { ...story.live, updates: [...story.live.updates, ...updates] } };
      const entry = content.entries.get(story);
      if (entry) content.entries.set(merged, entry);
      list[index] = merged;
    });
  }
  return diagnostics;
}

function readUpdateFile(text: string, sourcePath: string, displayPath: string, live: boolean, published: number, timeZone: string, diagnostics: Diagnostic[]): LiveUpdate | null {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fail = (message: string, ruleId: string, position: { line: number; column: number } | null, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push(diagnostic(displayPath, message, ruleId, { position, source, severity }));
  if (!live) {
    fail(`this file is in the "updates" folder of ${sourcePath.replace(/\/updates\/[^/]+$/i, '/index.md')}, which is not a live story; add "kind: live" to it, or move this file out of "updates"`, 'live-update-file', null);
    return null;
  }
  let front;
  try {
    front = parseFrontMatter(source);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    fail(error.message, error.ruleId, error.position);
    return null;
  }
  const { data } = front;
  const where = (field: string) => front.positionOf(field) ?? { line: 1, column: 1 };
  for (const key of Object.keys(data)) {
    if (UPDATE_FIELDS.includes(key)) continue;
    const meant = closest(key, UPDATE_FIELDS);
    fail(`unknown field "${key}" in an update file${meant ? `; did you mean "${meant}"?` : ''} (an update has "time", and may have "author" and "title")`, 'front-matter-unknown', where(key), 'warning');
  }
  const textField = (field: string): string | null => {
    const value = data[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || null;
    fail(`"${field}" must be text, not ${describe(value)}; put it in quotes`, 'front-matter-type', where(field));
    return null;
  };
  const time = data.time;
  if (time === undefined || time === null || time === '') {
    fail('missing "time": give the update\'s time as HH:MM (14:05) or a date and time (2024-03-01 14:05)', 'front-matter-required', front.positionOf('time') ?? { line: 1, column: 1 });
    return null;
  }
  // YAML reads 14:05 as a number in base 60 in some versions: ask for quotes only if it is not text.
  if (typeof time !== 'string') {
    fail(`"time" must be a time such as "14:05" in quotes, not ${describe(time)}`, 'front-matter-type', where('time'));
    return null;
  }
  const parsed = readUpdateTime(time.trim(), published, timeZone);
  if ('error' in parsed) {
    fail(`"time" ${parsed.error.replace(/^time /, '')}`, 'live-update-time', where('time'));
    return null;
  }
  const author = textField('author');
  const title = textField('title') ?? '';
  return { time: parsed.time, title, timeText: parsed.timeText, anchor: parsed.anchor, line: 1, file: { sourcePath, displayPath, author, body: front.body } };
}
