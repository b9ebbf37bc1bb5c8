/**
 * pvlab's M-mode firmware keeps its side of the kernel contract: a probe
 * kernel checks, from S-mode, what it was given (hart id, paging and
 * interrupts off, counters, Sstc, delegated exceptions and interrupts). And
 * a trap the firmware did not delegate is reported and fails the run. Both
 * on pvlab's board and, when installed, on QEMU.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { boot } from '@pvlab/hypervisor';
import { FIXTURES, images, qemuAvailable } from './_helpers/kernel.js';

const AT_KERNEL = 'SECTIONS { . = 0x80200000; .text : { *(.text) } .rodata : { *(.rodata) } .bss : { *(.bss) } }';

function kernelFrom(path: string, text?: string): Uint8Array {
  const r = assemble([{ path, text }], { layout: AT_KERNEL });
  if (!r.ok) throw new Error(r.formatDiagnostics());
  return r.program!.elf({ debug: false });
}

function onQemu(kernel: Uint8Array): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-fw-'));
  writeFileSync(join(dir, 'k.elf'), kernel);
  writeFileSync(join(dir, 'fw.elf'), images().firmware);
  const r = spawnSync('timeout', ['20', 'qemu-system-riscv32', '-machine', 'virt', '-bios', join(dir, 'fw.elf'), '-kernel', join(dir, 'k.elf'), '-nographic'], { input: '', encoding: 'latin1' });
  return { status: r.status, out: r.stdout };
}

const probe = kernelFrom(join(FIXTURES, 'probe.s'));
const EXPECTED = [
  'a0 is the hart id (0)', 'satp is 0', 'sie is 0', 'sstatus.SIE is 0', 'time is readable and runs', 'cycle and instret are readable',
  'stimecmp is writable', 'a breakpoint is delegated to S-mode', 'an illegal instruction is delegated to S-mode',
  'a timer interrupt (stimecmp) is delegated to S-mode',
].map((c) => `ok ${c}`).join('\n') + '\n';

test('the firmware enters the kernel as the contract says (pvlab\'s board)', (t) => {
  const r = boot(probe, { firmware: images().firmware, maxInstructions: 1_000_000 });
  t.is(r.transcript, EXPECTED);
  t.is(r.exitCode, 0);
});

test('an M-mode trap is reported with mcause, mepc, mtval and fails the run with code 0x7f', (t) => {
  const ecall = kernelFrom('ecall.s', '.globl _start\n_start:\n  li a7, 0x10\n  ecall\n  j _start\n');
  const r = boot(ecall, { firmware: images().firmware, maxInstructions: 1_000_000 });
  t.is(r.transcript, 'firmware: unexpected trap mcause=0x00000009 mepc=0x80200004 mtval=0x00000000\n');
  t.is(r.stop, 'shutdown');
  t.is(r.exitCode, 0x7f);
});

test('on QEMU: the same probe passes, and the same trap is reported', (t) => {
  if (!qemuAvailable()) {
    if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    else t.pass('qemu-system-riscv32 not installed');
    return;
  }
  const p = onQemu(probe);
  t.is(p.out, EXPECTED);
  t.is(p.status, 0);
  const e = onQemu(kernelFrom('ecall.s', '.globl _start\n_start:\n  li a7, 0x10\n  ecall\n  j _start\n'));
  t.is(e.out, 'firmware: unexpected trap mcause=0x00000009 mepc=0x80200004 mtval=0x00000000\n');
  t.is(e.status, 0x7f);
});
