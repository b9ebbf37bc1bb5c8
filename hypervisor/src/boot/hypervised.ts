/**
 * `trap` and `paravirt` boots: the kernel in a VM under the hypervisor
 * (vmm/), which plays M-mode — no firmware is loaded. Several VMs may run
 * side by side (`vms`), each with its own copy of the kernel and console;
 * the run's transcript and markers are VM 0's, every VM's are in `guests`.
 */
import { Hypervisor } from '../vmm/hypervisor.js';
import { LoadError } from '../machine/elf-loader.js';
import type { RunResult } from '../machine/machine.js';
import { bootErrors } from './errors.js';
import { captureHypervised } from './hypervised-snapshot.js';
import { BootSession, MARKERS_KEPT } from './session.js';
import { ListTail } from './tail.js';
import type { ExitStats } from '../vmm/exit-stats.js';
import { BOOT_STOPS, bootargsOf, type BootHandle, type BootRun, type BootSlice, type GuestRun, type ResolvedBootOptions } from './types.js';
import { BalloonSchedule } from './balloon-schedule.js';


export function bootHypervised(kernel: Uint8Array, options: ResolvedBootOptions): BootHandle {
  const count = options.vms ?? 1;
  const sessions = Array.from({ length: count }, (_, i) => new BootSession(i === 0 ? options.onOutput : undefined, i === 0 ? options.onMarker : undefined, options.transcriptLimit));
  let hv: Hypervisor;
  // Exits inside each VM's measured regions: a snapshot at begin, the difference at end.
  const opened = Array.from({ length: count }, () => undefined as ExitStats | undefined);
  const regionExits = Array.from({ length: count }, () => new ListTail<ExitStats>(MARKERS_KEPT / 2));
  try {
    hv = new Hypervisor({
      mode: options.mode === 'paravirt' ? 'paravirt' : 'trap',
      kernels: Array.from({ length: count }, () => kernel),
      output: (vm, b) => {
        sessions[vm].output(b);
        options.onGuestOutput?.(vm, b);
      },
      onMarker: (m) => {
        const stats = hv.vms[m.vm].stats;
        if (m.event === 'begin') opened[m.vm] = stats.snapshot();
        else if (opened[m.vm]) {
          regionExits[m.vm].push(stats.since(opened[m.vm]!));
          opened[m.vm] = undefined;
        }
        sessions[m.vm].marker(m.event, m.instructions, m.cycles);
      },
      trace: options.onExit,
      hypercalls: options.hypercalls,
      ramPerVm: options.memory,
      memoryTotal: options.memoryTotal,
      memoryAtBoot: Array.from({ length: count }, (_, i) => options.balloon?.find((t) => t.vm === i && t.at === undefined)?.bytes),
      virtio: options.devices ? Array.from({ length: count }, (_, i) => options.devices!(i)) : undefined,
      realTimeIdle: options.realTimeIdle,
      bootargs: Array.from({ length: count }, (_, i) => bootargsOf(options, i)),
      disks: options.disks ? Array.from({ length: count }, (_, i) => options.disks!(i)) : undefined,
      nics: options.nics ? Array.from({ length: count }, (_, i) => options.nics!(i)) : undefined,
      ...(options.firmwareMode === 'guest' ? { firmware: 'guest' as const, firmwareImage: options.firmware } : {}),
    });
  } catch (e) {
    if (e instanceof LoadError) throw bootErrors.badImage('kernel', e.message);
    if (e instanceof RangeError) throw bootErrors.badMemory(e.message); // the board cannot hold the VMs (memoryTotal, balloon)
    throw e;
  }
  options.resume?.({ machine: hv.machine, hypervisor: hv, sessions, regionExits: { opened, regionExits } });
  const balloon = new BalloonSchedule(hv, options.balloon ?? []);
  if (options.script !== undefined) {
    const bytes = typeof options.script === 'string' ? Buffer.from(options.script, 'latin1') : options.script;
    for (const vm of hv.vms) hv.feed(vm, bytes);
  }
  let last: RunResult | undefined;
  const guests = (): GuestRun[] =>
    hv.vms.map((vm, i) => ({
      vm: i, transcript: sessions[i].transcript(), outputBytes: sessions[i].outputBytes, instructions: hv.retired(vm), exitCode: vm.exitCode,
      stats: vm.stats, regions: sessions[i].regions(), regionExits: regionExits[i].list(),
    }));
  const slice = (r: RunResult): BootSlice => ((last = r), { stop: BOOT_STOPS[r.stop], instructions: r.instructions });
  return {
    machine: hv.machine,
    hypervisor: hv,
    run: (max) => slice(balloon.run(max)),
    step: () => slice(hv.machine.step()),
    feed: (bytes) => hv.feed(hv.vms[0], bytes),
    idle: (cycles) => hv.machine.idle(cycles),
    // The balloon targets a restore needs: each VM's memory at boot (the board is built the same) and those still to come.
    snapshot: (pvlab, o) => captureHypervised(hv, { sessions, regionExits: { opened, regionExits } }, kernel, { ...options, balloon: [...(options.balloon ?? []).filter((t) => t.at === undefined), ...balloon.remaining] }, pvlab, o?.ram ?? true),
    result(): BootRun {
      const vm0 = hv.vms[0];
      return {
        mode: options.mode,
        stop: last ? BOOT_STOPS[last.stop] : 'budget',
        exitCode: last?.stop === 'monitor' ? vm0.exitCode : last?.exitCode,
        instructions: hv.retired(vm0),
        cycles: hv.cycles(vm0),
        transcript: sessions[0].transcript(),
        outputBytes: sessions[0].outputBytes,
        markers: sessions[0].markers,
        regions: sessions[0].regions(),
        pc: vm0 === hv.runningVm ? hv.hart.pc : vm0.cpu.pc,
        symbols: vm0.program.sortedSymbols,
        machine: hv.machine,
        exits: vm0.stats,
        regionExits: regionExits[0].list(),
        guests: guests(),
      };
    },
  };
}
