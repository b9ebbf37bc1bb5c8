/**
 * The test finisher of QEMU's `virt` board ("sifive_test", device tree
 * `sifive,test0`): a program ends the run by writing a status word to
 * offset 0. There is no datasheet; QEMU 7.2 `hw/misc/sifive_test.c` is the
 * reference, and every behaviour below was observed on it.
 *
 *   31             16 15              0
 *  +-----------------+-----------------+
 *  |      code       |     status      |   0x3333 fail with `code`
 *  +-----------------+-----------------+   0x5555 pass (code ignored)
 *                                          0x7777 reset
 *
 * - only 2- and 4-byte aligned accesses decode (QEMU: valid sizes 2..4);
 *   bytes, 8-byte and misaligned accesses are access faults;
 * - reads anywhere in the page return 0;
 * - writes elsewhere than offset 0, or of another status, are ignored;
 * - fail with code 0 exits QEMU with status 0, so it reports code 0 here too.
 *
 * QEMU resets the board on 0x7777 (and exits 0 under `-no-reboot`); pvlab
 * has no warm reset, so reset is a shutdown with code 0 whose reason the
 * board can read from `stop`.
 */
import type { Device, PowerControl, Width } from './device.js';
import { isAligned, low32 } from './access.js';

/** Where QEMU `virt` puts the finisher. */
export const FINISHER_BASE = 0x0010_0000;
/** Its window: one page. */
export const FINISHER_SIZE = 0x1000;

/** The status half-word values, low 16 bits of the word written to offset 0. */
export const FINISHER_STATUS = {
  fail: 0x3333,
  pass: 0x5555,
  reset: 0x7777,
} as const;

/**
 * pvlab's benchmark markers: words a program writes to offset 0 around a
 * measured region ('MB' begin, 'ME' end). QEMU ignores them, so a marked
 * program runs unchanged there; pvlab's board reports them as events with
 * the instruction count at that moment (the guest kernel's `mark` pv-op).
 */
export const BENCH_MARKERS = { begin: 0x4d42, end: 0x4d45 } as const;
/** Which marker: a region begins or ends. */
export type BenchMarkerEvent = keyof typeof BENCH_MARKERS;

/** Where a failure's exit code sits in the word written to offset 0 (above the status half-word). */
export const FINISHER_CODE_SHIFT = 16;

/** Why the finisher stopped the machine. */
export type FinisherReason = keyof typeof FINISHER_STATUS;

/** What the finisher did when it stopped the machine. */
export interface FinisherStop {
  readonly reason: FinisherReason;
  /** The exit code passed to `PowerControl.shutdown`. */
  readonly code: number;
}

/** The finisher's state, as a snapshot holds it. */
export interface FinisherState {
  readonly stop: FinisherStop | undefined;
}

/** Options of the finisher. */
export interface SifiveTestOptions {
  readonly power: PowerControl;
  /** Defaults to {@link FINISHER_BASE}. */
  readonly base?: number;
  /** Hears the benchmark markers written to offset 0 (other words are ignored, as QEMU ignores them). */
  readonly onMarker?: (event: BenchMarkerEvent) => void;
}

/** The sifive_test finisher: ends the run through `PowerControl` with reason `'finisher'`. */
export class SifiveTest implements Device {
  readonly name = 'finisher';
  readonly base: number;
  readonly size = FINISHER_SIZE;
  /** The last stop requested, for the board's report (`reason: 'reset'` tells reset from pass). */
  stop: FinisherStop | undefined;
  private readonly power: PowerControl;
  private readonly onMarker: ((event: BenchMarkerEvent) => void) | undefined;

  constructor(options: SifiveTestOptions) {
    this.power = options.power;
    this.onMarker = options.onMarker;
    this.base = options.base ?? FINISHER_BASE;
  }

  /** The state: the stop requested, if any. */
  save(): FinisherState {
    return { stop: this.stop };
  }

  load(s: FinisherState): void {
    this.stop = s.stop;
  }

  read(offset: number, width: Width): number | undefined {
    return this.decodes(offset, width) ? 0 : undefined;
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    if (!this.decodes(offset, width)) return false;
    if (offset !== 0) return true;
    const word = low32(value);
    const status = word & 0xffff;
    const code = word >>> FINISHER_CODE_SHIFT;
    if (status === FINISHER_STATUS.pass) this.finish('pass', 0);
    else if (status === FINISHER_STATUS.fail) this.finish('fail', code);
    else if (status === FINISHER_STATUS.reset) this.finish('reset', 0);
    else if (word === BENCH_MARKERS.begin) this.onMarker?.('begin');
    else if (word === BENCH_MARKERS.end) this.onMarker?.('end');
    return true;
  }

  private decodes(offset: number, width: Width): boolean {
    return (width === 2 || width === 4) && isAligned(offset, width) && offset >= 0 && offset + width <= this.size;
  }

  private finish(reason: FinisherReason, code: number): void {
    this.stop = { reason, code };
    this.power.shutdown(code, 'finisher');
  }
}
