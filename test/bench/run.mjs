#!/usr/bin/env node
// gazette benchmark: `npm run bench -- [options]` (see --help).
//
// Builds seeded synthetic corpora (test/bench/gen-corpus.mjs) and times the real CLI as a child
// process: cold build, no-change rebuild, one-article-changed rebuild, and (optionally) save-to-page
// latency under `gazette watch`. With --peers it also times Eleventy and Hugo cold builds on the same
// corpus, alternating with gazette's, using the shared setups in shared/bench/peers/.
//
// Peak memory: the child's process tree is polled every 20 ms (VmRSS summed over the child and all
// its descendants, found by scanning /proc for parent pids, since this kernel has no
// /proc/<pid>/task/<tid>/children) and the maximum is kept; each process's VmHWM is read on the
// same polls, and the reported peak is the larger of the two. Peers are measured the same way.
//
// Progress goes to stderr; the tables go to stdout; --json FILE writes every raw number.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkTree } from './link-tree.mjs';
import { TARGET_SIZE, targetLines, timingStages } from './targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'bin', 'gazette.js');
const GEN = path.join(HERE, 'gen-corpus.mjs');
/** Debian's Chromium, for the search page's query times (as in test/browser/). */
const CHROMIUM = '/usr/bin/chromium';
/**
 * From this size on a cold build takes from ten minutes to half an hour: one run of each scenario,
 * no warm-up build, and no scenario repeats the cold build (see `benchSize`). GAZETTE_BENCH_BIG
 * lowers it, to try those paths of the bench itself on a small corpus.
 */
const BIG = bigThreshold(process.env.GAZETTE_BENCH_BIG);

function bigThreshold(value) {
  if (value === undefined || value === '') return 100_000;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: GAZETTE_BENCH_BIG: not a positive integer: ${value}\n`);
    process.exit(2);
  }
  return n;
}

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST     comma-separated corpus sizes (default 1000,10000; from 100000 on, one run of each
                   scenario, no warm-up build, and the cold build is not repeated: gazette builds in a
                   checkout folder, whose cache the CI builds restore (as hard links) and whose
                   cache and output \`gazette watch\` starts with; starts without a cache are not run)
  --changelogs LIST  sizes of a second corpus where 15% of the articles are release notes (long
                   lists dense with links and code spans, as on tech blogs; default 1000; none = skip)
  --no-ci          skip the CI scenarios (fresh checkout + restored cache + empty output, with and
                   without one changed article) and the serve/watch start-up times
  --runs K         timed runs per size (default 5 below 10,000 articles, 3 from 10,000 on)
  --work DIR       work folder for corpora and outputs (default /tmp/gazette-bench)
                   (earlier outputs wait in DIR/trash until the end of the run)
  --seed S         corpus seed (default 42, as in PEERS.md)
  --watch          measure watch latency (default)
  --no-watch       skip watch latency
  --edits N        watch edits to time per size (default 20, at least 1)
  --memory-edits N watch edits in all (timed ones included) through which the watcher's
                   peak RSS is reported (default 200)
  --no-watch-mix   skip the watch mix (an article added and deleted, a data file edit, a folder
                   renamed, a burst of 50 saves, template edits: peak RSS of each kind of change)
  --template-edits N  template edits in the watch mix (default 20)
  --leak-edits N   further edits of the leak check: RSS before and after them (default 1000, 0 = none)
  --peers [LIST]   also time Eleventy and Hugo cold builds, alternating with gazette's (LIST:
                   some of eleventy,hugo); a peer that fails (out of memory) is reported, not fatal
  --peers-dir DIR  where the peers are installed and prepared (default $PEERS or /tmp/peers)
  --shared DIR     the shared bench folder (default ../shared/bench beside the repository)
  --no-warmup      no untimed gazette build before the timed runs
  --no-compile     do not run \`npm run compile\` first
  --json FILE      write all raw numbers to FILE
  --photos N       instead: the photo benchmark, N blog-like images (camera JPEGs, palette PNG
                   charts, screenshots): cold, one photo changed, no change, bytes in and out,
                   against @11ty/eleventy-img on the same images, and Hugo's image processing
                   where a hugo binary is found (test/bench/photos.mjs)
  --no-browser     skip the search page's query times in Chromium (skipped with a note where
                   playwright-core or ${CHROMIUM} is missing)
  -h, --help       this text

environment:
  GAZETTE_BENCH_BIG=N  treat sizes from N on as big (default 100000; for trying the bench itself)`;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const o = {
    sizes: [1000, 10000],
    changelogSizes: [1000],
    ci: true,
    runs: null,
    work: '/tmp/gazette-bench',
    seed: '42',
    watch: true,
    edits: 20,
    memoryEdits: 200,
    leakEdits: 1000,
    watchMix: true,
    templateEdits: 20,
    peers: false,
    peerNames: ['eleventy', 'hugo'],
    peersDir: process.env.PEERS || '/tmp/peers',
    shared: process.env.GAZETTE_BENCH_SHARED || path.resolve(ROOT, '..', 'shared', 'bench'),
    warmup: true,
    compile: true,
    json: null,
    photos: null,
    browser: true,
  };
  const args = [...argv];
  const value = (name) => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) usageError(`${name} needs a value`);
    return v;
  };
  const positiveInt = (name, v) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) usageError(`${name}: not a positive integer: ${v}`);
    return n;
  };
  while (args.length > 0) {
    let a = args.shift();
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      args.unshift(a.slice(eq + 1));
      a = a.slice(0, eq);
    }
    switch (a) {
      case '--sizes':
        o.sizes = value(a).split(',').filter(Boolean).map((s) => positiveInt(a, s.trim()));
        break;
      case '--changelogs': {
        const v = value(a);
        o.changelogSizes = v === 'none' ? [] : v.split(',').filter(Boolean).map((x) => positiveInt(a, x.trim()));
        break;
      }
      case '--no-ci': o.ci = false; break;
      case '--runs': o.runs = positiveInt(a, value(a)); break;
      case '--work': o.work = path.resolve(value(a)); break;
      case '--seed': o.seed = value(a); break;
      case '--watch': o.watch = true; break;
      case '--no-watch': o.watch = false; break;
      case '--edits': o.edits = positiveInt(a, value(a)); break;
      case '--memory-edits': o.memoryEdits = positiveInt(a, value(a)); break;
      case '--no-watch-mix': o.watchMix = false; break;
      case '--template-edits': o.templateEdits = positiveInt(a, value(a)); break;
      case '--leak-edits': { const v = value(a); o.leakEdits = v === '0' ? 0 : positiveInt(a, v); break; }
      case '--peers':
        o.peers = true;
        // An optional list: `--peers hugo` times Hugo alone.
        if (args[0] !== undefined && !args[0].startsWith('-')) {
          o.peerNames = args.shift().split(',').filter(Boolean);
          for (const name of o.peerNames) if (!['eleventy', 'hugo'].includes(name)) usageError(`--peers: unknown peer ${name} (eleventy, hugo)`);
        }
        break;
      case '--peers-dir': o.peersDir = path.resolve(value(a)); break;
      case '--shared': o.shared = path.resolve(value(a)); break;
      case '--no-warmup': o.warmup = false; break;
      case '--no-compile': o.compile = false; break;
      case '--json': o.json = path.resolve(value(a)); break;
      case '--photos': o.photos = positiveInt(a, value(a)); break;
      case '--no-browser': o.browser = false; break;
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0); break;
      default: usageError(`unknown option ${a}`);
    }
  }
  return o;
}

function usageError(message) {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- small helpers

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const MiB = (kib) => kib / 1024;
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtS = (s) => (s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2));
const pad4 = (n) => String(n).padStart(4, '0');

function median(xs) {
  if (xs.length === 0) return NaN;
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}
/** Nearest-rank percentile. */
function percentile(xs, p) {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}

class BenchError extends Error {}
/** A peer's build that failed: noted in the report, and that peer is left out of the rest of the size. */
class PeerFailed extends BenchError {}

/** Things to undo if we stop half-way (restore an edited article, stop a watcher). */
const cleanups = new Set();
function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
  cleanups.clear();
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: restoring the corpus and stopping children`);
    runCleanups();
    process.exit(130);
  });
}

function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true, maxRetries: 3 });
}
/**
 * Where earlier outputs go instead of being deleted before a timed build; emptied once all
 * measurements are done. This machine's ext4 has no journal, and without one Linux avoids reusing
 * an inode for 60-300 s after it was freed, scanning past every such inode on each file it creates:
 * right after deleting a 10,000-article site, creating the next one's files took over ten times as
 * much kernel time, for whichever generator came next. Moving a folder aside frees nothing.
 */
let trashDir = null;
let trashCount = 0;
function discard(p) {
  if (!fs.existsSync(p)) return;
  if (trashDir) {
    fs.mkdirSync(trashDir, { recursive: true });
    try {
      fs.renameSync(p, path.join(trashDir, `${process.pid}-${++trashCount}`));
      return;
    } catch {
      // another file system, say: delete it after all
    }
  }
  rmrf(p);
}
function emptyTrash() {
  if (trashDir) rmrf(trashDir);
}

/** An empty folder to run a child in, so no gazette.config.json is picked up. */
function emptyDir(p) {
  rmrf(p);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

// ---------------------------------------------------------------- process-tree memory

/** Map pid -> ppid over all of /proc. */
function processTable() {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    const c = d.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${d}/stat`, 'latin1');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ', 2)[1]);
    let list = children.get(ppid);
    if (!list) children.set(ppid, (list = []));
    list.push(Number(d));
  }
  return children;
}
function descendants(root) {
  const children = processTable();
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]) ?? []) out.push(c);
  return out;
}
/** { rss, hwm } in KiB, or null once the process is gone. */
function memOf(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return null;
  }
  const rss = /VmRSS:\s+(\d+)/.exec(text);
  const hwm = /VmHWM:\s+(\d+)/.exec(text);
  if (!rss) return null; // zombie
  return { rss: Number(rss[1]), hwm: hwm ? Number(hwm[1]) : 0 };
}
function treeRssKiB(root) {
  let sum = 0;
  for (const pid of descendants(root)) sum += memOf(pid)?.rss ?? 0;
  return sum;
}

