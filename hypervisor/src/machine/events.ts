/**
 * Device events in virtual time: work a device asked to do some modeled
 * cycles from now (a virtio request completing). The board ends its
 * batches at the earliest event, as at timer deadlines, and runs the due
 * events between two instructions — so they happen at the same instruction
 * on every run. Events at the same cycle run in the order they were asked.
 */
import type { Scheduler } from './devices/device.js';

interface Event {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/** The most events that may wait at once: every device keeps at most one per queue, so this is a guard, not a limit in practice. */
export const MAX_EVENTS = 4096;

export class EventQueue implements Scheduler {
  private events: Event[] = [];
  private seq = 0;

  constructor(
    /** Modeled cycles now. */
    private readonly now: () => number,
    /** Told when an event was added (the running batch must end to be cut at it). */
    private readonly added: () => void = () => {},
  ) {}

  after(delay: number, fn: () => void): void {
    if (this.events.length >= MAX_EVENTS) throw new RangeError(`more than ${MAX_EVENTS} device events pending`);
    this.events.push({ at: this.now() + Math.max(0, delay), seq: this.seq++, fn });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.added();
  }

  /** The cycle of the earliest event, or Infinity. */
  next(): number {
    return this.events.length ? this.events[0].at : Infinity;
  }

  /** Run every event due at or before `now` (and the ones they add that are due too). */
  runDue(now: number): void {
    while (this.events.length && this.events[0].at <= now) this.events.shift()!.fn();
  }

  get size(): number {
    return this.events.length;
  }
}
