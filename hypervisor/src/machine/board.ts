/**
 * The board's description: which ISA its hart has, what sits where on its
 * bus, and how the devices are wired — the one table from which the board
 * is built (machine.ts, and a VM's guest board) and from which its device
 * tree is generated (boot/device-tree.ts). A device that is built appears
 * in the device tree; one that is not, does not.
 *
 * The map is QEMU 7.2 `virt`'s (hw/riscv/virt.c, `virt_memmap`), minus the
 * devices pvlab does not have (RTC, fw_cfg, flash, PCIe, platform bus).
 */
import { FINISHER_BASE, FINISHER_SIZE, SifiveTest, type BenchMarkerEvent } from './devices/sifive-test.js';
import { CLINT_BASE, CLINT_SIZE, Clint } from './devices/clint.js';
import { PLIC_BASE, PLIC_REG, PLIC_SOURCES, Plic } from './devices/plic.js';
import { UART0_BASE, UART0_IRQ, UART0_SIZE, Uart16550 } from './devices/uart16550.js';
import type { Clock, Device, PowerControl, Scheduler } from './devices/device.js';
import { VIRTIO_MMIO_BASE, VIRTIO_MMIO_SLOTS, VIRTIO_MMIO_SLOT_SIZE, VirtioMmio } from './devices/virtio/mmio-transport.js';
import type { GuestMemory } from './devices/virtio/guest-memory.js';
import type { VirtioDevice } from './devices/virtio/device.js';
import { VirtioBlk } from './devices/virtio/blk.js';
import type { BlockBackend } from './devices/virtio/block-backend.js';
import { VirtioNet } from './devices/virtio/net.js';
import type { NetBackend } from './devices/virtio/net-backend.js';
import { IRQ } from '@pvlab/assembler';

/**
 * The ISAs a board can be built with: misa's extension letters and the
 * device tree's `riscv,isa` string. The strings are QEMU 7.2's for
 * `-cpu rv32,c=…,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false`
 * (the extensions pvlab's hart has; `pause` is a hint that runs as a fence).
 */
export const ISAS = {
  rv32ima: { letters: 'aimsu', dt: 'rv32ima_zicsr_zifencei_zihintpause_sstc' },
  rv32imac: { letters: 'acimsu', dt: 'rv32imac_zicsr_zifencei_zihintpause_sstc' },
} as const satisfies Record<string, { letters: string; dt: string }>;

export type IsaName = keyof typeof ISAS;
/** The default ISA: rv32imac, as QEMU's `-cpu rv32` (C on; `--isa rv32ima` is QEMU's `c=false`). */
export const DEFAULT_ISA: IsaName = 'rv32imac';

/** misa for an ISA (privileged spec §3.1.1): MXL = 1 (32-bit) in bits 31:30, one bit per extension letter. */
export function misaOf(isa: IsaName): number {
  let v = 1 << 30;
  for (const c of ISAS[isa].letters) v |= 1 << (c.charCodeAt(0) - 97);
  return v >>> 0;
}

/** PMP entries a hart can have: 0 (no PMP: S/U accesses are all allowed, as with QEMU's `pmp=false`) to 16 (QEMU's). */
export const PMP_COUNTS = { min: 0, max: 16, default: 16 } as const;

/** QEMU virt's RAM base and its mtime frequency (10 MHz, the device tree's `timebase-frequency`). */
export const DRAM_BASE = 0x8000_0000;
export const TIMEBASE_HZ = 10_000_000;

/** The UART's input clock, as QEMU's device tree gives it (3.6864 MHz). */
export const UART_CLOCK_HZ = 3_686_400;

/** What the device tree says about a device that was built: its kind, window and interrupt. */
export interface PlacedDevice {
  readonly kind: 'finisher' | 'clint' | 'plic' | 'uart' | 'virtio-mmio';
  readonly base: number;
  /** The size the device tree gives (the PLIC decodes less than its bus window). */
  readonly size: number;
  /** PLIC source, for devices wired to the PLIC. */
  readonly irq?: number;
}

