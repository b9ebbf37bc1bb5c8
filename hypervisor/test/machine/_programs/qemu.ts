/**
 * The reference machine: QEMU's `virt` board, run bare (-bios none), its
 * NS16550A UART on stdout, stopped by the sifive_test finisher.
 *
 * The CPU is QEMU's `rv32` with the extensions pvlab's board does not have
 * switched off (C, F, D, H and the bit-manipulation ones, which QEMU 7.2
 * enables by default), so that illegal-instruction behaviour, misaligned
 * jumps (no C: a jump to pc+2 faults) and CSR values such as misa and
 * mstatus mean the same on both machines. Sstc, Sv32 and PMP stay on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const QEMU = 'qemu-system-riscv32';

export const QEMU_CPU = 'rv32,c=false,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false';

/** The same CPU with the C extension on: pvlab's default `--isa rv32imac` (QEMU's `rv32` has C on by default). */
export const QEMU_CPU_RVC = QEMU_CPU.replace('c=false,', '');

/** QEMU's CPU for a pvlab ISA. */
export const qemuCpu = (isa: 'rv32ima' | 'rv32imac'): string => (isa === 'rv32imac' ? QEMU_CPU_RVC : QEMU_CPU);

/** The whole command line but the kernel, as the golden files record it. */
export const QEMU_ARGS = ['-machine', 'virt', '-cpu', QEMU_CPU, '-bios', 'none', '-nographic', '-monitor', 'none', '-serial', 'stdio'] as const;
/** The same with the C extension on, for the compressed-code programs (rvc/). */
export const QEMU_ARGS_RVC = QEMU_ARGS.map((a) => (a === QEMU_CPU ? QEMU_CPU_RVC : a));

/** A run that did not end through the finisher within this is a hang. */
export const QEMU_TIMEOUT_MS = 20_000;

export interface QemuRun {
  /** Everything the program wrote to the UART. */
  readonly output: string;
  /** QEMU's exit status: 0 for finisher pass, the failure count for finisher fail. */
  readonly exitCode: number;
  /** Whether QEMU had to be killed. */
  readonly timedOut: boolean;
}

let available: boolean | undefined;

/** True when `qemu-system-riscv32` can be run. */
export function hasQemu(): boolean {
  available ??= spawnSync(QEMU, ['--version'], { encoding: 'utf8' }).status === 0;
  return available;
}

/** `QEMU emulator version 7.2.22 (…)`, recorded in the golden files. */
export function qemuVersion(): string {
  return (spawnSync(QEMU, ['--version'], { encoding: 'utf8' }).stdout ?? '').split('\n')[0].trim();
}

/** Run an ELF on QEMU until it exits through the finisher (or times out); `args`: the command line but the kernel. */
export function runQemu(elf: Uint8Array, timeoutMs = QEMU_TIMEOUT_MS, args: readonly string[] = QEMU_ARGS): QemuRun {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-qemu-'));
  try {
    const kernel = join(dir, 'program.elf');
    writeFileSync(kernel, elf);
    // QEMU exits at the finisher store, and on a loaded machine the UART's last bytes can still be in its
    // character device then (seen: a transcript ending "0 faile"). Every program ends its transcript with a
    // newline, so a run whose output does not is run again (twice at most).
    for (let attempt = 0; ; attempt++) {
      const r = spawnSync(QEMU, [...args, '-kernel', kernel], {
        encoding: 'latin1', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024,
      });
      const timedOut = r.error !== undefined || r.signal !== null;
      if (r.status !== 0 && !timedOut && r.stdout === '' && r.stderr) throw new Error(`${QEMU} failed: ${r.stderr}`);
      const output = r.stdout ?? '';
      if (!timedOut && output !== '' && !output.endsWith('\n') && attempt < 2) continue;
      return { output, exitCode: r.status ?? -1, timedOut };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
