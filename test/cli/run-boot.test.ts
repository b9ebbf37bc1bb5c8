/**
 * `pvlab run --bare` with QEMU's boot conventions and the board options:
 * --dumpdtb, --append, --bios/--kernel (fw_dynamic_info, a raw kernel at
 * QEMU's address), --drive and --virtio-modern, --pmp, --isa — end to end
 * through the command, with QEMU run beside it where it is installed —
 * and one-line errors (exit code 2) for every bad option.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const C = join(import.meta.dirname, '../../hypervisor/test/machine/_programs/c');
const DTB_GOLDEN = join(import.meta.dirname, '../../hypervisor/test/machine/boot/_golden/board.dtb');
/** QEMU's rv32 with the extensions pvlab lacks off; C stays on, as in both boards' default. */
const QEMU_CPU = 'rv32,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false';
const requireTools = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';
const hasQemu = spawnSync('qemu-system-riscv32', ['--version']).status === 0;

const pvlab = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'latin1', input: '' });
const qemu = (args: string[]) =>
  spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU, '-nographic', '-monitor', 'none', '-serial', 'stdio', ...args], { encoding: 'latin1', timeout: 30_000, input: '' });
const tmp = () => mkdtempSync(join(tmpdir(), 'pvlab-run-boot-'));

/** Console routines both images use: puts (a0 = string), hex (a0 = value, eight digits and a space). */
const PRINT = `
puts: li t0, 0x10000000
1: lbu t1, 0(a0)
  beqz t1, 2f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
2: ret
hex: li t0, 0x10000000
  li t2, 28
3: srl t1, a0, t2
  andi t1, t1, 15
  addi t1, t1, 48
  li t3, 58
  blt t1, t3, 4f
  addi t1, t1, 39
4: sb t1, 0(t0)
  addi t2, t2, -4
  bgez t2, 3b
  li t1, 32
  sb t1, 0(t0)
  ret
`;

/** A firmware like OpenSBI's fw_dynamic: it reads fw_dynamic_info at a2, prints it, and enters next_addr with a0 and a1. */
const FIRMWARE = `.globl _start
_start: mv s0, a0
  mv s1, a1
  mv s2, a2
  la a0, name
  call puts
  lw a0, 0(s2)
  call hex
  lw a0, 4(s2)
  call hex
  lw a0, 8(s2)
  call hex
  lw a0, 12(s2)
  call hex
  la a0, nl
  call puts
  mv a0, s0
  mv a1, s1
  lw t0, 8(s2)
  beqz t0, 5f
  jr t0
5: li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
6: j 6b
${PRINT}
.data
name: .asciz "fw_dynamic_info: "
nl: .asciz "\\n"
`;

/** The kernel: where it runs, and the hart id and device tree it was given. */
const KERNEL = `.globl _start
_start: mv s0, a0
  mv s1, a1
  la a0, name
  call puts
  auipc a0, 0
  call hex
  mv a0, s0
  call hex
  mv a0, s1
  call hex
  lw a0, 0(s1)
  call hex
  la a0, nl
  call puts
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
7: j 7b
${PRINT}
name: .asciz "kernel at, a0, a1, *a1: "
nl: .asciz "\\n"
`; // all in .text, so its raw image is that one section

function build(dir: string, name: string, text: string, at: number): string {
  const r = assemble([{ path: `${name}.s`, text }], { layout: `SECTIONS { . = 0x${at.toString(16)}; .text : { *(.text) } .data : { *(.data) } }` });
  if (!r.ok) throw new Error(r.formatDiagnostics());
  const path = join(dir, `${name}.elf`);
  writeFileSync(path, r.program!.elf({ debug: false }));
  return path;
}

test('--dumpdtb writes the board\'s device tree (with --append in chosen/bootargs) and exits', (t) => {
  const dir = tmp();
  const r = pvlab(['run', '--bare', '--append', 'console=ttyS0 root=/dev/vda ro', '--dumpdtb', join(dir, 'board.dtb')]);
  t.is(r.status, 0, r.stderr);
  t.true(readFileSync(join(dir, 'board.dtb')).equals(readFileSync(DTB_GOLDEN)));
  const extra = pvlab(['run', '--bare', '--dumpdtb', join(dir, 'x.dtb'), join(dir, 'board.dtb')]);
  t.is(extra.status, 2);
  t.is(extra.stderr, 'pvlab: run: --dumpdtb writes the device tree and exits: give no program\n');
});

