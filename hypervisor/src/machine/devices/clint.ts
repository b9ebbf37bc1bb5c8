/**
 * The CLINT of QEMU's `virt` board for one hart: the SiFive CLINT layout,
 * which the RISC-V ACLINT specification (§1.1, "Backward Compatibility With
 * SiFive CLINT") describes as an MSWI device followed by an MTIMER device.
 *
 *   +0x0000  msip      MSWI §3.2: bit 0 drives mip.MSIP, bits 31..1 read 0
 *   +0x4000  mtimecmp  MTIMER §2.3: 64-bit; MTIP = mtime >= mtimecmp
 *   +0xbff8  mtime     MTIMER §2.2: 64-bit, the board's Clock
 *
 * As QEMU 7.2 decodes them (observed):
 * - the MSWI part (+0x0000..+0x3fff) takes 4-byte accesses only; other
 *   words in it read 0 and ignore writes (they belong to harts we lack);
 * - the MTIMER part (+0x4000..+0xbfff) takes 4- or 8-byte accesses: a
 *   64-bit register as two 32-bit halves or as one 8-byte access; other
 *   words in it read 0 and ignore writes;
 * - +0xc000..+0xffff answers nothing: access fault.
 *
 * Choices where pvlab differs from QEMU, on purpose:
 * - mtimecmp resets to all ones, so no timer interrupt is pending until
 *   software asks for one (MTIMER §2.3 leaves the reset value unknown;
 *   QEMU 7.2 reads 0 and sets mip.MTIP at reset).
 * - writes to mtime are accepted and ignored. Time is the board's
 *   deterministic Clock, which the hart also reads for the `time` CSR and
 *   Sstc's stimecmp; an offset kept here alone would make mtime and
 *   `rdtime` disagree. (QEMU 7.2 keeps an offset that moves both.)
 */
import type { Clock, Device, IrqLine, Width } from './device.js';
import { answer, isAligned, low32, toU64 } from './access.js';

/** Where QEMU `virt` puts the CLINT. */
export const CLINT_BASE = 0x0200_0000;
/** Its window in the memory map (QEMU decodes only the first 0xc000 bytes of it). */
export const CLINT_SIZE = 0x1_0000;

/** Register offsets and the ends of the two decoded parts. */
export const CLINT_REG = {
  msip: 0x0000,
  mtimecmp: 0x4000,
  mtime: 0xbff8,
  /** MSWI part: [0, mswiEnd). */
  mswiEnd: 0x4000,
  /** MTIMER part: [mswiEnd, mtimerEnd); nothing decodes above. */
  mtimerEnd: 0xc000,
} as const;

const ALL_ONES = (1n << 64n) - 1n;

/** Options of the CLINT. */
export interface ClintOptions {
  readonly clock: Clock;
  /** Wired to mip.MSIP. */
  readonly software: IrqLine;
  /** Wired to mip.MTIP. */
  readonly timer: IrqLine;
  /** Defaults to {@link CLINT_BASE}. */
  readonly base?: number;
}

/** The CLINT's state, as a snapshot holds it (mtimecmp in decimal: 64 bits). */
export interface ClintState {
  readonly msip: boolean;
  readonly mtip: boolean;
  readonly mtimecmp: string;
}

/** CLINT: machine software interrupt and machine timer of hart 0. */
export class Clint implements Device {
  readonly name = 'clint';
  readonly base: number;
  readonly size = CLINT_SIZE;
  private readonly clock: Clock;
  private readonly software: IrqLine;
  private readonly timer: IrqLine;
  private msip = false;
  private mtip = false;
  private mtimecmp = ALL_ONES;

  constructor(options: ClintOptions) {
    this.clock = options.clock;
    this.software = options.software;
    this.timer = options.timer;
    this.base = options.base ?? CLINT_BASE;
  }

  /** The state (mtime is the board's clock, not the CLINT's). */
  save(): ClintState {
    return { msip: this.msip, mtip: this.mtip, mtimecmp: this.mtimecmp.toString() };
  }

  /** Take a saved state; the hart's pins are restored with the hart (nothing is signalled). */
  load(s: ClintState): void {
    this.msip = s.msip;
    this.mtip = s.mtip;
    this.mtimecmp = BigInt.asUintN(64, BigInt(s.mtimecmp));
  }

  /**
   * The mtime at which MTIP will rise: mtimecmp while MTIP is low, or
   * undefined when it is already high or mtimecmp is all ones (never, in
   * practice). A value at or below `clock.now()` means the deadline has
   * passed and `update()` is due.
   */
  nextDeadline(): bigint | undefined {
    return this.mtip || this.mtimecmp === ALL_ONES ? undefined : this.mtimecmp;
  }

  /** Re-evaluate MTIP after time has advanced (MTIMER §2.3: pending while mtime >= mtimecmp). */
  update(): void {
    const level = this.clock.now() >= this.mtimecmp;
    if (level !== this.mtip) {
      this.mtip = level;
      this.timer.set(level);
    }
  }

  read(offset: number, width: Width): number | bigint | undefined {
    const reg = this.decode(offset, width);
    if (reg === undefined) return undefined;
    if (reg === 'msip') return this.msip ? 1 : 0;
    if (reg === 'other') return answer(0, width);
    const value = reg.register === 'mtime' ? this.clock.now() : this.mtimecmp;
    return reg.half === 'high' ? Number(value >> 32n) : answer(value, width);
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    const reg = this.decode(offset, width);
    if (reg === undefined) return false;
    if (reg === 'msip') {
      this.setMsip((low32(value) & 1) === 1);
    } else if (reg !== 'other' && reg.register === 'mtimecmp') {
      const old = this.mtimecmp;
      if (reg.half === 'whole') this.mtimecmp = toU64(value);
      else if (reg.half === 'low') this.mtimecmp = (old & ~0xffff_ffffn) | BigInt(low32(value));
      else this.mtimecmp = (BigInt(low32(value)) << 32n) | (old & 0xffff_ffffn);
      this.update();
    }
    // mtime writes land here too: accepted and ignored (see the file comment)
    return true;
  }

  private setMsip(level: boolean): void {
    if (level !== this.msip) {
      this.msip = level;
      this.software.set(level);
    }
  }

  /** Which register an access names; undefined for one that faults. */
  private decode(offset: number, width: Width): Decoded | undefined {
    if (offset < 0 || !isAligned(offset, width)) return undefined;
    if (offset < CLINT_REG.mswiEnd) {
      if (width !== 4) return undefined;
      return offset === CLINT_REG.msip ? 'msip' : 'other';
    }
    if (offset >= CLINT_REG.mtimerEnd || (width !== 4 && width !== 8)) return undefined;
    for (const register of ['mtimecmp', 'mtime'] as const) {
      const at = CLINT_REG[register];
      if (offset === at) return { register, half: width === 8 ? 'whole' : 'low' };
      if (offset === at + 4 && width === 4) return { register, half: 'high' };
    }
    return 'other';
  }
}

/** A decoded access: msip, half or all of a 64-bit register, or a word that reads 0. */
type Decoded = 'msip' | 'other' | { register: 'mtimecmp' | 'mtime'; half: 'low' | 'high' | 'whole' };
