// Preloaded (`node --require`) into a benchmarked action: writes the process's peak resident set size (MB) to the
// file named by MLOPS_BENCH_RSS when it exits, so the bench measures the bundled action without changing it.
const { writeFileSync } = require('node:fs');

const file = process.env.MLOPS_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
