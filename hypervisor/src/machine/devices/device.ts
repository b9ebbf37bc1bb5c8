/**
 * The contract between the board's bus and its memory-mapped devices.
 *
 * A device owns an address window. The bus calls `read`/`write` with an
 * offset inside the window and an access width; a device answers `undefined`
 * (read) or `false` (write) for an access it does not support, and the bus
 * turns that into an access fault. Devices never see the hart: interrupts go
 * through an `IrqLine` (a wire to the PLIC or to the hart's `mip` bits) and
 * time comes from the board's `Clock`.
 */

/** Access width in bytes. */
export type Width = 1 | 2 | 4 | 8;

export interface Device {
  /** Short name for traces and errors: `uart0`, `clint`, `plic`, `finisher`. */
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Read `width` bytes at `offset`; an unsigned value, or undefined for an access fault. 8-byte reads return a bigint. */
  read(offset: number, width: Width): number | bigint | undefined;
  /** Write `width` bytes at `offset`; false for an access fault. */
  write(offset: number, width: Width, value: number | bigint): boolean;
  /**
   * The 32-bit instruction word at `offset`, for a device the hart may
   * execute from (the reset ROM); absent or undefined: an instruction
   * access fault.
   */
  fetch?(offset: number): number | undefined;
}

/** One interrupt wire: a device drives it high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

/** Virtual time: ticks of `mtime`, derived from the retired-instruction count. Deterministic by construction. */
export interface Clock {
  /** The current value of mtime (64-bit). */
  now(): bigint;
}

/**
 * Device work in virtual time: `fn` runs `delay` modeled cycles from now,
 * between two instructions, so the same program and input always see it
 * at the same instruction.
 */
export interface Scheduler {
  after(delay: number, fn: () => void, tag: EventTag): void;
}

/**
 * What a scheduled piece of work is, as data: who asked for it (`owner`,
 * which can make the work again from `what` and `data`) — so that a board's
 * waiting events can be saved in a snapshot and made again on restore,
 * where closures cannot travel. `data` is plain JSON-able data.
 */
export interface EventTag {
  readonly owner: EventSource;
  readonly what: string;
  readonly data?: unknown;
}

/** Something that schedules work: it makes the work again from its tag (a restored snapshot). */
export interface EventSource {
  rebuildEvent(what: string, data: unknown): () => void;
}

/** Why the machine stops, as reported by the finisher or HTIF. */
export interface PowerControl {
  /** Stop the machine with an exit code (0 = pass). */
  shutdown(code: number, how: 'finisher' | 'htif'): void;
}
