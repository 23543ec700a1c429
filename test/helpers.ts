import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type HTMLElement } from 'node-html-parser';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
/** A theme file naming `search-index.json`: in a site's `templates/`, it makes the build write that file, which custom themes read. */
export const RECORDS_THEME: Record<string, string> = { 'templates/assets/js/records.js': "fetch('search-index.json');\n" };
const BIN = path.join(ROOT, 'bin', 'gazette.js');

/** A fresh temporary folder under the run's root (see global-setup.ts), removed when the run ends. */
export function tempDir(prefix = 'gazette-test-'): string {
  const root = process.env.GAZETTE_TEST_TMP ?? os.tmpdir();
  fs.mkdirSync(root, { recursive: true });
  return fs.mkdtempSync(path.join(root, prefix));
}

/** Write `files` (path → contents) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Copy a fixture site into a new temp folder and return that folder. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `gazette` executable as a child process. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under `dir`, as sorted '/'-separated relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** Path → bytes of every file under `dir`, for byte-for-byte comparisons. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel))]));
}

/** Parse an HTML file of a built site. */
export function readHtml(dir: string, rel: string): HTMLElement {
  return parse(fs.readFileSync(path.join(dir, rel), 'utf8'));
}

/** A minimal article with front matter. */
export function article(fields: Record<string, unknown>, body = 'Some text.'): string {
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : String(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n${body}\n`;
}

/**
 * Assert that `out` holds byte for byte what a clean build (no cache) of `site`'s sources writes; `label` names the
 * case in failures, `args` are more flags for the build.
 */
export async function expectCleanBuild(site: string, out: string, label = '', args: string[] = []): Promise<void> {
  const clean = path.join(tempDir(), 'clean');
  const result = await runCli(['build', '--no-cache', '-o', clean, ...args], site);
  expect(result.code, result.stderr).toBe(0);
  const a = snapshotTree(out);
  const b = snapshotTree(clean);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [file, bytes] of b) expect(a.get(file)!.equals(bytes), `${label}${label ? ': ' : ''}${file}`).toBe(true);
}

/**
 * Build a small site with a curated front page (a block of each layout) and a live breaking story,
 * for the validity and accessibility checks of that markup; returns the site's folder (output in `dist/`).
 */
export async function buildCuratedSite(): Promise<string> {
  const site = tempDir();
  const files: Record<string, string> = {
    'gazette.config.json': JSON.stringify({
      title: 'Daily',
      sections: ['News'],
      front: { blocks: [{ type: 'lead' }, { title: 'Top stories', size: 2, layout: 'grid' }, { type: 'sections', size: 2, layout: 'headlines' }, { section: 'Arts', layout: 'list' }] },
    }),
    'articles/alert.md': article({ title: 'Storm warning for the coast', date: '2024-01-09', section: 'News', breaking: true, featured: true }),
  };
  for (let i = 1; i <= 8; i++) files[`articles/s${i}.md`] = article({ title: `Story ${i}`, date: `2024-01-0${i}`, section: i % 2 ? 'News' : 'Arts' });
  writeFiles(site, files);
  const built = await runCli(['build', '--no-cache'], site);
  expect(built.code, built.stderr).toBe(0);
  return site;
}
