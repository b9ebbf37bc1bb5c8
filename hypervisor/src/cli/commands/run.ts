/**
 * `pvlab run --bare`: run a bare-metal RISC-V program on the emulated board.
 */
import { causeOf, disassembleCompressed, disassembleWord } from '@pvlab/assembler';
import { RAM_BASE, RAM_GRANULE, RAM_SIZE_MAX } from '../../machine/bus.js';
import { Machine, type RunResult } from '../../machine/machine.js';
import { BoardError, PMP_COUNTS, placeDevices, type IsaName, type NicOptions } from '../../machine/board.js';
import { LoadError, symbolize } from '../../machine/elf-loader.js';
import { readInput, readStdin, writeOutput } from '../files.js';
import { address, count, flag, parseOptions, size, text, texts, type OptionTable, type OptionValues } from '../options.js';
import { ConsoleOut, UsageError } from '../output.js';
import { runOnTerminal } from '../terminal.js';
import { openNetdev } from '../netdev.js';
import { parseDrive } from '../drive.js';
import { HostPace, runPaced } from '../host-pace.js';
import { GDB_HELP, debugRun, gdbAddress } from '../gdb.js';
import { machineTarget, type GdbAddress } from '../../gdb/index.js';
import { NOT_VIRTUALIZED, runTrapped } from './run-trap.js';
import { captureBare, loadStep, restoreBare, type LoadStep } from '../../snapshot/bare.js';
import { SNAPSHOT_HELP, SNAPSHOT_OPTIONS, checkSnapshotOptions, readSnapshot, refuseWithRestore, snapshotFailure, stoppedEarly, writeSnapshot } from '../snapshot.js';
import { pvlabVersion } from '../../bench/version.js';

/** `pvlab run`'s options. */
export const runOptions = {
  bare: flag(),
  mode: text(),
  bios: text(),
  kernel: text(),
  append: text(),
  dumpdtb: text(),
  isa: text(),
  pmp: count(PMP_COUNTS.min, PMP_COUNTS.max),
  drive: texts(),
  netdev: texts(),
  'virtio-modern': flag(),
  'max-insns': count(1, Number.MAX_SAFE_INTEGER),
  memory: size(RAM_GRANULE, RAM_SIZE_MAX, RAM_GRANULE),
  binary: address(),
  trace: flag(),
  stats: flag(),
  gdb: text(),
  'gdb-wait': flag(),
  ...SNAPSHOT_OPTIONS,
  help: flag('h'),
} as const satisfies OptionTable;

/** The options that describe the board and its programs: a restore takes them from the snapshot. */
const BOARD_OPTIONS = ['bare', 'mode', 'bios', 'kernel', 'append', 'dumpdtb', 'isa', 'pmp', 'drive', 'netdev', 'virtio-modern', 'memory', 'binary', 'gdb', 'gdb-wait'] as const;

