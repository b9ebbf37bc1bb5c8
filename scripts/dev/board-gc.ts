// Development aid: boot board after board in one process, as the benchmarks do, and count V8's
// collections per board and inside the workloads' measured regions, with each board's RAM given
// back to the pool (`release`, machine/ram-pool.ts) or left to the garbage collector (`fresh`).
// usage: npx tsx --conditions=source scripts/dev/board-gc.ts [release|fresh] [native|trap|paravirt] [boards] [workload n]
// (node --trace-gc --import tsx --conditions=source scripts/dev/board-gc.ts ... shows each collection and why.)
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { boot, buildBenchImages, ramPoolStats, releaseBoard, type BootMode } from '@pvlab/hypervisor';

const [how = 'release', mode = 'native', count = '20', workload = 'null 2000'] = process.argv.slice(2) as [string, BootMode, string, string];
const WARM = 3; // the first boards compile the kernel's hot code: left out
const gcs: { start: number; end: number; major: boolean }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    gcs.push({ start: e.startTime, end: e.startTime + e.duration, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
  }
}).observe({ entryTypes: ['gc'] });
const { images } = buildBenchImages();
const kernel = mode === 'paravirt' ? images.kernelPv! : images.kernel;
const boards: { start: number; cpuMs: number; region: [number, number] }[] = [];
for (let b = 0; b < Number(count); b++) {
  const c0 = process.cpuUsage(), start = performance.now();
  const region: [number, number] = [0, 0];
  const run = boot(kernel, {
    mode, firmware: mode === 'native' ? images.firmware : undefined, script: `run ${workload}\nhalt\n`, maxInstructions: 2e9,
    onMarker: (m) => (region[m.kind === 'begin' ? 0 : 1] = performance.now()),
  });
  if (run.stop !== 'shutdown' || run.exitCode !== 0) throw new Error(`board ${b}: ${run.stop} ${run.exitCode}\n${run.transcript.slice(-300)}`);
  if (how === 'release') releaseBoard(run.machine);
  const c = process.cpuUsage(c0);
  boards.push({ start, cpuMs: (c.user + c.system) / 1000, region });
}
await new Promise((r) => setTimeout(r, 100)); // the observer hears of the collections after the loop
const kept = boards.slice(WARM);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const since = gcs.filter((g) => g.start >= kept[0].start);
const inRegions = since.filter((g) => kept.some(({ region: [a, z] }) => g.start < z && g.end > a));
const cpu = kept.map((b) => b.cpuMs), regionMs = kept.map((b) => b.region[1] - b.region[0]);
console.log(`${how} ${mode} '${workload}', ${kept.length} boards after ${WARM}: CPU per board median ${median(cpu).toFixed(1)} ms (min ${Math.min(...cpu).toFixed(1)}, max ${Math.max(...cpu).toFixed(1)}); `
  + `region median ${median(regionMs).toFixed(2)} ms (max ${Math.max(...regionMs).toFixed(2)}); `
  + `mark-compacts per board ${(since.filter((g) => g.major).length / kept.length).toFixed(2)}, scavenges per board ${(since.filter((g) => !g.major).length / kept.length).toFixed(2)}; `
  + `in regions: ${inRegions.filter((g) => g.major).length} mark-compacts, ${inRegions.filter((g) => !g.major).length} others; `
  + `RAM buffers allocated ${ramPoolStats.allocated}, reused ${ramPoolStats.reused}; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
