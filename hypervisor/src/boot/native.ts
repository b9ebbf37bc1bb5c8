/**
 * `native` boot: the kernel alone on the board, as on real hardware. The
 * M-mode firmware (guest-kernel/firmware) and the kernel ELF are both loaded;
 * the hart starts at the firmware's entry, which enters the kernel at
 * 0x80200000 in S-mode. No hypervisor is attached: nothing exits.
 */
import { Machine } from '../machine/machine.js';
import { LoadError, loadElf } from '../machine/elf-loader.js';
import { bootErrors } from './errors.js';
import type { BootRun, ResolvedBootOptions } from './types.js';
import { BootSession } from './session.js';

/** Boot `kernel` natively under `options.firmware`; runs to shutdown, budget or end of input. */
export function bootNative(kernel: Uint8Array, options: ResolvedBootOptions): BootRun {
  if (!options.firmware) throw bootErrors.noFirmware();
  const session = new BootSession(options.onOutput, options.onMarker);
  let machine: Machine | undefined;
  const m = new Machine({
    ramSize: options.memory,
    output: (b) => session.output(b),
    onFinisherWrite: (word) => session.finisherWord(word, machine!.hart.retired(), machine!.hart.cycles()),
  });
  machine = m;
  let kernelProgram;
  try {
    kernelProgram = loadElf(m.bus, kernel);
  } catch (e) {
    if (e instanceof LoadError) throw bootErrors.badImage('kernel', e.message);
    throw e;
  }
  try {
    m.loadElf(options.firmware); // last: the pc starts at the firmware's entry
  } catch (e) {
    if (e instanceof LoadError) throw bootErrors.badImage('firmware', e.message);
    throw e;
  }
  if (options.script !== undefined) m.uart.feed(typeof options.script === 'string' ? Buffer.from(options.script, 'latin1') : options.script);
  const r = m.run(options.maxInstructions);
  return {
    mode: 'native',
    stop: r.stop === 'finisher' || r.stop === 'htif' ? 'shutdown' : r.stop === 'deadlock' ? 'idle' : 'budget',
    exitCode: r.exitCode,
    instructions: r.instructions,
    cycles: r.cycles,
    transcript: session.transcript(),
    markers: session.markers,
    regions: session.regions(),
    pc: m.hart.pc,
    symbols: kernelProgram.sortedSymbols,
    machine: m,
  };
}
