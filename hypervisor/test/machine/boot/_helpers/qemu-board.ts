/**
 * QEMU 7.2's `virt` board as the boot tests use it: its device tree
 * (`-machine virt,dumpdtb=F`) for the configuration pvlab's board mirrors,
 * and the golden files made from both.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { QEMU, hasQemu, qemuCpu } from '../../_programs/qemu.js';

export { hasQemu };
export const GOLDEN = join(import.meta.dirname, '../_golden');

/** The configuration of the golden device trees: QEMU's defaults, a command line, and what the board options say. */
export const GOLDEN_BOOTARGS = 'console=ttyS0 root=/dev/vda ro';

/** Options that change the device tree. */
export interface TreeConfig {
  /** `-m`, as QEMU spells it (`128M`). */
  readonly memory?: string;
  readonly bootargs?: string;
  /** The hart's ISA (its `riscv,isa`): rv32imac, the default of both boards, or rv32ima (QEMU's `c=false`). */
  readonly isa?: 'rv32ima' | 'rv32imac';
}

/** A program that ends at once: QEMU needs a -kernel for -append. */
export function idleElf(): Uint8Array {
  const r = assemble([{ path: 'idle.s', text: '.globl _start\n_start: j _start\n' }]);
  if (!r.ok) throw new Error(r.formatDiagnostics());
  return r.program!.elf({ debug: false });
}

/** QEMU's device tree for `config`, dumped by QEMU itself. */
export function qemuDtb(config: TreeConfig = {}): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-dtb-'));
  try {
    const kernel = join(dir, 'idle.elf');
    writeFileSync(kernel, idleElf());
    const out = join(dir, 'virt.dtb');
    const args = ['-machine', `virt,dumpdtb=${out}`, '-cpu', qemuCpu(config.isa ?? 'rv32imac'), '-bios', 'none', '-nographic', '-kernel', kernel, '-m', config.memory ?? '128M'];
    if (config.bootargs !== undefined) args.push('-append', config.bootargs);
    const r = spawnSync(QEMU, args, { encoding: 'utf8', timeout: 20_000 });
    if (r.status !== 0) throw new Error(`${QEMU} failed: ${r.stderr}`);
    const blob = readFileSync(out);
    // QEMU writes the whole buffer it built the tree in; the tree is totalsize bytes of it.
    return blob.subarray(0, new DataView(blob.buffer, blob.byteOffset).getUint32(4));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let dtcFound: boolean | undefined;
/** True when `dtc` (device-tree-compiler) can be run. */
export function hasDtc(): boolean {
  dtcFound ??= spawnSync('dtc', ['--version'], { encoding: 'utf8' }).status === 0;
  return dtcFound;
}

/** `dtc -I dtb -O dts`: the blob as source text (and dtc's warnings). */
export function decompile(blob: Uint8Array): { dts: string; warnings: string; status: number | null } {
  const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', '-'], { input: blob, encoding: 'utf8' });
  return { dts: r.stdout, warnings: r.stderr, status: r.status };
}
