/**
 * Run a snippet of assembly on a bare hart (no devices): the program starts
 * in M-mode at 0x80000000; `ebreak` in M-mode ends it (a monitor catches
 * every M-mode trap and stops on the first ebreak taken from M-mode).
 */
import { assemble, PRIV, sv32Satp } from '@pvlab/assembler';
import { Bus, Hart, MISA_C, type Monitor } from '@pvlab/hypervisor';

export interface HartRun {
  hart: Hart;
  bus: Bus;
  /** Traps the monitor saw, as [mcause, tval, pc, priv]. */
  traps: [number, number, number, number][];
  sym(name: string): number;
}

/** A snippet loaded on a fresh bus and hart, not run yet; `go` runs it until the monitor stops it (or the budget ends). */
export interface LoadedSnippet extends HartRun {
  go(maxInstructions?: number): void;
}

/** `rvc`: the hart has the C extension, on (misa.C set and writable), and the snippet is assembled with `.option rvc`. */
export function loadSnippet(text: string, options: { noPmp?: boolean; ramSize?: number; rvc?: boolean } = {}): LoadedSnippet {
  // Open all memory to S and U through PMP entry 0 (NAPOT, RWX), as firmware does:
  // with no matching entry their accesses fail.
  const pmp = options.noPmp ? '' : '  li t0, -1\n  csrw pmpaddr0, t0\n  li t0, 0x1f\n  csrw pmpcfg0, t0\n';
  const r = assemble([{ path: 'snippet.s', text: `${options.rvc ? '.option rvc\n' : ''}.globl _start\n_start:\n${pmp}${text}\n` }]);
  if (!r.ok) throw new Error(r.formatDiagnostics());
  const bus = new Bus(options.ramSize ?? 4 << 20);
  for (const s of r.program!.sections) if (!s.nobits) bus.load(s.addr, s.data);
  const hart = new Hart(bus, { now: () => 0 });
  if (options.rvc) {
    hart.setMisa(hart.misa | MISA_C);
    hart.misaWritable = MISA_C;
  }
  const traps: HartRun['traps'] = [];
  const monitor: Monitor = {
    trap(h, mcause, tval) {
      traps.push([mcause, tval, h.pc, h.priv]);
      h.halted = true;
    },
  };
  hart.monitor = monitor;
  hart.pc = r.program!.entry;
  const symbols = new Map(r.program!.symbols.map((s) => [s.name, s.value]));
  return {
    hart, bus, traps,
    sym: (n) => symbols.get(n)!,
    go(maxInstructions = 1_000_000) {
      // A run ends early when a timer deadline moves (a 'yield' for the board): go on until the budget is spent.
      hart.halted = false;
      const end = hart.retired() + maxInstructions;
      while (hart.run(end - hart.retired()) === 'yield' && hart.retired() < end);
    },
  };
}

export function runSnippet(text: string, options: { maxInstructions?: number; noPmp?: boolean; rvc?: boolean } = {}): HartRun {
  const s = loadSnippet(text, options);
  s.go(options.maxInstructions);
  return s;
}

/** Where a run ended, for comparing the compilers on and off: registers, pc, counts and the monitor's traps. */
export interface HartEnd {
  regs: number[];
  pc: number;
  retired: number;
  steps: number;
  traps: number[][];
}

export function endOf(s: HartRun): HartEnd {
  const h = s.hart;
  return { regs: [...h.x.slice(0, 32)], pc: h.pc, retired: h.retired(), steps: h.steps, traps: s.traps };
}

/** Put the hart in S-mode translating through the Sv32 root at `root`, PMP entry 0 open to it (NAPOT, RWX) as firmware sets it. */
export function enterSv32(hart: Hart, root: number): void {
  hart.csr(0x3b0, 1, -1, true, 0);
  hart.csr(0x3a0, 1, 0x1f, true, 0);
  hart.setSatp(sv32Satp(root));
  hart.setPriv(PRIV.S);
}
