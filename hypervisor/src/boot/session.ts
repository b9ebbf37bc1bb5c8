/**
 * What a boot records whatever the mode: the console transcript and the
 * benchmark markers (the guest's `mark` system call, which the seam turns
 * into a finisher store natively and a hypercall under paravirtualization).
 */

import type { BenchMarkerEvent } from '../machine/devices/index.js';

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

/** Collects output and markers; each mode's runner feeds one. */
export class BootSession {
  private readonly out: number[] = [];
  readonly markers: BenchMarker[] = [];

  constructor(
    private readonly onOutput?: (byte: number) => void,
    private readonly onMarker?: (marker: BenchMarker) => void,
  ) {}

  /** A byte the guest wrote to its console. */
  output(byte: number): void {
    this.out.push(byte);
    this.onOutput?.(byte);
  }

  /** The guest reached a benchmark marker (its finisher write, or its hypercall). */
  marker(kind: BenchMarkerEvent, instructions: number, cycles: number): void {
    const m: BenchMarker = { kind, instructions, cycles };
    this.markers.push(m);
    this.onMarker?.(m);
  }

  /** Everything the guest printed, as text. */
  transcript(): string {
    return Buffer.from(this.out).toString('latin1');
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