/**
 * Polls a process tree every `intervalMs`: the sum of VmRSS over the tree (the tree itself is
 * re-scanned on every poll for the first 200 ms, then every 5th poll, as scanning /proc costs
 * ~1 ms) and every member's VmHWM.
 */
class TreeSampler {
  constructor(root, intervalMs = 20) {
    this.root = root;
    this.intervalMs = intervalMs;
    this.pids = [root];
    this.ticks = 0;
    this.maxTreeKiB = 0;
    this.maxHwmKiB = 0;
    this.windowTreeKiB = 0;
    this.hwmReset = false;
    this.timer = null;
  }
  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }
  sample() {
    if (this.ticks < 10 || this.ticks % 5 === 0) this.pids = descendants(this.root);
    this.ticks++;
    let sum = 0;
    for (const pid of this.pids) {
      const m = memOf(pid);
      if (!m) continue;
      sum += m.rss;
      if (m.hwm > this.maxHwmKiB) this.maxHwmKiB = m.hwm;
    }
    if (sum > this.maxTreeKiB) this.maxTreeKiB = sum;
    if (sum > this.windowTreeKiB) this.windowTreeKiB = sum;
  }
  /**
   * Start a window: the tree's peak from now until `endWindow()`. Each member's VmHWM is reset
   * through /proc/PID/clear_refs (5) where the kernel allows it, so that a short peak between two
   * polls is seen too; where it does not, the polled RSS alone is the window's peak.
   */
  startWindow() {
    this.windowTreeKiB = 0;
    this.hwmReset = true;
    for (const pid of descendants(this.root)) {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        this.hwmReset = false;
      }
    }
    this.sample();
  }
  /** The window's peak RSS in MiB. */
  endWindow() {
    this.sample();
    let hwm = 0;
    if (this.hwmReset) for (const pid of descendants(this.root)) hwm = Math.max(hwm, memOf(pid)?.hwm ?? 0);
    return MiB(Math.max(this.windowTreeKiB, hwm));
  }
  stop() {
    clearInterval(this.timer);
    return {
      peakMiB: MiB(Math.max(this.maxTreeKiB, this.maxHwmKiB)),
      treeMaxMiB: MiB(this.maxTreeKiB),
      hwmMaxMiB: MiB(this.maxHwmKiB),
      samples: this.ticks,
    };
  }
}

/** Run a child to completion, timing it (spawn → exit) and sampling its tree's memory. */
function runTimed(cmd, args, { cwd, env = process.env, timeoutMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = new TreeSampler(child.pid).start();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout = (stdout + b).slice(-20000)));
    child.stderr.on('data', (b) => (stderr = (stderr + b).slice(-20000)));
    let exited = null;
    let timer = null;
    const kill = () => child.kill('SIGKILL');
    cleanups.add(kill);
    if (timeoutMs > 0) timer = setTimeout(() => { stderr += `\n[bench: killed after ${timeoutMs} ms]`; kill(); }, timeoutMs);
    child.on('error', (error) => {
      sampler.stop();
      cleanups.delete(kill);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      const wallS = (performance.now() - started) / 1000;
      exited = { code, signal, wallS, mem: sampler.stop() };
    });
    child.on('close', () => {
      clearTimeout(timer);
      cleanups.delete(kill);
      if (exited) resolve({ ...exited, stdout, stderr });
    });
  });
}

function failIfBad(what, r) {
  if (r.code === 0) return;
  const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
  throw new BenchError(`${what} failed (exit ${r.code ?? r.signal}):\n${tail}`);
}

// ---------------------------------------------------------------- corpus

function listMarkdown(dir) {
  const files = [];
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        files.push(path.relative(dir, p));
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  files.sort();
  return { files, bytes };
}

/** Generate (or reuse) the corpus of `n` articles; returns its folder and the article the bench edits. */
function ensureCorpus(opts, n, changelogs = 0) {
  const dir = path.join(opts.work, `corpus-${n}-seed${opts.seed}${changelogs ? `-changelogs${changelogs}` : ''}`);
  const markerFile = `${dir}.marker.json`;
  const generator = sha256(fs.readFileSync(GEN));
  let marker = null;
  try {
    marker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
  } catch {
    marker = null;
  }
  if (marker && marker.n === n && marker.seed === opts.seed && marker.changelogs === changelogs && marker.generator === generator && fs.existsSync(dir)) {
    let fixedSha = null;
    try {
      fixedSha = sha256(fs.readFileSync(path.join(dir, marker.fixed)));
    } catch {
      fixedSha = null;
    }
    if (fixedSha === marker.fixedSha) {
      log(`corpus ${n}: reusing ${dir}`);
      return { dir, fixed: marker.fixed, bytes: marker.bytes, regenerated: false };
    }
    log(`corpus ${n}: the edited article differs from the marker (an interrupted run?); regenerating`);
  }
  rmrf(markerFile);
  log(`corpus ${n}: generating into ${dir}`);
  const started = performance.now();
  const flags = changelogs ? [`--changelogs=${changelogs}`] : [];
  const r = spawnSync(process.execPath, [GEN, String(n), dir, opts.seed, ...flags], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new BenchError(`gen-corpus.mjs ${n} ${dir} ${opts.seed} failed (exit ${r.status ?? r.signal})`);
  const { files, bytes } = listMarkdown(dir);
  if (files.length !== n) throw new BenchError(`gen-corpus wrote ${files.length} articles, expected ${n}`);
  // The article the bench edits: an ordinary one (release notes start with a list, not a lede).
  const ordinary = files.filter((f) => !/^(#|\||>|```|- |\d\.|!\[)/.test(firstBodyLine(fs.readFileSync(path.join(dir, f), 'utf8'))));
  const fixed = ordinary[Math.floor(ordinary.length / 2)] ?? files[Math.floor(files.length / 2)];
  const fixedSha = sha256(fs.readFileSync(path.join(dir, fixed)));
  fs.writeFileSync(markerFile, JSON.stringify({ n, seed: opts.seed, changelogs, generator, fixed, fixedSha, bytes }, null, 2) + '\n');
  log(`corpus ${n}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { dir, fixed, bytes, regenerated: true };
}

/** The first line of an article's body. */
function firstBodyLine(text) {
  const fmEnd = text.indexOf('\n---\n', 3);
  return fmEnd < 0 ? '' : text.slice(fmEnd + 5).replace(/^\n+/, '').slice(0, 3);
}

/** The article's text with `insertion` appended to its first paragraph (the lede). */
function withLedeInsertion(original, insertion) {
  const fmEnd = original.indexOf('\n---\n', 3);
  if (!original.startsWith('---\n') || fmEnd < 0) throw new BenchError('the bench article has no front matter');
  let start = fmEnd + 5;
  while (original[start] === '\n') start++;
  const first = original.slice(start, start + 3);
  if (/^(#|\||>|```|- |\d\.|!\[)/.test(first)) throw new BenchError('the bench article does not start with a paragraph');
  let end = original.indexOf('\n\n', start);
  if (end < 0) end = original.trimEnd().length;
  return original.slice(0, end) + insertion + original.slice(end);
}

/** An editable article: edits are applied from the pristine text and undone on exit. */
class EditableArticle {
  constructor(corpusDir, rel) {
    this.file = path.join(corpusDir, rel);
    this.rel = rel;
    this.original = fs.readFileSync(this.file, 'utf8');
    this.slug = path.basename(rel, '.md');
    this.year = rel.split(path.sep)[0];
    this.dirty = false;
    this.restoreFn = () => this.restore();
  }
  write(insertion) {
    const text = withLedeInsertion(this.original, insertion);
    cleanups.add(this.restoreFn);
    this.dirty = true;
    fs.writeFileSync(this.file, text);
  }
  restore() {
    if (this.dirty) fs.writeFileSync(this.file, this.original);
    this.dirty = false;
    cleanups.delete(this.restoreFn);
  }
  /** OUT/yyyy/mm/<slug>/index.html, found by the slug under the article's year. */
  pageIn(out) {
    const yearDir = path.join(out, this.year);
    let months = [];
    try {
      months = fs.readdirSync(yearDir).filter((m) => /^\d{2}$/.test(m));
    } catch {
      // fall through
    }
    for (const m of months) {
      const p = path.join(yearDir, m, this.slug, 'index.html');
      if (fs.existsSync(p)) return p;
    }
    throw new BenchError(`cannot find the page of ${this.rel} (${this.year}/mm/${this.slug}/index.html) in ${out}`);
  }
}

/** Article pages of a gazette build: OUT/yyyy/mm/<slug>/index.html. */
function countArticlePages(out) {
  let count = 0;
  for (const y of fs.readdirSync(out)) {
    if (!/^\d{4}$/.test(y)) continue;
    for (const m of fs.readdirSync(path.join(out, y))) {
      if (!/^\d{2}$/.test(m)) continue;
      for (const s of fs.readdirSync(path.join(out, y, m))) {
        if (fs.existsSync(path.join(out, y, m, s, 'index.html'))) count++;
      }
    }
  }
  return count;
}

// ---------------------------------------------------------------- gazette builds

function gazetteBuild(ctx) {
  // GAZETTE_TIMING=1 has the build say what its full-text index cost (see indexingMs).
  const env = { ...process.env, GAZETTE_TIMING: '1' };
  // At big sizes, in the checkout with its default folders: the very command of the CI origin's build.
  if (ctx.reuse) return runTimed(process.execPath, [CLI, 'build', '--quiet'], { cwd: ctx.checkout, timeoutMs: ctx.timeoutMs, env });
  return runTimed(process.execPath, [CLI, 'build', '-s', ctx.src, '-o', ctx.out, '--cache-dir', ctx.cache, '--quiet'], { cwd: emptyDir(ctx.cwd), timeoutMs: ctx.timeoutMs, env });
}

/** What a build's full-text indexes cost, in ms (summed over languages), from its GAZETTE_TIMING lines; 0 when it did no indexing. */
function indexingMs(r) {
  let ms = 0;
  for (const m of (r.stderr ?? '').matchAll(/\[timing\] {3}search index [^\n]*?, (\d+) ms$/gm)) ms += Number(m[1]);
  return ms;
}

/** Typical queries for the index's figures: words of the corpus's word pools (the last one matches no story). */
const QUERIES = ['wildfires', 'ministers rejected budget', 'pilot strike talks'];

/**
 * The full-text index of a build's output: its size, and for each of QUERIES the bytes a search
 * downloads (the metadata and the fragments holding its terms; the records of the results shown
 * come on top, about ten of them), as the theme's script picks the fragments.
 */
async function indexFigures(out) {
  const dir = path.join(out, 'search-index');
  if (!fs.existsSync(path.join(dir, 'meta.json'))) return null;
  const { termsOf, bucketOf } = await import(path.join(ROOT, 'lib', 'search', 'terms.js'));
  const size = (f) => fs.statSync(path.join(dir, f)).size;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const digits = Math.max(1, (meta.buckets - 1).toString(16).length);
  let total = 0;
  let files = 0;
  const walk = (sub) => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(sub, e.name));
      else {
        total += size(path.join(sub, e.name));
        files++;
      }
    }
  };
  walk('');
  const records = fs.readdirSync(path.join(dir, 'd'));
  const recordMedian = median(records.slice(0, 500).map((f) => size(path.join('d', f))));
  const fragmentOf = (t) => `f-${bucketOf(t, meta.buckets).toString(16).padStart(digits, '0')}.json`;
  const queries = QUERIES.map((q) => {
    const terms = termsOf(q);
    const fragments = new Set(terms.map(fragmentOf));
    // A term in most documents is a bitmap over the id list (src/search/postings.ts), which the browser then fetches once.
    const bitmap = terms.some((t) => {
      const list = JSON.parse(fs.readFileSync(path.join(dir, fragmentOf(t)), 'utf8'))[t];
      return typeof list === 'string' && list.startsWith('!') && list.includes('*');
    });
    const ids = bitmap ? size('ids.json') : 0;
    return { query: q, bytes: size('meta.json') + ids + [...fragments].reduce((sum, f) => sum + size(f), 0), fragments: fragments.size, ids };
  });
  return { totalBytes: total, files, documents: meta.count, buckets: meta.buckets, recordMedian, queries };
}

