import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from './helpers.js';
import { judgeTargets, targetLines, timingStages } from './bench/targets.mjs';

type Stage = { stage: string; ms: number; cpuMs: number };
type Row = { target: string; measured: string; met: boolean | null; why: string | null };

/** One size's results shaped as the bench's `benchSize` returns them; every target met unless changed. */
function results(change: (r: Record<string, any>) => void = () => {}) {
  const s = (medianS: number, peakMiBMax: number) => ({ runs: 1, medianS, minS: medianS, maxS: medianS, peakMiBMedian: peakMiBMax, peakMiBMax });
  const res: Record<string, any> = {
    n: 100_000,
    peers: [{ key: 'hugo', name: 'Hugo' }],
    summary: { cold: s(400, 2_700), noChange: s(1.3, 200), oneChange: s(2.5, 1_800), ci: s(30, 1_900), hugo: s(60, 12_000) },
    raw: { ci: [{ wallS: 30, stages: [] }], oneChange: [{ wallS: 2.5, stages: [] }], noChange: [{ wallS: 1.3, stages: [] }] },
    watch: { editsMs: [20, 30, 40], memoryEdits: 1000, rssAt1000MiB: 1_850, peak: { peakMiB: 1_990 } },
  };
  change(res);
  return res;
}
const verdict = (rows: Row[], start: string) => rows.find((r) => r.target.startsWith(start))!;

describe('the bench judges the archive targets', () => {
  it('reads the stages a real build prints with GAZETTE_TIMING', async () => {
    const site = copyFixture('basic');
    const r = await runCli(['build', '--src', 'articles', '--out', 'dist', '--no-cache', '--quiet'], site, { GAZETTE_TIMING: '1' });
    expect(r.code).toBe(0);
    const stages: Stage[] = timingStages(r.stderr);
    expect(stages.map((x) => x.stage)).toEqual(expect.arrayContaining(['load', 'markdown', 'write']));
    for (const x of stages) expect(Number.isInteger(x.ms) && Number.isInteger(x.cpuMs)).toBe(true);
  });

  it('says met when every figure is within its target', () => {
    const rows: Row[] = judgeTargets(results());
    expect(rows.map((r) => r.met)).toEqual(rows.map(() => true));
  });

  it('misses a target by decimal gigabytes and by the Hugo ratio, saying where the time went', () => {
    const stages: Stage[] = [
      { stage: 'load', ms: 4_000, cpuMs: 3_000 },
      { stage: 'write', ms: 9_000, cpuMs: 6_000 },
      { stage: 'plan', ms: 2_000, cpuMs: 1_900 },
    ];
    const rows: Row[] = judgeTargets(
      results((r) => {
        r.summary.cold.peakMiBMax = 2_900; // under 3 GiB, over 3 GB
        r.summary.ci.medianS = 45;
        r.raw.ci = [{ wallS: 45, stages }];
        r.summary.oneChange.medianS = 18;
      }),
    );
    expect(verdict(rows, 'cold build peak').met).toBe(false);
    const ci = verdict(rows, 'CI build');
    expect(ci.met).toBe(false);
    expect(ci.measured).toContain('0.75×');
    expect(ci.why).toMatch(/^of 15\.0 s in stages: write 9\.0 s \(CPU 6\.0 s\), load 4\.0 s/);
    expect(verdict(rows, 'one article changed').met).toBe(false);
    expect(verdict(rows, 'no-change').met).toBe(true);
  });

  it('says what it did not measure rather than judging it', () => {
    const rows: Row[] = judgeTargets(
      results((r) => {
        delete r.summary.hugo;
        r.peers = [];
        r.watch = { skipped: '--no-watch' };
      }),
    );
    expect(verdict(rows, 'CI build').met).toBeNull();
    expect(verdict(rows, 'watch at most').met).toBeNull();
    expect(verdict(rows, 'watch save').met).toBeNull();
    expect(targetLines(results()).join('\n')).toContain('met          one article changed within 3 s: 2.50 s');
  });
});
