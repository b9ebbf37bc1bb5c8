/**
 * The reset ROM: QEMU 7.2's words (seen with gdb, and dumped by
 * virtio-regs.c in its golden), the hand-over (a0, a1, a2, the jump), the
 * fw_dynamic_info a firmware reads, and six retired instructions — which
 * QEMU executes too: with `-singlestep -d exec` it runs exactly six before
 * 0x80000000, and a program's whole count matches pvlab's.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { LoadError, Machine, RESET_ROM_INSTRUCTIONS, RESET_VECTOR, resetRomWords } from '@pvlab/hypervisor';
import { QEMU, QEMU_ARGS, hasQemu } from '../_programs/qemu.js';

const requireTools = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';

function elf(text: string, layout?: string): Uint8Array {
  const r = assemble([{ path: 'p.s', text }], { layout });
  if (!r.ok) throw new Error(r.formatDiagnostics());
  return r.program!.elf({ debug: false });
}

/** A program that stops at once (the finisher, pass). */
const PASS = '.globl _start\n_start:\n  li t0, 0x100000\n  li t1, 0x5555\n  sw t1, 0(t0)\n1: j 1b\n';

test('the ROM holds QEMU 7.2\'s reset vector, start address, device tree address and fw_dynamic_info', (t) => {
  // QEMU 7.2, -bios none -kernel prog.elf, 128 MiB: x/16wx 0x1000 in gdb.
  const qemu = [
    0x00000297, 0x02828613, 0xf1402573, 0x0202a583, 0x0182a283, 0x00028067, 0x80000000, 0x00000000,
    0x87e00000, 0x00000000, 0x4942534f, 0x00000002, 0x80000000, 0x00000001, 0x00000000, 0x00000000,
  ];
  t.deepEqual([...resetRomWords({ start: 0x8000_0000, fdt: 0x87e0_0000, nextAddr: 0x8000_0000 })], qemu);
});

test('the hart starts at 0x1000 and, six instructions later, is at the entry with a0 = hart id, a1 = the device tree, a2 = fw_dynamic_info', (t) => {
  const m = new Machine();
  t.is(m.hart.pc, RESET_VECTOR);
  const p = m.loadElf(elf(`.globl _start\n.text\n  nop\n_start:\n  j _start\n`));
  t.is(p.entry, 0x8000_0004);
  m.run(RESET_ROM_INSTRUCTIONS);
  t.is(m.hart.pc, 0x8000_0004, 'pvlab enters the ELF entry (QEMU -bios none: always 0x80000000)');
  t.is(m.hart.x[10], 0);
  t.is(m.hart.x[11] >>> 0, m.deviceTreeAddress());
  t.is(m.hart.x[11] >>> 0, 0x87e0_0000);
  t.is(m.hart.x[12], 0x1028);
  t.is(m.hart.retired(), 6);
  const dtb = m.deviceTree();
  t.deepEqual(m.bus.u8.slice(0x07e0_0000, 0x07e0_0000 + dtb.length), dtb, 'the tree is in RAM where a1 points');
});

test('fw_dynamic_info names the next stage as QEMU 7.2 does: the kernel\'s lowest address, or none', (t) => {
  const next = (m: Machine) => m.rom.read(0x30, 4);
  const fw = elf(PASS);
  const kernel = elf('.globl _start\n_start: j _start\n', 'SECTIONS { . = 0x80400000; .text : { *(.text) } }');
  const alone = new Machine();
  alone.loadFirmware(fw);
  t.is(next(alone), 0, '-bios FW');
  const pair = new Machine();
  pair.loadFirmware(fw);
  pair.loadKernel(kernel);
  t.is(next(pair), 0x8040_0000, '-bios FW -kernel K');
  t.is(pair.rom.read(0x18, 4), 0x8000_0000, 'the ROM still enters the firmware');
  const bare = new Machine();
  bare.loadElf(fw);
  t.is(next(bare), 0x8000_0000, '-bios none -kernel PROGRAM');
  const raw = new Machine();
  raw.loadFirmware(fw);
  raw.loadRawKernel(new Uint8Array([0x6f, 0, 0, 0]), 0x8040_0000);
  t.is(next(raw), 0x8040_0000);
  t.is(raw.rom.read(0x2c, 4), 2, 'version');
  t.is(raw.rom.read(0x34, 4), 1, 'next_mode: S');
});