export const runHelp = `usage: pvlab run --bare [options] PROGRAM.elf
       pvlab run --bare [options] --bios FIRMWARE [--kernel KERNEL]
       pvlab run --mode trap [options] PROGRAM.elf [PROGRAM.elf …]
       pvlab run --mode trap [options] --bios FIRMWARE [--kernel KERNEL]
       pvlab run --bare [options] PROGRAM.elf --snapshot-at N --snapshot FILE
       pvlab run --restore FILE [--stats] [--max-insns N] [--snapshot-at N --snapshot FILE]

Run a bare-metal RV32IMAC program on pvlab's board — QEMU virt's memory map:
UART (NS16550A) at 0x10000000, CLINT at 0x2000000, PLIC at 0xc000000, the
sifive_test finisher at 0x100000, RAM at 0x80000000. As on QEMU, the hart
starts in the reset ROM at 0x1000, which enters the program with a0 = the
hart id and a1 = the address of the board's device tree. Its console is
your terminal: UART output on stdout, stdin to the UART. The exit code is
the program's: from the finisher (0x5555 pass, code<<16|0x3333 fail) or
from HTIF (tohost = 1 pass, code<<1|1 fail), as riscv-tests report.

With --mode trap the same program runs virtualized, in a VM under pvlab's
hypervisor (full virtualization by trap and emulate): it starts at the
reset ROM in virtual M-mode and runs deprivileged in physical U-mode on
shadow page tables; its M-mode CSRs, mret, CLINT, PMP and devices are
emulated, so it prints what it prints bare. --stats and --trace then show
the hypervisor's exits (as for pvlab boot --mode trap). The VM's board is
the bare board (ROM, device tree, UART, virtio-mmio, finisher, HTIF);
--memory must be a power of two (default 128M); --pmp, --isa, --append,
--drive, --virtio-modern, --bios, --kernel and --max-insns apply as bare
(an SBI firmware and its payload run virtualized: the firmware in the VM's
M-mode, the kernel in its S-mode). Several programs run side by side, a VM
each, each line of output prefixed with its VM. --stats also gives the
exits per second of guest time (its cycles at the hart's 100 MHz).

options:
  --bare               run the program alone on the board, no hypervisor
  --mode trap          run it virtualized, under trap and emulate (see above)
  --bios FILE          the firmware the reset ROM enters (QEMU's -bios): an ELF at its
                       addresses, or a raw binary at 0x80000000
  --kernel FILE        beside --bios, a kernel (QEMU's -kernel): an ELF at its link address,
                       or a raw binary at the first 4 MiB boundary after the firmware;
                       without --bios, the same as PROGRAM
  --append ARGS        the kernel command line, in the device tree's chosen/bootargs
  --dumpdtb FILE       write the board's device tree (DTB) to FILE and exit
                       (decompile it with: dtc -I dtb -O dts FILE)
  --drive SPEC         a virtio-blk disk: file=IMAGE[,readonly][,serial=ID][,slot=N]
                       (QEMU's -drive file=IMAGE,format=raw,if=none,id=d -device
                       virtio-blk-device,drive=d,bus=virtio-mmio-bus.N); repeat for
                       more disks, which take slots 0, 1, … (0x10001000 upwards)
  --netdev SPEC        a virtio-net card and its wire: echo (a built-in peer that answers
                       every frame, deterministic) or dgram,local=127.0.0.1:P,remote=127.0.0.1:Q
                       (frames in UDP datagrams, as QEMU's -netdev dgram: talks to another
                       pvlab or a QEMU guest; idle time then passes at the host's pace);
                       options mac=52:54:00:12:34:56 (the default) and slot=N; cards take
                       the slots after the disks'
  --virtio-modern      virtio-mmio version 2 (default: version 1, legacy, as QEMU 7.2's
                       default; QEMU: -global virtio-mmio.force-legacy=false)
  --isa ISA            the hart's ISA: rv32imac (the default, as QEMU's) or rv32ima
                       (no compressed instructions; QEMU: -cpu rv32,c=false)
  --pmp N              PMP entries, 0..16 (default 16); 0 = no PMP: S/U-mode accesses
                       are not checked, as on QEMU with -cpu rv32,pmp=false
  --max-insns N        stop after N instructions (exit code 3 when the budget runs out)
  --memory SIZE        RAM size, e.g. 128M (default), 1G
  --binary ADDR        PROGRAM is a raw binary to load at ADDR (e.g. 0x80000000)
  --trace              print every instruction: pc, symbol+offset, word, disassembly
                       (with --mode trap: every exit, with what the hypervisor did)
  --stats              print instructions, modeled cycles and traps by cause at the end
                       (with --mode trap: the exits by reason)
${GDB_HELP}
${SNAPSHOT_HELP}

On a terminal, keys go to the UART as you type them; Ctrl-A then x leaves.

examples:
  pvlab run --bare hello.elf
  pvlab run --bare --max-insns 1000000 --stats rv32ui-p-add
  pvlab run --mode trap --stats rv32ui-p-add           the same test, virtualized
  pvlab run --mode trap rv32ui-p-add rv32mi-p-csr      two programs side by side
  pvlab run --bare --bios fw_jump.elf --kernel kernel.elf --append "console=ttyS0"
  pvlab run --bare --drive file=disk.img xv6-kernel.elf
  pvlab run --bare --bios firmware.elf --kernel kernel.elf --netdev echo
  pvlab run --bare --dumpdtb board.dtb
  pvlab run --bare --snapshot-at 100000 --snapshot prog.pvsnap prog.elf    then:
  pvlab run --restore prog.pvsnap --stats         the rest of the run, counts from reset
  pvlab run --bare --gdb 127.0.0.1:1234 --gdb-wait hello.elf    then, elsewhere:
  gdb-multiarch -ex 'target remote 127.0.0.1:1234' -ex 'break _start' hello.elf`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('run', argv, runOptions);
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (values.restore !== undefined) return restoredRun(values, positionals);
  if (values.mode !== undefined) {
    if (values.mode !== 'trap') throw new UsageError(`run: --mode ${values.mode}: a program runs bare (--bare) or virtualized (--mode trap)`);
    if (values.bare) throw new UsageError('run: --bare and --mode trap do not go together: choose the board alone or the hypervisor');
    const refused = NOT_VIRTUALIZED.find((k) => values[k] !== undefined);
    if (refused) throw new UsageError(`run: --${refused} is not available with --mode trap (yet): run the program with --bare for it`);
    return runTrapped(values, positionals);
  }
  if (!values.bare) throw new UsageError('run: say how to run the program: --bare (on the board alone) or --mode trap (virtualized) (pvlab run --bare PROGRAM.elf)');
  const max = values['max-insns'] ?? Infinity;
  const gdb = gdbAddress('run', values);
  if (gdb && values.trace) throw new UsageError('run: --trace and --gdb do not go together (step with gdb instead: stepi, display/i $pc)');
  const snap = checkSnapshotOptions('run', values);
  if (snap && gdb) throw new UsageError('run: --snapshot-at and --gdb do not go together');
  // With gdb on stdio, stdout is gdb's: the console goes to stderr.
  const out = new ConsoleOut(gdb?.kind === 'stdio' ? (b) => process.stderr.write(b) : undefined);
  const flush = () => out.flush();
  const drives = (values.drive ?? []).map((spec) => parseDrive('run', spec));
  const nics: NicOptions[] = [];
  const closeAll = () => [...drives, ...nics].forEach((d) => d.backend.close());
  try {
    for (const spec of values.netdev ?? []) nics.push(await openNetdev('run', spec));
    if (gdb && nics.some((n) => n.backend.external)) throw new UsageError('run: --gdb and a dgram --netdev do not go together (a stopped guest cannot keep pace with its socket): use --netdev echo');
  } catch (e) {
    closeAll();
    throw e;
  }
  let m: Machine;
  try {
    m = new Machine({
      virtio: values['virtio-modern'] ? 'modern' : 'legacy',
      virtioDevices: placeDevices(drives, nics),
      realTimeIdle: nics.some((n) => n.backend.external),
      ramSize: values.memory,
      output: (b) => out.push(b),
      isa: values.isa as IsaName | undefined,
      pmp: values.pmp,
      bootargs: values.append,
    });
  } catch (e) {
    closeAll();
    if (e instanceof BoardError) throw new UsageError(`run: ${e.message}`);
    throw e;
  }
  if (values.dumpdtb !== undefined) {
    if (positionals.length > 0 || values.bios || values.kernel) throw new UsageError('run: --dumpdtb writes the device tree and exits: give no program');
    writeOutput('run', values.dumpdtb, m.deviceTree());
    return 0;
  }
  const loads = loadImages(m, positionals, values);
  if (gdb) {
    try {
      return await debugged(m, gdb, { wait: values['gdb-wait'] === true, max, stats: values.stats === true, flush, program: positionals[0] ?? values.kernel ?? values.bios ?? 'PROGRAM.elf' });
    } finally {
      closeAll();
    }
  }
  return execute(m, values, { max, flush, closeAll, loads });
}

