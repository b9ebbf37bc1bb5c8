/** Stand-ins for the board around a device: interrupt wires, the clock and power control, each recording what it saw. */
import type { Clock, IrqLine, PowerControl } from '../../../../src/machine/devices/device.js';

/** An interrupt wire that remembers its level and every `set` call. */
export class FakeIrq implements IrqLine {
  level = false;
  readonly calls: boolean[] = [];
  set(level: boolean): void {
    this.level = level;
    this.calls.push(level);
  }
}

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(public time = 0n) {}
  now(): bigint {
    return this.time;
  }
}

/** Power control that records each shutdown request. */
export class FakePower implements PowerControl {
  readonly calls: Array<{ code: number; how: 'finisher' | 'htif' }> = [];
  shutdown(code: number, how: 'finisher' | 'htif'): void {
    this.calls.push({ code, how });
  }
}