/** Content types of what the search page loads. */
const CONTENT_TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serve folder `root` over HTTP on 127.0.0.1 (folders by their index.html), cacheable as a static host serves it. */
async function serveFolder(root) {
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      rel = null;
    }
    let file = rel === null ? null : path.join(root, rel);
    if (file === null || (file !== root && !file.startsWith(root + path.sep))) {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (error, data) => {
      if (error) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
      res.end(data);
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Rounds of the query times once each query's fragments are in the page (the first round fetches them). */
const CACHED_ROUNDS = 3;

/**
 * What a reader waits for on the search page of the built site, in headless Chromium: for each of
 * QUERIES, ms from submitting the form to the page saying how many results it found (the
 * results shown by then). The first round fetches the index's files; the next rounds find them
 * in the page's memory. Skipped with a note where playwright-core or Chromium is missing.
 */
async function searchLatency(out) {
  if (!fs.existsSync(path.join(out, 'search', 'index.html'))) return { skipped: 'the site has no search page' };
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    return { skipped: `playwright-core cannot be loaded (${error.message.split('\n')[0]})` };
  }
  log('search page: query times in Chromium');
  const server = await serveFolder(out);
  let browser = null;
  try {
    // The flags of test/browser/: as root, and no connections to Google's services from this closed machine.
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    // A new empty profile of its own (playwright's default), so nothing is cached before the first round.
    browser = await chromium.launch({ executablePath: CHROMIUM, args, headless: true, timeout: 60_000 });
    const page = await browser.newPage();
    await page.goto(`${server.url}search/`);
    const rounds = [];
    for (let round = 0; round <= CACHED_ROUNDS; round++) {
      rounds.push(
        await page.evaluate(async ({ queries, waitMs }) => {
          const form = document.querySelector('.search-form');
          const input = document.getElementById('search-input') ?? form.querySelector('input[type="search"]');
          const status = document.getElementById('search-status');
          const times = [];
          for (const query of queries) {
            status.textContent = '';
            const said = new Promise((resolve) => {
              const observer = new MutationObserver(() => {
                if (!status.textContent) return;
                observer.disconnect();
                resolve(status.textContent);
              });
              observer.observe(status, { childList: true, characterData: true, subtree: true });
              setTimeout(() => {
                observer.disconnect();
                resolve(`(nothing said within ${waitMs} ms)`);
              }, waitMs);
            });
            const t0 = performance.now();
            input.value = query;
            form.requestSubmit();
            const text = await said;
            times.push({ query, ms: performance.now() - t0, status: text });
          }
          return times;
        }, { queries: QUERIES, waitMs: 60_000 }),
      );
    }
    // "401 results for “wildfires”.", "No results for “…”.": anything else is the page failing (reported, not fatal).
    const wrong = rounds.flat().find((t) => !t.status.includes(`“${t.query}”`));
    if (wrong) return { failed: `"${wrong.query}" made the page say "${wrong.status}"` };
    const queries = QUERIES.map((query, q) => {
      const status = rounds[0][q].status;
      const count = /^([\d,]+) results? for/.exec(status);
      return {
        query,
        results: count ? Number(count[1].replace(/,/g, '')) : 0,
        firstMs: rounds[0][q].ms,
        cachedMs: rounds.slice(1).map((r) => r[q].ms),
      };
    });
    return { chromium: browser.version(), queries };
  } catch (error) {
    return { failed: `Chromium did not run the search page: ${error.message.split('\n')[0]}` };
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

async function gazetteCold(ctx, label) {
  discard(ctx.out);
  discard(ctx.cache);
  for (const e of fs.existsSync(path.dirname(ctx.out)) ? fs.readdirSync(path.dirname(ctx.out)) : []) {
    if (e.startsWith(`.${path.basename(ctx.out)}.tmp-`)) discard(path.join(path.dirname(ctx.out), e)); // stale staging folders
  }
  const r = await gazetteBuild(ctx);
  failIfBad(`gazette cold build (${label}, ${fmtInt(ctx.n)} articles)`, r);
  const pages = countArticlePages(ctx.out);
  if (pages !== ctx.n) throw new BenchError(`gazette cold build wrote ${pages} article pages, expected ${ctx.n} (${ctx.out})`);
  return r;
}

async function gazetteNoChange(ctx, label) {
  const r = await gazetteBuild(ctx);
  failIfBad(`gazette no-change rebuild (${label}, ${fmtInt(ctx.n)} articles)`, r);
  return r;
}

async function gazetteOneChange(ctx, label, k) {
  const token = `bench-rev-${pad4(k)}`;
  ctx.article.write(` This sentence was added by benchmark revision ${token}.`);
  let r;
  try {
    r = await gazetteBuild(ctx);
    failIfBad(`gazette one-change rebuild (${label}, ${fmtInt(ctx.n)} articles)`, r);
    const page = ctx.article.pageIn(ctx.out);
    if (!fs.readFileSync(page, 'utf8').includes(token)) {
      throw new BenchError(`after the one-change rebuild, ${page} does not contain the edit (${token})`);
    }
  } finally {
    ctx.article.restore();
  }
  return r;
}

// ---------------------------------------------------------------- CI builds and start-up times

/**
 * A site as a CI job and a writer see it: `articles/` and `.gazette-cache/` in one folder, built
 * from that folder with `gazette build` (so paths in messages and cache keys are the ones a real
 * checkout has: an article's cache key holds its path as messages show it, relative to the working
 * folder, so a cache made by a build from elsewhere would miss every article). Below the big sizes
 * the origin is built once, untimed: its cache is what a CI job restores, and it is the writer's
 * folder that `gazette serve` restarts in. At big sizes the checkout is made first and the timed
 * builds run in it (`checkoutFolder` only), so the cold build is the origin's build.
 */
async function prepareCheckout(ctx) {
  const origin = checkoutFolder(ctx);
  const r = await runTimed(process.execPath, [CLI, 'build', '--quiet'], { cwd: origin, timeoutMs: ctx.timeoutMs });
  failIfBad(`gazette build of the CI origin (${fmtInt(ctx.n)} articles)`, r);
  return origin;
}

/** A new checkout folder holding a copy of the corpus as `articles/`. */
function checkoutFolder(ctx) {
  const origin = path.join(ctx.dir, 'checkout');
  discard(origin);
  fs.mkdirSync(origin, { recursive: true });
  fs.cpSync(ctx.corpus.dir, path.join(origin, 'articles'), { recursive: true });
  return origin;
}

/** Relative paths of the files under `dir` (symbolic links included as files). */
function filesUnder(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Whether two output folders hold the same files with the same bytes: the differences, at most
 * `limit` of them (empty when identical). Two names of one file (the page store links pages) are
 * the same bytes without reading them.
 */
function treeDifferences(a, b, limit = 10) {
  const diffs = [];
  const left = filesUnder(a);
  const right = new Set(filesUnder(b));
  for (const rel of left) {
    if (diffs.length >= limit) break;
    if (!right.delete(rel)) {
      diffs.push(`only in ${a}: ${rel}`);
      continue;
    }
    const sa = fs.statSync(path.join(a, rel));
    const sb = fs.statSync(path.join(b, rel));
    if (sa.ino === sb.ino && sa.dev === sb.dev) continue;
    if (sa.size !== sb.size || !fs.readFileSync(path.join(a, rel)).equals(fs.readFileSync(path.join(b, rel)))) diffs.push(`differs: ${rel}`);
  }
  for (const rel of right) {
    if (diffs.length >= limit) break;
    diffs.push(`only in ${b}: ${rel}`);
  }
  return diffs;
}

/**
 * A CI build: a fresh copy of the sources (new inodes and times, as a checkout has), the cache
 * folder restored from the origin's build, no output folder; with `change`, one article edited.
 * With `verify`, the output of a build without a change must be the origin's, byte for byte.
 */
async function gazetteCI(ctx, label, k, change, verify = false) {
  const job = path.join(ctx.dir, 'ci-job');
  discard(job);
  fs.mkdirSync(job, { recursive: true });
  fs.cpSync(path.join(ctx.checkout, 'articles'), path.join(job, 'articles'), { recursive: true });
  // At big sizes the origin is the cold build's folder: its cache restored as links (a few GB otherwise; see link-tree.mjs).
  if (ctx.reuse) linkTree(path.join(ctx.checkout, '.gazette-cache'), path.join(job, '.gazette-cache'));
  else fs.cpSync(path.join(ctx.checkout, '.gazette-cache'), path.join(job, '.gazette-cache'), { recursive: true });
  const token = `bench-ci-${pad4(k)}`;
  const edited = new EditableArticle(path.join(job, 'articles'), ctx.corpus.fixed);
  if (change) edited.write(` This sentence was added by benchmark revision ${token}.`);
  cleanups.delete(edited.restoreFn); // a throw-away copy: nothing to restore
  const r = await runTimed(process.execPath, [CLI, 'build', '--quiet'], { cwd: job, timeoutMs: ctx.timeoutMs, env: { ...process.env, GAZETTE_TIMING: '1' } });
  failIfBad(`gazette CI build (${label}${change ? ', one article changed' : ''}, ${fmtInt(ctx.n)} articles)`, r);
  const out = path.join(job, 'dist');
  const pages = countArticlePages(out);
  if (pages !== ctx.n) throw new BenchError(`the CI build wrote ${pages} article pages, expected ${ctx.n} (${out})`);
  if (change && !fs.readFileSync(edited.pageIn(out), 'utf8').includes(token)) {
    throw new BenchError(`the CI build with one change did not write the edit (${token}) into ${edited.pageIn(out)}`);
  }
  if (verify && !change) {
    const diffs = treeDifferences(path.join(ctx.checkout, 'dist'), out);
    if (diffs.length) throw new BenchError(`the CI build's output is not that of the build whose cache it restored:\n${diffs.join('\n')}`);
    r.verified = true;
  }
  discard(job);
  return r;
}

/**
 * Seconds from starting `gazette serve` (or `watch`) to its first page served (or its
 * "Watching" line): `cached` in the writer's folder with its cache and output from the last run
 * and nothing changed, otherwise in a fresh copy with no cache and no output.
 */
async function startUp(ctx, command, cached) {
  let cwd = ctx.checkout;
  if (!cached) {
    cwd = path.join(ctx.dir, 'start-cold');
    discard(cwd);
    fs.mkdirSync(cwd, { recursive: true });
    fs.cpSync(path.join(ctx.checkout, 'articles'), path.join(cwd, 'articles'), { recursive: true });
  }
  const args = [CLI, command, ...(command === 'serve' ? ['--port', '0'] : [])];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  cleanups.add(kill);
  const sampler = new TreeSampler(child.pid).start();
  const lines = [];
  let url = null;
  let ready = false;
  let exit = null;
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const onLine = (line) => {
    lines.push(line);
    const m = / on (http:\/\/\S+?) with live reload/.exec(line) ?? /serving on (http:\/\/\S+)/.exec(line);
    if (m) url = m[1];
    if (/^Watching .* for changes/.test(line)) ready = true;
  };
  new LineReader(child.stdout, onLine);
  new LineReader(child.stderr, onLine);
  try {
    const deadline = Math.max(600_000, ctx.n * 120);
    if (command === 'serve') {
      if (!(await until(() => url !== null || exit !== null, deadline, 10)) || !url) {
        throw new BenchError(`gazette serve printed no address:\n${lines.slice(-10).join('\n')}`);
      }
      for (;;) {
        const status = await fetch(url).then((res) => res.status, () => 0);
        if (status === 200) break;
        if (exit !== null || performance.now() - started > deadline) throw new BenchError(`gazette serve did not serve ${url}`);
        await sleep(5);
      }
    } else if (!(await until(() => ready || exit !== null, deadline, 10)) || !ready) {
      throw new BenchError(`gazette watch printed no "Watching" line:\n${lines.slice(-10).join('\n')}`);
    }
    return { wallS: (performance.now() - started) / 1000, mem: sampler.stop() };
  } finally {
    sampler.stop();
    child.kill('SIGINT');
    if (!(await until(() => exit !== null, 10_000, 20))) child.kill('SIGKILL');
    cleanups.delete(kill);
  }
}

// ---------------------------------------------------------------- peers

function readPeersMd(opts) {
  try {
    return fs.readFileSync(path.join(opts.shared, 'PEERS.md'), 'utf8');
  } catch {
    return '';
  }
}

function peerList(opts) {
  const md = readPeersMd(opts);
  const eleventyVersion = /Eleventy (\d+\.\d+\.\d+)/.exec(md)?.[1] ?? '3.1.8';
  return [
    { key: 'eleventy', name: 'Eleventy', version: eleventyVersion },
    { key: 'hugo', name: 'Hugo', version: null },
  ].filter((p) => opts.peerNames.includes(p.key));
}

function sh(cmd, args, what) {
  log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) return { ok: false, message: `${what}: ${r.error.message}` };
  return { ok: r.status === 0, message: `${what} exited ${r.status ?? r.signal}` };
}

function ensurePeers(opts, peers) {
  for (const peer of peers) {
    if (!fs.existsSync(path.join(opts.shared, 'peers', peer.key, 'build.sh'))) {
      throw new BenchError(`no peer setup at ${path.join(opts.shared, 'peers', peer.key)} (use --shared DIR)`);
    }
  }
  const eleventy = peers.find((p) => p.key === 'eleventy');
  if (eleventy) ensureEleventy(opts, eleventy);
  if (peers.some((p) => p.key === 'hugo')) ensureHugo(peers.find((p) => p.key === 'hugo'));
}

function ensureEleventy(opts, eleventy) {
  const prefix = path.join(opts.peersDir, 'eleventy');
  const pkgFile = path.join(prefix, 'node_modules', '@11ty', 'eleventy', 'package.json');
  const installed = () => {
    try {
      return JSON.parse(fs.readFileSync(pkgFile, 'utf8')).version;
    } catch {
      return null;
    }
  };
  if (installed() !== eleventy.version) {
    log(`installing Eleventy ${eleventy.version} into ${prefix}`);
    fs.mkdirSync(prefix, { recursive: true });
    const r = sh('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `@11ty/eleventy@${eleventy.version}`], 'npm install');
    if (!r.ok || installed() !== eleventy.version) throw new BenchError(`could not install Eleventy ${eleventy.version}: ${r.message}`);
  }
  eleventy.version = installed();
}

function ensureHugo(hugo) {
  const hugoVersion = () => {
    const r = spawnSync('hugo', ['version'], { encoding: 'utf8' });
    return r.status === 0 ? (/v(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] ?? r.stdout.trim()) : null;
  };
  if (!hugoVersion()) {
    log('installing Hugo with apt-get');
    let r = sh('apt-get', ['install', '-y', 'hugo'], 'apt-get install hugo');
    if (!r.ok) {
      sh('apt-get', ['update'], 'apt-get update');
      r = sh('apt-get', ['install', '-y', 'hugo'], 'apt-get install hugo');
    }
    if (!hugoVersion()) throw new BenchError(`could not install Hugo (${r.message}); run \`apt-get install -y hugo\` as root`);
  }
  hugo.version = hugoVersion();
}

function peerEnv(opts, fresh) {
  const env = { ...process.env, PEERS: opts.peersDir };
  delete env.WORK; // build.sh reads WORK: never let ours leak in
  delete env.FRESH;
  if (fresh) env.FRESH = '1';
  return env;
}

function verifyPeer(opts, out, n) {
  const r = spawnSync('bash', [path.join(opts.shared, 'verify.sh'), out, String(n)], { encoding: 'utf8' });
  return { ok: r.status === 0, line: (r.stdout || r.stderr || '').trim() };
}

async function peerCold(opts, ctx, peer, label, fresh = false) {
  const out = path.join(ctx.dir, `out-${peer.key}`);
  discard(out);
  discard(path.join(opts.peersDir, 'trash'));
  const r = await runTimed('bash', [path.join(opts.shared, 'peers', peer.key, 'build.sh'), ctx.corpus.dir, out], {
    cwd: emptyDir(ctx.cwd),
    env: peerEnv(opts, fresh),
    timeoutMs: ctx.timeoutMs,
  });
  if (r.code !== 0) {
    // A peer that cannot build this size (out of memory, say) is reported, not fatal: the issue asks where they finish.
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n');
    const why = tail.find((line) => /heap out of memory|Killed|fatal error|error/i.test(line)) ?? tail.at(-1) ?? '';
    throw new PeerFailed(`exit ${r.code ?? r.signal} after ${fmtS(r.wallS)} s at ${fmtInt(r.mem.peakMiB)} MiB peak: ${why.trim().slice(0, 200)}`);
  }
  const v = verifyPeer(opts, out, ctx.n);
  if (!v.ok) throw new PeerFailed(`its output did not verify: ${v.line}`);
  r.verify = v.line;
  return r;
}

// ---------------------------------------------------------------- watch latency

class LineReader {
  constructor(stream, onLine) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (s) => {
      buf += s;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i).replace(/\r$/, ''));
        buf = buf.slice(i + 1);
      }
    });
    stream.on('end', () => buf && onLine(buf));
  }
}

