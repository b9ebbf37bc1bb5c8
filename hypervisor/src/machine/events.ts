/**
 * Device events in virtual time: work a device asked to do some modeled
 * cycles from now (a virtio request completing). The board ends its
 * batches at the earliest event, as at timer deadlines, and runs the due
 * events between two instructions — so they happen at the same instruction
 * on every run. Events at the same cycle run in the order they were asked.
 *
 * Each event carries a tag (device.ts, `EventTag`): its owner and what it
 * is, as data. A snapshot saves the tags (`save`) and a restore asks each
 * owner to make the work again (`load`), in the same order: the events of
 * a restored board fall due at the same cycles, in the same order.
 */
import type { EventSource, EventTag, Scheduler } from './devices/device.js';

interface Event {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  readonly tag: EventTag;
}

/** The most events that may wait at once: every device keeps at most one per queue, so this is a guard, not a limit in practice. */
export const MAX_EVENTS = 4096;

/** One waiting event, as a snapshot holds it: when, in which order, whose and what (`owner` is the name `save` was given for it). */
export interface SavedEvent {
  readonly at: number;
  readonly seq: number;
  readonly owner: string;
  readonly what: string;
  readonly data?: unknown;
}

/** The queue as a snapshot holds it. */
export interface EventQueueState {
  readonly seq: number;
  readonly events: readonly SavedEvent[];
}

/** An event's owner found again on restore, and how its scheduler wraps its work. */
export interface RestoredOwner {
  readonly source: EventSource;
  readonly wrap?: (fn: () => void) => () => void;
}

export class EventQueue implements Scheduler {
  private events: Event[] = [];
  private seq = 0;

  constructor(
    /** Modeled cycles now. */
    private readonly now: () => number,
    /** Told when an event was added (the running batch must end to be cut at it). */
    private readonly added: () => void = () => {},
  ) {}

  after(delay: number, fn: () => void, tag: EventTag): void {
    if (this.events.length >= MAX_EVENTS) throw new RangeError(`more than ${MAX_EVENTS} device events pending`);
    this.events.push({ at: this.now() + Math.max(0, delay), seq: this.seq++, fn, tag });
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

  /** The waiting events as data; `name` names each owner (throws for one it does not know). */
  save(name: (owner: EventSource) => string): EventQueueState {
    return { seq: this.seq, events: this.events.map((e) => ({ at: e.at, seq: e.seq, owner: name(e.tag.owner), what: e.tag.what, data: e.tag.data })) };
  }

  /**
   * Replace the waiting events with saved ones, each made again by its
   * owner: `find` gives the owner of a name, and how the scheduler that owner
   * was given wraps its work (a VM's devices wake the VM after theirs).
   */
  load(state: EventQueueState, find: (owner: string) => RestoredOwner): void {
    if (state.events.length > MAX_EVENTS) throw new RangeError(`more than ${MAX_EVENTS} device events pending`);
    this.events = state.events.map((e) => {
      const { source, wrap } = find(e.owner);
      const fn = source.rebuildEvent(e.what, e.data);
      return { at: e.at, seq: e.seq, fn: wrap ? wrap(fn) : fn, tag: { owner: source, what: e.what, data: e.data } };
    });
    this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.seq = state.seq;
    this.added();
  }
}
