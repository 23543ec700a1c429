import { sampleHeap } from '../report/memory.js';
import { memoryAtStage, probeThreadMemory } from '../report/memory-probe.js';
import { GazetteError, type Diagnostic } from '../report/diagnostics.js';

/** With GAZETTE_TIMING=1, print how long each stage took (for profiling, not for users). */
export function stageTimer(): (stage: string) => void {
  probeThreadMemory('main');
  if (!process.env.GAZETTE_TIMING) return memoryAtStage;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  return (stage) => {
    const now = performance.now();
    // CPU time of the whole process, every thread: how busy the cores were during the stage.
    const cpu = process.cpuUsage(lastCpu);
    process.stderr.write(
      `[timing] ${stage}: ${Math.round(now - last)} ms (cpu: ${Math.round(cpu.user / 1000)} ms user, ${Math.round(cpu.system / 1000)} ms system)\n`,
    );
    last = now;
    lastCpu = process.cpuUsage();
    memoryAtStage(stage);
  };
}

/**
 * Let waiting I/O run between stages: `serve` answers requests while a site is
 * generated in the background (a stage is hundreds of milliseconds at 10,000 articles).
 */
export function breathe(): Promise<void> {
  sampleHeap();
  return new Promise((resolve) => setImmediate(resolve));
}

/** The sources have errors: the site was not generated (`gazette check` says so in its own words). */
export class SourceErrors extends GazetteError {}

/**
 * Stop the build when `counted` has errors, listing every problem found so far.
 * @throws SourceErrors 'Build failed: N errors'.
 */
export function failOnErrors(diagnostics: Diagnostic[], counted: Diagnostic[] = diagnostics): void {
  const errors = counted.filter((d) => d.severity === 'error').length;
  if (errors) throw new SourceErrors(`Build failed: ${errors} ${errors === 1 ? 'error' : 'errors'}`, { diagnostics });
}
