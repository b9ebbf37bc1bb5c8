/**
 * Shared by the boot tests: the kernel and firmware built from source (not
 * the possibly stale dist/), a scripted boot, QEMU as the reference board,
 * and the transcript filter for what depends on time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { boot, type BootRun } from '@pvlab/hypervisor';

export const FIXTURES = join(import.meta.dirname, '../_fixtures');
/** The scripted shell session: every workload, faults, an attack, halt 7. */
export const SESSION_SCRIPT = readFileSync(join(FIXTURES, 'session.txt'), 'utf8');
export const SESSION_EXIT_CODE = 7;
export const NATIVE_GOLDEN = join(FIXTURES, 'session.native.golden');
export const QEMU_GOLDEN = join(FIXTURES, 'session.qemu.golden');
/** The disk session (qemu-disk.test.ts): every disk program and workload, on an 8 MiB disk, halt 5. */
export const DISK_SCRIPT = readFileSync(join(FIXTURES, 'disk-session.txt'), 'utf8');
export const DISK_GOLDEN = join(FIXTURES, 'disk-session.qemu.golden');
export const DISK_EXIT_CODE = 5;
export const DISK_BYTES = 8 << 20;

let cached: { kernel: Uint8Array; firmware: Uint8Array } | undefined;
/** kernel.elf and firmware.elf, assembled once per test process. */
export function images(): { kernel: Uint8Array; firmware: Uint8Array } {
  cached ??= { kernel: buildKernel().elf, firmware: buildFirmware().elf };
  return cached;
}

/** Boot natively with `script` as console input. */
export function bootScript(script: string, maxInstructions = 500_000_000): BootRun {
  const { kernel, firmware } = images();
  return boot(kernel, { firmware, script, maxInstructions });
}

/** Lines that depend on time (`uptime` prints ticks): left out where runs on different boards are compared. */
export const timeless = (transcript: string): string =>
  transcript.split('\n').filter((l) => !/^uptime: \d+ ticks$/.test(l)).join('\n');

/** Is the reference board installed? */
export const qemuAvailable = (): boolean => spawnSync('qemu-system-riscv32', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * The same images on QEMU: `-bios firmware.elf -kernel kernel.elf`. QEMU 7.2
 * loads both ELFs at their addresses and starts the hart at 0x1000 (its reset
 * ROM), which jumps to the firmware at 0x80000000 with a0 = hart id, a1 = the
 * device tree, a2 = fw_dynamic_info; the firmware ignores a1/a2 and enters the
 * kernel with a0 = mhartid.
 */
export function bootQemu(script: string): { status: number | null; transcript: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-qemu-'));
  const { kernel, firmware } = images();
  writeFileSync(join(dir, 'kernel.elf'), kernel);
  writeFileSync(join(dir, 'firmware.elf'), firmware);
  const r = spawnSync(
    'timeout',
    ['60', 'qemu-system-riscv32', '-machine', 'virt', '-bios', join(dir, 'firmware.elf'), '-kernel', join(dir, 'kernel.elf'), '-nographic'],
    { input: script, encoding: 'latin1' },
  );
  return { status: r.status, transcript: r.stdout };
}
