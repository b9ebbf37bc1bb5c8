/**
 * `pvlab run --mode trap PROGRAM.elf`: a bare-metal program in a VM under
 * trap and emulate. The program starts where the board starts (the reset
 * ROM, a0 = hart id, a1 = the device tree) in virtual M-mode, runs in
 * physical U-mode on shadow tables, and every M-mode CSR, mret, its CLINT,
 * its PMP and its devices are emulated: it prints what `run --bare` prints,
 * and `--stats` and `--trace` show the hypervisor's side (its exits).
 */
import { Hypervisor } from '../../vmm/hypervisor.js';
import { layoutProblem } from '../../vmm/layout.js';
import { exitLine, exitRates, exitTable } from '../../vmm/exit-report.js';
import { LoadError, loadElf } from '../../machine/elf-loader.js';
import { RAM_BASE } from '../../machine/bus.js';
import { BoardError, checkIsa, type IsaName } from '../../machine/board.js';
import type { RunResult } from '../../machine/machine.js';
import { placeDevices } from '../../machine/board.js';
import { readInput, readStdin } from '../files.js';
import { parseDrive } from '../drive.js';
import { ConsoleOut, UsageError } from '../output.js';
import { runOnTerminal } from '../terminal.js';
import { prefixed } from './boot.js';

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
  readonly bios?: string;
  readonly kernel?: string;
}

/** The hart's modeled clock (machine.ts: a cycle per instruction, mtime at a tenth of it, QEMU virt's 10 MHz): guest seconds. */
const GUEST_HZ = 100e6;

/** The VM's RAM by default: the board's (128 MiB), so the program sees the device tree `run --bare` gives it. */
const DEFAULT_VM_RAM = 128 << 20;

/** Options of `pvlab run` that have no meaning for a VM (yet): refused with a clear message. */
export const NOT_VIRTUALIZED = ['binary', 'dumpdtb', 'netdev', 'gdb', 'gdb-wait', 'snapshot-at', 'snapshot', 'restore'] as const;

export async function runTrapped(values: TrapRunValues, positionals: string[]): Promise<number> {
  if (values.bios !== undefined && positionals.length > 0) throw new UsageError('run: give the program either as PROGRAM or with --bios, not both');
  if (values.bios === undefined && values.kernel !== undefined) {
    if (positionals.length > 0) throw new UsageError('run: give the program either as PROGRAM or with --kernel, not both');
    positionals = [values.kernel];
  }
  if (values.bios !== undefined) return runFirmware(values, values.bios, values.kernel);
  if (positionals.length < 1) throw new UsageError('run: give one program, or several to run side by side (try: pvlab run --help)');
  const ram = values.memory ?? DEFAULT_VM_RAM;
  const images = positionals.map((path) => readInput('run', '', path));
  // Each image as its VM will load it, first without a VM: a bad one is named in its error.
  images.forEach((image, i) => {
    try {
      loadElf({ ramBase: RAM_BASE, ramSize: ram, u8: new Uint8Array(0), isRam: (pa: number, n: number) => pa >= RAM_BASE && pa + n <= RAM_BASE + ram, load: () => true, written: () => {} }, image);
    } catch (e) {
      if (e instanceof LoadError) throw new UsageError(`run: ${positionals[i]}: ${e.message}`);
      throw e;
    }
  });
  return runImages(values, images, undefined, positionals.join(', '));
}

/** `--bios FIRMWARE [--kernel KERNEL]`: the firmware (ELF or raw) is what the reset ROM enters, the kernel beside it. */
function runFirmware(values: TrapRunValues, bios: string, kernel: string | undefined): Promise<number> {
  const firmware = readInput('run', '', bios);
  if (kernel === undefined) return runImages(values, [new Uint8Array(0)], firmware, bios); // the firmware alone: no kernel beside it
  return runImages(values, [readInput('run', '', kernel)], firmware, `${bios} with ${kernel}`);
}

