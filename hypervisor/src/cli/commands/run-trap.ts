/**
 * `pvlab run --mode trap PROGRAM.elf`: a bare-metal program in a VM under
 * trap and emulate. The program starts where the board starts (the reset
 * ROM, a0 = hart id, a1 = the device tree) in virtual M-mode, runs in
 * physical U-mode on shadow tables, and every M-mode CSR, mret, its CLINT,
 * its PMP and its devices are emulated: it prints what `run --bare` prints,
 * and `--stats` and `--trace` show the hypervisor's side (its exits).
 */
import { readFileSync } from 'node:fs';
import { Hypervisor } from '../../vmm/hypervisor.js';
import { layoutProblem } from '../../vmm/layout.js';
import { exitLine, exitTable } from '../../vmm/exit-report.js';
import { LoadError } from '../../machine/elf-loader.js';
import { BoardError, checkIsa, type IsaName } from '../../machine/board.js';
import type { RunResult } from '../../machine/machine.js';
import { placeDevices } from '../../machine/board.js';
import { readInput } from '../files.js';
import { parseDrive } from '../drive.js';
import { ConsoleOut, UsageError } from '../output.js';
import { runOnTerminal } from '../terminal.js';

/** What `run --mode trap` takes from `pvlab run`'s options. */
export interface TrapRunValues {
  readonly memory?: number;
  readonly pmp?: number;
  readonly isa?: string;
  readonly append?: string;
  readonly drive?: readonly string[];
  readonly 'virtio-modern'?: boolean;
  readonly 'max-insns'?: number;
  readonly stats?: boolean;
  readonly trace?: boolean;
}

/** The VM's RAM by default: the board's (128 MiB), so the program sees the device tree `run --bare` gives it. */
const DEFAULT_VM_RAM = 128 << 20;

/** Options of `pvlab run` that have no meaning for a VM (yet): refused with a clear message. */
export const NOT_VIRTUALIZED = ['bios', 'kernel', 'binary', 'dumpdtb', 'netdev', 'gdb', 'gdb-wait'] as const;

export async function runTrapped(values: TrapRunValues, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('run: give one program (try: pvlab run --help)');
  const path = positionals[0];
  const ram = values.memory ?? DEFAULT_VM_RAM;
  const problem = layoutProblem(1, ram);
  if (problem) throw new UsageError(`run: --memory: ${problem}`);
  let isa: IsaName | undefined;
  try {
    isa = values.isa === undefined ? undefined : checkIsa(values.isa);
  } catch (e) {
    if (e instanceof BoardError) throw new UsageError(`run: ${e.message}`);
    throw e;
  }
  const image = readInput('run', '', path);
  const max = values['max-insns'] ?? Infinity;
  const out = new ConsoleOut();
  const drives = (values.drive ?? []).map((spec) => parseDrive('run', spec));
  let hv: Hypervisor;
  try {
    hv = new Hypervisor({
      mode: 'trap', firmware: 'guest', kernels: [image], ramPerVm: ram, pmp: values.pmp, isa,
      virtio: [{ modern: values['virtio-modern'] === true, devices: placeDevices(drives) }],
      bootargs: [values.append],
      output: (_vm, b) => out.push(b),
      trace: values.trace ? (r) => (out.flush(), process.stderr.write(exitLine(r, 1) + '\n')) : undefined,
    });
  } catch (e) {
    drives.forEach((d) => d.backend.close());
    if (e instanceof LoadError) throw new UsageError(`run: ${path}: ${e.message}`);
    if (e instanceof BoardError) throw new UsageError(`run: ${e.message}`);
    throw e;
  }
  const vm = hv.vms[0];
  let result: RunResult;
  let quit = false;
  try {
    if (process.stdin.isTTY) {
      const t = await runOnTerminal<RunResult>(
        {
          run: (n) => hv.run(n), feed: (b) => hv.feed(vm, b), instructions: (r) => r.instructions,
          waiting: (r) => r.stop === 'deadlock', finished: (r) => r.stop !== 'budget' && r.stop !== 'deadlock',
        },
        max, () => out.flush(),
      );
      ({ last: result, quit } = t);
    } else {
      try {
        hv.feed(vm, readFileSync(0));
      } catch {
        // no stdin: nothing to feed
      }
      result = hv.run(max);
    }
  } finally {
    drives.forEach((d) => d.backend.close());
  }
  out.flush();
  const instructions = hv.retired(vm);
  if (values.stats) {
    const n = (x: number) => x.toLocaleString('en-US');
    process.stderr.write(`\nmode          trap (the program's own M-mode, virtualized)\ninstructions  ${n(instructions)}\ncycles        ${n(hv.cycles(vm))}\n${exitTable(vm.stats)}\n`);
  }
  if (quit) return 0;
  const pc = vm === hv.runningVm ? hv.hart.pc : vm.cpu.pc;
  switch (result.stop) {
    case 'monitor':
    case 'finisher':
    case 'htif':
      return vm.exitCode ?? 0;
    case 'deadlock':
      process.stderr.write(`pvlab: the guest waits (wfi) for an interrupt that can never come; pc = 0x${pc.toString(16)}\n`);
      return 4;
    default:
      process.stderr.write(`pvlab: the program did not stop within its budget of ${max.toLocaleString('en-US')} instructions (--max-insns); it retired ${instructions.toLocaleString('en-US')}; pc = 0x${pc.toString(16)}\n`);
      return 3;
  }
}
