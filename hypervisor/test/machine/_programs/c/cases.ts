/**
 * The C test programs' runs: each case is a program (a committed ELF built
 * by build.sh) with a board configuration — disks in slots, the virtio
 * transport, memory, a command line — run the same way on QEMU 7.2 and on
 * pvlab's board. A run gives the console transcript, the exit status and
 * the disk images as they were left. `golden.ts` records QEMU's runs in
 * golden/; the tests require pvlab's runs to equal them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, MemoryDisk, placeDrives } from '@pvlab/hypervisor';
import { QEMU, qemuCpu } from '../qemu.js';

export const C_DIR = import.meta.dirname;
export const C_GOLDEN = join(C_DIR, 'golden');

export interface DiskSpec {
  readonly slot: number;
  readonly readOnly?: boolean;
  readonly serial?: string;
}

export interface CCase {
  /** Golden file name (`golden/<name>.txt`). */
  readonly name: string;
  readonly program: string;
  readonly disks?: readonly DiskSpec[];
  readonly modern?: boolean;
  /** RAM in MiB (default 128). */
  readonly memoryMiB?: number;
  readonly bootargs?: string;
  /** The hart's ISA: rv32ima (QEMU's `c=false`, the default here, for programs built without C) or rv32imac. */
  readonly isa?: 'rv32ima' | 'rv32imac';
  /** PMP entries: 16 (the default, QEMU's) or 0 (QEMU's `pmp=false`). */
  readonly pmp?: 0 | 16;
  /**
   * Where QEMU 7.2 departs from the specification and pvlab follows the
   * specification: on the line starting `line`, QEMU's `qemu` text is `spec`
   * on pvlab (as _programs/qemu-deviations.ts for the ISA programs).
   */
  readonly deviations?: readonly { line: string; qemu: string; spec: string; why: string }[];
}

export const C_CASES: readonly CCase[] = [
  { name: 'dt-walk', program: 'dt-walk', bootargs: 'console=ttyS0 root=/dev/vda ro' },
  { name: 'dt-walk.16m', program: 'dt-walk', memoryMiB: 16 },
  { name: 'virtio-regs.empty', program: 'virtio-regs' },
  { name: 'virtio-regs.legacy', program: 'virtio-regs', disks: [{ slot: 0 }] },
  { name: 'virtio-regs.modern', program: 'virtio-regs', disks: [{ slot: 0 }], modern: true },
  { name: 'virtio-regs.readonly', program: 'virtio-regs', disks: [{ slot: 7, readOnly: true, serial: 'ro' }] },
  { name: 'virtio-blk.legacy', program: 'virtio-blk', disks: [{ slot: 0, serial: 'pvlab-disk-0' }] },
  { name: 'virtio-blk.modern', program: 'virtio-blk', disks: [{ slot: 0, serial: 'pvlab-disk-0' }], modern: true },
  { name: 'virtio-blk.slot3', program: 'virtio-blk', disks: [{ slot: 3, serial: 'a-serial-longer-than-twenty-bytes' }, { slot: 5 }] },
  { name: 'virtio-xv6', program: 'virtio-xv6', disks: [{ slot: 0 }] },
  {
    name: 'pmp-off.pmp16', program: 'pmp-off',
    deviations: [{
      line: 'S-mode did not run', qemu: 'exception 2 at the mret', spec: 'exception 1 at its first instruction',
      why: 'QEMU 7.2 makes mret to S/U illegal while no PMP entry is active; priv 3.7.1: mret succeeds and the fetch then fails the PMP check',
    }],
  },
  { name: 'pmp-off.nopmp', program: 'pmp-off', pmp: 0 },
  // Compressed code: the same programs built with gcc's default -march=rv32imac (build.sh), on QEMU with C on.
  { name: 'dt-walk.rvc', program: 'dt-walk.rvc', isa: 'rv32imac', bootargs: 'console=ttyS0 root=/dev/vda ro' },
  { name: 'virtio-blk.legacy.rvc', program: 'virtio-blk.rvc', isa: 'rv32imac', disks: [{ slot: 0, serial: 'pvlab-disk-0' }] },
  { name: 'virtio-blk.modern.rvc', program: 'virtio-blk.rvc', isa: 'rv32imac', disks: [{ slot: 0, serial: 'pvlab-disk-0' }], modern: true },
  { name: 'virtio-xv6.rvc', program: 'virtio-xv6.rvc', isa: 'rv32imac', disks: [{ slot: 0 }] },
  // The stand-in for a third-party teaching OS (mini-os.c): compressed, with PMP set up or not there; and built without C.
  { name: 'mini-os.rvc.pmp16', program: 'mini-os.rvc', isa: 'rv32imac', disks: [{ slot: 0 }] },
  { name: 'mini-os.rvc.nopmp', program: 'mini-os.rvc', isa: 'rv32imac', pmp: 0, disks: [{ slot: 0 }] },
  { name: 'mini-os.norvc', program: 'mini-os', disks: [{ slot: 0 }] },
];