test('--bios and --kernel: the firmware is entered with fw_dynamic_info naming the kernel, as on QEMU', (t) => {
  const dir = tmp();
  const fw = build(dir, 'fw', FIRMWARE, 0x8000_0000);
  const kernel = build(dir, 'kernel', KERNEL, 0x8040_0000);
  const r = pvlab(['run', '--bare', '--bios', fw, '--kernel', kernel]);
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout, 'fw_dynamic_info: 4942534f 00000002 80400000 00000001 \nkernel at, a0, a1, *a1: 80400018 00000000 87e00000 edfe0dd0 \n');
  // A raw kernel goes to the first 4 MiB boundary after the firmware, as QEMU 7.2 puts it.
  const raw = join(dir, 'kernel.bin');
  const text = assemble([{ path: 'k.s', text: KERNEL }], { layout: 'SECTIONS { . = 0x80400000; .text : { *(.text) } }' }).program!;
  writeFileSync(raw, text.sections.find((s) => s.name === '.text')!.data);
  const r3 = pvlab(['run', '--bare', '--bios', fw, '--kernel', raw]);
  t.is(r3.stdout, r.stdout);
  const alone = pvlab(['run', '--bare', '--bios', fw]);
  t.is(alone.stdout, 'fw_dynamic_info: 4942534f 00000002 00000000 00000001 \n', 'no kernel: next_addr 0');
  // Virtualized (the firmware in the VM's M-mode, the kernel in its S-mode), ELF or raw: the same.
  for (const k of [kernel, raw]) t.is(pvlab(['run', '--mode', 'trap', '--bios', fw, '--kernel', k]).stdout, r.stdout, `--mode trap --kernel ${k}`);
  t.is(pvlab(['run', '--mode', 'trap', '--bios', fw]).stdout, alone.stdout);
  if (!hasQemu) {
    if (requireTools) t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    return;
  }
  t.is(qemu(['-bios', fw, '-kernel', kernel]).stdout, r.stdout);
  t.is(qemu(['-bios', fw, '-kernel', raw]).stdout, r.stdout);
  t.is(qemu(['-bios', fw]).stdout, alone.stdout);
});