/** Resolves when `test()` is true (checked on every output line and every 50 ms), or to false on timeout. */
async function until(test, timeoutMs, stepMs = 5) {
  const deadline = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

async function waitForMarker(file, marker, timeoutMs) {
  const needle = Buffer.from(marker);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      if (fs.readFileSync(file).includes(needle)) return performance.now();
    } catch {
      // being replaced, or not there yet
    }
    if (performance.now() > deadline) return null;
    await sleep(1);
  }
}

/**
 * `gazette watch` as the bench runs it: below the big sizes with no cache, in a new output folder
 * (its first build a cold one); at big sizes in the checkout, with the cache and the output of the
 * last build there, as a writer with a large archive runs it (a cold first build would take as
 * long as the cold build again). Not a copy of that cache: the build's record names its cache
 * folder, so a copy elsewhere would not be the cache of the last build to gazette.
 */
function watchSetup(ctx) {
  if (ctx.reuse) return { cwd: ctx.checkout, out: ctx.out, args: [CLI, 'watch'] };
  const out = path.join(ctx.dir, 'watch-out');
  discard(out);
  return { cwd: emptyDir(ctx.cwd), out, args: [CLI, 'watch', '-s', ctx.src, '-o', out, '--no-cache'] };
}

async function measureWatch(opts, ctx) {
  const { cwd, out, args } = watchSetup(ctx);
  const lines = [];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  cleanups.add(kill);
  let exit = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exit = { code, signal }))));
  const sampler = new TreeSampler(child.pid).start();
  let ready = false;
  let firstBuildFailed = false;
  let firstBuildMs = null;
  let rebuilds = 0;
  const rebuildMs = [];
  const failures = [];
  const onLine = (line) => {
    lines.push(line);
    let m;
    if ((m = /^Built .* in (\d+) ms/.exec(line)) && firstBuildMs === null) firstBuildMs = Number(m[1]);
    else if (/^Watching .* for changes/.test(line)) ready = true;
    else if (/^The first build failed/.test(line)) firstBuildFailed = true;
    else if ((m = / changed → (\d+) written, (\d+) removed in (\d+) ms$/.exec(line))) {
      rebuilds++;
      rebuildMs.push({ written: Number(m[1]), removed: Number(m[2]), ms: Number(m[3]) });
    } else if (/ changed → rebuild failed/.test(line)) {
      rebuilds++;
      failures.push(line);
    }
  };
  new LineReader(child.stdout, onLine);
  new LineReader(child.stderr, onLine);

  const note = (why) => {
    const tail = lines.slice(-15).join('\n');
    return { skipped: `${why}${tail ? `; it printed:\n${tail}` : ''}` };
  };
  // Ctrl-C saves what the session has not saved yet (after many saves of a large site, seconds): timed, and
  // given two minutes before the watcher is killed.
  let stopMs = null;
  const stop = async () => {
    if (!exit) {
      const asked = performance.now();
      child.kill('SIGINT');
      if (await until(() => exit !== null, 120_000, 20)) stopMs = performance.now() - asked;
      else {
        log('watch: no exit 120 s after SIGINT; sending SIGKILL');
        child.kill('SIGKILL');
        await exited;
      }
    }
    cleanups.delete(kill);
  };

  const firstTimeout = Math.max(300_000, ctx.n * 60);
  log(`watch ${fmtInt(ctx.n)}: waiting for the first build (\`gazette watch\`, up to ${Math.round(firstTimeout / 1000)} s)`);
  await until(() => ready || firstBuildFailed || exit !== null, firstTimeout, 20);
  if (firstBuildFailed) {
    sampler.stop();
    await stop();
    throw new BenchError(`\`gazette watch\`: the first build failed:\n${lines.slice(-15).join('\n')}`);
  }
  if (!ready) {
    const peak = sampler.stop();
    await stop();
    if (exit && exit.code === 2 && lines.some((l) => /unknown command|error: /i.test(l))) return note('`gazette watch` is not available');
    return { ...note(exit ? `\`gazette watch\` exited (${exit.code ?? exit.signal}) before its "Watching … for changes" line` : 'no "Watching … for changes" line in time'), peak };
  }

  const article = ctx.article;
  // A save that takes this long is a finding, but at big sizes a run has taken an hour by now and
  // a loaded machine has made one save take over 30 s: the slow save is then kept (its time shows in the table).
  const saveTimeoutMs = ctx.reuse ? 180_000 : 30_000;
  const result = { firstBuildMs, editsMs: [], warmupMs: [], watcherRebuildMs: [], failures, unexpected: [] };
  let mixLines = null;
  try {
    const page = article.pageIn(out);
    const warmups = 1;
    for (let i = 0; i < warmups + opts.edits; i++) {
      const marker = `bench-edit-${pad4(i)}`;
      const before = rebuilds;
      const t0 = performance.now();
      article.write(` Update ${marker} filed.`);
      const t1 = await waitForMarker(page, marker, saveTimeoutMs);
      if (t1 === null) {
        throw new BenchError(`watch: edit ${i} (${marker}) did not reach ${page} within ${saveTimeoutMs / 1000} s; the watcher printed:\n${lines.slice(-10).join('\n')}`);
      }
      (i < warmups ? result.warmupMs : result.editsMs).push(t1 - t0);
      // Let this rebuild finish and report, then pause, so each edit is its own rebuild.
      if (!(await until(() => rebuilds > before, 10_000))) result.unexpected.push(`edit ${i}: no rebuild line within 10 s of the page changing`);
      else if (i >= warmups) result.watcherRebuildMs.push(rebuildMs[rebuildMs.length - 1]?.ms);
      if (rebuilds > before + 1) result.unexpected.push(`edit ${i}: ${rebuilds - before} rebuilds for one save`);
      await sleep(150);
      if (exit) throw new BenchError(`watch exited (${exit.code ?? exit.signal}) during the edits`);
    }
    result.rssAfterMiB = MiB(treeRssKiB(child.pid));
    // Logged now: at large sizes the untimed edits below take long, and a failure there would lose these.
    log(`watch ${fmtInt(ctx.n)}: first build ${fmtInt(firstBuildMs ?? 0)} ms; ${result.editsMs.length} timed edits, median ${fmtInt(median(result.editsMs))} ms; RSS ${fmtInt(result.rssAfterMiB)} MiB`);
    // Memory (issue #12): more edits, untimed, then the peak so far; then a leak check, RSS before
    // and after many more edits, each read after a second's pause.
    let edit = warmups + opts.edits;
    const untimedEdit = async () => {
      const marker = `bench-mem-${pad4(edit++)}`;
      const before = rebuilds;
      article.write(` Update ${marker} filed.`);
      if ((await waitForMarker(page, marker, saveTimeoutMs)) === null) {
        throw new BenchError(`watch: edit ${marker} did not reach ${page} within ${saveTimeoutMs / 1000} s; the watcher printed:\n${lines.slice(-10).join('\n')}`);
      }
      await until(() => rebuilds > before, 10_000);
      await sleep(20);
      if (exit) throw new BenchError(`watch exited (${exit.code ?? exit.signal}) during the edits`);
      // The archive target's figure: what the watcher holds once 1,000 saves are behind it.
      if (edit - warmups === 1000) {
        await sleep(1000);
        result.rssAt1000MiB = MiB(treeRssKiB(child.pid));
      }
    };
    while (edit < warmups + Math.max(opts.edits, opts.memoryEdits)) await untimedEdit();
    result.memoryEdits = edit - warmups;
    result.peakThroughEditsMiB = MiB(Math.max(sampler.maxTreeKiB, sampler.maxHwmKiB));
    if (opts.watchMix) {
      const from = lines.length;
      result.mix = await watchMix({ ctx, cwd, out, page, sampler, pid: child.pid, rebuildCount: () => rebuilds, failedCount: () => failures.length, exited: () => exit, templateEdits: opts.templateEdits });
      // What the mix's failing rebuilds printed (a renamed folder breaks the links into it) is expected.
      mixLines = [from, lines.length];
    }
    if (opts.leakEdits > 0) {
      await sleep(1000);
      const beforeMiB = MiB(treeRssKiB(child.pid));
      log(`watch ${fmtInt(ctx.n)}: leak check, ${fmtInt(opts.leakEdits)} edits`);
      for (let i = 0; i < opts.leakEdits; i++) await untimedEdit();
      await sleep(1000);
      result.leak = { edits: opts.leakEdits, beforeMiB, afterMiB: MiB(treeRssKiB(child.pid)) };
    }
    // Put the article back and let the watcher catch up before stopping it.
    const before = rebuilds;
    article.restore();
    await until(() => rebuilds > before, 10_000);
  } finally {
    article.restore();
    result.peak = sampler.stop();
    await stop();
  }
  result.exit = exit;
  result.stopMs = stopMs;
  if (exit.code !== 0) result.unexpected.push(`watch exited with ${exit.code ?? exit.signal} after SIGINT`);
  if (!lines.some((l) => /^Stopped watching/.test(l))) result.unexpected.push('no "Stopped watching." line after SIGINT');
  const known = /^(Built |Now |Watching |Saving the build cache |Stopped watching|.* changed → )/;
  lines.forEach((l, i) => {
    if (mixLines && i >= mixLines[0] && i < mixLines[1]) return;
    if (!known.test(l) && l.trim()) result.unexpected.push(`printed: ${l}`);
  });
  result.lines = lines;
  return result;
}

