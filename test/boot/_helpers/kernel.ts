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
import { EchoPeer, ImageFile, Machine, VirtioNet, boot, placeDevices, placeDrives, type BootRun } from '@pvlab/hypervisor';

export const FIXTURES = join(import.meta.dirname, '../_fixtures');

/**
 * The one line the paravirtual kernel's `help` has more than the native
 * one's: its `free` program (the balloon's; guest-kernel/src/drivers/balloon.s),
 * listed after the last program both kernels have.
 */
export const PV_FREE_HELP = "  free: the VM's pages, total, free and ballooned (the balloon driver; paravirtual kernel only)";
/** A native transcript's `help` as the paravirtual kernel prints it: with {@link PV_FREE_HELP}. */
export const withPvHelp = (transcript: string): string => transcript.replace(/^( {2}net-stream \[N\] \[BATCH\]: .*)$/gm, `$1\n${PV_FREE_HELP}`);
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
/** The network session (qemu-net.test.ts, net.test.ts): ping, udpecho, net-rr and net-stream against the echo peer, halt 3. */
export const NET_SCRIPT = readFileSync(join(FIXTURES, 'net-session.txt'), 'utf8');
export const NET_GOLDEN = join(FIXTURES, 'net-session.qemu.golden');
export const NET_EXIT_CODE = 3;
/** The disk and the network in one session (the proof): blocks written and read around pings and datagrams, halt 4. */
export const IO_SCRIPT = readFileSync(join(FIXTURES, 'io-session.txt'), 'utf8');
export const IO_GOLDEN = join(FIXTURES, 'io-session.qemu.golden');
export const IO_EXIT_CODE = 4;
/**
 * Two guests on one wire: A (10.0.0.1) serves udpechod while B (10.0.0.2)
 * pings it and sends it datagrams; then A pings B, whose kernel answers
 * while B's shell waits 2 s (`timer 200`) before it halts — the window A's
 * pings have, whatever the host's load.
 */
export const PAIR = {
  a: { script: readFileSync(join(FIXTURES, 'net-pair-a.txt'), 'utf8'), golden: join(FIXTURES, 'net-pair-a.qemu.golden'), append: 'ip=10.0.0.1 peer=10.0.0.2', mac: '52:54:00:12:34:01' },
  b: { script: readFileSync(join(FIXTURES, 'net-pair-b.txt'), 'utf8'), golden: join(FIXTURES, 'net-pair-b.qemu.golden'), append: 'ip=10.0.0.2 peer=10.0.0.1', mac: '52:54:00:12:34:02' },
  /** What A prints once it listens: B starts then. */
  ready: 'udpechod: echoing on port 7',
} as const;

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

/** What a run of {@link bootNativeIo} gave: the console, and how it stopped. */
export interface NativeIoRun {
  readonly transcript: string;
  readonly exitCode: number | undefined;
  readonly stop: string;
  readonly instructions: number;
}

/**
 * kernel.elf on pvlab's board with a virtio-blk disk, the way `pvlab run
 * --bare --bios firmware.elf --kernel kernel.elf --drive file=DISK,slot=7`
 * boots it: the reset ROM passes the device tree, the firmware hands it on.
 * Slot 7 (0x1000_8000) is where QEMU 7.2 puts its first -device, so the
 * transcripts compare.
 */
export function bootNativeIo(o: { script: string; disk: string; modern?: boolean; maxInstructions?: number }): NativeIoRun {
  const { kernel, firmware } = images();
  const bytes: number[] = [];
  const drive = ImageFile.open(o.disk);
  try {
    const m = new Machine({ output: (b) => bytes.push(b), virtio: o.modern ? 'modern' : 'legacy', virtioDevices: placeDrives([{ backend: drive, slot: 7 }]) });
    m.loadFirmware(firmware);
    m.loadKernel(kernel);
    m.uart.feed(Buffer.from(o.script, 'latin1'));
    const r = m.run(o.maxInstructions ?? 500_000_000);
    return { transcript: Buffer.from(bytes).toString('latin1'), exitCode: r.exitCode, stop: r.stop, instructions: r.instructions };
  } finally {
    drive.close();
  }
}

/**
 * kernel.elf on pvlab's board with a virtio-net card wired to the built-in
 * echo peer, where QEMU places its -devices: the card in slot 7 alone, or
 * in slot 6 behind a disk in slot 7 (`pvlab run --bare --bios firmware.elf
 * --kernel kernel.elf [--drive file=DISK,slot=7] --netdev echo,slot=N`).
 * Virtual time throughout, so every run is the same to the instruction.
 */
export function bootNativeEcho(o: { script: string; modern?: boolean; disk?: string; maxInstructions?: number }): NativeIoRun & { card: VirtioNet; peer: EchoPeer } {
  const { kernel, firmware } = images();
  const bytes: number[] = [];
  const peer = new EchoPeer();
  const drive = o.disk === undefined ? undefined : ImageFile.open(o.disk);
  const slot = drive ? 6 : 7;
  try {
    const devices = placeDevices(drive ? [{ backend: drive, slot: 7 }] : [], [{ backend: peer, slot }]);
    const m = new Machine({ output: (b) => bytes.push(b), virtio: o.modern ? 'modern' : 'legacy', virtioDevices: devices });
    m.loadFirmware(firmware);
    m.loadKernel(kernel);
    m.uart.feed(Buffer.from(o.script, 'latin1'));
    const r = m.run(o.maxInstructions ?? 500_000_000);
    return { transcript: Buffer.from(bytes).toString('latin1'), exitCode: r.exitCode, stop: r.stop, instructions: r.instructions, card: m.virtio[slot].device as VirtioNet, peer };
  } finally {
    drive?.close();
  }
}

/**
 * The native boot of `script` on a board whose reset ROM hands over no
 * device tree (its magic erased in RAM before the run): the board a VM sees
 * today, since the hypervisor plays the firmware with a1 = 0. The kernel
 * then reads no tree and probes no slot, so its boot takes what the trapped
 * one takes, and the measured regions — which count the timer ticks that
 * fall inside them, and so depend on when they start — compare. Returns the
 * instructions of each region.
 */
export function bootNativeWithoutDeviceTree(script: string, maxInstructions = 500_000_000): number[] {
  const { kernel, firmware } = images();
  const marks: { event: string; at: number }[] = [];
  let m: Machine | undefined;
  m = new Machine({ onMarker: (event) => marks.push({ event, at: m!.hart.retired() }) });
  m.loadFirmware(firmware);
  m.loadKernel(kernel);
  m.bus.write(m.deviceTreeAddress(), 4, 0);
  m.uart.feed(Buffer.from(script, 'latin1'));
  m.run(maxInstructions);
  const regions: number[] = [];
  for (let i = 0; i + 1 < marks.length; i += 2) regions.push(marks[i + 1].at - marks[i].at);
  return regions;
}
