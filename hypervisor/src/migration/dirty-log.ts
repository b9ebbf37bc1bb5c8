/**
 * Dirty-page tracking for live migration's pre-copy: which of a VM's pages
 * were written since the last look, without the guest seeing anything.
 *
 * The board's bus keeps the log (Bus.dirtyPages): a store a hart
 * translates marks its page (Mmu.translate → Bus.storing) before the
 * hart's TLB lets further stores to the page through on the fast path, and
 * every other write into RAM — a slow store, the page walker, a device's
 * DMA, the hypervisor's own writes into its guest (hypercall results, ring
 * responses, event bits) — reaches `Bus.written`, which marks it too. A
 * round starts by emptying the harts' store entries (Mmu.flushStores), so
 * the first store to each page after it translates again and is heard;
 * compiled regions read the same TLB, so they are heard too. No trap, no
 * exit, no count, no guest time: the guest cannot tell logging from not.
 *
 * (Pages are the log's unit because pages are what migration sends. One
 * kind of store no translation sees: physical M-mode's, on the hart's direct
 * path. No guest runs there under the hypervisor (VMs run in U or S), and a
 * native boot's firmware stores nothing after it enters the kernel: its
 * trap handler, which does, ends the run.)
 */
import type { Bus } from '../machine/bus.js';
import type { Hart } from '../machine/hart/hart.js';

/** How many logs each board has open (a log is one array per board, shared by the VMs on it). */
const OPEN = new WeakMap<Bus, number>();

/** A VM's pages (or a bare board's), logged: `take` the set written since the last take. */
export class DirtyLog {
  private closed = false;

  /**
   * Log the pages of `board`'s RAM from byte `offset`, `pages` of them (a
   * VM's slot), written by `harts` (the board's hart, and a VM's vCPU, which
   * performs some of its accesses itself) or by anything through the bus.
   */
  constructor(private readonly board: Bus, private readonly harts: readonly Hart[], readonly offset: number, readonly pages: number) {
    if (offset % 4096 !== 0 || offset < 0 || offset + pages * 4096 > board.ramSize) throw new RangeError(`no such range of RAM: ${pages} pages from byte ${offset}`);
    OPEN.set(board, (OPEN.get(board) ?? 0) + 1);
    board.dirtyPages ??= new Uint8Array(board.ramSize / 4096);
    this.take();
  }

  /** The pages written since the last take (or the start), in order, as page numbers within the range; the log starts a new round. */
  take(): number[] {
    if (this.closed) throw new Error('the dirty log is closed');
    for (const h of this.harts) h.mmu.flushStores();
    const d = this.board.dirtyPages!, first = this.offset / 4096;
    const out: number[] = [];
    for (let p = 0; p < this.pages; p++) {
      if (d[first + p] !== 0) {
        d[first + p] = 0;
        out.push(p);
      }
    }
    return out;
  }

  /** How many pages are dirty now (without taking them). */
  count(): number {
    const d = this.board.dirtyPages!, first = this.offset / 4096;
    let n = 0;
    for (let p = 0; p < this.pages; p++) n += d[first + p];
    return n;
  }

  /** Stop logging (the last log of the board drops the array: writes cost nothing again). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const left = (OPEN.get(this.board) ?? 1) - 1;
    OPEN.set(this.board, left);
    if (left === 0) this.board.dirtyPages = undefined;
  }
}