/** What the board's devices are connected to: the hart's interrupt pins, time, the console, power. */
export interface BoardWiring {
  /** mtime. */
  readonly clock: Clock;
  /** A pin of the hart's mip (MSIP, MTIP, MEIP, SEIP) goes high or low. */
  readonly interrupt: (bit: number, level: boolean) => void;
  /** Bytes the UART transmits. */
  readonly output: (byte: number) => void;
  /** The finisher (and HTIF) stop the machine. */
  readonly power: PowerControl;
  /** Hears the benchmark markers written to the finisher. */
  readonly onMarker?: (event: BenchMarkerEvent) => void;
  /** Device work in virtual time (virtio requests). */
  readonly scheduler: Scheduler;
  /** RAM as the devices reach it (virtio DMA), in the board's physical addresses. */
  readonly memory: GuestMemory;
}

/** The virtio-mmio slots: their transport version and the device in each (undefined: empty). */
export interface VirtioSlots {
  /** Version 2 (modern) or 1 (legacy, QEMU 7.2's default). */
  readonly modern: boolean;
  /** Up to eight devices, by slot. */
  readonly devices: readonly (VirtioDevice | undefined)[];
}

/** The devices of one board, built from the table below. */
export interface BoardDevices {
  readonly finisher: SifiveTest;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly uart: Uart16550;
  /** The eight virtio-mmio slots, 0x1000_1000 upwards. */
  readonly virtio: readonly VirtioMmio[];
  /** Every device, in the order the board attaches them to its bus. */
  readonly all: readonly Device[];
  /** What the device tree describes: one entry per built device, in the table's order. */
  readonly placed: readonly PlacedDevice[];
}

/**
 * Build the board's devices. Each is built once, at its QEMU address, and
 * recorded in `placed` with the window and interrupt the device tree gives.
 */
export function buildDevices(w: BoardWiring, slots: VirtioSlots = { modern: false, devices: [] }): BoardDevices {
  const line = (bit: number) => ({ set: (level: boolean) => w.interrupt(bit, level) });
  const finisher = new SifiveTest({ power: w.power, onMarker: w.onMarker });
  const clint = new Clint({ clock: w.clock, software: line(IRQ.msi), timer: line(IRQ.mti) });
  const plic = new Plic({ meip: line(IRQ.mei), seip: line(IRQ.sei) });
  const uart = new Uart16550({ out: w.output, irq: plic.source(UART0_IRQ) });
  const placed: PlacedDevice[] = [
    { kind: 'finisher', base: FINISHER_BASE, size: FINISHER_SIZE },
    { kind: 'clint', base: CLINT_BASE, size: CLINT_SIZE },
    { kind: 'plic', base: PLIC_BASE, size: PLIC_REG.decoded },
    { kind: 'uart', base: UART0_BASE, size: UART0_SIZE, irq: UART0_IRQ },
  ];
  if (slots.devices.length > VIRTIO_MMIO_SLOTS) throw new RangeError(`the board has ${VIRTIO_MMIO_SLOTS} virtio-mmio slots, not ${slots.devices.length}`);
  const virtio = Array.from({ length: VIRTIO_MMIO_SLOTS }, (_, slot) => {
    const irq = VirtioMmio.irqOf(slot);
    placed.push({ kind: 'virtio-mmio', base: VIRTIO_MMIO_BASE + slot * VIRTIO_MMIO_SLOT_SIZE, size: VIRTIO_MMIO_SLOT_SIZE, irq });
    return new VirtioMmio({ slot, modern: slots.modern, device: slots.devices[slot], irq: plic.source(irq, 'report'), memory: w.memory, scheduler: w.scheduler });
  });
  return { finisher, clint, plic, uart, virtio, all: [finisher, clint, plic, uart, ...virtio], placed };
}

/** The PLIC's number of sources including source 0, the device tree's `riscv,ndev`. */
export const PLIC_NDEV = PLIC_SOURCES;

