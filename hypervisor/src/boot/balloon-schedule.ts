/**
 * The balloon's targets over a hypervised boot (`balloon` in BootOptions,
 * `pvlab boot --balloon VM=SIZE@N`): each is set when the VMs together
 * have retired `at` instructions — or earlier, when the board goes idle
 * before that (every VM waits; the target is what may wake one) — and the
 * run goes on. Instruction counts are exact, so a run with targets repeats
 * exactly. Targets without `at` are the VMs' memory at boot (hypervised.ts).
 */
import type { RunResult } from '../machine/machine.js';
import type { Hypervisor } from '../vmm/hypervisor.js';

/** A balloon target: VM `vm` at `bytes`, at boot (`at` left out) or from `at` instructions (all VMs') on. */
export interface BalloonTarget {
  readonly vm: number;
  readonly bytes: number;
  readonly at?: number;
}

export class BalloonSchedule {
  private readonly pending: BalloonTarget[];

  constructor(private readonly hv: Hypervisor, targets: readonly BalloonTarget[]) {
    this.pending = targets.filter((t) => t.at !== undefined).sort((a, b) => a.at! - b.at!);
  }

  /** The targets still to come (for a snapshot: a restored run sets them when their moment comes). */
  get remaining(): readonly BalloonTarget[] {
    return [...this.pending];
  }

  /** Instructions the VMs have retired together. */
  private retired(): number {
    return this.hv.vms.reduce((n, vm) => n + this.hv.retired(vm), 0);
  }

  /** Run up to `max` instructions, setting each target when its moment comes. */
  run(max: number): RunResult {
    let done = 0;
    for (;;) {
      const next = this.pending[0];
      if (!next) return this.total(this.hv.run(max - done), done);
      const r = this.hv.run(Math.min(max - done, Math.max(0, next.at! - this.retired())));
      done += r.instructions;
      const due = this.retired() >= next.at! || r.stop === 'deadlock' || r.stop === 'idle';
      if (!due || r.stop === 'monitor' || r.stop === 'finisher' || done >= max) return this.total(r, done - r.instructions);
      // Its moment (or the board waits for nothing sooner): set every target due by now, the first at least.
      const now = Math.max(this.retired(), next.at!);
      while (this.pending.length && this.pending[0].at! <= now) {
        const t = this.pending.shift()!;
        this.hv.setBalloonTarget(t.vm, t.bytes);
      }
    }
  }

  /** `r` with the instructions of the whole call. */
  private total(r: RunResult, before: number): RunResult {
    return { ...r, instructions: r.instructions + before };
  }
}
