/**
 * What a boot records whatever the mode: the console transcript and the
 * benchmark markers (the guest's `mark` system call, which the seam turns
 * into a finisher store natively and a hypercall under paravirtualization).
 * Both are bounded, whatever the guest does: the transcript keeps the last
 * `transcriptLimit` bytes (every byte also goes to `onOutput` as it is
 * printed), the markers the last MARKERS_KEPT.
 */

import type { BenchMarkerEvent } from '../machine/devices/index.js';
import { ByteTail, DEFAULT_TRANSCRIPT_LIMIT, ListTail } from './tail.js';

/** Benchmark markers a session keeps (a workload writes two). */
export const MARKERS_KEPT = 1024;

/** One marker the guest reached. */
export interface BenchMarker {
  readonly kind: BenchMarkerEvent;
  /** Guest instructions retired since reset when the marker was written. */
  readonly instructions: number;
  /** Modeled cycles since reset at that moment. */
  readonly cycles: number;
}

/** A begin/end pair: one workload's measured region. */
export interface BenchRegion {
  readonly beginInstructions: number;
  readonly instructions: number;
  readonly cycles: number;
}

/** A session as a snapshot holds it. */
export interface SessionState {
  readonly transcript: Uint8Array;
  readonly outputBytes: number;
  readonly markers: readonly BenchMarker[];
  readonly markersTotal: number;
}

/** Collects output and markers; each mode's runner feeds one. */
export class BootSession {
  private readonly out: ByteTail;
  private readonly kept = new ListTail<BenchMarker>(MARKERS_KEPT);

  constructor(
    private readonly onOutput?: (byte: number) => void,
    private readonly onMarker?: (marker: BenchMarker) => void,
    transcriptLimit = DEFAULT_TRANSCRIPT_LIMIT,
  ) {
    this.out = new ByteTail(transcriptLimit);
  }

  /** A byte the guest wrote to its console. */
  output(byte: number): void {
    this.out.push(byte);
    this.onOutput?.(byte);
  }

  /** The guest reached a benchmark marker (its finisher write, or its hypercall). */
  marker(kind: BenchMarkerEvent, instructions: number, cycles: number): void {
    const m: BenchMarker = { kind, instructions, cycles };
    this.kept.push(m);
    this.onMarker?.(m);
  }

  /** The markers kept (the last MARKERS_KEPT), oldest first. */
  get markers(): BenchMarker[] {
    return this.kept.list();
  }

  /** What the guest printed, as text: all of it, or its last `transcriptLimit` bytes (see `outputBytes`). */
  transcript(): string {
    return Buffer.from(this.out.bytes()).toString('latin1');
  }

  /** Bytes the guest printed in all (more than the transcript holds when it printed more than the limit). */
  get outputBytes(): number {
    return this.out.total;
  }

  /** What the session holds, for a snapshot: the transcript kept, the bytes printed in all, the markers kept. */
  save(): SessionState {
    return { transcript: this.out.bytes(), outputBytes: this.out.total, markers: this.kept.list(), markersTotal: this.kept.total };
  }

  /** Take a saved session (a restored snapshot): its transcript and markers come before what is printed from now on. */
  load(s: SessionState): void {
    this.out.load(s.transcript, s.outputBytes);
    this.kept.load(s.markers, s.markersTotal);
  }

  /** Begin/end pairs in order; an unmatched marker is ignored. */
  regions(): BenchRegion[] {
    const regions: BenchRegion[] = [];
    let open: BenchMarker | undefined;
    for (const m of this.markers) {
      if (m.kind === 'begin') open = m;
      else if (open) {
        regions.push({ beginInstructions: open.instructions, instructions: m.instructions - open.instructions, cycles: m.cycles - open.cycles });
        open = undefined;
      }
    }
    return regions;
  }
}
