/**
 * One measurement: boot the kernel in a mode, type `run NAME N` and `halt`
 * into its shell, and take the workload's measured region: exact counts
 * from the boot result, host time from performance.now() at the markers
 * (`onMarker` is called synchronously as the guest writes the marker, so
 * the interval holds the region's guest execution and nothing else).
 */
import { boot } from '../boot/boot.js';
import { placeDevices, type VirtioSlots } from '../machine/board.js';
import { releaseBoard } from '../machine/ram-pool.js';
import { MemoryDisk } from '../machine/devices/virtio/block-backend.js';
import { EchoPeer } from '../machine/devices/virtio/net-echo.js';
import { DEFAULT_MAC } from '../machine/devices/virtio/net.js';
import type { BootMode } from '../boot/types.js';
import { EXIT_REASONS } from '../vmm/exit-reasons.js';
import { benchErrors } from './errors.js';
import { IO_DISK_BYTES, benchWorkload, isBenchWorkload } from './workloads.js';

/** The images a mode boots. */
export interface BenchImages {
  /** kernel.elf (native and trap). */
  readonly kernel: Uint8Array;
  /** kernel-pv.elf (paravirt); undefined when it did not build. */
  readonly kernelPv?: Uint8Array;
  /** firmware.elf (native). */
  readonly firmware: Uint8Array;
}

/** A workload's measured region in one run (the sum of its regions, for a workload that has several a run). */
export interface RegionSample {
  readonly instructions: number;
  /** Exits by reason name, every EXIT_REASONS row present (0 natively). */
  readonly exitsByReason: Readonly<Record<string, number>>;
  readonly hypercallsByName: Readonly<Record<string, number>>;
  /** Host nanoseconds between the markers. */
  readonly hostNs: number;
  /** Host nanoseconds the hypervisor spent in those exits, by reason name (measured around each exit, vmm/hypervisor.ts). */
  readonly exitHostNsByReason: Readonly<Record<string, number>>;
}

/** A run that does not finish within this many instructions is a failure. */
const BUDGET = 2_000_000_000;

/** The I/O workloads' board: a fresh disk in slot 7 and a card on the echo peer in slot 6, for each run. */
const ioDevices = (): VirtioSlots => ({
  modern: false,
  devices: placeDevices([{ backend: new MemoryDisk(new Uint8Array(IO_DISK_BYTES)), slot: 7 }], [{ backend: new EchoPeer(), slot: 6 }]),
});

/**
 * Run `workload` with count `n` in `mode` and measure its region (or its
 * regions, summed: BenchWorkloadSpec.regions). With `warm`, the board first
 * runs it with count `warm`, `warmRuns` times, unmeasured (harness.ts,
 * WARM_SHARE and PRIME).
 */
export function measureRegion(images: BenchImages, mode: BootMode, workload: string, n: number, warm = 0, warmRuns = 1): RegionSample {
  const kernel = mode === 'paravirt' ? images.kernelPv : images.kernel;
  if (!kernel) throw benchErrors.modeUnavailable(mode, 'no kernel-pv.elf');
  const spec = isBenchWorkload(workload) ? benchWorkload(workload) : undefined;
  let t0 = 0;
  const times: number[] = [];
  const args = spec?.args ? ` ${spec.args}` : '';
  const measured = spec?.regions ?? 1;
  const run = boot(kernel, {
    mode,
    firmware: mode === 'native' ? images.firmware : undefined,
    script: `${warm > 0 ? `run ${workload} ${warm}${args}\n`.repeat(warmRuns) : ''}${`run ${workload} ${n}${args}\n`.repeat(measured)}halt\n`,
    // Paravirtualized, no virtio devices: the same fresh disk and echo peer, served by the split drivers' back ends.
    devices: spec?.io && mode !== 'paravirt' ? ioDevices : undefined,
    disks: spec?.io && mode === 'paravirt' ? () => new MemoryDisk(new Uint8Array(IO_DISK_BYTES)) : undefined,
    nics: spec?.io && mode === 'paravirt' ? () => ({ backend: new EchoPeer(), mac: DEFAULT_MAC }) : undefined,
    maxInstructions: BUDGET,
    onMarker: (m) => {
      if (m.kind === 'begin') t0 = performance.now();
      else times.push((performance.now() - t0) * 1e6);
    },
  });
  try {
    const fail = (why: string) => benchErrors.workloadFailed(workload, mode, n, why);
    if (run.stop !== 'shutdown') throw fail(`the kernel did not shut down (${run.stop} after ${run.instructions} instructions)`);
    if (run.exitCode !== 0) throw fail(`the kernel shut down with code ${run.exitCode}; its console said:\n${run.transcript.slice(-400)}`);
    // A kernel without a driver for the device (one built without its front end) says so, and has no region.
    const noDevice = new RegExp(`^${workload}: (no disk|no network)$`, 'm').exec(run.transcript);
    if (noDevice) throw benchErrors.noDevice(`the kernel says '${noDevice[0]}'`);
    const want = (warm > 0 ? warmRuns : 0) + measured;
    if (run.regions.length !== want || times.length !== want) throw fail(`${run.regions.length} measured regions, expected ${want}`);
    // Each workload prints "NAME: ..." when done, "NAME: WHAT failed" (ulib's fail) or the kernel "killed pid ..." when not.
    if (!run.transcript.includes(`\n${workload}: `) || new RegExp(`^(${workload}: .* failed|killed pid)`, 'm').test(run.transcript)) {
      throw fail(`the workload did not report success:\n${run.transcript.slice(-400)}`);
    }
    // The measured regions are the last `measured`: their counts and times summed.
    const exits = run.regionExits?.slice(want - measured) ?? [];
    if (mode !== 'native' && exits.length !== measured) throw fail('the hypervisor gave no exit statistics for the region');
    const exitsByReason: Record<string, number> = {};
    const exitHostNsByReason: Record<string, number> = {};
    EXIT_REASONS.forEach((r, i) => {
      exitsByReason[r.name] = exits.reduce((a, x) => a + x.counts[i], 0);
      exitHostNsByReason[r.name] = exits.reduce((a, x) => a + x.hostNs[i], 0);
    });
    const hypercalls = new Map<string, number>();
    for (const x of exits) for (const [name, k] of x.hypercalls) hypercalls.set(name, (hypercalls.get(name) ?? 0) + k);
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    return {
      instructions: sum(run.regions.slice(want - measured).map((r) => r.instructions)),
      exitsByReason,
      hypercallsByName: Object.fromEntries([...hypercalls].sort(([a], [b]) => a.localeCompare(b))),
      hostNs: sum(times.slice(want - measured)),
      exitHostNsByReason,
    };
  } finally {
    releaseBoard(run.machine); // nothing returned holds the board: its RAM serves the next run's
  }
}