/** `pvlab run --restore FILE`: the board, its programs and devices from the snapshot, run on from where it stopped. */
async function restoredRun(values: RunValues, positionals: string[]): Promise<number> {
  const file = values.restore!;
  refuseWithRestore('run', values, BOARD_OPTIONS, positionals);
  const bytes = readSnapshot(file);
  const out = new ConsoleOut();
  let restored;
  try {
    restored = restoreBare(bytes, { output: (b) => out.push(b) });
  } catch (e) {
    snapshotFailure(file, e);
  }
  const m = restored.machine;
  const closeAll = () => m.virtio.forEach((t) => (t.device as { backend?: { close(): void } } | undefined)?.backend?.close());
  return execute(m, values, { max: values['max-insns'] ?? Infinity, flush: () => out.flush(), closeAll, loads: restored.setup.loads });
}

type RunValues = OptionValues<typeof runOptions>;

/**
 * Run a loaded (or restored) board as the options say: stdin to the UART,
 * to the end, to --max-insns, or to --snapshot-at and the snapshot. Counts
 * and budgets are from reset, so a restored run reports what the run that
 * was never stopped reports.
 */
async function execute(m: Machine, values: RunValues, o: { max: number; flush: () => void; closeAll: () => void; loads: readonly LoadStep[] }): Promise<number> {
  const snap = checkSnapshotOptions('run', values);
  const { flush, closeAll } = o;
  const max = snap ? Math.min(o.max, snap.at) : o.max;
  if (!process.stdin.isTTY) {
    m.uart.feed(readStdin());
  }
  let quit = false;
  let result: RunResult;
  const pace = new HostPace(m);
  const budget = Math.max(0, max - m.hart.retired());
  try {
    if (values.trace) result = traceRun(m, budget, flush);
    else if (process.stdin.isTTY && !snap) ({ result, quit } = await interactiveRun(pace, budget, flush));
    else result = await streamRun(pace, budget, flush);
    result = { ...result, instructions: m.hart.retired() };
    flush();
    if (snap && !quit) {
      if (m.hart.retired() !== snap.at || result.stop !== 'budget') {
        throw stoppedEarly('run', snap.at, m.hart.retired(), result.stop === 'budget' ? 'ran out of --max-insns' : result.stop === 'deadlock' ? 'waited for good' : 'stopped');
      }
      let bytes: Uint8Array;
      try {
        bytes = captureBare(m, o.loads, pvlabVersion());
      } catch (e) {
        snapshotFailure(snap.file, e);
      }
      writeSnapshot(snap.file, bytes);
      if (values.stats) printStats(m, result);
      return 0;
    }
  } finally {
    closeAll();
  }
  if (values.stats) printStats(m, result);
  if (quit) return 0; // the user left with Ctrl-A x
  return finish(m, result, max);
}

