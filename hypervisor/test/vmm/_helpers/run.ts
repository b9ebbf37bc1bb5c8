/** Runs a test guest natively (firmware state applied in TypeScript) and under the hypervisor. */
import { Machine } from '../../../src/machine/machine.js';
import { applyFirmwareState } from '../../../src/vmm/vcpu.js';
import { Hypervisor } from '../../../src/vmm/hypervisor.js';
import type { ExitRecord } from '../../../src/vmm/exit-stats.js';

export interface GuestRun {
  readonly output: string;
  readonly instructions: number;
  readonly cycles: number;
  readonly stop: string;
  readonly exitCode: number | undefined;
}

export function runNative(elf: Uint8Array, max = 50_000_000): GuestRun {
  const bytes: number[] = [];
  const m = new Machine({ ramSize: 16 << 20, output: (b) => bytes.push(b) });
  const p = m.loadElf(elf);
  applyFirmwareState(m.hart, p.entry);
  const r = m.run(max);
  return { output: Buffer.from(bytes).toString('latin1'), instructions: r.instructions, cycles: r.cycles, stop: r.stop, exitCode: r.exitCode };
}

export function runTrapped(elfs: Uint8Array[], max = 50_000_000, trace?: (r: ExitRecord) => void) {
  const out = elfs.map(() => [] as number[]);
  const hv = new Hypervisor({ kernels: elfs, output: (vm, b) => out[vm].push(b), trace });
  const r = hv.run(max);
  return {
    hv,
    result: r,
    runs: hv.vms.map((vm, i): GuestRun => ({
      output: Buffer.from(out[i]).toString('latin1'),
      instructions: hv.retired(vm),
      cycles: hv.cycles(vm),
      stop: vm.state,
      exitCode: vm.exitCode,
    })),
  };
}
