/**
 * A watch session started where nothing changed since the last build takes the build's quick answer, and
 * reads the last build's record and output manifest only once the watcher is ready (at 100,000 articles,
 * seconds before it said it was watching). Run in a child process (quiet-start.mjs) that notes which of the
 * two are read by the end of the start; a save and a deletion after it must still give a clean build's output.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, article, expectCleanBuild, runCli, tempDir, writeFiles } from '../helpers.js';

const run = promisify(execFile);
const NOW = '2026-12-01T00:00:00Z';

describe('a watch start with nothing changed', () => {
  it('should read the last build’s record and manifest only once watching, and rebuild from them as a clean build', async () => {
    const site = tempDir();
    const files: Record<string, string> = { 'gazette.config.json': JSON.stringify({ url: 'https://example.org/' }) };
    for (let i = 0; i < 12; i++) files[`articles/a${i}.md`] = article({ title: `Story ${i}`, date: `2026-03-${String(1 + i).padStart(2, '0')}`, tags: ['news'] }, `Text ${i}.`);
    writeFiles(site, files);
    const built = await runCli(['build', '--now', NOW], site);
    expect(built.code, built.stderr).toBe(0);
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'test/watch/quiet-start.mjs'), site, NOW]);
    const { upToDate, atStart, all } = JSON.parse(stdout.trim()) as { upToDate: boolean; atStart: string[]; all: string[] };
    expect(upToDate).toBe(true);
    // Both were read during the start before.
    expect(atStart).toEqual([]);
    expect(all).toEqual(['build-record.json', 'output-manifest.json']);
    // The deleted article's pages are gone: the session knew what the output held.
    await expectCleanBuild(site, path.join(site, 'dist'), 'after a save and a deletion', ['--now', NOW]);
  }, 90_000);
});