/** The exit code of a run, and what to say about how it ended. */
function finish(m: Machine, result: RunResult, max: number): number {
  switch (result.stop) {
    case 'finisher':
    case 'htif':
    case 'monitor':
      return result.exitCode ?? 0;
    case 'budget':
    case 'idle': // (realTimeIdle) the budget ran out while the guest waited
      process.stderr.write(`pvlab: the program did not stop within its budget of ${max.toLocaleString('en-US')} instructions (--max-insns); it retired ${result.instructions.toLocaleString('en-US')}; pc = 0x${m.hart.pc.toString(16)}\n`);
      return 3;
    case 'deadlock':
      process.stderr.write(`pvlab: the hart waits (wfi) for an interrupt that can never come; pc = 0x${m.hart.pc.toString(16)}\n`);
      return 4;
  }
}

/**
 * The program served to a debugger (--gdb): it runs (or waits, --gdb-wait)
 * in slices while gdb may attach, stop, step and look; the run ends as
 * without one, or when gdb kills it.
 */
async function debugged(m: Machine, address: GdbAddress, o: { wait: boolean; max: number; stats: boolean; flush: () => void; program: string }): Promise<number> {
  const tty = address.kind !== 'stdio' && process.stdin.isTTY;
  if (address.kind !== 'stdio' && !tty) {
    m.uart.feed(readStdin());
  }
  const start = m.hart.retired();
  const end = await debugRun(machineTarget(m, 'bare', { maxInstructions: o.max }), address, {
    wait: o.wait, flush: o.flush, program: o.program, endWhenIdle: !tty, feed: tty ? (b) => m.uart.feed(b) : undefined,
  });
  o.flush();
  const stop = end.kind === 'idle' ? 'deadlock' : end.kind === 'exited' ? (end.budget ? 'budget' : 'finisher') : 'monitor';
  const result: RunResult = { stop, exitCode: end.kind === 'exited' ? end.code : 0, instructions: m.hart.retired() - start, cycles: m.hart.cycles() };
  if (o.stats) printStats(m, result);
  if (end.kind === 'killed') {
    process.stderr.write(`pvlab: killed by the debugger; pc = 0x${m.hart.pc.toString(16)}\n`);
    return 0;
  }
  return finish(m, result, o.max);
}


const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const isElf = (b: Uint8Array) => ELF_MAGIC.every((x, i) => b[i] === x);
/** QEMU 7.2 (riscv_calc_kernel_start_addr) puts a raw RV32 kernel at the first 4 MiB boundary after the firmware. */
const RAW_KERNEL_ALIGN = 4 << 20;

/**
 * QEMU's loading conventions: PROGRAM (or --kernel alone) is what the reset
 * ROM enters, like `-bios none -kernel PROGRAM`; --bios FIRMWARE is entered
 * and --kernel KERNEL loaded beside it, like `-bios FIRMWARE -kernel KERNEL`.
 */
