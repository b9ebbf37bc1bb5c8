/**
 * What must be equal between an interrupted run (paused, snapshotted,
 * migrated) and an uninterrupted one: how it stopped, the transcript, and
 * every count — instructions, cycles, exits by reason, hypercalls by name,
 * for every VM.
 */
import type { BootHandle } from '@pvlab/hypervisor';

export function counts(h: BootHandle) {
  const r = h.result();
  return {
    stop: r.stop, exitCode: r.exitCode, instructions: r.instructions, cycles: r.cycles, transcript: r.transcript,
    guests: (r.guests ?? []).map((g) => ({ instructions: g.instructions, exitCode: g.exitCode, transcript: g.transcript, exits: g.stats.byReason(), hypercalls: Object.fromEntries([...g.stats.hypercalls].sort()) })),
  };
}

/** A small seeded generator (mulberry32): random points that a failure names and a rerun repeats. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}
