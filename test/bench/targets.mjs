// The project's targets for a newspaper's archive, judged from one size's bench results.
//
// Memory limits are decimal gigabytes (3 GB = 3,000,000,000 bytes = 2,861 MiB), the stricter reading
// of "GB": a peak of 3,000 MiB is over it. Where a time target is missed the bench prints where that
// build spent its time (its GAZETTE_TIMING stages), so the table carries the measured reason.

/** The size the targets are set for: smaller sizes are not judged against them. */
export const TARGET_SIZE = 100_000;

const GB_MIB = 1e9 / 1048576;

/**
 * A build's stages from its GAZETTE_TIMING lines on stderr (src/build/timing.ts), in order:
 * `[timing] load: 8123 ms (cpu: 3000 ms user, 300 ms system)`. Indented sub-lines are left out.
 * @returns [{ stage, ms, cpuMs }]
 */
export function timingStages(stderr) {
  const stages = [];
  for (const m of (stderr ?? '').matchAll(/^\[timing\] (\S[^\n]*?): (\d+) ms \(cpu: (\d+) ms user, (\d+) ms system\)$/gm)) {
    stages.push({ stage: m[1], ms: Number(m[2]), cpuMs: Number(m[3]) + Number(m[4]) });
  }
  return stages;
}

/** The `count` longest stages of a build as text: "plan 8.5 s (CPU 7.9 s), write 5.5 s (CPU 5.0 s)". */
function longestStages(stages, count = 3) {
  if (!stages?.length) return null;
  const total = stages.reduce((sum, s) => sum + s.ms, 0);
  const text = [...stages]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((s) => `${s.stage} ${(s.ms / 1000).toFixed(1)} s (CPU ${(s.cpuMs / 1000).toFixed(1)} s)`)
    .join(', ');
  return `of ${(total / 1000).toFixed(1)} s in stages: ${text}`;
}

/** The stages of the run whose wall time is the median of `runs` (the kept raw records of one scenario). */
function medianRunStages(runs) {
  if (!runs?.length) return null;
  const sorted = [...runs].sort((a, b) => a.wallS - b.wallS);
  return sorted[Math.floor((sorted.length - 1) / 2)].stages ?? null;
}

const mib = (x) => `${Math.round(x).toLocaleString('en-US')} MiB`;
const secs = (x) => `${x.toFixed(2)} s`;

/**
 * Each target with what this run measured: `met` is true or false, or null when the run did not
 * measure it (`measured` then says why). `why` gives, for a missed build time, where the time went.
 * @param res one size's results as `benchSize` returns them
 * @returns [{ target, measured, met, why }]
 */
export function judgeTargets(res) {
  const { summary, raw, watch } = res;
  const rows = [];
  const row = (target, measured, met, why = null) => rows.push({ target, measured, met, why });
  const notRun = (target, reason) => row(target, reason, null);

  // Every scenario's peak, the watcher's included.
  const peaks = Object.entries(summary)
    .filter(([key]) => !(res.peers ?? []).some((p) => p.key === key))
    .map(([key, s]) => [key, s.peakMiBMax]);
  if (watch && !watch.skipped) peaks.push(['watch', watch.peak?.peakMiB ?? 0]);
  if (peaks.length) {
    const [key, worst] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
    row('every scenario within 8 GB', `${mib(worst)} at most (${key})`, worst <= 8 * GB_MIB);
  }
  if (summary.cold) row('cold build peak at most 3 GB (2,861 MiB)', mib(summary.cold.peakMiBMax), summary.cold.peakMiBMax <= 3 * GB_MIB);
  else notRun('cold build peak at most 3 GB (2,861 MiB)', 'no cold build');

  const watchTarget = 'watch at most 2 GB (1,907 MiB) after 1,000 saves';
  if (!watch || watch.skipped) notRun(watchTarget, watch?.skipped ? `watch not measured: ${watch.skipped}` : 'watch not run');
  else if (watch.rssAt1000MiB === undefined) notRun(watchTarget, `only ${watch.memoryEdits + (watch.leak?.edits ?? 0)} saves (--memory-edits, --leak-edits)`);
  else row(watchTarget, mib(watch.rssAt1000MiB), watch.rssAt1000MiB <= 2 * GB_MIB);

  const hugo = summary.hugo;
  const ciTarget = "CI build at most 0.6× Hugo's cold build";
  if (!summary.ci) notRun(ciTarget, 'no CI build (--no-ci)');
  else if (!hugo) notRun(ciTarget, `Hugo not run or did not finish; CI build ${secs(summary.ci.medianS)}`);
  else {
    const ratio = summary.ci.medianS / hugo.medianS;
    const met = ratio <= 0.6;
    row(ciTarget, `${ratio.toFixed(2)}× (${secs(summary.ci.medianS)} against ${secs(hugo.medianS)})`, met, met ? null : longestStages(medianRunStages(raw.ci)));
  }

  const timed = (target, key, limitS) => {
    const s = summary[key];
    if (!s) return notRun(target, 'not run');
    const met = s.medianS <= limitS;
    row(target, secs(s.medianS), met, met ? null : longestStages(medianRunStages(raw[key])));
  };
  timed('one article changed within 3 s', 'oneChange', 3);
  timed('no-change build within 2 s', 'noChange', 2);

  const saveTarget = 'watch save → page median within 100 ms';
  if (!watch || watch.skipped || !watch.editsMs?.length) notRun(saveTarget, 'watch not measured');
  else {
    const sorted = [...watch.editsMs].sort((a, b) => a - b);
    const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    row(saveTarget, `${Math.round(mid)} ms over ${sorted.length} saves`, mid <= 100);
  }
  return rows;
}

/** The targets as lines of the bench's report. */
export function targetLines(res) {
  const size = (n) => n.toLocaleString('en-US');
  const at = res.n === TARGET_SIZE ? '' : `, judged here at ${size(res.n)}`;
  const lines = [`targets set for ${size(TARGET_SIZE)} articles${at} (memory in decimal GB):`];
  for (const r of judgeTargets(res)) {
    const verdict = r.met === null ? 'not measured' : r.met ? 'met' : 'MISSED';
    lines.push(`  ${verdict.padEnd(12)} ${r.target}: ${r.measured}`);
    if (r.why) lines.push(`  ${''.padEnd(12)}   where the time went: ${r.why}`);
  }
  return lines;
}