function loadImages(m: Machine, positionals: string[], values: { bios?: string; kernel?: string; binary?: number }): LoadStep[] {
  const steps: LoadStep[] = [];
  const read = (path: string): Uint8Array => readInput('run', '', path);
  const load = <T>(path: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof LoadError) throw new UsageError(`run: ${path}: ${e.message}`);
      throw e;
    }
  };
  // Each image is loaded as a step, which a snapshot records so that a restore loads the same (snapshot/bare.ts).
  const step = (s: LoadStep) => (steps.push(s), loadStep(m, s));
  if (values.bios !== undefined) {
    if (positionals.length > 0) throw new UsageError('run: give the program either as PROGRAM or with --bios, not both');
    const bios = read(values.bios);
    const fw = load(values.bios, () => step(isElf(bios) ? { how: 'firmware', bytes: bios } : { how: 'binary', bytes: bios, addr: RAM_BASE }));
    if (values.kernel !== undefined) {
      const kernel = read(values.kernel);
      const end = Math.max(...fw.ranges.map(([, hi]) => hi));
      load(values.kernel, () => step(isElf(kernel) ? { how: 'kernel', bytes: kernel } : { how: 'raw-kernel', bytes: kernel, addr: Math.ceil(end / RAW_KERNEL_ALIGN) * RAW_KERNEL_ALIGN }));
    }
    return steps;
  }
  if (values.kernel !== undefined && positionals.length > 0) throw new UsageError('run: give the program either as PROGRAM or with --kernel, not both');
  const path = values.kernel ?? positionals[0];
  if (path === undefined || positionals.length > 1) throw new UsageError('run: give one program (try: pvlab run --help)');
  const bytes = read(path);
  load(path, () => step(values.binary !== undefined ? { how: 'binary', bytes, addr: values.binary } : { how: 'elf', bytes }));
  return steps;
}

/** Instructions per slice when the output is not a terminal. */
const STREAM_SLICE = 10_000_000;

/**
 * Not on a terminal: run in slices and write the console out after each,
 * so a long run's output (an OS booting) appears as it is made. Slicing
 * never changes what the program sees (virtual time). With a socket
 * (`realTimeIdle`), an idle guest waits on the host between slices.
 */
async function streamRun(pace: HostPace, max: number, flush: () => void): Promise<RunResult> {
  const start = pace.machine.hart.retired();
  const r = await runPaced(pace, max, STREAM_SLICE, flush, (x) => x.stop !== 'budget' && x.stop !== 'idle');
  return { ...r, instructions: pace.machine.hart.retired() - start };
}

/** On a terminal: keystrokes reach the UART between slices (terminal.ts). */
async function interactiveRun(pace: HostPace, max: number, flush: () => void): Promise<{ result: RunResult; quit: boolean }> {
  const { last, instructions, quit } = await runOnTerminal(
    {
      run: (n) => pace.run(n),
      feed: (bytes) => pace.machine.uart.feed(bytes),
      instructions: (r) => r.instructions,
      waiting: (r) => r.stop === 'deadlock' || r.stop === 'idle',
      finished: (r) => r.stop !== 'budget' && r.stop !== 'deadlock' && r.stop !== 'idle',
    },
    max,
    flush,
  );
  return { result: { ...last!, instructions }, quit };
}

/** One instruction at a time, each printed before it runs; the result counts them all. */
function traceRun(m: Machine, max: number, flush: () => void): RunResult {
  const h = m.hart;
  const syms = m.program?.sortedSymbols ?? [];
  const start = h.retired();
  let result = m.run(0);
  for (let i = 0; i < max; i++) {
    const pc = h.pc;
    // The instruction's parcels (a 16-bit one alone when the hart runs compressed code), as objdump shows them.
    const parcel = (a: number) => (m.bus.isRam(a, 2) ? m.bus.read(a, 2) ?? 0 : ((m.bus.fetch(a & ~3) ?? 0) >>> (8 * (a & 2))) & 0xffff);
    const first = parcel(pc);
    const short = h.rvc && (first & 3) !== 3;
    const word = short ? first : (first | (parcel(pc + 2) << 16)) >>> 0;
    const where = symbolize(syms, pc);
    const options = { symbolize: (a: number) => symbolize(syms, a) };
    const d = short ? disassembleCompressed(word, pc, options) : disassembleWord(word, pc, options);
    flush();
    process.stderr.write(`${pc.toString(16).padStart(8, '0')} ${(where ? `<${where}>` : '').padEnd(24)} ${word.toString(16).padStart(short ? 4 : 8, '0').padStart(8)}  ${d.text}\n`);
    result = m.run(1);
    if (result.stop !== 'budget') break;
  }
  return { ...result, instructions: h.retired() - start };
}

function printStats(m: Machine, r: { instructions: number; cycles: number }): void {
  const rows = [...m.hart.trapCounts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${(causeOf(c)?.name ?? `cause 0x${c.toString(16)}`).padEnd(32)} ${n}`);
  process.stderr.write(`\ninstructions  ${r.instructions.toLocaleString('en-US')}\ncycles        ${r.cycles.toLocaleString('en-US')}\ntraps${rows.length ? '\n' + rows.join('\n') : '         none'}\n`);
}
