/**
 * The reset ROM: where the hart starts, as on QEMU 7.2's `virt` board
 * (hw/riscv/boot.c, `riscv_setup_rom_reset_vec`, observed with gdb):
 *
 *   0x1000  auipc t0, 0           t0 = 0x1000
 *   0x1004  addi  a2, t0, 40      a2 = &fw_dynamic_info (0x1028)
 *   0x1008  csrr  a0, mhartid     a0 = hart id
 *   0x100c  lw    a1, 32(t0)      a1 = the device tree's address
 *   0x1010  lw    t0, 24(t0)      t0 = the start address
 *   0x1014  jr    t0
 *   0x1018  start address (low, high word)
 *   0x1020  device tree address (low, high word)
 *   0x1028  fw_dynamic_info (OpenSBI's include/sbi/fw_dynamic.h): magic
 *           "OSBI" 0x4942534f, version 2, next_addr, next_mode (1 = S),
 *           options 0, boot_hart 0 — what an OpenSBI fw_dynamic build
 *           reads to find the kernel it should enter
 *
 * Six instructions run before the first instruction of the program; they
 * are retired and counted like any other (QEMU runs them too: with
 * `-singlestep -d exec` it executes exactly these six before 0x80000000).
 * The words are encoded here from the assembler's instruction table.
 *
 * The ROM is QEMU's MROM window, 0x1000..0x10000: readable with any
 * width, executable, and writes are ignored (it is ROM).
 */
import { CSRS, encode, instructionByName, registerNumber } from '@pvlab/assembler';
import type { Device, Width } from '../devices/device.js';

/** Where the hart starts after reset. */
export const RESET_VECTOR = 0x1000;
/** QEMU virt's MROM window. */
export const MROM_BASE = 0x1000;
export const MROM_SIZE = 0xf000;

/** fw_dynamic_info's magic ("OSBI" little-endian) and the version QEMU 7.2 writes. */
export const FW_DYNAMIC_MAGIC = 0x4942_534f;
export const FW_DYNAMIC_VERSION = 2;
/** fw_dynamic_info's next_mode: the privilege the firmware enters the next stage in (1 = S). */
export const FW_DYNAMIC_NEXT_MODE_S = 1;

/** What the ROM hands over: where it jumps, where the device tree is, and the next stage for a fw_dynamic firmware. */
export interface ResetRomContents {
  /** The address the ROM jumps to (t0). */
  readonly start: number;
  /** The device tree's address (a1). */
  readonly fdt: number;
  /** fw_dynamic_info.next_addr: the kernel's lowest load address (0: none), as QEMU 7.2 writes it. */
  readonly nextAddr: number;
}

const reg = (name: string) => registerNumber(name)!;
const op = (name: string, ...values: number[]) => encode(instructionByName(name)!, values);
const MHARTID = CSRS.find((c) => c.name === 'mhartid')!.number;

/** Offsets inside the ROM of the data words the code reads. */
const START_AT = 0x18, FDT_AT = 0x20, INFO_AT = 0x28;

/** The ROM's first words: code, start, device tree, fw_dynamic_info (QEMU's 16 words). */
export function resetRomWords(c: ResetRomContents): Uint32Array {
  return Uint32Array.from([
    op('auipc', reg('t0'), 0),
    op('addi', reg('a2'), reg('t0'), INFO_AT),
    op('csrrs', reg('a0'), MHARTID, 0),
    op('lw', reg('a1'), FDT_AT, reg('t0')),
    op('lw', reg('t0'), START_AT, reg('t0')),
    op('jalr', 0, 0, reg('t0')),
    c.start, 0,
    c.fdt, 0,
    FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, c.nextAddr, FW_DYNAMIC_NEXT_MODE_S, 0, 0,
  ].map((w) => w >>> 0));
}

/** The instructions the ROM runs before the program's first. */
export const RESET_ROM_INSTRUCTIONS = 6;

/** The MROM device: the reset code and its data, zeros after them. */
export class ResetRom implements Device {
  readonly name = 'mrom';
  readonly base = MROM_BASE;
  readonly size = MROM_SIZE;
  private readonly bytes = new Uint8Array(MROM_SIZE);
  private readonly view = new DataView(this.bytes.buffer);

  constructor(contents: ResetRomContents) {
    this.set(contents);
  }

  /** Write the ROM's contents (the board does, before the hart starts). */
  set(contents: ResetRomContents): void {
    const words = resetRomWords(contents);
    words.forEach((w, i) => this.view.setUint32(4 * i, w, true));
  }

  read(offset: number, width: Width): number | bigint | undefined {
    if (offset + width > MROM_SIZE) return undefined;
    if (width === 8) return this.view.getBigUint64(offset, true);
    if (width === 4) return this.view.getUint32(offset, true);
    if (width === 2) return this.view.getUint16(offset, true);
    return this.bytes[offset];
  }

  write(): boolean {
    return true; // ROM: stores are ignored
  }

  /** An instruction word for the hart (any 4-aligned offset). */
  fetch(offset: number): number | undefined {
    if (offset % 4 !== 0 || offset + 4 > MROM_SIZE) return undefined;
    return this.view.getUint32(offset, true);
  }
}
