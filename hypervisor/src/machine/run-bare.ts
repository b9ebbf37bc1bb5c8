/**
 * `runBare`: run a bare-metal ELF program on a fresh board and collect its
 * console output — the API behind `pvlab run --bare` and the ISA tests.
 */
import { Machine, type StopKind } from './machine.js';
import type { IsaName } from './board.js';

export interface BareRun {
  /** 0 for pass, the failure code otherwise; undefined when the program never stopped. */
  readonly exitCode: number | undefined;
  /** Everything the program wrote to the UART (and the HTIF console). */
  readonly output: string;
  readonly instructions: number;
  readonly cycles: number;
  readonly stop: StopKind;
}

/** `isa`: the hart's ISA (the board's default, rv32imac, when absent). */
export function runBare(elf: Uint8Array, options: { maxInstructions?: number; input?: string; ramSize?: number; isa?: IsaName } = {}): BareRun {
  const bytes: number[] = [];
  const m = new Machine({ ramSize: options.ramSize, isa: options.isa, output: (b) => bytes.push(b) });
  m.loadElf(elf);
  if (options.input) m.uart.feed(Buffer.from(options.input, 'utf8'));
  const r = m.run(options.maxInstructions ?? 1e9);
  return { exitCode: r.exitCode, output: Buffer.from(bytes).toString('latin1'), instructions: r.instructions, cycles: r.cycles, stop: r.stop };
}
