// Development aid: the host cost of one exit of each kind (bench/exit-cost.ts), for profiling.
// usage: npx tsx --conditions=source scripts/dev/exit-cost.ts [kinds] [loops]
import { EXIT_COST_KINDS, measureExitCost, type ExitCostKind } from '@pvlab/hypervisor';

const [ks = EXIT_COST_KINDS.join(','), loops = '200000'] = process.argv.slice(2);
for (const k of ks.split(',') as ExitCostKind[]) {
  const c = measureExitCost(k, { loops: Number(loops) });
  console.log(`${k.padEnd(13)} ${Math.round(c.nsPerExit)} ns (CPU ${Math.round(c.cpuNsPerExit)} ns)  ${JSON.stringify(c.exitsByReason)}`);
}
