import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicDir } from '../../lib/output/atomic-dir.js';
import { runCli, tempDir, writeFiles } from '../helpers.js';

describe('AtomicDir', () => {
  it('names a failed staged file by where it was meant to go, and leaves other errors alone', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-atomic-'));
    try {
      const target = path.join(root, 'dist');
      const out = await AtomicDir.open(target);
      const staged = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: out.path('2024/story/index.html') });
      expect(out.named(staged)).toMatchObject({ code: 'ENOSPC', path: path.join(target, '2024', 'story', 'index.html') });
      const elsewhere = Object.assign(new Error('EROFS'), { code: 'EROFS', path: path.join(root, 'cache', 'x') });
      expect(out.named(elsewhere)).toMatchObject({ path: path.join(root, 'cache', 'x') });
      // A sibling whose name starts like the staging folder's is not inside it.
      const sibling = Object.assign(new Error('EIO'), { code: 'EIO', path: `${out.staging}-old${path.sep}a.html` });
      expect(out.named(sibling)).toMatchObject({ path: `${out.staging}-old${path.sep}a.html` });
      await out.abort();
      expect(fs.readdirSync(root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

// Issue #26: staging folders left by killed builds are removed by the next build, and only those.
describe('AtomicDir.removeStale', () => {
  const host = createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8);
  const DAY = 24 * 60 * 60 * 1000;

  /** The id of a process that has exited. */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', '0']);
    return child.pid!;
  }

  it('should remove gazette\'s abandoned staging folders and keep live ones and everything else', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-stale-'));
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const target = path.join(root, 'dist');
      fs.mkdirSync(target);
      const dead = deadPid();
      const live = sleeper.pid!;
      const old = (Date.now() - 2 * DAY) / 1000;
      const make = (name: string, age: 'fresh' | 'old' = 'fresh') => {
        const dir = path.join(root, name);
        fs.mkdirSync(path.join(dir, '2024'), { recursive: true });
        fs.writeFileSync(path.join(dir, '2024', 'index.html'), 'x');
        if (age === 'old') fs.utimesSync(dir, old, old);
        return dir;
      };
      const mine = await AtomicDir.open(target);
      const removed = [
        make(`.dist.tmp-${host}-${dead}-aB3dE9`),
        make(`.dist.tmp-${host}-${dead}-aB3dE9-old`),
        make(`.dist.tmp-${host}-${live}-Zz0000`, 'old'), // a day untouched: the id is another program's by now
        make(`.dist.tmp-0badc0de-${live}-Yy1111`, 'old'),
        make('.dist.tmp-Qw12Er', 'old'), // named by an earlier gazette
      ];
      const kept = [
        make(`.dist.tmp-${host}-${live}-Xx2222`), // a build running now
        make(`.dist.tmp-${host}-${live}-Xx2222-old`),
        make(`.dist.tmp-0badc0de-${dead}-Ww3333`), // another machine's: its processes cannot be asked about
        make('.dist.tmp-Qw12Es'),
        make(`.dist.tmp-${host}-${dead}-toolong1`, 'old'), // not a name gazette gives
        make(`.other.tmp-${host}-${dead}-aB3dE9`, 'old'), // another output folder's
        make('dist-backup', 'old'),
      ];
      expect(AtomicDir.removeStale(target).sort()).toEqual(removed.sort());
      for (const dir of removed) expect(fs.existsSync(dir), dir).toBe(false);
      for (const dir of [...kept, mine.staging, target]) expect(fs.existsSync(dir), dir).toBe(true);
      await mine.abort();
    } finally {
      sleeper.kill();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('should be run by a build: what a killed build left is gone, a live build\'s folder stays', async () => {
    const site = tempDir();
    writeFiles(site, { 'articles/a.md': '---\ntitle: A\ndate: 2024-01-01\n---\nText.\n' });
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const killed = path.join(site, `.dist.tmp-${host}-${deadPid()}-kIlLed`);
      const half = `${killed}-old`;
      const running = path.join(site, `.dist.tmp-${host}-${sleeper.pid}-RuNnin`);
      for (const dir of [killed, half, running]) {
        fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'index.html'), 'old');
      }
      const result = await runCli(['build', '--verbose'], site);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('Removed 2 staging folders left beside the output by interrupted builds');
      expect(fs.readdirSync(site).sort()).toEqual([path.basename(running), '.gazette-cache', 'articles', 'dist'].sort());
    } finally {
      sleeper.kill();
    }
  });
});
