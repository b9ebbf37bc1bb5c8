// Development aid: steady-state CPU time per operation of a kernel workload in each mode, by
// session-length differences (as scripts/perf/kernel-speed.ts measures native against QEMU).
// usage: npx tsx --conditions=source scripts/dev/kernel-steady.ts WORKLOAD N RUNS [modes] [best-of]
import { boot, buildBenchImages } from '@pvlab/hypervisor';

const [name = 'ctxsw', n = '20000', runs = '1', ms = 'native,paravirt,trap', bestOf = '2'] = process.argv.slice(2);
const PER: Record<string, number> = { ctxsw: 2 };
const { images } = buildBenchImages();
const session = (mode: 'native' | 'paravirt' | 'trap', count: number) => {
  const kernel = mode === 'paravirt' ? images.kernelPv! : images.kernel;
  const script = `${`run ${name} ${count}\n`.repeat(Number(runs))}halt\n`;
  let best = Infinity, instructions = 0;
  for (let k = 0; k < Number(bestOf); k++) {
    const c0 = process.cpuUsage();
    const r = boot(kernel, { mode, firmware: mode === 'native' ? images.firmware : undefined, script, maxInstructions: 20e9 });
    const c = process.cpuUsage(c0);
    if (r.stop !== 'shutdown') throw new Error(`${mode}: ${r.stop}`);
    best = Math.min(best, (c.user + c.system) / 1e3);
    instructions = r.instructions;
  }
  return { ms: best, instructions };
};
for (const mode of ms.split(',') as ('native' | 'paravirt' | 'trap')[]) {
  const a = session(mode, Number(n) / 2), b = session(mode, Number(n));
  const ops = (Number(n) / 2) * Number(runs) * (PER[name] ?? 1);
  const dms = b.ms - a.ms, di = b.instructions - a.instructions;
  console.log(`${name} ${mode.padEnd(8)} ${Math.round((dms * 1e6) / ops).toLocaleString().padStart(9)} ns/op  ${(di / dms / 1000).toFixed(1).padStart(6)} MIPS  ${(di / ops).toFixed(1)} instr/op  (sessions ${a.ms.toFixed(0)} / ${b.ms.toFixed(0)} ms)`);
}
