import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputManifest, type ManifestEntry } from '../../lib/output/manifest.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An output folder of `count` pages and a cache folder whose manifest records them as written. */
function writtenSite(count: number): { outDir: string; cacheDir: string; files: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-manifest-'));
  dirs.push(root);
  const outDir = path.join(root, 'dist');
  const cacheDir = path.join(root, 'cache');
  fs.mkdirSync(cacheDir);
  const entries = new Map<string, ManifestEntry>();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const relative = `${2020 + (i % 3)}/story-${i}/index.html`;
    const file = path.join(outDir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `<p>story ${i}</p>`);
    const stat = fs.statSync(file);
    entries.set(relative, { f: `input ${i}`, h: `hash ${i}`, size: stat.size, mtimeMs: stat.mtimeMs });
    files.push(relative);
  }
  OutputManifest.save(cacheDir, outDir, entries);
  return { outDir, cacheDir, files };
}

describe.each([
  ['read ahead on a thread', 0],
  ['read when asked for', Number.POSITIVE_INFINITY],
])('OutputManifest: stamps %s', (_name, minFiles) => {
  it('reuses only the files still on disk as written', async () => {
    const { outDir, cacheDir, files } = writtenSite(40);
    const [edited, deleted, grown, ...intact] = files as [string, string, string, ...string[]];
    const at = (relative: string) => path.join(outDir, ...relative.split('/'));
    // Same size, another time; gone; another size.
    fs.writeFileSync(at(edited), fs.readFileSync(at(edited), 'utf8').toUpperCase());
    fs.utimesSync(at(edited), new Date(2001, 0, 1), new Date(2001, 0, 1));
    fs.rmSync(at(deleted));
    fs.appendFileSync(at(grown), '<p>added by hand</p>');

    const manifest = OutputManifest.load(cacheDir, outDir);
    manifest.prefetch(outDir, minFiles);
    await manifest.settled();
    for (const relative of [edited, deleted, grown]) expect(manifest.reusable(relative, at(relative))).toBeNull();
    for (const relative of intact) expect(manifest.reusable(relative, at(relative))).toEqual(manifest.entries.get(relative));
    expect(manifest.reusable('2020/never-written/index.html', at('2020/never-written/index.html'))).toBeNull();
  });

  it('is intact only while every file is on disk as written', async () => {
    const at = (outDir: string, relative: string) => path.join(outDir, ...relative.split('/'));
    const changes: [string, (file: string) => void][] = [
      ['untouched', () => {}],
      ['edited', (file) => fs.utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1))],
      ['deleted', (file) => fs.rmSync(file)],
      ['grown', (file) => fs.appendFileSync(file, '<p>added by hand</p>')],
    ];
    for (const [change, make] of changes) {
      const { outDir, cacheDir, files } = writtenSite(30);
      make(at(outDir, files[17]!));
      const manifest = OutputManifest.load(cacheDir, outDir);
      manifest.prefetch(outDir, minFiles);
      await manifest.settled();
      expect(manifest.intact(outDir), change).toBe(change === 'untouched');
    }
    const { outDir, cacheDir } = writtenSite(3);
    fs.rmSync(outDir, { recursive: true });
    const manifest = OutputManifest.load(cacheDir, outDir);
    manifest.prefetch(outDir, minFiles);
    await manifest.settled();
    expect(manifest.intact(outDir)).toBe(false);
  });

  it('reuses nothing when the output folder is gone (a CI build)', async () => {
    const { outDir, cacheDir, files } = writtenSite(5);
    fs.rmSync(outDir, { recursive: true });
    const manifest = OutputManifest.load(cacheDir, outDir);
    manifest.prefetch(outDir, minFiles);
    await manifest.settled();
    // Made again (by someone else) after the build began: still not trusted as this build's own.
    fs.mkdirSync(path.join(outDir, '2020', 'story-0'), { recursive: true });
    fs.writeFileSync(path.join(outDir, '2020', 'story-0', 'index.html'), '<p>story 0</p>');
    for (const relative of files) expect(manifest.reusable(relative, path.join(outDir, ...relative.split('/')))).toBeNull();
  });
});
