/**
 * A split driver's shared ring, the back end's view (Xen's `io/ring.h`):
 * a page the guest granted, a header of four free-running indices, then
 * `size` slots. The front end produces requests (req_prod) and says when it
 * wants to hear of responses (rsp_event); the back end consumes requests,
 * writes each response over a slot, publishes them (rsp_prod) and says when
 * it wants to hear of new requests (req_event).
 *
 * Everything here reads guest memory afresh and trusts none of it: a
 * request is copied out of its slot before it is looked at (the guest
 * cannot change it half-way), and `pending()` refuses a producer index more
 * than a ring ahead of what the back end consumed, which only a corrupt or
 * hostile front end writes (Xen: "Frontend provided bogus ring requests").
 */
import type { GuestMemory } from '@pvlab/hypercall-abi';
import { readLe32, writeLe32 } from './event-channels.js';

/** The header's word offsets (the catalogue's `*_sring` layouts: blkif's and netif's are the same). */
export interface RingHeader {
  readonly req_prod: number;
  readonly req_event: number;
  readonly rsp_prod: number;
  readonly rsp_event: number;
}

/** A struct of u32 fields, as the catalogue lays it out: field -> byte offset. */
export type Fields = Readonly<Record<string, number>>;

export class SharedRing {
  /** Requests consumed, responses produced (not yet published): the back end's private indices. */
  reqCons = 0;
  rspProdPvt = 0;

  /**
   * `page`: the ring page's guest-physical address (its grant pinned by the
   * caller); `first`: the byte offset of slot 0; `slotSize`, `size`: the
   * slots' size and number (a power of two).
   */
  constructor(
    private readonly memory: GuestMemory,
    readonly page: number,
    private readonly header: RingHeader,
    private readonly first: number,
    private readonly slotSize: number,
    readonly size: number,
  ) {}

  /** Start afresh (at connect): nothing consumed or produced, the first request wanted. */
  /** The back end's private indexes (the shared ones are in the guest's page), for a snapshot. */
  save(): { readonly reqCons: number; readonly rspProdPvt: number } {
    return { reqCons: this.reqCons, rspProdPvt: this.rspProdPvt };
  }

  load(s: { readonly reqCons: number; readonly rspProdPvt: number }): void {
    this.reqCons = s.reqCons >>> 0;
    this.rspProdPvt = s.rspProdPvt >>> 0;
  }

  reset(): void {
    this.reqCons = this.rspProdPvt = 0;
    this.set('rsp_prod', 0);
    this.set('req_event', 1);
  }

  /** Requests produced and not consumed yet, or undefined when the producer is more than a ring ahead. */
  pending(): number | undefined {
    const n = (this.get('req_prod') - this.reqCons) >>> 0;
    return n > this.size ? undefined : n;
  }

  /** The next request, copied out of its slot, and consumed. */
  take<F extends Fields>(fields: F): { [K in keyof F]: number } {
    const at = this.slot(this.reqCons);
    this.reqCons = (this.reqCons + 1) >>> 0;
    const out: Record<string, number> = {};
    for (const name in fields) out[name] = this.wordAt(at + fields[name]);
    return out as { [K in keyof F]: number };
  }

  /** A response into the next response slot (not published until `publish`). */
  put<F extends Fields>(fields: F, values: { [K in keyof F]: number }): void {
    const at = this.slot(this.rspProdPvt);
    for (const name in fields) this.putWord(at + fields[name], values[name]);
    this.rspProdPvt = (this.rspProdPvt + 1) >>> 0;
  }

  /**
   * Publish the responses put since `before` (rsp_prod); true when the front
   * end asked to be told of one of them (rsp_event among them: Xen's
   * RING_PUSH_RESPONSES_AND_CHECK_NOTIFY).
   */
  publish(before: number): boolean {
    if (this.rspProdPvt === before) return false;
    this.set('rsp_prod', this.rspProdPvt);
    return (this.rspProdPvt - this.get('rsp_event')) >>> 0 < (this.rspProdPvt - before) >>> 0;
  }

  /** Ask for an event when the front end produces the next request (RING_FINAL_CHECK_FOR_REQUESTS). */
  wantRequests(): void {
    this.set('req_event', (this.reqCons + 1) >>> 0);
  }

  get(word: keyof RingHeader): number {
    return this.wordAt(this.page + this.header[word]);
  }

  private set(word: keyof RingHeader, value: number): void {
    this.putWord(this.page + this.header[word], value);
  }

  private slot(index: number): number {
    return this.page + this.first + (index % this.size) * this.slotSize;
  }

  private wordAt(gpa: number): number {
    return readLe32(this.memory, gpa);
  }

  private putWord(gpa: number, value: number): void {
    writeLe32(this.memory, gpa, value);
  }
}
