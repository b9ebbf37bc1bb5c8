/**
 * A VM whose image brings its own M-mode (`--firmware guest`, `pvlab run
 * --mode trap`). Its guest board is the bare board (machine.ts): the reset
 * ROM at 0x1000 enters the image with a0 = the hart id, a1 = the device
 * tree (at the top of the VM's RAM, where QEMU puts it) and a2 =
 * fw_dynamic_info; HTIF listens at the image's `tohost`; and the vCPU
 * starts as the board's hart does — at the reset vector, in M-mode, with
 * no firmware state applied and no monitor, so a trap that would enter
 * M-mode enters the guest's own (hart/trap.ts), through its own
 * medeleg/mideleg, exactly as on the bare board.
 */
import { RAM_BASE } from '../machine/bus.js';
import { Hart, type HartClock } from '../machine/hart/hart.js';
import { Htif } from '../machine/devices/index.js';
import { LoadError, loadBinary, loadElf, type LoadedProgram } from '../machine/elf-loader.js';
import { RESET_VECTOR, ResetRom } from '../machine/boot/reset-rom.js';
import { deviceTreeAddress } from '../machine/boot/device-tree.js';
import { hex } from '../machine/hex.js';
import type { GuestBoard } from './guest-board.js';

/** QEMU 7.2 puts a raw RV32 kernel at the first 4 MiB boundary after the firmware. */
const RAW_KERNEL_ALIGN = 4 << 20;

const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** An ELF at its addresses, or raw bytes at `rawAt`. */
function loadImage(bus: GuestBoard['bus'], bytes: Uint8Array, rawAt: number): LoadedProgram {
  return isElf(bytes) ? loadElf(bus, bytes) : loadBinary(bus, bytes, rawAt);
}

/** Which M-mode a VM has: the hypervisor's (it is the SBI firmware, the kernel starts in S) or the image's own. */
export type FirmwareKind = 'builtin' | 'guest';
export const FIRMWARE_KINDS: readonly FirmwareKind[] = ['builtin', 'guest'];

export interface BareResetOptions {
  readonly clock: HartClock;
  /** The guest's PMP entries (0..16), as the bare board's `--pmp`. */
  readonly pmp: number;
  /** The device tree's chosen/bootargs. */
  readonly bootargs?: string;
  /** HTIF's console bytes. */
  readonly output: (byte: number) => void;
  /** HTIF's power-off (tohost = code << 1 | 1). */
  readonly shutdown: (code: number) => void;
  /**
   * A firmware the reset ROM enters instead, with the image loaded beside
   * it as its kernel (QEMU's `-bios FIRMWARE -kernel IMAGE`):
   * fw_dynamic_info then names the kernel's lowest address. Each is an ELF
   * at its addresses or raw bytes: a raw firmware at 0x80000000, a raw
   * kernel at the first 4 MiB boundary after the firmware (QEMU 7.2's
   * riscv_calc_kernel_start_addr), as `pvlab run --bare` loads them.
   */
  readonly firmware?: Uint8Array;
}

/**
 * Load `image` into the guest board as the bare board loads a program
 * (QEMU's `-bios none -kernel IMAGE`) — or, with `o.firmware`, the
 * firmware as the program and `image` beside it as its kernel — give it
 * the reset ROM, its device tree and HTIF, and return the image's program
 * (its symbols name the trace's pcs) and a vCPU at reset.
 */
export function bareReset(board: GuestBoard, image: Uint8Array, o: BareResetOptions): { program: LoadedProgram; cpu: Hart } {
  const bus = board.bus;
  const rom = new ResetRom({ start: RAM_BASE, fdt: 0, nextAddr: 0 });
  bus.attach(rom);
  const entered = loadImage(bus, o.firmware ?? image, RAM_BASE);
  // An empty image beside a firmware: the firmware alone (QEMU's -bios without -kernel; fw_dynamic_info names no kernel).
  const kernel = o.firmware && image.length > 0 ? loadImage(bus, image, Math.ceil(Math.max(...entered.ranges.map(([, hi]) => hi)) / RAW_KERNEL_ALIGN) * RAW_KERNEL_ALIGN) : undefined;
  const program = kernel ?? entered;
  const loaded = [...(kernel?.ranges ?? []), ...entered.ranges];
  const tohost = entered.symbols.get('tohost') ?? kernel?.symbols.get('tohost');
  const from = entered.symbols.has('tohost') ? entered : kernel;
  if (tohost !== undefined) bus.overlay(new Htif({ tohost, fromhost: from?.symbols.get('fromhost'), power: { shutdown: (code) => o.shutdown(code) }, out: o.output }));
  const dtb = board.deviceTree(o.bootargs);
  const at = deviceTreeAddress(bus.ramBase, bus.ramSize, dtb.length);
  const clash = loaded.find(([lo, hi]) => lo < at + dtb.length && at < hi);
  if (clash || !bus.isRam(at, dtb.length)) {
    throw new LoadError('overlap', `the device tree (${dtb.length} bytes at ${hex(at)}) ${clash ? `overlaps the image at ${hex(clash[0])}–${hex(clash[1])}` : 'does not fit in RAM'}; give the VM more memory`);
  }
  bus.load(at, dtb);
  const nextAddr = o.firmware && !kernel ? 0 : Math.min(...program.ranges.map(([lo]) => lo));
  rom.set({ start: entered.entry, fdt: at, nextAddr });
  const cpu = new Hart(bus, o.clock);
  cpu.pmp.setCount(o.pmp);
  cpu.pmpChanged();
  cpu.pc = RESET_VECTOR;
  return { program, cpu };
}
