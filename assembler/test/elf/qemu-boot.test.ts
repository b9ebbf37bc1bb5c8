/**
 * Executables from writeElf boot on `qemu-system-riscv32 -machine virt
 * -bios none -kernel x.elf`: QEMU loads the PT_LOAD segments and jumps to
 * the entry point; the program prints through the UART and powers off
 * through the SiFive test device.
 */
import test from 'ava';
import { buildRiscvAttributes, readElf, writeElf } from '../../src/elf/index.js';
import { imageFromElf } from './_helpers/elf-facts.js';
import { assemble, hasTool, haveBinutils, link, REQUIRE_TOOLS, run, scratch, TOOLS } from './_helpers/reference-tools.js';

// li t0, 0x10000000 (UART) / li t1, 'O' / sb t1, 0(t0) / 'K' / '\n' /
// li t0, 0x100000 (sifive_test) / li t1, 0x5555 (pass) / sw t1, 0(t0) / j .
const PRINT_OK = [
  0x100002b7, 0x04f00313, 0x00628023, 0x04b00313, 0x00628023, 0x00a00313, 0x00628023,
  0x001002b7, 0x00005337, 0x55530313, 0x0062a023, 0x0000006f,
];

function boot(elf: Uint8Array): { stdout: string; status: number } {
  const tmp = scratch();
  try {
    tmp.write('kernel.elf', elf);
    const r = run(TOOLS.qemu, ['-machine', 'virt', '-bios', 'none', '-kernel', 'kernel.elf', '-display', 'none', '-serial', 'stdio', '-monitor', 'none'], tmp.dir, 20_000);
    return { stdout: r.stdout, status: r.status };
  } finally {
    tmp.dispose();
  }
}

function skip(t: { fail: (m: string) => void; pass: (m: string) => void }, what: string): void {
  if (REQUIRE_TOOLS) t.fail(`${what} required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)`);
  else t.pass(`${what} missing: skipped`);
}

test('an image built from scratch boots and prints', (t) => {
  if (!hasTool(TOOLS.qemu)) return skip(t, 'qemu-system-riscv32');
  const code = new Uint8Array(new Uint32Array(PRINT_OK).buffer);
  const elf = writeElf({
    entry: 0x80000000,
    sections: [{ name: '.text', addr: 0x80000000, size: code.length, align: 4, flags: { alloc: true, write: false, exec: true }, nobits: false, data: code }],
    symbols: [{ name: '_start', value: 0x80000000, size: 0, type: 'func', bind: 'global', section: '.text' }],
    attributes: buildRiscvAttributes(),
  });
  const r = boot(elf);
  t.is(r.status, 0);
  t.is(r.stdout, 'OK\n');
});

const HELLO = `
.section .text.init,"ax",@progbits
.globl _start
_start:
  la sp, stack_top
  la a0, message
  li t0, 0x10000000
1: lbu t1, 0(a0)
  beqz t1, 2f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
2: la a1, counter          # .bss must read as zero, .data as initialised
  lw t1, 0(a1)
  la a2, value
  lw t2, 0(a2)
  add t1, t1, t2
  addi t1, t1, '0'
  sb t1, 0(t0)
  li t1, '\\n'
  sb t1, 0(t0)
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
3: j 3b
.section .rodata
message: .string "hello from pvlab "
.data
value: .word 7
.bss
counter: .skip 4
.balign 16
.skip 256
stack_top:
`;

test('an ld-linked program rebuilt by writeElf (code, rodata, data, bss on separate pages) boots', (t) => {
  if (!hasTool(TOOLS.qemu) || !haveBinutils()) return skip(t, 'qemu-system-riscv32 and binutils');
  const tmp = scratch();
  try {
    const obj = assemble(tmp.dir, 'hello', HELLO);
    const script = 'ENTRY(_start) SECTIONS { . = 0x80000000; .text : { *(.text.init) *(.text) } . = ALIGN(0x1000); .rodata : { *(.rodata) } . = ALIGN(0x1000); .data : { *(.data) } .bss : { *(.bss) } }';
    const linked = link(tmp.dir, script, [obj]);
    t.truthy(linked.elf, linked.stderr);
    const ours = writeElf(imageFromElf(readElf(linked.elf!)));
    const r = boot(ours);
    t.is(r.status, 0);
    t.is(r.stdout, 'hello from pvlab 7\n');
  } finally {
    tmp.dispose();
  }
});
