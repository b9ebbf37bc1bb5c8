/**
 * What the vCPU executes itself (vmm/trap/step.ts), against the bare board:
 * a code page the guest's PMP splits (S-mode may run its first part only:
 * the instruction past the boundary must fault, as on the hardware, though
 * a shadow entry could only grant the page whole), and LR/SC and an AMO in
 * virtual M-mode with MPRV (the SC succeeds on its LR's reservation).
 */
import test from 'ava';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { runBare, runVirtualized } from '@pvlab/hypervisor';

const DIR = join(import.meta.dirname, '_programs');
const build = (name: string, layout: string): Uint8Array => {
  const r = assemble([{ path: join(DIR, `${name}.s`) }], { layout });
  if (!r.ok || !r.program) throw new Error(r.formatDiagnostics());
  return r.program.elf({ debug: false });
};
const RAM = 16 << 20;

test('a code page split by PMP: S-mode faults at the boundary, virtualized as bare', (t) => {
  const elf = build('pmp-split', 'SECTIONS { . = 0x80000000; .text : { *(.text) } .rodata : { *(.rodata) } . = 0x800017f0; .inside : { *(.inside) } }');
  const bare = runBare(elf, { ramSize: RAM });
  // mcause 1 (instruction access fault) at 0x80001800, after the four allowed additions.
  t.is(bare.output, 'M-mode took: 00000001 80001800 00000004 ');
  const virt = runVirtualized(elf, { ramSize: RAM });
  t.is(virt.output, bare.output);
  t.is(virt.exitCode, bare.exitCode);
  t.is(virt.instructions, bare.instructions);
  t.true(virt.exits.byReason().stepped > 0);
});

test('LR/SC and an AMO under MPRV: the SC succeeds on its LR\'s reservation, virtualized as bare', (t) => {
  const elf = build('mprv-lrsc', 'SECTIONS { . = 0x80000000; .text : { *(.text) } . = ALIGN(0x1000); .data : { *(.data) } }');
  const bare = runBare(elf, { ramSize: RAM });
  t.is(bare.output, '00000007\n00000000\n0000002a\n0000002d\n');
  const virt = runVirtualized(elf, { ramSize: RAM });
  t.is(virt.output, bare.output);
  t.is(virt.instructions, bare.instructions);
  const reasons = virt.exits.byReason();
  t.is(reasons.stepped, 3, 'lr.w, sc.w and amoadd.w');
  t.is(reasons['emulated-access'], 1, 'the lw');
});
