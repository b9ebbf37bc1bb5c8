/**
 * The debug target of a board with nothing above it: `pvlab run --bare`
 * and the native boot. One thread, the hart; its registers, CSRs and
 * privilege are the hart's own, its memory is the board's RAM (and the reset
 * ROM) through the hart's satp. Device registers are never read or written
 * by the debugger: a read can have an effect (a UART byte consumed), which
 * would make the session differ from the run.
 */
import { PRIV, type Priv } from '@pvlab/assembler';
import { hex8 as hex } from '../machine/hex.js';
import type { Machine, RunResult } from '../machine/machine.js';
import { readCsr, writeCsr } from './csr-access.js';
import { walkSv32, type Walk } from './sv32-walk.js';
import type { DebugTarget, DebugThread, TargetEnd } from './target.js';

/** How the target's owner runs the board (the boot API's handle, or the board itself). */
export interface Runner {
  run(max: number): TargetEnd;
  step(): TargetEnd;
}

/** A bare board run by itself. */
export const machineRunner = (m: Machine): Runner => ({ run: (n) => endOf(m.run(n)), step: () => endOf(m.step()) });

/** A board stop as the debugger sees it. */
export function endOf(r: RunResult): TargetEnd {
  switch (r.stop) {
    case 'budget':
      return { kind: 'running' };
    case 'deadlock':
      return { kind: 'idle' };
    default:
      return { kind: 'exited', code: r.exitCode ?? 0 };
  }
}

export const PRIV_NAMES: Readonly<Record<Priv, string>> = { [PRIV.U]: 'U', [PRIV.S]: 'S', [PRIV.M]: 'M' };

/** The hart of a board, as a debug thread. */
class HartThread implements DebugThread {
  readonly id = 1;
  readonly name = 'hart0';

  constructor(private readonly m: Machine) {}

  describe(): string {
    return `${this.name}: ${PRIV_NAMES[this.m.hart.priv]}-mode${this.m.hart.waiting ? ', waiting (wfi)' : ''}`;
  }

  register(n: number): number {
    return n === 32 ? this.m.hart.pc >>> 0 : n === 0 ? 0 : this.m.hart.x[n] >>> 0;
  }

  setRegister(n: number, value: number): void {
    if (n === 32) this.m.hart.pc = value >>> 0;
    else if (n > 0 && n < 32) this.m.hart.x[n] = value | 0;
  }

  csr(number: number): number | undefined {
    return readCsr(this.m.hart, number);
  }

  setCsr(number: number, value: number): boolean {
    return writeCsr(this.m.hart, number, value);
  }

  priv(): Priv {
    return this.m.hart.priv;
  }

  setPriv(p: Priv): boolean {
    this.m.hart.setPriv(p);
    return true;
  }

  satp(): number {
    return this.m.hart.satp >>> 0;
  }

  translate(va: number): Walk {
    // What the hart's fetches see: M-mode is physical, S and U go through satp.
    if (this.m.hart.priv === PRIV.M) return { levels: [], pa: va >>> 0 };
    return walkSv32(this.m.hart.satp, va, (pa) => this.word(pa));
  }

  readPhysical(pa: number, length: number): Uint8Array {
    const bus = this.m.bus;
    if (bus.isRam(pa, 1)) {
      const o = pa - bus.ramBase;
      return bus.u8.slice(o, Math.min(o + length, bus.ramSize));
    }
    // The reset ROM, which has no effects; no other device.
    const rom = this.m.rom;
    if (pa >= rom.base && pa < rom.base + rom.size) {
      const n = Math.min(length, rom.base + rom.size - pa);
      return Uint8Array.from({ length: n }, (_, i) => Number(rom.read(pa - rom.base + i, 1) ?? 0));
    }
    return new Uint8Array(0);
  }

  writePhysical(pa: number, bytes: Uint8Array): boolean {
    const bus = this.m.bus;
    if (!bus.isRam(pa, bytes.length)) return false;
    bus.u8.set(bytes, pa - bus.ramBase);
    // Code the hart decoded or compiled from these bytes is stale now.
    for (let a = pa - (pa % 4); a < pa + bytes.length; a += 4) this.m.hart.invalidateDecoded(a);
    return true;
  }

  retired(): number {
    return this.m.hart.retired();
  }

  finished(): boolean {
    return false;
  }

  private word(pa: number): number | undefined {
    const b = this.readPhysical(pa, 4);
    return b.length === 4 ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0 : undefined;
  }
}

/** The exit code of a run whose instruction budget ran out, as `pvlab run` and `pvlab boot` report it. */
export const BUDGET_EXIT_CODE = 3;

/**
 * A runner's run and step as the debugger sees them, with an instruction
 * budget (`--max-insns`) counted on `retired`: once it is spent, the run is
 * over, as without a debugger.
 */
export function budgeted(runner: Runner, retired: () => number, max = Infinity): Pick<DebugTarget, 'run' | 'step'> {
  const start = retired();
  const spent: TargetEnd = { kind: 'exited', code: BUDGET_EXIT_CODE, budget: true };
  const left = () => max - (retired() - start);
  return {
    step: () => (left() <= 0 ? spent : runner.step()),
    run: (n) => {
      if (left() <= 0) return spent;
      const end = runner.run(Math.min(n, left()));
      return end.kind === 'running' && left() <= 0 ? spent : end;
    },
  };
}

/** The debug target of a board: `bare` (pvlab run --bare) or `native` (the native boot, run by its boot handle). */
export function machineTarget(m: Machine, mode: 'bare' | 'native', options: { readonly runner?: Runner; readonly maxInstructions?: number } = {}): DebugTarget {
  const thread = new HartThread(m);
  return {
    mode,
    threads: [thread],
    running: () => thread,
    executesNext: () => m.executesNext(),
    ...budgeted(options.runner ?? machineRunner(m), () => m.hart.retired(), options.maxInstructions),
    tlb: () => tlbLines(m.hart.mmu.entries()),
  };
}

const KINDS = ['fetch', 'load ', 'store'];

/** The TLB's entries, one line each, sorted by virtual page. */
export function tlbLines(entries: readonly { kind: number; user: boolean; va: number; pa: number }[]): string[] {
  return [...entries]
    .sort((a, b) => a.va - b.va || a.kind - b.kind || Number(a.user) - Number(b.user))
    .map((e) => `${KINDS[e.kind]} ${e.user ? 'U' : 'S'}  ${hex(e.va)} -> ${hex(e.pa)}`);
}
