/**
 * `native` boot: the kernel alone on the board, as on real hardware. The
 * M-mode firmware (guest-kernel/firmware) and the kernel ELF are both loaded;
 * the hart starts at the firmware's entry, which enters the kernel at
 * 0x80200000 in S-mode. No hypervisor is attached: nothing exits.
 */
import { Machine, type RunResult } from '../machine/machine.js';
import { LoadError, loadElf, type LoadedProgram } from '../machine/elf-loader.js';
import { bootErrors } from './errors.js';
import { BOOT_STOPS, bootargsOf, type BootHandle, type BootRun, type BootSlice, type ResolvedBootOptions } from './types.js';
import { BootSession } from './session.js';
import { captureNative } from './native-snapshot.js';


/** Load `kernel` and `options.firmware` on a fresh board, ready to run. */
export function bootNative(kernel: Uint8Array, options: ResolvedBootOptions): BootHandle {
  if (!options.firmware) throw bootErrors.noFirmware();
  const session = new BootSession(options.onOutput, options.onMarker, options.transcriptLimit);
  let machine: Machine | undefined;
  const slots = options.devices?.(0);
  const m = new Machine({
    ramSize: options.memory,
    realTimeIdle: options.realTimeIdle,
    output: (b) => session.output(b),
    onMarker: (event) => session.marker(event, machine!.hart.retired(), machine!.hart.cycles()),
    ...(slots ? { virtio: slots.modern ? 'modern' : 'legacy', virtioDevices: slots.devices, bootargs: bootargsOf(options, 0) } : {}),
  });
  machine = m;
  const kernelProgram = load('kernel', () => (slots ? m.loadKernel(kernel) : loadElf(m.bus, kernel)));
  // Last: the pc starts at the firmware's entry; with devices, at the reset ROM, which passes the device tree (as QEMU's).
  load('firmware', () => (slots ? m.loadFirmware(options.firmware!) : m.loadElf(options.firmware!)));
  options.resume?.({ machine: m, sessions: [session] });
  if (options.script !== undefined) m.uart.feed(typeof options.script === 'string' ? Buffer.from(options.script, 'latin1') : options.script);
  let last: RunResult | undefined;
  const slice = (r: RunResult): BootSlice => ((last = r), { stop: BOOT_STOPS[r.stop], instructions: r.instructions });
  return {
    machine: m,
    run: (max) => slice(m.run(max)),
    step: () => slice(m.step()),
    feed: (bytes) => m.uart.feed(bytes),
    idle: (cycles) => m.idle(cycles),
    snapshot: (pvlab, o) => captureNative(m, session, { kernel, firmware: options.firmware!, devices: slots !== undefined, transcriptLimit: options.transcriptLimit }, pvlab, o?.ram ?? true),
    result(): BootRun {
      return {
        mode: 'native',
        stop: last ? BOOT_STOPS[last.stop] : 'budget',
        exitCode: last?.exitCode,
        instructions: m.hart.retired(),
        cycles: m.hart.cycles(),
        transcript: session.transcript(),
        outputBytes: session.outputBytes,
        markers: session.markers,
        regions: session.regions(),
        pc: m.hart.pc,
        symbols: kernelProgram.sortedSymbols,
        machine: m,
      };
    },
  };
}

function load(what: string, f: () => LoadedProgram): LoadedProgram {
  try {
    return f();
  } catch (e) {
    if (e instanceof LoadError) throw bootErrors.badImage(what, e.message);
    throw e;
  }
}
