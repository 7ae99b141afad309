/**
 * Preloaded (`node -r lib/bench/cpu-probe.js ...`) into every process of the
 * small-app benchmark, on both sides of each comparison: when the process
 * exits it writes its own CPU time (user + system, node's start included),
 * wall time since start and peak RSS as JSON to the file `BENCH_PROBE_FILE`
 * names. A parent cannot read a child's CPU time from node's `spawnSync`.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';

const out = process.env.BENCH_PROBE_FILE;
if (out) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    fs.writeFileSync(out, JSON.stringify({
      cpu: (cpu.user + cpu.system) / 1000,
      wall: performance.now(),
      peakRss: process.resourceUsage().maxRSS * 1024,
    }));
  });
}
