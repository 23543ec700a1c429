// Loaded with `node --import` by the photo benchmark: prints the process's peak resident size
// (getrusage's ru_maxrss, in KiB, every thread included) when it exits.
process.on('exit', () => {
  process.stderr.write(`[max-rss] ${process.resourceUsage().maxRSS}\n`);
});
