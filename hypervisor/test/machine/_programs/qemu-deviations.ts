/**
 * Where QEMU 7.2 departs from the RISC-V specification.
 *
 * The test programs accept QEMU's behaviour there too (so QEMU's transcript
 * is a clean pass) and print what happened; pvlab's board must do what the
 * specification says. Each row names one transcript line (by its test name,
 * the text between the indent and `: `) and the text on it that differs:
 * the board's transcript must equal QEMU's golden one with `qemu` replaced
 * by `spec` on that line. Everything else must match QEMU exactly.
 *
 * Not in the table because nothing is printed for it: QEMU 7.2 writes a
 * stale pc, not the target, to mtval for a misaligned jal or taken branch,
 * so traps.s masks that tval with ANY on both machines.
 */
import type { ProgramName } from './build.js';

export interface QemuDeviation {
  readonly program: ProgramName;
  /** The test name at the start of the line: `  <line>: …`. */
  readonly line: string;
  /** Text on that line in QEMU's transcript … */
  readonly qemu: string;
  /** … and what the specification makes it. */
  readonly spec: string;
  /** What QEMU does, and where the specification says otherwise. */
  readonly why: string;
}

const AMO_AS_LOAD = 'QEMU 7.2 raises load exceptions for an AMO; an AMO is a store for exceptions (priv 3.1.15, table 14: "store/AMO")';
const MPRV = 'QEMU 7.2 keeps MPRV; priv 1.12 3.1.6.3: an xRET to a mode below M clears MPRV';
const PRIORITY = 'QEMU 7.2 without AIA takes the lowest-numbered pending interrupt; priv 3.1.9: MEI, MSI, MTI, SEI, SSI, STI';

export const QEMU_DEVIATIONS = [
  { program: 'atomics', line: 'amoadd.w misaligned', qemu: 'cause 00000004', spec: 'cause 00000006', why: AMO_AS_LOAD },
  { program: 'atomics', line: 'sc.w misaligned: traps taken', qemu: '00000000', spec: '00000001',
    why: 'QEMU 7.2 fails an sc.w without a matching reservation before checking alignment; unpriv 8.2: a misaligned sc.w raises an address-misaligned exception' },
  { program: 'atomics', line: 'sc.w misaligned: cause', qemu: '00000000', spec: '00000006', why: 'as above: store/AMO address misaligned' },
  { program: 'atomics', line: 'amoswap.w to 0', qemu: 'cause 00000005', spec: 'cause 00000007', why: AMO_AS_LOAD },
  { program: 'traps', line: 'amoswap.w at +2', qemu: 'cause 00000004', spec: 'cause 00000006', why: AMO_AS_LOAD },
  { program: 'traps', line: 'AMO', qemu: 'cause 0000000d', spec: 'cause 0000000f', why: AMO_AS_LOAD },
  { program: 'csr', line: 'csrrs mhartid with a zero register: traps taken', qemu: '00000000', spec: '00000001',
    why: 'QEMU 7.2 treats a zero value in rs1 as no write; unpriv 9.1: csrrs/csrrc with rs1 != x0 write, so a read-only CSR raises illegal instruction' },
  { program: 'csr', line: 'mepc after writing -1 (bits 1:0 are zero without C)', qemu: 'ffffffff', spec: 'fffffffc',
    why: 'QEMU 7.2 stores mepc as written; priv 3.1.14: mepc[0] is zero, and mepc[1:0] with IALIGN = 32' },
  { program: 'csr', line: 'sepc after writing -1', qemu: 'ffffffff', spec: 'fffffffc', why: 'the same for sepc (priv 4.1.7)' },
  { program: 'privilege', line: 'mret to S: MPRV afterwards (1.12: cleared)', qemu: '00020000', spec: '00000000', why: MPRV },
  { program: 'privilege', line: 'sret in M to S (TSR 1 does not apply): MPRV afterwards (1.12: cleared)', qemu: '00020000', spec: '00000000', why: MPRV },
  { program: 'interrupts', line: 'all five pending: first', qemu: 'cause 80000001', spec: 'cause 80000003', why: PRIORITY },
  { program: 'interrupts', line: 'all five pending: second', qemu: 'cause 80000003', spec: 'cause 80000007', why: PRIORITY },
  { program: 'interrupts', line: 'all five pending: third', qemu: 'cause 80000005', spec: 'cause 80000009', why: PRIORITY },
  { program: 'interrupts', line: 'all five pending: fourth', qemu: 'cause 80000007', spec: 'cause 80000001', why: PRIORITY },
  { program: 'interrupts', line: 'all five pending: fifth', qemu: 'cause 80000009', spec: 'cause 80000005', why: PRIORITY },
  { program: 'pmp', line: 'no entry active: U fetch still fails', qemu: 'cause 00000002', spec: 'cause 00000001',
    why: 'QEMU 7.2 makes mret to S/U illegal while no PMP entry is active; priv 3.7.1: mret succeeds and the fetch then fails the PMP check' },
] as const satisfies readonly QemuDeviation[];

/**
 * QEMU's golden transcript of `program` as the specification has it: each
 * deviation's line with `qemu` replaced by `spec`. Throws if a row no
 * longer fits the transcript (the table must not rot).
 */
export function specTranscript(program: string, qemuTranscript: string): string {
  const lines = qemuTranscript.split('\n');
  for (const d of QEMU_DEVIATIONS) {
    if (d.program !== program) continue;
    const at = lines.flatMap((l, i) => (l.startsWith(`  ${d.line}: `) ? [i] : []));
    if (at.length !== 1) throw new Error(`qemu-deviations: ${program}: ${at.length} lines named '${d.line}' (want 1)`);
    const line = lines[at[0]];
    const rest = line.slice(d.line.length + 4);
    if (!rest.includes(d.qemu)) throw new Error(`qemu-deviations: ${program}: '${d.line}' no longer shows '${d.qemu}': ${line}`);
    lines[at[0]] = `  ${d.line}: ${rest.replace(d.qemu, d.spec)}`;
  }
  return lines.join('\n');
}