/**
 * The watch mix: the kinds of change a writer and a designer make besides article edits, each
 * timed to its rebuild and with the peak RSS of the watcher's tree over it: an article added and
 * deleted, a data file edited, a year folder renamed and back, a burst of saves, and template edits
 * (each a full re-render), with the resting RSS after the first and the last of those, to show
 * whether full rebuilds leave memory behind.
 */
async function watchMix({ ctx, cwd, out, page, sampler, pid, rebuildCount, failedCount, exited, templateEdits }) {
  const corpus = ctx.src;
  const kinds = [];
  const undo = [];
  const cleanup = () => {
    for (const f of undo.splice(0).reverse()) f();
  };
  cleanups.add(cleanup);
  const settle = async (before, what) => {
    if (!(await until(() => rebuildCount() > before, ctx.timeoutMs, 5))) throw new BenchError(`watch mix: no rebuild within ${Math.round(ctx.timeoutMs / 1000)} s after ${what}`);
    // Saves that arrive while a rebuild runs make one more: wait until none has come for 300 ms.
    let seen = rebuildCount();
    for (;;) {
      await sleep(300);
      if (rebuildCount() === seen) break;
      seen = rebuildCount();
    }
    if (exited()) throw new BenchError(`watch exited (${exited().code ?? exited().signal}) during the mix (${what})`);
  };
  const restingMiB = async () => {
    await sleep(1000);
    return MiB(treeRssKiB(pid));
  };
  /** One kind of change: `act` makes it; the peak is taken over the change and its rebuilds. */
  const change = async (kind, act, { waitFor } = {}) => {
    sampler.startWindow();
    const before = rebuildCount();
    const failedBefore = failedCount();
    const t0 = performance.now();
    await act();
    let toPageMs = null;
    if (waitFor) {
      const t1 = await waitFor();
      if (t1 === null) throw new BenchError(`watch mix: ${kind} did not reach the output within ${Math.round(ctx.timeoutMs / 1000)} s`);
      toPageMs = t1 - t0;
    }
    await settle(before, kind);
    const peakMiB = sampler.endWindow();
    let entry = kinds.find((k) => k.kind === kind);
    if (!entry) kinds.push((entry = { kind, changes: 0, toPageMs: [], peakMiB: 0, rebuilds: 0, failed: 0 }));
    entry.changes++;
    entry.rebuilds += rebuildCount() - before;
    entry.failed += failedCount() - failedBefore;
    if (toPageMs !== null) entry.toPageMs.push(toPageMs);
    entry.peakMiB = Math.max(entry.peakMiB, peakMiB);
    return entry;
  };
  try {
    // An article added, then deleted.
    const addedRel = path.join('2024', 'bench-mix-added.md');
    const addedFile = path.join(corpus, addedRel);
    const addedPage = path.join(out, '2024', '06', 'bench-mix-added', 'index.html');
    undo.push(() => fs.rmSync(addedFile, { force: true }));
    await change('article added', () => fs.writeFileSync(addedFile, '---\ntitle: "Bench mix added"\ndate: 2024-06-15\nsection: world\ntags:\n  - budget\n---\nA story added while watching.\n'), {
      waitFor: () => waitForMarker(addedPage, 'A story added while watching', ctx.timeoutMs),
    });
    await change('article deleted', () => fs.rmSync(addedFile), {
      waitFor: async () => ((await until(() => !fs.existsSync(addedPage), ctx.timeoutMs)) ? performance.now() : null),
    });
    // A data file: every page may show site.data, so this is a whole-site change.
    const dataDir = path.join(corpus, '_data');
    const madeDataDir = !fs.existsSync(dataDir);
    const dataFile = path.join(dataDir, 'bench-mix.yml');
    undo.push(() => (madeDataDir ? fs.rmSync(dataDir, { recursive: true, force: true }) : fs.rmSync(dataFile, { force: true })));
    fs.mkdirSync(dataDir, { recursive: true });
    for (let i = 0; i < 2; i++) await change('data file edited', () => fs.writeFileSync(dataFile, `desk: bench ${i}\n`));
    // A year folder renamed, then back: every article in it moves.
    const years = fs.readdirSync(corpus).filter((y) => /^\d{4}$/.test(y) && y !== ctx.article.year).sort();
    const year = years[0];
    const from = path.join(corpus, year);
    const to = path.join(corpus, `${year}-renamed`);
    undo.push(() => fs.existsSync(to) && fs.renameSync(to, from));
    await change('folder renamed', () => fs.renameSync(from, to));
    await change('folder renamed', () => fs.renameSync(to, from));
    // A burst of 50 saves within a second to one article.
    const burstMarker = 'bench-burst-0049';
    await change(
      'burst of 50 saves',
      async () => {
        for (let i = 0; i < 50; i++) {
          ctx.article.write(` Update bench-burst-${pad4(i)} filed.`);
          await sleep(20);
        }
      },
      { waitFor: () => waitForMarker(page, burstMarker, ctx.timeoutMs) },
    );
    // Template edits: a theme folder appears in the watcher's working folder, then its partial is
    // edited again and again; every page is rendered anew each time.
    const templates = path.join(cwd, 'templates');
    undo.push(() => fs.rmSync(templates, { recursive: true, force: true }));
    fs.mkdirSync(path.join(templates, 'partials'), { recursive: true });
    const partial = path.join(templates, 'partials', 'head-extra.hbs');
    let firstRestingMiB = null;
    let lastRestingMiB = null;
    for (let i = 0; i < templateEdits; i++) {
      const marker = `bench-template-${pad4(i)}`;
      await change('template edited', () => fs.writeFileSync(partial, `<meta name="bench" content="${marker}">\n`), {
        waitFor: () => waitForMarker(page, marker, ctx.timeoutMs),
      });
      if (i === 0) firstRestingMiB = await restingMiB();
      if (i === templateEdits - 1) lastRestingMiB = await restingMiB();
    }
    return { kinds, templateEdits, firstRestingMiB, lastRestingMiB };
  } finally {
    const before = rebuildCount();
    ctx.article.restore();
    cleanup();
    cleanups.delete(cleanup);
    if (!exited()) await until(() => rebuildCount() > before, 60_000);
  }
}

