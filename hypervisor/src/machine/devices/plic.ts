/**
 * The PLIC of QEMU's `virt` board with one hart (RISC-V PLIC specification
 * 1.0, "Memory Map"): sources 1..95, priorities 0..7, two contexts —
 * 0 = hart 0 M-mode (drives mip.MEIP), 1 = hart 0 S-mode (mip.SEIP).
 *
 *   +0x000000 + 4*id          priority of source id ("Interrupt Priorities")
 *   +0x001000 + 4*w           pending bits 32w..32w+31 ("Interrupt Pending Bits")
 *   +0x002000 + 0x80*c + 4*w  enable bits of context c ("Interrupt Enables")
 *   +0x200000 + 0x1000*c      threshold of context c ("Priority Thresholds")
 *   +0x200004 + 0x1000*c      claim (read) / complete (write) ("Interrupt Claim
 *                             Process", "Interrupt Completion")
 *
 * As QEMU 7.2 decodes them (observed):
 * - only aligned 4-byte accesses; QEMU maps 0x600000 bytes (the device
 *   tree's `reg`), so offsets at or above that fault; any other word in
 *   it reads 0 and ignores writes;
 * - priorities are WARL: a write keeps its low 3 bits (9 reads back 1);
 *   source 0's priority reads 0; the pending bits are read-only;
 * - enable words are stored as written, bit 0 included (source 0 is never
 *   pending, so it does not matter);
 * - a threshold above 7 is ignored; a claim returns the enabled, pending,
 *   unclaimed source whose priority is above the threshold, the highest
 *   priority first and the lowest id among equals, or 0;
 * - completing an id >= 96 is ignored; completion is not checked against
 *   the context's enables.
 *
 * Sources are level-triggered wires. A rising level sets the pending bit,
 * a falling one clears it (QEMU's pending bit follows the wire), a claim
 * clears it and marks the source in flight until completed. Two choices
 * follow the specification ("Interrupt Gateways", "Interrupt Notifications")
 * where QEMU 7.2 lags behind it: a completion re-raises a source whose wire
 * is still high (QEMU waits for the device's next level report), and an
 * enable write re-evaluates MEIP/SEIP at once (QEMU waits for the next
 * PLIC event). Both QEMU delays were observed; see the tests.
 *
 * A source can instead be a `'report'` source, for a device modelled on
 * QEMU's that reports its level at every event (virtio-mmio, at each
 * completion and acknowledgement): there every report of a high level sets
 * the pending bit — a new request even if the level did not change — a low
 * one clears it, and a completion sets nothing by itself. That is QEMU
 * 7.2's PLIC (`sifive_plic_irq_request`, and `sifive_plic_write` completing
 * with no re-pend), on which real guests depend: a driver that never
 * acknowledges virtio's InterruptStatus (its line stays high) gets one
 * interrupt per completion, where a level gateway would interrupt it again
 * at every completion, forever. The devices README has the case table.
 */
import type { Device, IrqLine, Width } from './device.js';
import { isAligned, low32 } from './access.js';

/** Where QEMU `virt` puts the PLIC. */
export const PLIC_BASE = 0x0c00_0000;
/** The PLIC's address window (the specification's 64 MiB). */
export const PLIC_SIZE = 0x400_0000;
/** Number of source ids, 0..95 (0 means "no interrupt"). */
export const PLIC_SOURCES = 96;
/** Highest priority (3 priority bits). */
export const PLIC_MAX_PRIORITY = 7;
/** Contexts: M-mode and S-mode of hart 0. */
export const PLIC_CONTEXT = { machine: 0, supervisor: 1 } as const;

/** Register block offsets. */
export const PLIC_REG = {
  priority: 0x00_0000,
  pending: 0x00_1000,
  enable: 0x00_2000,
  enableStride: 0x80,
  context: 0x20_0000,
  contextStride: 0x1000,
  threshold: 0,
  claim: 4,
  /** QEMU maps this much; nothing answers above it. */
  decoded: 0x60_0000,
} as const;