/** The disk every case starts from: 64 KiB, sector s filled with (s × 7 + i) & 0xff. */
export function initialDisk(): Uint8Array {
  const b = new Uint8Array(64 * 1024);
  for (let i = 0; i < b.length; i++) b[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
  return b;
}

export const elfOf = (program: string): Uint8Array => readFileSync(join(C_DIR, `${program}.elf`));
export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export interface CRun {
  readonly output: string;
  readonly exitCode: number | undefined;
  /** The disks after the run, by slot. */
  readonly disks: ReadonlyMap<number, Uint8Array>;
}

/** The case on pvlab's board, with its disks in memory. */
export function runPvlab(c: CCase, maxInstructions = 200_000_000): CRun & { machine: Machine } {
  const bytes: number[] = [];
  const disks = new Map<number, MemoryDisk>((c.disks ?? []).map((d) => [d.slot, new MemoryDisk(initialDisk(), d.readOnly)]));
  const m = new Machine({
    ramSize: (c.memoryMiB ?? 128) << 20,
    output: (b) => bytes.push(b),
    bootargs: c.bootargs,
    pmp: c.pmp,
    isa: c.isa ?? 'rv32ima',
    virtio: c.modern ? 'modern' : 'legacy',
    virtioDevices: placeDrives((c.disks ?? []).map((d) => ({ backend: disks.get(d.slot)!, serial: d.serial, slot: d.slot }))),
  });
  m.loadElf(elfOf(c.program));
  const r = m.run(maxInstructions);
  return {
    output: Buffer.from(bytes).toString('latin1'),
    exitCode: r.stop === 'finisher' ? r.exitCode : undefined,
    disks: new Map([...disks].map(([slot, d]) => [slot, d.bytes])),
    machine: m,
  };
}

/** QEMU's command line for a case (the disks' files in `dir`). */
export function qemuArgs(c: CCase, dir: string): string[] {
  const cpu = qemuCpu(c.isa ?? 'rv32ima');
  const args = ['-machine', 'virt', '-cpu', c.pmp === 0 ? `${cpu},pmp=false` : cpu, '-bios', 'none', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-m', `${c.memoryMiB ?? 128}M`];
  if (c.modern) args.push('-global', 'virtio-mmio.force-legacy=false');
  if (c.bootargs !== undefined) args.push('-append', c.bootargs);
  for (const d of c.disks ?? []) {
    args.push('-drive', `file=${join(dir, `disk${d.slot}.img`)},if=none,format=raw,id=d${d.slot}${d.readOnly ? ',readonly=on' : ''}`);
    args.push('-device', `virtio-blk-device,drive=d${d.slot},bus=virtio-mmio-bus.${d.slot}${d.serial ? `,serial=${d.serial}` : ''}`);
  }
  return [...args, '-kernel', join(dir, 'program.elf')];
}

/** The case on QEMU, with its disks in image files. */
export function runQemuCase(c: CCase): CRun & { timedOut: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-qemu-c-'));
  try {
    writeFileSync(join(dir, 'program.elf'), elfOf(c.program));
    for (const d of c.disks ?? []) writeFileSync(join(dir, `disk${d.slot}.img`), initialDisk());
    const r = spawnSync(QEMU, qemuArgs(c, dir), { encoding: 'latin1', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const disks = new Map((c.disks ?? []).map((d) => [d.slot, new Uint8Array(readFileSync(join(dir, `disk${d.slot}.img`)))]));
    const timedOut = r.error !== undefined || r.signal !== null;
    return { output: r.stdout ?? '', exitCode: timedOut ? undefined : r.status ?? undefined, disks, timedOut };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the golden files record about a run besides its transcript. */
export interface CStatus {
  readonly exitCode: number | undefined;
  readonly elf: string;
  /** sha256 of each disk after the run, by slot. */
  readonly disks: Record<string, string>;
}

export function statusOf(c: CCase, r: CRun): CStatus {
  return { exitCode: r.exitCode, elf: sha256(elfOf(c.program)), disks: Object.fromEntries([...r.disks].map(([slot, b]) => [String(slot), sha256(b)])) };
}

/** The golden transcript as the specification has it: each deviation applied (it must still fit its line). */
export function specTranscript(c: CCase, golden: string): string {
  let out = golden;
  for (const d of c.deviations ?? []) {
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.startsWith(d.line) && l.includes(d.qemu));
    if (i < 0) throw new Error(`${c.name}: the deviation on '${d.line}' no longer fits the golden transcript`);
    lines[i] = lines[i].replace(d.qemu, d.spec);
    out = lines.join('\n');
  }
  return out;
}