// ---------------------------------------------------------------- reporting

function summarize(rs) {
  const walls = rs.map((r) => r.wallS);
  const peaks = rs.map((r) => r.mem.peakMiB);
  return {
    runs: rs.length,
    medianS: median(walls),
    minS: Math.min(...walls),
    maxS: Math.max(...walls),
    peakMiBMedian: median(peaks),
    peakMiBMax: Math.max(...peaks),
  };
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('   '))
    .join('\n');
}

function watchReference(opts) {
  const md = readPeersMd(opts);
  const sec = /## Incremental rebuild in watch mode, ([^\n(]+?)\s*(\([^\n]*\))?\n([\s\S]*?)(\n## |$)/.exec(md);
  if (!sec) return ['  (PEERS.md has no watch figures)'];
  const rows = sec[3]
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/^\|\s*peer\s*\|/i.test(l))
    .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  return [`  reference from PEERS.md (${sec[1]} unless stated; not run here):`, ...rows.map((r) => `    ${r[0]}: median ${r[1]}${r[2] ? ` (range ${r[2]})` : ''}`)];
}

function report(opts, res) {
  const L = [];
  const { n } = res;
  const perS = (s) => fmtInt(n / s);
  L.push('');
  L.push(
    `== ${fmtInt(n)} articles${res.changelogs ? `, ${res.changelogs * 100}% of them release notes` : ''} (seed ${opts.seed}, ${(res.corpusBytes / 1048576).toFixed(1)} MiB of Markdown) — ` +
      `${res.runsPlanned} run${res.runsPlanned === 1 ? '' : 's'}, node ${process.version}, ${os.cpus().length} CPUs, load ${res.loadBefore} → ${res.loadAfter} ==`,
  );
  const rows = [['', 'median s', 'min–max s', 'articles/s', 'peak RSS MiB (median / max)']];
  const add = (label, s) => {
    if (!s) return;
    rows.push([label, fmtS(s.medianS), `${fmtS(s.minS)}–${fmtS(s.maxS)}`, perS(s.medianS), `${fmtInt(s.peakMiBMedian)} / ${fmtInt(s.peakMiBMax)}`]);
  };
  add('gazette cold build', res.summary.cold);
  add('gazette no-change rebuild', res.summary.noChange);
  add('gazette one article changed', res.summary.oneChange);
  add('gazette CI build (fresh checkout, restored cache)', res.summary.ci);
  add('gazette CI build, one article changed', res.summary.ciOneChange);
  add('gazette serve: start → first page, cold', res.summary.serveCold);
  add('gazette serve: start → first page, cached', res.summary.serveCached);
  add('gazette watch: start → watching, cold', res.summary.watchCold);
  add('gazette watch: start → watching, cached', res.summary.watchCached);
  for (const peer of res.peers ?? []) add(`${peer.name} ${peer.version} cold build`, res.summary[peer.key]);
  L.push(table(rows));
  if (res.peers?.length) {
    L.push('gazette median ÷ peer cold-build median (same run, builds alternating):');
    const ratio = (s) =>
      res.peers
        .filter((p) => res.summary[p.key])
        .map((p) => `${(s.medianS / res.summary[p.key].medianS).toFixed(2)}× ${p.name}`)
        .join(', ');
    for (const [label, key] of [
      ['cold', 'cold'],
      ['no-change', 'noChange'],
      ['one change', 'oneChange'],
      ['CI', 'ci'],
      ['CI+change', 'ciOneChange'],
      ['serve cold', 'serveCold'],
      ['serve cached', 'serveCached'],
    ]) {
      if (res.summary[key]) L.push(`  ${label.padEnd(12)} ${ratio(res.summary[key])}`);
    }
    L.push(`  peers' peak RSS: ${res.peers.filter((p) => res.summary[p.key]).map((p) => `${p.name} ${fmtInt(res.summary[p.key].peakMiBMedian)} MiB (max ${fmtInt(res.summary[p.key].peakMiBMax)})`).join(', ')}; gazette cold ${fmtInt(res.summary.cold.peakMiBMedian)} MiB`);
  }
  for (const peer of res.peers ?? []) if (peer.failed) L.push(`${peer.name} ${peer.version ?? ''} did not finish: ${peer.failed}`);
  // Judged from the size they are set for (or GAZETTE_BENCH_BIG's, to try this on a small corpus).
  if (n >= Math.min(TARGET_SIZE, BIG) && !res.changelogs) L.push(...targetLines(res));
  if (res.warmup) L.push(`  (untimed warm-up before the runs: ${res.warmup})`);
  if (res.raw.ci.some((x) => x.verified)) L.push("  (the CI build's output was that of the build whose cache it restored, file for file)");
  if (res.reuse) {
    L.push(
      `  (from ${fmtInt(BIG)} articles on the cold build is made once, in a checkout folder` +
        (res.raw.ci.length ? ', where the CI builds restore its cache (hard links) before the other builds, then one untimed no-change build; serve and watch start cached there' : '') +
        '; starts without a cache, each a cold build, are not run)',
    );
  }
  const ix = res.index;
  if (ix) {
    const kb = (b) => `${fmtInt(b / 1024)} KB`;
    const ms = (rs) => (rs?.length ? `${fmtInt(median(rs.map((x) => x.indexMs)))} ms` : '–');
    L.push(
      `full-text index: ${(ix.totalBytes / 1048576).toFixed(1)} MiB in ${fmtInt(ix.files)} files (${fmtInt(ix.documents)} documents, ${fmtInt(ix.buckets)} fragments; a result's record ${kb(ix.recordMedian)} median)`,
    );
    L.push(`  a query downloads (metadata + fragments, + the id list for a term in most documents): ${ix.queries.map((q) => `"${q.query}" ${kb(q.bytes)} (${q.fragments} ${q.fragments === 1 ? 'fragment' : 'fragments'}${q.ids ? `, id list ${kb(q.ids)}` : ''})`).join(', ')}; plus the records of the results shown`);
    const cold = res.summary.cold ? `${ms(res.raw.cold)} of ${fmtS(res.summary.cold.medianS)} s (${((100 * median(res.raw.cold.map((x) => x.indexMs))) / 1000 / res.summary.cold.medianS).toFixed(1)} %)` : '–';
    L.push(`  indexing (median): cold ${cold}; no change ${ms(res.raw.noChange)}; one article changed ${ms(res.raw.oneChange)}; CI one change ${ms(res.raw.ciOneChange)}`);
    const lat = ix.latency;
    if (lat?.skipped) L.push(`  query times in Chromium: skipped — ${lat.skipped}`);
    else if (lat?.failed) L.push(`  query times in Chromium: FAILED — ${lat.failed}`);
    else if (lat) {
      const t = (x) => `${x < 10 ? x.toFixed(1) : fmtInt(x)} ms`;
      L.push(`  query times on the search page in Chromium ${lat.chromium} (submit → results shown; first time, fetching / median of ${CACHED_ROUNDS} more with the index's files in the page):`);
      L.push(`    ${lat.queries.map((q) => `"${q.query}" (${fmtInt(q.results)} results) ${t(q.firstMs)} / ${t(median(q.cachedMs))}`).join(', ')}`);
    }
  }
  const w = res.watch;
  if (w) {
    if (w.skipped) {
      L.push(`watch: skipped — ${w.skipped}`);
    } else {
      const e = w.editsMs;
      L.push(
        `watch (${res.reuse ? 'gazette watch with the cache of the last build, in the checkout' : 'gazette watch --no-cache'}, ${e.length} edits after ${w.warmupMs.length} warm-up; save → page written): ` +
          `median ${fmtInt(median(e))} ms, p90 ${fmtInt(percentile(e, 90))} ms (min–max ${fmtInt(Math.min(...e))}–${fmtInt(Math.max(...e))})`,
      );
      const own = w.watcherRebuildMs.filter((x) => typeof x === 'number');
      L.push(
        `  watcher: first build ${w.firstBuildMs === null ? '?' : fmtInt(w.firstBuildMs)} ms; its own rebuild time median ${own.length ? fmtInt(median(own)) : '?'} ms; ` +
          `RSS after the edits ${fmtInt(w.rssAfterMiB)} MiB (peak while watching ${fmtInt(w.peak.peakMiB)} MiB); ` +
          `Ctrl-C → exit ${typeof w.stopMs === 'number' ? `${fmtInt(w.stopMs)} ms` : '?'}`,
      );
      if (w.peakThroughEditsMiB !== undefined) {
        L.push(
          `  watcher memory: peak RSS ${fmtInt(w.peakThroughEditsMiB)} MiB through the first build and ${fmtInt(w.memoryEdits)} edits` +
            (w.leak ? `; leak check over ${fmtInt(w.leak.edits)} more edits: ${fmtInt(w.leak.beforeMiB)} MiB before, ${fmtInt(w.leak.afterMiB)} MiB after` : ''),
        );
      }
      if (w.mix) {
        L.push('  watch mix (peak RSS over each kind of change and its rebuilds):');
        const rows = [['    change', 'changes', 'rebuilds (failed)', 'save → page median ms', 'peak RSS MiB']];
        for (const k of w.mix.kinds) rows.push([`    ${k.kind}`, k.changes, `${k.rebuilds} (${k.failed})`, k.toPageMs.length ? fmtInt(median(k.toPageMs)) : '–', fmtInt(k.peakMiB)]);
        L.push(table(rows));
        L.push('    (renaming a year folder breaks the links other articles make into it: that rebuild fails, as it should)');
        if (w.mix.firstRestingMiB !== null) {
          L.push(`    resting RSS after template edit 1: ${fmtInt(w.mix.firstRestingMiB)} MiB; after edit ${w.mix.templateEdits}: ${fmtInt(w.mix.lastRestingMiB)} MiB`);
        }
      }
      for (const u of w.unexpected.slice(0, 10)) L.push(`  note: ${u}`);
      L.push(...watchReference(opts));
    }
  }
  return L.join('\n');
}