/** A board option that cannot be built; the message is one line for the user. */
export class BoardError extends Error {
  constructor(
    readonly code: 'unknown-isa' | 'bad-pmp' | 'bad-drive',
    message: string,
  ) {
    super(message);
  }
}

/** Check an ISA name: one the board can be built with. */
export function checkIsa(name: string): IsaName {
  if (!Object.hasOwn(ISAS, name)) throw new BoardError('unknown-isa', `unknown ISA '${name}' (${Object.keys(ISAS).join(', ')})`);
  return name as IsaName;
}

/** Check a PMP entry count: an integer from 0 to 16. */
export function checkPmpCount(n: number): number {
  if (!Number.isInteger(n) || n < PMP_COUNTS.min || n > PMP_COUNTS.max) {
    throw new BoardError('bad-pmp', `a hart has ${PMP_COUNTS.min} to ${PMP_COUNTS.max} PMP entries (0: no PMP), not ${n}`);
  }
  return n;
}

/** A disk for a virtio-mmio slot: `-drive file=…` with `-device virtio-blk-device` in QEMU's words. */
export interface DriveOptions {
  readonly backend: BlockBackend;
  /** GET_ID's answer (QEMU's `serial=`). */
  readonly serial?: string;
  /** The slot (0..7); by default the lowest free one, so drives fill 0x1000_1000 upwards. */
  readonly slot?: number;
}

/** A network card for a virtio-mmio slot: `-netdev …` with `-device virtio-net-device` in QEMU's words. */
export interface NicOptions {
  readonly backend: NetBackend;
  /** Its MAC (six bytes); QEMU's 52:54:00:12:34:56 by default. */
  readonly mac?: Uint8Array;
  /** The slot (0..7); by default the lowest free one after the drives'. */
  readonly slot?: number;
}

/**
 * The virtio devices of the slots for a list of drives and network cards.
 * Devices with a slot take it; the others take the lowest free ones in
 * order, drives first — as QEMU's `bus=virtio-mmio-bus.N` with N = 0, 1, …
 * (without `bus=`, QEMU fills the slots from the highest address down).
 */
export function placeDevices(drives: readonly DriveOptions[], nics: readonly NicOptions[] = []): (VirtioDevice | undefined)[] {
  const slots: (VirtioDevice | undefined)[] = new Array(VIRTIO_MMIO_SLOTS).fill(undefined);
  const wanted = [
    ...drives.map((d) => ({ slot: d.slot, make: (): VirtioDevice => new VirtioBlk({ backend: d.backend, serial: d.serial }) })),
    ...nics.map((n) => ({ slot: n.slot, make: (): VirtioDevice => new VirtioNet({ backend: n.backend, mac: n.mac }) })),
  ];
  const kinds = nics.length === 0 ? 'drives' : drives.length === 0 ? 'network cards' : 'devices';
  for (const w of wanted.filter((x) => x.slot !== undefined)) {
    if (!Number.isInteger(w.slot) || w.slot! < 0 || w.slot! >= VIRTIO_MMIO_SLOTS) throw new BoardError('bad-drive', `virtio-mmio slot ${w.slot} does not exist (0..${VIRTIO_MMIO_SLOTS - 1})`);
    if (slots[w.slot!]) throw new BoardError('bad-drive', `two ${kinds} in virtio-mmio slot ${w.slot}`);
    slots[w.slot!] = w.make();
  }
  for (const w of wanted.filter((x) => x.slot === undefined)) {
    const free = slots.findIndex((s) => s === undefined);
    if (free < 0) throw new BoardError('bad-drive', `more ${kinds} than the ${VIRTIO_MMIO_SLOTS} virtio-mmio slots`);
    slots[free] = w.make();
  }
  return slots;
}

/** {@link placeDevices} for drives alone. */
export function placeDrives(drives: readonly DriveOptions[]): (VirtioDevice | undefined)[] {
  return placeDevices(drives);
}
