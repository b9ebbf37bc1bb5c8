// Development aid: CPU time per operation of the kernel workloads in each mode, in this process,
// the way pvlab bench measures them (the region at N), but on the process's CPU clock.
// usage: npx tsx --conditions=source scripts/dev/kernel-paths.ts [workloads] [modes] [repeat] [n-scale]
import { buildBenchImages, benchWorkload, measureRegion, type BenchWorkload } from '@pvlab/hypervisor';

const [ws = 'null,ctxsw,pgfault,fork,compute', ms = 'native,paravirt,trap', rep = '3', scale = '1'] = process.argv.slice(2);
const { images } = buildBenchImages();
for (const m of ['native', 'paravirt', 'trap'] as const) measureRegion(images, m, 'null', 400);
for (const w of ws.split(',')) {
  const spec = benchWorkload(w as BenchWorkload);
  const n = Math.round(spec.count * Number(scale));
  const line: string[] = [];
  for (const mode of ms.split(',') as ('native' | 'paravirt' | 'trap')[]) {
    const cpu: number[] = [], wall: number[] = [];
    let instr = 0;
    for (let r = 0; r < Number(rep); r++) {
      const c0 = process.cpuUsage();
      const s = measureRegion(images, mode, w, n);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) * 1e3); // whole boot, ns
      wall.push(s.hostNs);
      instr = s.instructions;
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const ops = n * spec.opsPerCount;
    line.push(`${mode} ${Math.round(med(wall) / ops).toLocaleString()} ns/op (${(instr / (med(wall) / 1e3)).toFixed(1)} MIPS; boot cpu ${Math.round(med(cpu) / 1e6)} ms)`);
  }
  console.log(`${w.padEnd(8)} ${line.join('  |  ')}`);
}
