import { statSync, watch as fsWatch, type FSWatcher as FsWatcher } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Config } from '../config/index.js';
import { isLeftoverFile, WELL_KNOWN } from '../content/find-sources.js';
import { isWithin } from '../safe-path.js';
import { SCHEDULE_DUE, type RebuildResult } from './rebuild.js';
import { skipUnchangedFolderReads } from './folder-reads.js';
import { keepFileStampsOnly } from './file-stamps.js';
import { watchFilesThroughFolders } from './file-watches.js';


/** What the watcher needs from a WatchSession (an interface, so tests and wrappers can stand in). */
export interface Rebuilder {
  readonly config: Pick<Config, 'outDir'> & { cacheDir?: string | null };
  watchedPaths(): string[];
  rebuild(changed: string[]): Promise<RebuildResult>;
  /** When a scheduled article is next due or one expires (ms since 1970), or null: the watcher rebuilds then. */
  nextDue?(): number | null;
  /** Told once the watcher has scanned the sources: a moment to prepare for the first change. */
  watching?(): void;
}

/** A source the rebuild found and then could not read, because it was moved or deleted meanwhile. */
function vanishedDuringRebuild(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | null;
  if (!e || (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') || typeof e.path !== 'string') return false;
  try {
    statSync(e.path);
    return false; // there after all: not a race this retry would fix
  } catch {
    return true;
  }
}

/** Longest delay setTimeout accepts; a later due time is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The outcome of one rebuild, as handed to `onRebuild`. */
export type RebuildOutcome =
  | { ok: true; changed: string[]; result: RebuildResult }
  | { ok: false; changed: string[]; error: unknown; ms: number };

export interface WatchHandlers {
  /** A rebuild is starting for these absolute paths. */
  onStart?(changed: string[]): void;
  /** A rebuild finished, well or badly; the watcher goes on either way. */
  onRebuild?(outcome: RebuildOutcome): void;
  /** The file watcher itself failed (e.g. out of inotify watches). */
  onWatchError?(error: Error): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before rebuilding, in ms (default 30). */
  settleMs?: number;
  /** Longest a change waits while changes keep coming, in ms (default 300). */
  maxWaitMs?: number;
}

export interface Watching {
  /** Resolves once every watched folder has been scanned, so no later change can be missed. */
  ready: Promise<void>;
  /** Stop watching; waits for a running rebuild to finish. */
  close(): Promise<void>;
}

/** What a file looked like when last seen: used to tell real changes from noise such as atime updates. */
type Signature = string;

/**
 * Watch the session's sources, templates and config file and rebuild on change.
 *
 * Changes are coalesced: a rebuild starts once no change has arrived for `settleMs`
 * (or `maxWaitMs` after the first one, if they keep coming). Rebuilds never overlap:
 * whatever changes while one runs is collected into exactly one follow-up rebuild.
 *
 * Every raw file-system event is checked against the file's last seen size, mtime and
 * inode, and a difference counts as a change; chokidar's own events count too. The raw
 * events are the main signal: the files found at the start have no watcher of their own
 * (see `watchFilesThroughFolders`), so their saves come as events of their folder's watch,
 * and chokidar drops a `change` that comes within 50 ms of the previous one for the same
 * file, so a burst of saves could lose its last one.
 */
export function startWatching(session: Rebuilder, handlers: WatchHandlers = {}, options: WatchOptions = {}): Watching {
  const settleMs = options.settleMs ?? 30;
  const maxWaitMs = options.maxWaitMs ?? 300;
  const outDir = path.resolve(session.config.outDir);
  const cacheDir = session.config.cacheDir ? path.resolve(session.config.cacheDir) : null;
  const stagingPrefix = `.${path.basename(outDir)}.tmp-`;
  // After the config file come the local files a config module imports: watched like it.
  const [srcDir, templatesDir, ...files] = session.watchedPaths().map((p) => path.resolve(p)) as [string, string, string, ...string[]];
  const configFiles = new Set(files);
  const trees = [...new Set([srcDir, templatesDir])];
  const roots = new Set([...trees, ...configFiles]);
  const configDirs = [...new Set(files.map((file) => path.dirname(file)))];

  /** Paths no build reads: the output folder and its staging siblings, the build cache, hidden files, node_modules. */
  const ignoredPath = (abs: string): boolean => {
    if (roots.has(abs)) return false;
    if (isWithin(abs, outDir) || (cacheDir && isWithin(abs, cacheDir))) return true;
    const name = path.basename(abs);
    // The source folder's .well-known/ is published (see `findSources`): watched like any folder of it.
    const wellKnown = path.join(srcDir, WELL_KNOWN);
    if (abs === wellKnown) return false;
    if (name.startsWith('.') || name === 'node_modules' || name.startsWith(stagingPrefix)) return true;
    // An editor's backup written beside each save (story.md~) would otherwise turn every quick save into a whole rebuild.
    if (isLeftoverFile(name) && isWithin(abs, srcDir) && !isFolder(abs)) return true;
    // Anything under a hidden folder or node_modules inside a watched tree.
    const root = trees.find((t) => isWithin(abs, t));
    if (root) {
      const segments = path.relative(root, abs).split(path.sep);
      return segments.some((seg, i) => (seg.startsWith('.') && !(root === srcDir && i === 0 && seg === WELL_KNOWN)) || seg === 'node_modules');
    }
    return !configFiles.has(abs);
  };
  const relevant = (abs: string) => !ignoredPath(abs) && (configFiles.has(abs) || trees.some((t) => isWithin(abs, t)));

  const pending = new Set<string>();
  const known = new Map<string, Signature>();
  let settleTimer: NodeJS.Timeout | null = null;
  let maxTimer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const clearTimers = () => {
    if (settleTimer) clearTimeout(settleTimer);
    if (maxTimer) clearTimeout(maxTimer);
    settleTimer = maxTimer = null;
  };

  const fire = () => {
    clearTimers();
    freshSave = null;
    if (!running) void run();
    // else: the running rebuild picks `pending` up when it finishes.
  };

  // A save after a quiet spell is rebuilt almost at once; saves that follow closely
  // (a burst, or a save plus its editor's temporary files) wait for the full settle window.
  const QUIET_MS = 100;
  // Only a Markdown source's save can take the quick path; any other change renders the whole site
  // again, where a few milliseconds more matter less than a second rebuild for the write's next event.
  const quickSave = (abs: string) => /\.md$/i.test(abs) && isWithin(abs, srcDir) && abs !== srcDir;
  const FIRST_SAVE_MS = Math.min(5, settleMs);
  let lastActivity = -Infinity;
  /** The file of a batch that began after a quiet spell, while its short window runs. */
  let freshSave: string | null = null;
  const mark = (abs: string) => {
    if (closed) return;
    const now = performance.now();
    const quiet = now - lastActivity > QUIET_MS && !running && pending.size === 0;
    lastActivity = now;
    pending.add(abs);
    // One write raises several file-system events: more events for the same file keep the short window.
    if (freshSave === abs && settleTimer) return;
    freshSave = quiet && quickSave(abs) ? abs : null;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(fire, freshSave ? FIRST_SAVE_MS : settleMs);
    maxTimer ??= setTimeout(fire, maxWaitMs);
  };

  // A scheduled article is published (or an expired one taken down) at its time, without a restart.
  let dueTimer: NodeJS.Timeout | null = null;
  const armDue = () => {
    if (dueTimer) clearTimeout(dueTimer);
    dueTimer = null;
    const due = session.nextDue?.() ?? null;
    if (due === null || closed) return;
    const wait = Math.max(0, due - Date.now());
    dueTimer = setTimeout(() => {
      dueTimer = null;
      // A far-off time is waited for in steps; a timer may also fire a little early.
      if (Date.now() < due) return armDue();
      mark(SCHEDULE_DUE);
    }, Math.min(wait + 1, MAX_TIMER_MS));
  };

  /** Whether the last rebuild failed on a file that went away while it ran, and is being tried again. */
  let vanishedRetry = false;
  const run = async (): Promise<void> => {
    if (closed || running || pending.size === 0) return;
    const changed = [...pending].sort();
    pending.clear();
    let done!: () => void;
    running = new Promise<void>((resolve) => (done = resolve));
    const started = performance.now();
    try {
      handlers.onStart?.(changed);
      const result = await session.rebuild(changed);
      if (!closed) handlers.onRebuild?.({ ok: true, changed, result });
      vanishedRetry = false;
    } catch (error) {
      if (!closed && !vanishedRetry && vanishedDuringRebuild(error)) {
        // A folder renamed or files deleted while the rebuild read them: their events are here or on
        // their way, so build once more when they settle rather than report what the writer did not do.
        vanishedRetry = true;
        for (const p of changed) mark(p);
      } else if (!closed && pending.size > 0) {
        // Changed again while this rebuild ran (a save still being written, a burst of saves): the
        // follow-up rebuild reads these paths again and reports what is still wrong then.
        for (const p of changed) pending.add(p);
      } else if (!closed) {
        handlers.onRebuild?.({ ok: false, changed, error, ms: performance.now() - started });
      }
    } finally {
      running = null;
      done();
    }
    armDue();
    // Changes that came in meanwhile: one follow-up rebuild, now if they have settled.
    if (pending.size > 0 && !settleTimer && !closed) void run();
  };

  /** Note what `abs` looks like now; a real change (or any chokidar event) schedules a rebuild. */
  const probe = (abs: string, certain: boolean) => {
    const before = known.get(abs);
    const now = signature(abs);
    known.set(abs, now);
    // A deletion is reported twice (the raw event at once, chokidar's later): once seen gone, a
    // path still gone changes nothing, and must not start a second rebuild of the whole site.
    if (before === 'gone' && now === 'gone') return;
    if (certain || before !== now) mark(abs);
  };

  const onEvent = (_event: string, file: string) => {
    const abs = path.resolve(file);
    if (relevant(abs)) probe(abs, true);
  };
  const onRaw = (_event: string, evPath: string | null | undefined, details: unknown) => {
    const watched = (details as { watchedPath?: string } | undefined)?.watchedPath;
    if (!watched) return;
    const abs = rawEventPath(watched, evPath);
    if (relevant(abs)) probe(abs, false);
  };
  const onError = (error: unknown) => handlers.onWatchError?.(error as Error);

  const common = { ignoreInitial: true, atomic: false, followSymlinks: true, ignorePermissionErrors: true } as const;
  const isDir = (p: string) => signature(p).startsWith('d:');
  const watchers: FSWatcher[] = [];
  const listen = (w: FSWatcher): FSWatcher => {
    // Each watched file keeps its time and inode, not its whole stats (see `keepFileStampsOnly`).
    keepFileStampsOnly(w);
    // The files of the first scan are listed by name and watched through their folders (see `watchFilesThroughFolders`).
    watchFilesThroughFolders(w);
    // A save reads no folder whole again (see `skipUnchangedFolderReads`); wrapped last, so that it sees the first scan's reads.
    skipUnchangedFolderReads(w);
    w.on('all', onEvent);
    w.on('raw', onRaw);
    w.on('error', onError);
    watchers.push(w);
    return w;
  };
  const watchTrees = (paths: string[]): FSWatcher => {
    const w = listen(watch(paths, { ...common, ignored: (p: string) => ignoredPath(path.resolve(p)) }));
    w.on('unlinkDir', (dir: string) => {
      const abs = path.resolve(dir);
      if (!trees.includes(abs)) return;
      // The watcher made for that one tree goes with it; a new one comes if it is made again.
      if (paths.length === 1 && paths[0] === abs) {
        watchers.splice(watchers.indexOf(w), 1);
        void w.close();
      }
      waitFor(abs);
    });
    return w;
  };

  // A tree that is not there (a templates/ folder not made yet, or removed) is waited for in its
  // parent folder. Once made, it gets a watcher of its own, and is rebuilt again when that watcher
  // has scanned it: anything written into it before then raised no event. A plain fs.watch for the
  // waiting, because chokidar given a missing path (or a second chokidar watcher on the parent)
  // shared its handles with the trees' watcher, which then reported ready before scanning them.
  const waiting = new Map<string, FsWatcher>();
  const waitFor = (tree: string) => {
    if (waiting.has(tree) || closed) return;
    const stopWaiting = () => {
      waiting.get(tree)?.close();
      waiting.delete(tree);
    };
    const appeared = () => {
      if (!waiting.has(tree) || !isDir(tree) || closed) return;
      stopWaiting();
      mark(tree);
      watchTrees([tree]).once('ready', () => mark(tree));
    };
    try {
      const waiter = fsWatch(path.dirname(tree), (_event, name) => {
        if (name === path.basename(tree)) appeared();
      });
      waiter.on('error', stopWaiting);
      waiting.set(tree, waiter);
    } catch {
      return; // the parent folder is missing too: the tree is not waited for
    }
    appeared(); // made while the waiter was being set up
  };

  const initial = [
    watchTrees(trees.filter(isDir)),
    // The config file is watched through its folder, so replacing it (or creating it) is seen too.
    ...configDirs.map((configDir) =>
      listen(
        watch(configDir, {
          ...common,
          depth: 0,
          ignored: (p: string) => {
            const abs = path.resolve(p);
            return abs !== configDir && !configFiles.has(abs);
          },
        }),
      ),
    ),
  ];
  for (const tree of trees) if (!isDir(tree)) waitFor(tree);
  const ready = Promise.all(initial.map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve())))).then(() => {
    if (!closed) session.watching?.();
  });
  armDue();

  return {
    ready,
    async close() {
      closed = true;
      clearTimers();
      if (dueTimer) clearTimeout(dueTimer);
      for (const waiter of waiting.values()) waiter.close();
      await Promise.all(watchers.map((w) => w.close()));
      if (running) await running;
    },
  };
}

/**
 * The file a raw file-system event is about. `evPath` is relative to the
 * watched path when that is a folder; a watched file reports a file renamed
 * over it under that other file's name, which is then a sibling, not a child.
 */
export function rawEventPath(watched: string, evPath: string | null | undefined): string {
  const base = path.resolve(watched);
  if (!evPath) return base;
  if (path.isAbsolute(evPath)) return evPath;
  if (path.basename(base) === evPath) return base;
  return path.join(signature(base).startsWith('d:') ? base : path.dirname(base), evPath);
}

// Synchronous on purpose: a stat is microseconds, while waiting for a thread-pool slot
// behind the file watcher's own work can take tens of milliseconds.
function signature(file: string): Signature {
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR, EACCES…: a path that cannot be read counts as gone, and never stops the watcher.
    return 'gone';
  }
  if (!stat) return 'gone';
  return `${stat.isDirectory() ? 'd' : 'f'}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function isFolder(abs: string): boolean {
  try {
    return statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
