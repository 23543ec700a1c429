import type { LiveUpdate } from '../content/live-updates.js';

/** The rendered bodies of the update files of this build's live stories (set by the markdown stage). */
const bodies = new WeakMap<LiveUpdate, string>();

/** The rendered body of an update file, or '' when it was not rendered. */
export function folderUpdateHtml(update: LiveUpdate): string {
  return bodies.get(update) ?? '';
}

/** Keep an update file's rendered body for its page, JSON file and feed. */
export function setFolderUpdateHtml(update: LiveUpdate, html: string): void {
  bodies.set(update, html);
}