test('--drive and --virtio-modern: the polling driver through the command leaves the image as on QEMU', (t) => {
  const status = JSON.parse(readFileSync(join(C, 'golden/status.json'), 'utf8'));
  for (const mode of ['legacy', 'modern']) {
    const dir = tmp();
    const image = join(dir, 'disk.img');
    const bytes = new Uint8Array(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
    writeFileSync(image, bytes);
    const args = ['run', '--bare', '--drive', `file=${image},serial=pvlab-disk-0`, ...(mode === 'modern' ? ['--virtio-modern'] : []), join(C, 'virtio-blk.elf')];
    const r = pvlab(args);
    t.is(r.status, 0, r.stderr);
    t.is(r.stdout, readFileSync(join(C, `golden/virtio-blk.${mode}.txt`), 'latin1'));
    t.is(createHash('sha256').update(readFileSync(image)).digest('hex'), status[`virtio-blk.${mode}`].disks['0']);
  }
});

test('--pmp 0: an OS that never sets PMP up reaches S-mode, as on QEMU with pmp=false', (t) => {
  const off = pvlab(['run', '--bare', '--pmp', '0', join(C, 'pmp-off.elf')]);
  t.is(off.status, 0, off.stderr);
  t.is(off.stdout, 'pmpcfg0: exception 2\npmpaddr0 write: exception\nS-mode runs\n');
  const on = pvlab(['run', '--bare', join(C, 'pmp-off.elf')]);
  t.is(on.stdout, 'pmpcfg0: 0\npmpaddr0 write: done\nS-mode did not run: exception 1 at its first instruction\n');
});

test('--isa: rv32imac by default, rv32ima on request; the device tree\'s riscv,isa says which, as QEMU\'s does with c=false', (t) => {
  const isaLine = (out: string) => out.split('\n').find((l) => l.includes('riscv,isa'));
  const byDefault = pvlab(['run', '--bare', join(C, 'dt-walk.elf')]);
  const noC = pvlab(['run', '--bare', '--isa', 'rv32ima', join(C, 'dt-walk.elf')]);
  t.is(byDefault.status, 0, byDefault.stderr);
  t.is(noC.status, 0, noC.stderr);
  t.is(isaLine(byDefault.stdout), '    riscv,isa = "rv32imac_zicsr_zifencei_zihintpause_sstc"');
  t.is(isaLine(noC.stdout), '    riscv,isa = "rv32ima_zicsr_zifencei_zihintpause_sstc"');
  t.is(pvlab(['run', '--bare', '--isa', 'rv32imac', join(C, 'dt-walk.elf')]).stdout, byDefault.stdout);
  if (!hasQemu) {
    if (requireTools) t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    return;
  }
  t.is(qemu(['-bios', 'none', '-kernel', join(C, 'dt-walk.elf')]).stdout, byDefault.stdout);
  const qemuNoC = spawnSync('qemu-system-riscv32', ['-machine', 'virt', '-cpu', QEMU_CPU.replace('rv32,', 'rv32,c=false,'), '-nographic', '-monitor', 'none', '-serial', 'stdio', '-bios', 'none', '-kernel', join(C, 'dt-walk.elf')], { encoding: 'latin1', timeout: 30_000, input: '' });
  t.is(qemuNoC.stdout, noC.stdout);
});

test('bad options are one-line errors with exit code 2', (t) => {
  const dir = tmp();
  const img = join(dir, 'd.img');
  writeFileSync(img, new Uint8Array(4096));
  const prog = join(C, 'dt-walk.elf');
  const cases: [string[], string][] = [
    [['--isa', 'rv64gc', prog], "pvlab: run: unknown ISA 'rv64gc' (rv32ima, rv32imac)"],
    [['--pmp', '17', prog], "pvlab: run: --pmp needs a whole number from 0 to 16, not '17'"],
    [['--pmp', 'all', prog], "pvlab: run: --pmp needs a whole number from 0 to 16, not 'all'"],
    [['--drive', join(dir, 'none.img'), prog], `pvlab: run: --drive ${join(dir, 'none.img')}: unknown option '${join(dir, 'none.img')}' (file, readonly, serial, slot, format)`],
    [['--drive', `file=${join(dir, 'none.img')}`, prog], `pvlab: run: --drive: cannot open disk image '${join(dir, 'none.img')}': no such file`],
    [['--drive', `file=${img},format=qcow2`, prog], `pvlab: run: --drive file=${img},format=qcow2: only raw images (format=raw)`],
    [['--drive', `file=${img},slot=9`, prog], 'pvlab: run: virtio-mmio slot 9 does not exist (0..7)'],
    [['--drive', `file=${img},slot=1`, '--drive', `file=${img},slot=1`, prog], 'pvlab: run: two drives in virtio-mmio slot 1'],
    [[...Array.from({ length: 9 }, () => ['--drive', `file=${img}`]).flat(), prog], 'pvlab: run: more drives than the 8 virtio-mmio slots'],
    [['--bios', prog, prog], 'pvlab: run: give the program either as PROGRAM or with --bios, not both'],
    [['--kernel', prog, prog], 'pvlab: run: give the program either as PROGRAM or with --kernel, not both'],
  ];
  for (const [args, message] of cases) {
    const r = pvlab(['run', '--bare', ...args]);
    t.is(r.status, 2, args.join(' '));
    t.is(r.stderr, `${message}\n`);
  }
});

test('run --help describes the boot options', (t) => {
  const r = pvlab(['run', '--help']);
  for (const flag of ['--bios', '--kernel', '--append', '--dumpdtb', '--drive', '--virtio-modern', '--isa', '--pmp']) t.true(r.stdout.includes(`  ${flag} `), flag);
  t.regex(r.stdout, /reset ROM at 0x1000/);
});
