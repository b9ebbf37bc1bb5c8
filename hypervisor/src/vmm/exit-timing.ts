/**
 * Which exits are timed on the host clock, and for how many each counts.
 *
 * Reading the clock is not free: `performance.now()` cost about 75 ns a
 * read here, and an exit took two — a quarter of a paravirtual call's whole
 * host cost (an empty hypercall: 630 ns of CPU, 150 of them the clock,
 * profiled). So past a run's first ALWAYS exits of each trap cause, one
 * exit in SAMPLE is timed and counts for SAMPLE; the others are not timed
 * at all. (The first 1,024 exits of a run, timed whatever their cause, were
 * half of a benchmark run's page-fault exits, and with them two clock reads
 * each inside the measured region; by cause, a rare one is still timed
 * every time, a frequent one about 8 times in 64.) Which ones is
 * drawn from a pseudo-random sequence rather than every SAMPLE-th, since a
 * guest's exits come in patterns (a context switch's two calls, a fault's
 * flush after its update) that a stride would sample one side of. The host
 * time of each reason is then an unbiased estimate, as in a sampling
 * profiler; the counts stay exact. A trace times every exit (it prints
 * each one's time).
 */
export const SAMPLE = 8;
const ALWAYS = 64;

export class ExitTiming {
  /** Exits seen, up to ALWAYS, by trap cause (exceptions, then interrupts: causeSlot). */
  private readonly seen = new Int32Array(64);
  /** xorshift32 state: any fixed seed (it only picks which exits the host times). */
  private state = 0x2545f491;

  /** How many exits the next one, of trap cause `mcause`, stands for in host time: 0, do not time it. */
  weight(tracing: boolean, mcause: number): number {
    if (tracing) return 1;
    const slot = causeSlot(mcause);
    if (this.seen[slot] < ALWAYS) return (this.seen[slot]++, 1);
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x & (SAMPLE - 1)) === 0 ? SAMPLE : 0;
  }
}

/** An mcause's counter: the cause's low bits, interrupts after exceptions. */
const causeSlot = (mcause: number): number => (mcause & 31) | ((mcause >>> 31) << 5);
