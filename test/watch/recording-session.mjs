// For the scripts that run the file watcher alone (folder-reads.mjs, file-stamps.mjs): a session that only
// records the paths it is told changed (relative to `folder`), and `change`, which changes a file there and waits
// for the rebuild that reports it, then `pauseMs` more for anything that change set off.
import path from 'node:path';

export function recordingSession(site, folder, pauseMs) {
  const changes = [];
  let waiting = null;
  const session = {
    config: { outDir: path.join(site, 'dist'), cacheDir: null },
    watchedPaths: () => [path.join(site, 'articles'), path.join(site, 'templates'), path.join(site, 'gazette.config.json')],
    async rebuild(changed) {
      changes.push(...changed.map((file) => path.relative(folder, file)));
      if (waiting && changed.includes(waiting.file)) waiting.resolve();
      return { articles: 0, written: [], removed: [], diagnostics: [], ms: 0 };
    },
  };
  async function change(name, how) {
    const file = path.join(folder, name);
    const seen = new Promise((resolve) => (waiting = { file, resolve }));
    how(file);
    await seen;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return { session, changes, change };
}
