// Development aid: how much of a kernel session the interpreter runs (the rest is compiled regions),
// session after session on fresh boards in one process, with the recipes' statistics (jit/recipes.ts).
// usage: npx tsx --conditions=source scripts/dev/interpreted.ts [workload] [n] [runs] [native|paravirt|trap]
import { boot, buildBenchImages } from '@pvlab/hypervisor';
import { INTERPRET } from '../../hypervisor/src/machine/hart/interpreter.js';
import { recipeStats } from '../../hypervisor/src/machine/hart/jit/recipes.js';
const [name = 'pgfault', n = '200', runs = '30', mode = 'paravirt'] = process.argv.slice(2);
const { images } = buildBenchImages();
const kernel = mode === 'paravirt' ? images.kernelPv! : images.kernel;
const script = (r: number) => `${`run ${name} ${n}\n`.repeat(r)}halt\n`;
let calls = 0, steps = 0;
for (const k of ['directTiered', 'translatedTiered'] as const) {
  const f = (INTERPRET as any)[k];
  (INTERPRET as any)[k] = (h: any, b: number) => { const s0 = h.steps; const r = f(h, b); calls++; steps += h.steps - s0; return r; };
}
const go = (r: number) => { calls = 0; steps = 0; const c0 = process.cpuUsage(); const res = boot(kernel, { mode: mode as any, firmware: mode === 'native' ? images.firmware : undefined, script: script(r), maxInstructions: 20e9 }); const c = process.cpuUsage(c0); return { res, calls, steps, cpu: (c.user + c.system) / 1000 }; };
for (let k = 0; k < 3; k++) { const a = go(Number(runs)); console.log(mode, `session ${k}: ${a.cpu.toFixed(0)} ms cpu, interpreted ${a.steps} of ${a.res.instructions} (${(100 * a.steps / a.res.instructions).toFixed(1)}%), ${a.calls} interpreter calls`, JSON.stringify(recipeStats)); }
