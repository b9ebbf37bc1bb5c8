/**
 * What a migration did, as the sender reports it to `pvlab ctl migrate`
 * (and `--json`), the benchmark and the tests.
 */

/** One pre-copy round: the pages sent while the guest ran on. */
export interface RoundReport {
  readonly round: number;
  readonly pages: number;
  /** Of them, pages of zeros (sent as their index). */
  readonly zeroPages: number;
  readonly bytes: number;
  /** Guest instructions retired while the round was sent. */
  readonly instructions: number;
  readonly hostMs: number;
}

export interface MigrationReport {
  readonly vm: number;
  readonly to: string;
  readonly mode: string;
  /** The pre-copy rounds (round 0: all of RAM), then the stop-and-copy as the last entry. */
  readonly rounds: readonly RoundReport[];
  /** Pages and bytes sent in all (pages, state, messages). */
  readonly pages: number;
  readonly bytes: number;
  /** Why pre-copy stopped: the dirty set was small, stopped shrinking, or the rounds ran out. */
  readonly converged: 'small' | 'not-shrinking' | 'rounds';
  /** The guest's instruction count when it was paused (the receiver continues from there). */
  readonly pausedAt: number;
  /**
   * The guest was paused this long: the last pages and the state sent, the
   * VM restored at the other end. `instructions` is that time in guest
   * instructions — at the rate the guest ran during pre-copy — the work it
   * could have done meanwhile (its own clock stood still: it lost none).
   */
  readonly downtime: { readonly pages: number; readonly stateBytes: number; readonly hostMs: number; readonly instructions: number };
  /** From connecting to the receiver's go-ahead. */
  readonly totalMs: number;
}
