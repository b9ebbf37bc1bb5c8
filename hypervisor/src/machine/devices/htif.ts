/**
 * HTIF, the host-target interface of Spike and riscv-tests: two 64-bit
 * words in the program's own memory, at its ELF symbols `tohost` and
 * `fromhost`. The program writes a command to tohost; the host takes it,
 * zeroes tohost (the program's cue that it may write the next one) and may
 * answer in fromhost.
 *
 *   63      56 55      48 47                                   0
 *  +----------+----------+--------------------------------------+
 *  |  device  | command  |               payload                |
 *  +----------+----------+--------------------------------------+
 *
 * Supported (as QEMU 7.2's `hw/char/riscv_htif.c` does them, observed on
 * `-machine spike`):
 * - device 0, command 0, odd payload: exit with code `payload >> 1`
 *   (1 = pass, `code << 1 | 1` = fail) through `PowerControl` ('htif');
 * - device 1, command 1: putchar of the payload's low byte, answered with
 *   fromhost = 0x0101_0000_0000_0100 | char (Spike itself does not answer);
 * - anything else is taken and dropped: tohost zeroed, fromhost = the
 *   command's device and command bits with payload 0. That includes the
 *   riscv-pk syscall proxy (device 0, even payload = a pointer) and
 *   device 1 command 0 (getchar), which QEMU does not serve either.
 *
 * When a command is taken. An RV32 program writes tohost as two 32-bit
 * halves, and may never write the high one: riscv-tests' `write_tohost`
 * loop is `sw TESTNUM, tohost; sw zero, tohost+4; j write_tohost`, older
 * versions omit the high store, and Spike (which polls the whole word)
 * accepts both. Taking the command on a low-half store of an odd value
 * would break a putchar of an odd character written low half first (GCC's
 * order for a 64-bit store, and the order QEMU requires). So tohost is
 * taken on its second store since it was last taken — the two halves in
 * either order, or the low half twice, as the old loop does on its second
 * round — or at once on an 8-byte store. A store that leaves tohost zero
 * (start-up code clearing it) restarts the count. What this cannot serve:
 * a lone store followed by a spin without further stores (QEMU does not
 * take it either), and a putchar of NUL written low half first.
 *
 * The window spans both words and any gap between them (riscv-tests aligns
 * each to 64 bytes); the gap and every other byte behave as plain memory,
 * so the device can overlay the RAM it shadows.
 */
import type { Device, PowerControl, Width } from './device.js';
import { answer, toU64 } from './access.js';

/** Devices and commands of the tohost word. */
export const HTIF = {
  deviceSyscall: 0,
  deviceConsole: 1,
  commandPutchar: 1,
  /** fromhost answer to a putchar: this | char. */
  putcharAck: 0x100,
} as const;

const PAYLOAD_MASK = (1n << 48n) - 1n;

/** Options of HTIF. */
export interface HtifOptions {
  /** Address of the `tohost` symbol (8-aligned). */
  readonly tohost: number;
  /** Address of the `fromhost` symbol (8-aligned); defaults to tohost + 8. */
  readonly fromhost?: number;
  readonly power: PowerControl;
  /** Receives putchar bytes; defaults to dropping them. */
  readonly out?: (byte: number) => void;
}

/** HTIF's state, as a snapshot holds it. */
export interface HtifState {
  readonly bytes: readonly number[];
  readonly stores: number;
}

/** HTIF tohost/fromhost: exit codes and a putchar console. */
export class Htif implements Device {
  readonly name = 'htif';
  readonly base: number;
  readonly size: number;
  private readonly power: PowerControl;
  private readonly out: (byte: number) => void;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** Offsets of tohost and fromhost in the window. */
  private readonly to: number;
  private readonly from: number;
  /** Stores to tohost since it was last taken. */
  private stores = 0;

  constructor(options: HtifOptions) {
    const { tohost } = options;
    const fromhost = options.fromhost ?? tohost + 8;
    if (tohost % 8 !== 0 || fromhost % 8 !== 0 || tohost === fromhost) {
      throw new RangeError(`HTIF needs distinct 8-aligned tohost and fromhost, not 0x${tohost.toString(16)} and 0x${fromhost.toString(16)}`);
    }
    this.base = Math.min(tohost, fromhost);
    this.size = Math.max(tohost, fromhost) + 8 - this.base;
    this.to = tohost - this.base;
    this.from = fromhost - this.base;
    this.power = options.power;
    this.out = options.out ?? (() => {});
    this.bytes = new Uint8Array(this.size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** The state: the window's bytes as the device holds them, and the stores to tohost since it was last taken. */
  save(): HtifState {
    return { bytes: [...this.bytes], stores: this.stores };
  }

  load(s: HtifState): void {
    if (s.bytes.length !== this.bytes.length) throw new RangeError(`HTIF state: ${s.bytes.length} bytes for a ${this.bytes.length}-byte window`);
    this.bytes.set(s.bytes);
    this.stores = s.stores;
  }

  read(offset: number, width: Width): number | bigint | undefined {
    if (!this.inside(offset, width)) return undefined;
    let value = 0n;
    for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[offset + i]);
    return answer(value, width);
  }

  write(offset: number, width: Width, value: number | bigint): boolean {
    if (!this.inside(offset, width)) return false;
    let v = toU64(value);
    for (let i = 0; i < width; i++, v >>= 8n) this.bytes[offset + i] = Number(v & 0xffn);
    if (offset < this.to + 8 && offset + width > this.to) {
      // a store that leaves tohost zero (start-up code clearing it) holds no command yet
      if (this.view.getBigUint64(this.to, true) === 0n) this.stores = 0;
      else this.stores += width === 8 ? 2 : 1;
      if (this.stores >= 2) this.take();
    }
    return true;
  }

  /** The host side: take the command in tohost, zero tohost, act and answer. */
  private take(): void {
    const command = this.view.getBigUint64(this.to, true);
    this.view.setBigUint64(this.to, 0n, true);
    this.stores = 0;
    if (command === 0n) return;
    const device = Number(command >> 56n);
    const cmd = Number((command >> 48n) & 0xffn);
    const payload = command & PAYLOAD_MASK;
    if (device === HTIF.deviceSyscall && cmd === 0 && (payload & 1n) === 1n) {
      this.power.shutdown(Number(payload >> 1n), 'htif');
      return;
    }
    let answerPayload = 0n;
    if (device === HTIF.deviceConsole && cmd === HTIF.commandPutchar) {
      const char = Number(payload & 0xffn);
      this.out(char);
      answerPayload = BigInt(HTIF.putcharAck | char);
    }
    this.view.setBigUint64(this.from, ((command >> 48n) << 48n) | answerPayload, true);
  }

  private inside(offset: number, width: Width): boolean {
    return offset >= 0 && offset + width <= this.size;
  }
}
