/**
 * The debug target of a boot (the boot API's handle): the native boot is a
 * board with its firmware and kernel (machine-target.ts), a hypervised boot
 * its VMs (vm-target.ts). Either way the handle runs it, so what the boot
 * reports at the end is what it would report without a debugger.
 */
import type { BootHandle, BootMode, BootSlice } from '../boot/index.js';
import { machineTarget, type Runner } from './machine-target.js';
import { vmTarget } from './vm-target.js';
import type { DebugTarget, TargetEnd } from './target.js';

/** The boot handle as a runner: a shutdown is the end of the run, with the kernel's exit code. */
function bootRunner(handle: BootHandle): Runner {
  const end = (s: BootSlice): TargetEnd =>
    s.stop === 'shutdown' ? { kind: 'exited', code: handle.result().exitCode ?? 0 } : s.stop === 'idle' ? { kind: 'idle' } : { kind: 'running' };
  return { run: (n) => end(handle.run(n)), step: () => end(handle.step()) };
}

/** What a debugger sees of a boot in `mode`, with the boot's instruction budget. */
export function bootTarget(handle: BootHandle, mode: BootMode, maxInstructions = Infinity): DebugTarget {
  const runner = bootRunner(handle);
  if (handle.hypervisor) return vmTarget(handle.hypervisor, runner, maxInstructions);
  if (mode !== 'native') throw new Error(`a ${mode} boot without a hypervisor`);
  return machineTarget(handle.machine, 'native', { runner, maxInstructions });
}