/** Run `images` side by side, a VM each (each with `firmware` the reset ROM enters, if given). */
async function runImages(values: TrapRunValues, images: Uint8Array[], firmware: Uint8Array | undefined, what: string): Promise<number> {
  const ram = values.memory ?? DEFAULT_VM_RAM;
  const problem = layoutProblem(images.length, ram);
  if (problem) throw new UsageError(`run: --memory: ${problem}`);
  let isa: IsaName | undefined;
  try {
    isa = values.isa === undefined ? undefined : checkIsa(values.isa);
  } catch (e) {
    if (e instanceof BoardError) throw new UsageError(`run: ${e.message}`);
    throw e;
  }
  const count = images.length;
  if (values.drive?.length && count > 1) throw new UsageError('run: --drive gives one VM its disk: run one program with it');
  const max = values['max-insns'] ?? Infinity;
  const out = new ConsoleOut();
  // One VM: its console as it is. Several: each line prefixed with its VM, as pvlab boot --vms does.
  const output = count > 1 ? prefixed(out, count) : (_vm: number, b: number) => out.push(b);
  const drives = (values.drive ?? []).map((spec) => parseDrive('run', spec));
  let hv: Hypervisor;
  try {
    hv = new Hypervisor({
      mode: 'trap', firmware: 'guest', kernels: images, firmwareImage: firmware, ramPerVm: ram, pmp: values.pmp, isa,
      virtio: images.map(() => ({ modern: values['virtio-modern'] === true, devices: placeDevices(drives) })),
      bootargs: images.map(() => values.append),
      output,
      trace: values.trace ? (r) => (out.flush(), process.stderr.write(exitLine(r, count) + '\n')) : undefined,
    });
  } catch (e) {
    drives.forEach((d) => d.backend.close());
    if (e instanceof LoadError) throw new UsageError(`run: ${what}: ${e.message}`);
    if (e instanceof BoardError) throw new UsageError(`run: ${e.message}`);
    throw e;
  }
  const vm0 = hv.vms[0];
  let result: RunResult;
  let quit = false;
  try {
    if (process.stdin.isTTY) {
      const t = await runOnTerminal<RunResult>(
        {
          run: (n) => hv.run(n), feed: (b) => hv.feed(vm0, b), instructions: (r) => r.instructions,
          waiting: (r) => r.stop === 'deadlock', finished: (r) => r.stop !== 'budget' && r.stop !== 'deadlock',
        },
        max, () => out.flush(),
      );
      result = t.last!;
      quit = t.quit;
    } else {
      hv.feed(vm0, readStdin());
      result = hv.run(max);
    }
  } finally {
    drives.forEach((d) => d.backend.close());
  }
  out.flush();
  if (values.stats) {
    const n = (x: number) => x.toLocaleString('en-US');
    for (const vm of hv.vms) {
      const name = count > 1 ? `vm${vm.id} ` : '';
      process.stderr.write(`\n${name}mode          trap (the program's own M-mode, virtualized)\n${name}instructions  ${n(hv.retired(vm))}\n${name}cycles        ${n(hv.cycles(vm))}\n${exitTable(vm.stats, `${name}exits`)}\n${exitRates(vm.stats, hv.cycles(vm) / GUEST_HZ, name)}\n`);
    }
  }
  if (quit) return 0;
  const pc = (vm: typeof vm0) => (vm === hv.runningVm ? hv.hart.pc : vm.cpu.pc);
  switch (result.stop) {
    case 'monitor':
    case 'finisher':
    case 'htif':
      // Every program's own exit code: the first that failed, or 0.
      return hv.vms.map((vm) => vm.exitCode ?? 0).find((c) => c !== 0) ?? 0;
    case 'deadlock':
      process.stderr.write(`pvlab: the guest waits (wfi) for an interrupt that can never come; pc = 0x${pc(vm0).toString(16)}\n`);
      return 4;
    default:
      process.stderr.write(`pvlab: the program did not stop within its budget of ${max.toLocaleString('en-US')} instructions (--max-insns); it retired ${hv.vms.reduce((a, vm) => a + hv.retired(vm), 0).toLocaleString('en-US')}; pc = 0x${pc(vm0).toString(16)}\n`);
      return 3;
  }
}
