/**
 * Exit statistics of one VM: how many world switches of each reason, and
 * the host time they took — the numbers behind `--stats` (in the manner of
 * `perf kvm stat`) and the benchmark. Counts are exact and deterministic;
 * host times are measurements, of a sample of the exits past a run's first
 * (exit-timing.ts).
 */
import { EXIT_REASONS, EXIT_REASON_COUNT, type ExitReason } from './exit-reasons.js';

/** One exit as the trace shows it. */
export interface ExitRecord {
  readonly vm: number;
  readonly reason: ExitReason;
  /** Guest pc of the instruction that exited. */
  readonly pc: number;
  /** The instruction word, when the exit is about one (emulation, MMIO, faults). */
  readonly word?: number;
  /** What the hypervisor did, in words (`sstatus ← 0x22`, `reflected load-page-fault`). */
  readonly effect: string;
  /** Host nanoseconds spent handling it. */
  readonly ns: number;
  /** Units of work it did beyond the exit itself (work.ts): batch entries, bytes, shadow tables. */
  readonly work: number;
}

/** Exit statistics as a snapshot holds them. */
export interface ExitStatsState {
  readonly counts: readonly number[];
  readonly hostNs: readonly number[];
  readonly work: readonly number[];
  readonly hypercalls: readonly (readonly [string, number])[];
}

export class ExitStats {
  readonly counts = new Float64Array(EXIT_REASON_COUNT);
  readonly hostNs = new Float64Array(EXIT_REASON_COUNT);
  /** Units of work done beyond the exits themselves (work.ts), by reason. */
  readonly work = new Float64Array(EXIT_REASON_COUNT);
  /** Hypercalls by name. */
  readonly hypercalls = new Map<string, number>();

  get total(): number {
    let n = 0;
    for (const c of this.counts) n += c;
    return n;
  }

  /** Counts by reason name, zero rows left out. */
  byReason(): Record<string, number> {
    const out: Record<string, number> = {};
    EXIT_REASONS.forEach((r, i) => {
      if (this.counts[i] > 0) out[r.name] = this.counts[i];
    });
    return out;
  }

  /** A copy, for differences between two moments (benchmark regions). */
  snapshot(): ExitStats {
    const s = new ExitStats();
    s.counts.set(this.counts);
    s.hostNs.set(this.hostNs);
    s.work.set(this.work);
    for (const [k, v] of this.hypercalls) s.hypercalls.set(k, v);
    return s;
  }

  /** This minus an earlier snapshot. */
  /** The counts as plain data, for a snapshot (host times included: they are the run's record, not the guest's). */
  save(): ExitStatsState {
    return { counts: [...this.counts], hostNs: [...this.hostNs], work: [...this.work], hypercalls: [...this.hypercalls] };
  }

  /** Take saved counts (by reason, in the order of the EXIT_REASONS table). */
  load(s: ExitStatsState): void {
    for (const [to, from] of [[this.counts, s.counts], [this.hostNs, s.hostNs], [this.work, s.work]] as const) {
      if (from.length !== to.length) throw new RangeError(`exit statistics of ${from.length} reasons, not ${to.length}`);
      to.set(from);
    }
    this.hypercalls.clear();
    for (const [k, v] of s.hypercalls) this.hypercalls.set(String(k), Number(v));
  }

  /** Counts from saved data. */
  static from(s: ExitStatsState): ExitStats {
    const out = new ExitStats();
    out.load(s);
    return out;
  }

  since(earlier: ExitStats): ExitStats {
    const s = new ExitStats();
    for (let i = 0; i < EXIT_REASON_COUNT; i++) {
      s.counts[i] = this.counts[i] - earlier.counts[i];
      s.hostNs[i] = this.hostNs[i] - earlier.hostNs[i];
      s.work[i] = this.work[i] - earlier.work[i];
    }
    for (const [k, v] of this.hypercalls) {
      const d = v - (earlier.hypercalls.get(k) ?? 0);
      if (d) s.hypercalls.set(k, d);
    }
    return s;
  }
}