const WORDS = PLIC_SOURCES / 32;
const CONTEXTS = 2;

/** Options of the PLIC. */
export interface PlicOptions {
  /** Context 0's output, wired to mip.MEIP. */
  readonly meip: IrqLine;
  /** Context 1's output, wired to mip.SEIP. */
  readonly seip: IrqLine;
  /** Defaults to {@link PLIC_BASE}. */
  readonly base?: number;
}

/** The PLIC's state, as a snapshot holds it (how sources are wired is the board's, not state). */
export interface PlicState {
  readonly priority: readonly number[];
  readonly level: readonly number[];
  readonly pending: readonly number[];
  readonly claimed: readonly number[];
  readonly enable: readonly number[];
  readonly threshold: readonly number[];
  readonly notified: readonly boolean[];
}

/** The PLIC: level-triggered sources in, MEIP and SEIP out. */
export class Plic implements Device {
  readonly name = 'plic';
  readonly base: number;
  readonly size = PLIC_SIZE;
  private readonly priority = new Uint8Array(PLIC_SOURCES);
  private readonly level = new Uint8Array(PLIC_SOURCES);
  private readonly pending = new Uint32Array(WORDS);
  private readonly claimed = new Uint32Array(WORDS);
  private readonly enable = new Uint32Array(CONTEXTS * WORDS);
  private readonly threshold = new Uint8Array(CONTEXTS);
  private readonly outputs: readonly IrqLine[];
  private readonly notified = [false, false];
  private readonly wires: IrqLine[] = [];
  /** 1 for sources wired as `'report'` sources (see the header). */
  private readonly reports = new Uint8Array(PLIC_SOURCES);

  constructor(options: PlicOptions) {
    this.outputs = [options.meip, options.seip];
    this.base = options.base ?? PLIC_BASE;
    for (let id = 0; id < PLIC_SOURCES; id++) this.wires.push({ set: (high) => this.setLevel(id, high) });
  }

  /** The state: priorities, wire levels, pending and in-flight sources, enables, thresholds, outputs. */
  save(): PlicState {
    return {
      priority: [...this.priority], level: [...this.level], pending: [...this.pending], claimed: [...this.claimed],
      enable: [...this.enable], threshold: [...this.threshold], notified: [...this.notified],
    };
  }

  /** Take a saved state; the hart's MEIP/SEIP pins are restored with the hart (nothing is signalled). */
  load(s: PlicState): void {
    const put = (to: Uint8Array | Uint32Array, from: readonly number[]) => {
      if (from.length !== to.length) throw new RangeError(`PLIC state: ${from.length} entries where ${to.length} belong`);
      to.set(from);
    };
    put(this.priority, s.priority);
    put(this.level, s.level);
    put(this.pending, s.pending);
    put(this.claimed, s.claimed);
    put(this.enable, s.enable);
    put(this.threshold, s.threshold);
    if (s.notified.length !== this.notified.length) throw new RangeError('PLIC state: two contexts');
    s.notified.forEach((n, i) => (this.notified[i] = n));
  }

  /**
   * The wire of source `id` (1..95) for a device to drive: UART0 is 10,
   * virtio 1..8. A `'level'` source (the default) follows the specification's
   * level gateway; a `'report'` source, QEMU's PLIC (see the header).
   */
  source(id: number, kind: 'level' | 'report' = 'level'): IrqLine {
    if (!Number.isInteger(id) || id < 1 || id >= PLIC_SOURCES) throw new RangeError(`PLIC source ${id} does not exist (1..${PLIC_SOURCES - 1})`);
    this.reports[id] = kind === 'report' ? 1 : 0;
    return this.wires[id];
  }

