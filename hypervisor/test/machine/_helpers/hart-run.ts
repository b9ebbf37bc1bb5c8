/**
 * Run a snippet of assembly on a bare hart (no devices): the program starts
 * in M-mode at 0x80000000; `ebreak` in M-mode ends it (a monitor catches
 * every M-mode trap and stops on the first ebreak taken from M-mode).
 */
import { assemble } from '@pvlab/assembler';
import { Bus, Hart, MISA_C, type Monitor } from '@pvlab/hypervisor';

export interface HartRun {
  hart: Hart;
  bus: Bus;
  /** Traps the monitor saw, as [mcause, tval, pc, priv]. */
  traps: [number, number, number, number][];
  sym(name: string): number;
}

/** `rvc`: the hart has the C extension, on (misa.C set and writable), and the snippet is assembled with `.option rvc`. */
export function runSnippet(text: string, options: { maxInstructions?: number; noPmp?: boolean; rvc?: boolean } = {}): HartRun {
  // Open all memory to S and U through PMP entry 0 (NAPOT, RWX), as firmware does:
  // with no matching entry their accesses fail.
  const pmp = options.noPmp ? '' : '  li t0, -1\n  csrw pmpaddr0, t0\n  li t0, 0x1f\n  csrw pmpcfg0, t0\n';
  const r = assemble([{ path: 'snippet.s', text: `${options.rvc ? '.option rvc\n' : ''}.globl _start\n_start:\n${pmp}${text}\n` }]);
  if (!r.ok) throw new Error(r.formatDiagnostics());
  const bus = new Bus(4 << 20);
  for (const s of r.program!.sections) if (!s.nobits) bus.load(s.addr, s.data);
  let ticks = 0;
  const hart = new Hart(bus, { now: () => ticks });
  if (options.rvc) {
    hart.setMisa(hart.misa | MISA_C);
    hart.misaWritable = MISA_C;
  }
  void (ticks = 0);
  const traps: HartRun['traps'] = [];
  const monitor: Monitor = {
    trap(h, mcause, tval) {
      traps.push([mcause, tval, h.pc, h.priv]);
      h.halted = true;
    },
  };
  hart.monitor = monitor;
  hart.pc = r.program!.entry;
  // A run ends early when a timer deadline moves (a 'yield' for the board): go on until the budget is spent.
  const budget = options.maxInstructions ?? 1_000_000;
  while (hart.run(budget - hart.retired()) === 'yield' && hart.retired() < budget);
  const symbols = new Map(r.program!.symbols.map((s) => [s.name, s.value]));
  return { hart, bus, traps, sym: (n) => symbols.get(n)! };
}