test('the ROM is read-only memory: any width reads, stores are ignored, only it can be executed outside RAM', (t) => {
  const m = new Machine();
  t.is(m.bus.read(0x1000, 1), 0x97);
  t.is(m.bus.read(0x1002, 2), 0);
  t.true(m.bus.write(0x1000, 4, 0x1234_5678));
  t.is(m.bus.read(0x1000, 4), 0x0000_0297);
  t.is(m.bus.read(0xfffc, 4), 0);
  t.is(m.bus.read(0x1_0000, 4), undefined);
  t.is(m.bus.fetch(0x1000), 0x0000_0297);
  t.is(m.bus.fetch(0x0010_0000), undefined, 'the finisher is not executable');
  // A jump to a device is an instruction access fault, as on QEMU.
  const f = new Machine();
  f.loadElf(elf('.globl _start\n_start:\n  la t0, trap\n  csrw mtvec, t0\n  li t0, 0x100000\n  jr t0\n.balign 4\ntrap:\n  csrr t0, mcause\n  li t1, 1\n  bne t0, t1, 1f\n  li t0, 0x100000\n  li t1, 0x5555\n  sw t1, 0(t0)\n1: j 1b\n'));
  t.is(f.run(10_000).stop, 'finisher');
});

test('an image the device tree would overwrite is refused, as QEMU refuses overlapping images', (t) => {
  const m = new Machine({ ramSize: 4 << 20 });
  t.is(m.deviceTreeAddress(), 0x8020_0000);
  const e = t.throws(() => m.loadElf(elf(PASS, 'SECTIONS { . = 0x80200000; .text : { *(.text) } }')), { instanceOf: LoadError });
  t.regex(e!.message, /^the device tree \(\d+ bytes at 0x80200000\) overlaps the image at 0x80200000–0x80200014; give the machine more memory with --memory$/);
});

/** QEMU's executed instructions for an ELF: with -singlestep each block is one instruction, and -d exec,nochain logs each. */
function qemuExecuted(program: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-rom-'));
  try {
    writeFileSync(join(dir, 'p.elf'), program);
    const log = join(dir, 'exec.log');
    const r = spawnSync(QEMU, [...QEMU_ARGS, '-singlestep', '-d', 'exec,nochain', '-D', log, '-kernel', join(dir, 'p.elf')], { encoding: 'latin1', timeout: 20_000 });
    if (r.status !== 0) throw new Error(`QEMU: ${r.stderr}`);
    const text = spawnSync('cat', [log], { encoding: 'latin1' }).stdout;
    return [...text.matchAll(/^Trace \d+: \S+ \[[0-9a-f]+\/([0-9a-f]+)\//gm)].map((x) => x[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('QEMU executes the same six instructions before the program, and counts what pvlab counts', (t) => {
  if (!hasQemu()) {
    if (requireTools) t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    else t.pass('QEMU not installed: the committed words above stand');
    return;
  }
  const program = elf('.globl _start\n_start:\n  li a0, 100\n1: addi a0, a0, -1\n  bnez a0, 1b\n  li t0, 0x100000\n  li t1, 0x5555\n  sw t1, 0(t0)\n2: j 2b\n');
  const pcs = qemuExecuted(program);
  t.deepEqual(pcs.slice(0, 7), ['00001000', '00001004', '00001008', '0000100c', '00001010', '00001014', '80000000']);
  const m = new Machine();
  m.loadElf(program);
  const r = m.run(1_000_000);
  t.is(r.stop, 'finisher');
  t.is(r.instructions, pcs.length, 'pvlab retires what QEMU executes, the ROM\'s six and the finisher store included');
});