  read(offset: number, width: Width): number | undefined {
    if (!this.decodes(offset, width)) return undefined;
    const { pending, enable, enableStride, context, contextStride, claim, threshold } = PLIC_REG;
    if (offset < pending) return offset < 4 * PLIC_SOURCES ? this.priority[offset / 4] : 0;
    if (offset < enable) return offset < pending + 4 * WORDS ? this.pending[(offset - pending) / 4] : 0;
    if (offset < enable + CONTEXTS * enableStride) {
      const c = Math.floor((offset - enable) / enableStride);
      const w = ((offset - enable) % enableStride) / 4;
      return w < WORDS ? this.enable[c * WORDS + w] : 0;
    }
    if (offset >= context && offset < context + CONTEXTS * contextStride) {
      const c = Math.floor((offset - context) / contextStride);
      const reg = (offset - context) % contextStride;
      if (reg === threshold) return this.threshold[c];
      if (reg === claim) return this.claim(c);
    }
    return 0;
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    if (!this.decodes(offset, width)) return false;
    const v = low32(value);
    const { pending, enable, enableStride, context, contextStride, claim, threshold } = PLIC_REG;
    if (offset < pending) {
      const id = offset / 4;
      if (id > 0 && id < PLIC_SOURCES) this.priority[id] = v & PLIC_MAX_PRIORITY;
    } else if (offset >= enable && offset < enable + CONTEXTS * enableStride) {
      const c = Math.floor((offset - enable) / enableStride);
      const w = ((offset - enable) % enableStride) / 4;
      if (w < WORDS) this.enable[c * WORDS + w] = v;
    } else if (offset >= context && offset < context + CONTEXTS * contextStride) {
      const c = Math.floor((offset - context) / contextStride);
      const reg = (offset - context) % contextStride;
      if (reg === threshold && v <= PLIC_MAX_PRIORITY) this.threshold[c] = v;
      if (reg === claim && v < PLIC_SOURCES) this.complete(v);
    }
    this.update();
    return true;
  }

  /** The id a claim by context `c` would return now (0: none), without claiming it. */
  private best(c: number): number {
    let best = 0;
    let max = this.threshold[c];
    for (let w = 0; w < WORDS; w++) {
      const ready = this.pending[w] & ~this.claimed[w] & this.enable[c * WORDS + w];
      if (ready === 0) continue;
      for (let bit = 0; bit < 32; bit++) {
        const id = w * 32 + bit;
        // strictly greater: equal priorities keep the lowest id ("Interrupt Identifiers")
        if ((ready >>> bit) & 1 && this.priority[id] > max) {
          best = id;
          max = this.priority[id];
        }
      }
    }
    return best;
  }

  /** "Interrupt Claim Process": take the best source out of pending and mark it in flight. */
  private claim(c: number): number {
    const id = this.best(c);
    if (id !== 0) {
      this.pending[id >>> 5] &= ~(1 << (id & 31));
      this.claimed[id >>> 5] |= 1 << (id & 31);
    }
    this.update();
    return id;
  }

  /** "Interrupt Completion": the gateway may forward the source again; a level source still high does so now, a report source at its next report. */
  private complete(id: number): void {
    this.claimed[id >>> 5] &= ~(1 << (id & 31));
    if (id !== 0 && this.level[id] && !this.reports[id]) this.pending[id >>> 5] |= 1 << (id & 31);
  }

  private setLevel(id: number, high: boolean): void {
    if (this.level[id] === (high ? 1 : 0) && !this.reports[id]) return; // a report source: every report counts
    this.level[id] = high ? 1 : 0;
    if (high) this.pending[id >>> 5] |= 1 << (id & 31);
    else this.pending[id >>> 5] &= ~(1 << (id & 31));
    this.update();
  }

  /** Drive MEIP/SEIP: a context is notified while it has a claimable source ("Interrupt Notifications"). */
  private update(): void {
    for (let c = 0; c < CONTEXTS; c++) {
      const level = this.best(c) !== 0;
      if (level !== this.notified[c]) {
        this.notified[c] = level;
        this.outputs[c].set(level);
      }
    }
  }

  private decodes(offset: number, width: Width): boolean {
    return width === 4 && isAligned(offset, width) && offset >= 0 && offset < PLIC_REG.decoded;
  }
}