// ---------------------------------------------------------------- main

/** Share of release notes in the second corpus (see --changelogs). */
const CHANGELOG_SHARE = 0.15;

async function benchSize(opts, n, peers, changelogs = 0) {
  const big = n >= BIG;
  const runs = big ? 1 : (opts.runs ?? (n >= 10_000 ? 3 : 5));
  const watch = opts.watch;
  const loadBefore = os.loadavg()[0].toFixed(1);
  const corpus = ensureCorpus(opts, n, changelogs);
  const dir = path.join(opts.work, `n${n}${changelogs ? '-changelogs' : ''}`);
  fs.mkdirSync(dir, { recursive: true });
  const ctx = {
    n,
    dir,
    corpus,
    /** Big sizes: gazette builds in the checkout, and nothing repeats its cold build (see below). */
    reuse: big,
    checkout: null,
    src: corpus.dir,
    cwd: path.join(dir, 'cwd'),
    out: path.join(dir, 'out'),
    cache: path.join(dir, 'cache'),
    article: new EditableArticle(corpus.dir, corpus.fixed),
    timeoutMs: Math.max(600_000, n * 120), // a safety net only
  };
  if (big) {
    // The cold build is the CI origin's: made in the checkout with `gazette build`, so that the CI
    // builds restore its cache as it left it (built before the one-change build edits it), `serve`
    // and `watch` start cached in that folder, and the watch scenario takes its cache and output.
    log(`${fmtInt(n)}: copying the corpus into a checkout folder; every gazette build of this size runs there`);
    for (const old of [ctx.out, ctx.cache, path.join(dir, 'watch-out')]) discard(old); // left by runs that built outside it
    ctx.checkout = checkoutFolder(ctx);
    ctx.src = path.join(ctx.checkout, 'articles');
    ctx.out = path.join(ctx.checkout, 'dist');
    ctx.cache = path.join(ctx.checkout, '.gazette-cache');
    ctx.article = new EditableArticle(ctx.src, corpus.fixed);
  }
  const raw = { cold: [], noChange: [], oneChange: [], ci: [], ciOneChange: [], serveCold: [], serveCached: [], watchCold: [], watchCached: [] };
  for (const p of peers) raw[p.key] = [];
  const keep = (r) => ({ wallS: r.wallS, ...r.mem, indexMs: indexingMs(r), stages: timingStages(r.stderr), ...(r.verify ? { verify: r.verify } : {}), ...(r.verified ? { verified: true } : {}) });
  const show = (what, r) => `${what} ${r.wallS.toFixed(2)} s, ${fmtInt(r.mem.peakMiB)} MiB`;

  const warm = [];
  if (opts.warmup && !big) {
    log(`${fmtInt(n)}: warm-up gazette cold build (untimed)`);
    await gazetteCold(ctx, 'warm-up');
    warm.push('gazette cold build');
  }
  /** Peers that could not build this corpus: key → why. */
  const failed = {};
  const attempt = async (peer, run) => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof PeerFailed)) throw error;
      failed[peer.key] = error.message;
      log(`${fmtInt(n)}: ${peer.name} did not finish (${error.message}); left out of the rest of this size`);
      return null;
    }
  };
  for (const peer of peers) {
    // build.sh copies the corpus into its work folder on first use: do that outside the timed runs.
    log(`${fmtInt(n)}: warm-up ${peer.name} build (untimed; prepares its copy of the corpus)`);
    if (await attempt(peer, () => peerCold(opts, ctx, peer, 'warm-up', true))) warm.push(`${peer.name} build`);
  }

  const ci = opts.ci;

  let index = null;
  for (let i = 1; i <= runs; i++) {
    const label = `run ${i}/${runs}`;
    const parts = [];
    // Each figure is logged as it comes: at 100,000 articles a run takes hours.
    const shown = (what, r) => {
      const line = show(what, r);
      log(`${fmtInt(n)} ${label}: ${line}`);
      return line;
    };
    let r = await gazetteCold(ctx, label);
    raw.cold.push(keep(r));
    parts.push(shown('gazette cold', r));
    if (i === 1) {
      index = await indexFigures(ctx.out);
      if (index) {
        const lat = (index.latency = opts.browser ? await searchLatency(ctx.out) : { skipped: '--no-browser' });
        if (lat.queries) log(`search page: ${lat.queries.map((q) => `"${q.query}" ${q.firstMs.toFixed(0)} ms first, ${median(q.cachedMs).toFixed(1)} ms cached`).join('; ')}`);
        else log(`search page: ${lat.skipped ?? lat.failed}`);
      }
    }
    for (const peer of peers) {
      if (failed[peer.key]) continue;
      const p = await attempt(peer, () => peerCold(opts, ctx, peer, label));
      if (!p) continue;
      raw[peer.key].push(keep(p));
      parts.push(shown(`${peer.name} cold`, p));
    }
    const ciBuilds = async () => {
      // Built after the first run's builds, not before: it is a cold build of its own (at big sizes the cold build is it).
      if (!ctx.checkout) {
        log(`${fmtInt(n)}: building the CI origin (untimed; its cache is what each CI run restores)`);
        ctx.checkout = await prepareCheckout(ctx);
      }
      r = await gazetteCI(ctx, label, i, false, i === 1);
      raw.ci.push(keep(r));
      parts.push(shown(`CI${r.verified ? ' (output as the origin’s)' : ''}`, r));
      r = await gazetteCI(ctx, label, i, true);
      raw.ciOneChange.push(keep(r));
      parts.push(shown('CI one change', r));
    };
    const startUps = async () => {
      for (const [key, command, cached] of [
        ['serveCold', 'serve', false],
        ['serveCached', 'serve', true],
        ['watchCold', 'watch', false],
        ['watchCached', 'watch', true],
      ]) {
        // A start without a cache is a cold build in a new folder: not repeated at big sizes.
        if (big && !cached) continue;
        r = await startUp(ctx, command, cached);
        raw[key].push(keep(r));
        parts.push(shown(key, r));
      }
    };
    // At big sizes the CI builds restore the cold build's cache before the no-change build and the
    // start-ups (which change nothing) and the one-change build (which does) run in the checkout.
    if (ci && big) {
      await ciBuilds();
      // Each CI job's hard links to the cache moved its files' change times (a link changes a file's ctime), which the
      // no-change check compares: one untimed build takes the full comparison and writes the check file again, so the
      // timed build is the one a writer makes after the last.
      log(`${fmtInt(n)}: an untimed no-change build (the CI jobs' hard links moved the times of the cache's files)`);
      failIfBad(`gazette no-change rebuild (untimed, ${label}, ${fmtInt(n)} articles)`, await gazetteBuild(ctx));
    }
    r = await gazetteNoChange(ctx, label);
    raw.noChange.push(keep(r));
    parts.push(shown('no-change', r));
    if (ci && big) await startUps();
    r = await gazetteOneChange(ctx, label, i);
    raw.oneChange.push(keep(r));
    parts.push(shown('one-change', r));
    if (ci && !big) {
      await ciBuilds();
      await startUps();
    }
    log(`${fmtInt(n)} ${label}: ${parts.join('; ')}`);
  }

  let watchResult = null;
  if (watch) {
    try {
      watchResult = await measureWatch(opts, ctx);
    } catch (error) {
      if (!(error instanceof BenchError)) throw error;
      // The builds' figures took long to get (an hour at 100,000 articles): print them, and fail the run at its end.
      log(`watch ${fmtInt(n)}: ${error.message}`);
      watchResult = { skipped: `FAILED: ${error.message}` };
      process.exitCode = 1;
    }
    if (watchResult.skipped) log(`watch ${fmtInt(n)}: skipped — ${watchResult.skipped}`);
    else log(`watch ${fmtInt(n)}: median ${fmtInt(median(watchResult.editsMs))} ms over ${watchResult.editsMs.length} edits`);
  }

  const summary = {};
  for (const [k, rs] of Object.entries(raw)) if (rs.length) summary[k] = summarize(rs.map((x) => ({ wallS: x.wallS, mem: x })));
  return {
    n,
    changelogs,
    seed: opts.seed,
    corpusDir: corpus.dir,
    corpusBytes: corpus.bytes,
    editedArticle: corpus.fixed,
    runsPlanned: runs,
    reuse: big,
    warmup: warm.join(', '),
    loadBefore,
    loadAfter: os.loadavg()[0].toFixed(1),
    peers: peers.map((p) => ({ key: p.key, name: p.name, version: p.version, ...(failed[p.key] ? { failed: failed[p.key] } : {}) })),
    raw,
    summary,
    index,
    watch: watchResult,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(opts.work, { recursive: true });
  trashDir = path.join(opts.work, 'trash');
  if (opts.compile) {
    log('compiling gazette: npm run compile');
    const r = spawnSync('npm', ['run', '--silent', 'compile'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new BenchError(`\`npm run compile\` failed (exit ${r.status ?? r.signal}${r.error ? `: ${r.error.message}` : ''}); lib/ would be stale`);
  }
  if (opts.photos) {
    const { benchPhotos } = await import('./photos.mjs');
    const res = await benchPhotos({ count: opts.photos, work: path.join(opts.work, 'photos'), peersDir: opts.peersDir });
    if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(res, null, 2) + '\n');
    return;
  }
  const peers = opts.peers ? peerList(opts) : [];
  if (peers.length) ensurePeers(opts, peers);

  const results = [];
  const started = new Date();
  const corpora = [...opts.sizes.map((n) => [n, 0]), ...opts.changelogSizes.map((n) => [n, CHANGELOG_SHARE])];
  for (const [n, changelogs] of corpora) {
    const res = await benchSize(opts, n, peers, changelogs);
    results.push(res);
    process.stdout.write(report(opts, res) + '\n');
  }
  log('deleting the outputs of earlier runs');
  emptyTrash();
  if (opts.json) {
    const doc = {
      tool: 'gazette test/bench/run.mjs',
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      options: { ...opts },
      method: {
        wall: 'spawn → exit of the child, per build (median, min, max over runs)',
        memory: 'max over 20 ms polls of VmRSS summed over the child process tree, or the largest VmHWM seen, whichever is larger (MiB)',
        outputs: 'earlier outputs are moved aside before a timed build and deleted after all measurements, so no build pays for the deletions before it',
        watch: 'ms from just before writeFileSync of the article to the first read (polled every 1 ms) of its page containing the marker',
        watchMemory: 'peak as for builds, over the first build and --memory-edits edits; leak check: VmRSS of the tree 1 s after the last of those edits and 1 s after --leak-edits more',
        big: `from ${BIG} articles on (results[].reuse): one cold build, in a checkout folder with \`gazette build\`; the CI builds restore its cache as hard links before any other build, the first one's output compared with it file by file; serve and watch start cached there; no start without a cache; the watch runs there with the cache and output of the last build instead of --no-cache`,
        searchLatency: 'index.latency: ms from requestSubmit() of the search form to the first non-empty #search-status text (set once the results are shown), Chromium headless on the site of the first cold build served on 127.0.0.1; the first round fetches the index files, the next ones have them in the page',
      },
      results,
    };
    fs.mkdirSync(path.dirname(opts.json), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify(doc, null, 2) + '\n');
    log(`raw numbers written to ${opts.json}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    runCleanups();
    emptyTrash();
    if (error instanceof BenchError) process.stderr.write(`bench: error: ${error.message}\n`);
    else process.stderr.write(`bench: unexpected error: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
