// Loaded with `node --import` by the photo benchmark: prints, when the process exits, its peak
// resident size (VmHWM, every thread included; unlike getrusage's ru_maxrss it starts afresh at exec,
// so it does not inherit the benchmark's own peak) and the CPU time of all its threads.
import fs from 'node:fs';

process.on('exit', () => {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? '0';
  const cpu = process.cpuUsage();
  process.stderr.write(`[max-rss] ${hwm}\n[cpu-ms] ${Math.round((cpu.user + cpu.system) / 1000)}\n`);
});
