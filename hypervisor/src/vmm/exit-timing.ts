/**
 * Which exits are timed on the host clock, and for how many each counts.
 *
 * Reading the clock is not free: `performance.now()` cost about 75 ns a
 * read here, and an exit took two — a quarter of a paravirtual call's whole
 * host cost (an empty hypercall: 630 ns of CPU, 150 of them the clock,
 * profiled). So past a run's first ALWAYS exits, one exit in SAMPLE is timed
 * and counts for SAMPLE; the others are not timed at all. Which ones is
 * drawn from a pseudo-random sequence rather than every SAMPLE-th, since a
 * guest's exits come in patterns (a context switch's two calls, a fault's
 * flush after its update) that a stride would sample one side of. The host
 * time of each reason is then an unbiased estimate, as in a sampling
 * profiler; the counts stay exact. A trace times every exit (it prints
 * each one's time).
 */
export const SAMPLE = 8;
const ALWAYS = 1024;

export class ExitTiming {
  /** Exits seen, up to ALWAYS. */
  private seen = 0;
  /** xorshift32 state: any fixed seed (it only picks which exits the host times). */
  private state = 0x2545f491;

  /** How many exits the next one's host time stands for: 0, do not time it. */
  weight(tracing: boolean): number {
    if (tracing) return 1;
    if (this.seen < ALWAYS) return (this.seen++, 1);
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x;
    return (x & (SAMPLE - 1)) === 0 ? SAMPLE : 0;
  }
}
