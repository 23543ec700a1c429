/**
 * Shared helpers for the hardening tests: a sandbox whose whole tree is
 * snapshotted around each build, so anything written outside the output
 * folder (or the build cache) is caught, and a few checks on built sites.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { FIXTURES, listFiles, readHtml, runCli, tempDir, type CliResult } from '../helpers.js';

/** A stack trace line in stderr. */
export const STACK = /\n\s+at /;

/** The `Built N articles, ...` summary line. */
export const SUMMARY = /^Built (\d+) articles?(?: and \d+ standalone pages?)?(?: \([^)]*held back\))?, \d+ pages?, \d+ files? in \d+ ms/m;

/**
 * A sandbox: `root` is the folder whose contents are compared before and after
 * each build; the site (the build's working folder) lives three levels below,
 * so `../` climbs out of the output folder still land inside `root`.
 */
export interface Sandbox {
  root: string;
  cwd: string;
}

/** A fresh sandbox, with `fixture` (a folder under test/fixtures) copied into its working folder. */
export function sandbox(fixture?: string): Sandbox {
  const root = tempDir('gazette-hostile-');
  const cwd = path.join(root, 'jail', 'inner', 'site');
  fs.mkdirSync(cwd, { recursive: true });
  if (fixture) fs.cpSync(path.join(FIXTURES, fixture), cwd, { recursive: true, verbatimSymlinks: true });
  return { root, cwd };
}

/**
 * Every entry under `root` (folders, files with a hash of their bytes, symbolic
 * links with their target), never following links, skipping `exclude`d folders.
 */
export function snapshotEntries(root: string, exclude: string[] = []): Map<string, string> {
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (skip.has(full)) continue;
      const rel = path.relative(root, full);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out.set(rel, `link → ${fs.readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        out.set(rel, 'dir');
        walk(full);
      } else out.set(rel, `file ${createHash('sha1').update(fs.readFileSync(full)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

/** Human-readable differences between two snapshots: `+ added`, `- removed`, `~ changed`. */
export function diffEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [rel, what] of after) {
    if (!before.has(rel)) changes.push(`+ ${rel} (${what})`);
    else if (before.get(rel) !== what) changes.push(`~ ${rel}`);
  }
  for (const rel of before.keys()) if (!after.has(rel)) changes.push(`- ${rel}`);
  return changes;
}

export interface HostileRun extends CliResult {
  /** Absolute output folder. */
  out: string;
  /** What changed in the sandbox outside the output folder and the build cache. */
  outside: string[];
}

/**
 * Run `gazette build <args>` in the sandbox, with `-o <outRel>` added, and
 * report what it changed outside the output folder. The build cache (a folder
 * in the working folder, on by default) is the one other place a build may write.
 */
export async function hostileBuild(box: Sandbox, args: string[], outRel = 'out'): Promise<HostileRun> {
  const out = path.resolve(box.cwd, outRel);
  const exclude = [out, path.join(box.cwd, '.gazette-cache')];
  const before = snapshotEntries(box.root, exclude);
  const result = await runCli(['build', ...args, '-o', outRel], box.cwd);
  const after = snapshotEntries(box.root, exclude);
  return { ...result, out, outside: diffEntries(before, after) };
}

/** The failure is reported as a message: no stack trace, no internal-error banner. */
export function expectNoStack(run: CliResult): void {
  expect(run.stderr, run.stderr).not.toMatch(STACK);
  expect(run.stderr).not.toContain('unexpected internal error');
}

/** Exit code, no stack trace, and nothing touched outside the output folder. */
export function expectRefused(run: HostileRun, code: number | number[] = 1): void {
  expectNoStack(run);
  if (Array.isArray(code)) expect(code, run.stderr).toContain(run.code);
  else expect(run.code, run.stderr).toBe(code);
  expect(run.outside).toEqual([]);
}

/** A successful build that wrote nothing outside its output folder. */
export function expectBuilt(run: HostileRun): void {
  expect(run.code, run.stderr).toBe(0);
  expectNoStack(run);
  expect(run.stderr).toMatch(SUMMARY);
  expect(run.outside).toEqual([]);
}

/** The number of articles in the build's summary line. */
export function builtCount(run: CliResult): number {
  const match = SUMMARY.exec(run.stderr);
  if (!match) throw new Error(`no summary line in:\n${run.stderr}`);
  return Number(match[1]);
}

/** The front page is still the front page: the site title as <title>, the home body class, no hijack marker. */
export function expectFrontPage(out: string, siteTitle = 'Gazette'): void {
  const home = readHtml(out, 'index.html');
  expect(home.querySelector('title')!.text).toBe(siteTitle);
  expect(home.querySelector('body')!.getAttribute('class')).toBe('page-home');
  expect(home.toString()).not.toContain('HIJACKED');
}

/** Every regular file in the output folder, read as text and joined (for "appears nowhere" checks). */
export function allOutputText(out: string): string {
  return listFiles(out)
    .map((f) => fs.readFileSync(path.join(out, f), 'utf8'))
    .join('\n');
}

/** No file in `out` is a symbolic link and every one resolves inside `out`. */
export function expectContained(out: string): void {
  const real = fs.realpathSync(out);
  for (const rel of listFiles(out)) {
    const full = path.join(out, rel);
    expect(fs.lstatSync(full).isSymbolicLink(), rel).toBe(false);
    expect(fs.realpathSync(full).startsWith(real + path.sep), rel).toBe(true);
    expect(rel.split('/').some((s) => s === '..' || s === '.' || s === ''), rel).toBe(false);
  }
}

/** The top-level entries a built site normally has (listing pages live under these). */
export const SITE_TOP_LEVEL = new Set([
  '404.html',
  'archive',
  'assets',
  'authors',
  'feed.json',
  'feed.xml',
  'index.html',
  'news-sitemap.xml',
  'robots.txt',
  'search',
  'search-index',
  'section',
  'sitemap.xml',
  'tags',
]);
