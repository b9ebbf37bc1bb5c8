/**
 * `pvlab boot`: boot the guest kernel on the board, natively or under the
 * hypervisor (trapped or paravirtualized), interactively or from a script.
 */
import { bootDevices } from '../boot-devices.js';
import { existsSync, readFileSync } from 'node:fs';
import { causeOf } from '@pvlab/assembler';
import { DIST_IMAGES } from '@pvlab/guest-kernel';
import { isHypercallAbiError, loadExtensions, type HypercallSource } from '@pvlab/hypercall-abi';
import { BOOT_MODES, BOOT_MODE_NAMES, BootError, isBootMode, startBoot, type BootHandle, type BootRun } from '../../boot/index.js';
import { RAM_GRANULE, RAM_SIZE_MAX } from '../../machine/bus.js';
import { symbolize } from '../../machine/elf-loader.js';
import { count, flag, parseOptions, size, text, texts, type OptionTable, type OptionValues } from '../options.js';
import { SNAPSHOT_OPTIONS, checkSnapshotOptions, snapshotFailure, stoppedEarly, writeSnapshot } from '../snapshot.js';
import { restoredBoot } from './boot-restore.js';
import { pvlabVersion } from '../../bench/version.js';
import { ConsoleOut, UsageError } from '../output.js';
import { readStdin } from '../files.js';
import { exitLine, exitTable } from '../../vmm/exit-report.js';
import type { FirmwareKind } from '../../vmm/guest-firmware.js';
import type { BootMode } from '../../boot/types.js';
import { debugRun, gdbAddress } from '../gdb.js';
import { bootTarget } from '../../gdb/index.js';
import { parseBalloon } from '../balloon.js';
import { VmController } from '../../control/controller.js';
import { CONTROL_HELP, controlAddress, controlServices, serveControl } from '../control.js';
import { runControlled } from '../boot-run.js';

/** VMs side by side at most: each is a console on the user's terminal. */
const MAX_VMS = 8;

/** `pvlab boot`'s options. */
export const bootOptions = {
  mode: text(),
  script: text(),
  firmware: text(),
  'max-insns': count(1, Number.MAX_SAFE_INTEGER),
  memory: size(RAM_GRANULE, RAM_SIZE_MAX, RAM_GRANULE),
  stats: flag(),
  trace: flag(),
  vms: count(1, MAX_VMS),
  'memory-total': size(4 << 20, RAM_SIZE_MAX, 4 << 20),
  balloon: texts(),
  hypercalls: text(),
  drive: texts(),
  netdev: text(),
  append: text(),
  json: flag(),
  gdb: text(),
  'gdb-wait': flag(),
  ...SNAPSHOT_OPTIONS,
  control: text(),
  paused: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

type BootValues = OptionValues<typeof bootOptions>;

const modeRows = Object.entries(BOOT_MODES).map(([name, m]) => `  ${name.padEnd(9)} ${m.summary}`).join('\n');

export const bootHelp = `usage: pvlab boot [KERNEL.elf] [options]
       pvlab boot [KERNEL.elf] [options] --snapshot-at N --snapshot FILE
       pvlab boot --restore FILE [--stats] [--json] [--max-insns N] [--script FILE]

Boot pvlab's teaching kernel (or your build of it) on the emulated RISC-V
board. Without KERNEL, the one 'npm run build' left in guest-kernel/dist.

A native boot is what a real board does: the M-mode firmware starts at
0x80000000, delegates traps to S-mode, opens memory with a PMP entry, turns
on Sstc, and enters the kernel at 0x80200000 in S-mode with a0 = hart id
(the role OpenSBI plays). The kernel prints its banner and memory map,
starts init, and init starts the shell. The board's time is virtual, so
the same input gives the same instruction counts, every run.

modes:
${modeRows}

options:
  --mode MODE      how the kernel runs (default native)
  --script FILE    type FILE into the console instead of the keyboard ('-' = stdin);
                   end it with 'halt' so the kernel shuts down
  --firmware F     the M-mode firmware: natively a FILE (default guest-kernel/dist/firmware.elf);
                   with --mode trap, builtin (the default: the hypervisor is the firmware and
                   the kernel starts in virtual S-mode, as KVM guests start) or guest
                   (firmware.elf runs virtualized in the VM's own M-mode: the reset ROM
                   enters it and it enters the kernel, as on the bare board; any firmware:
                   pvlab run --mode trap --bios FILE --kernel KERNEL)
  --max-insns N    stop after N instructions (exit code 3)
  --memory SIZE    RAM of the board (native, default 128M) or of each VM (trap and
                   paravirt: a power of two, default 16M); the kernel needs 16M
  --stats          at the end: instructions, cycles, traps by cause, and the
                   benchmark regions (a workload's 'mark' begin/end); under the
                   hypervisor, every exit by reason with its host time (as perf kvm stat)
  --trace          print every exit as it happens: reason, pc, instruction, what
                   the hypervisor did (trap and paravirt)
  --hypercalls F   load your own hypercalls from a TypeScript file (schema + handlers,
                   see docs/tutorials/custom-hypercall.md; trap and paravirt)
  --vms N          run N VMs side by side, each its own kernel and console,
                   output prefixed [vmK] (trap and paravirt)
  --memory-total SIZE
                   the board's RAM for the VMs (paravirt; whole 4M): less than the VMs'
                   sum overcommits, so some must boot smaller (--balloon VM=SIZE) and
                   balloon; trap refuses it (the unmodified kernel has no balloon driver)
  --balloon VM=SIZE[@N]
                   paravirt: VM's memory at boot (the rest ballooned from the start), or
                   with @N its balloon target once the VMs have retired N instructions
                   together; again for more (its 'free' shows the pages)
  --drive SPEC     a disk: file=IMAGE[,readonly]; again for each VM with --vms (the k-th
                   is VM k's, each its own image); native and trap: a virtio-blk device
                   (trapped, every register access is an exit); paravirt: the split
                   driver's back end, one exit per batch of requests
  --netdev echo    a network card wired to the built-in echo peer (each VM its own;
                   [,mac=M]); native and trap: a virtio-net card (trapped, every
                   register access is an exit); paravirt: the split driver's back end
  --netdev dgram,local=127.0.0.1:P,remote=127.0.0.1:Q[,mac=M]
                   one VM's card on a UDP socket, QEMU's -netdev dgram format (to
                   another pvlab or a QEMU guest); idle time passes at the host's pace
  --netdev switch  each VM's card on one virtual switch: VM k is 10.0.0.(2+k), its
                   peer the next VM ('ping peer' in each; trap and paravirt, --vms N)
  --append ARGS    the kernel command line with a device (its network addresses:
                   ip=A mask=M gw=G peer=P)
  --json           print one JSON object instead: transcript, stop, exit code,
                   instructions, cycles, benchmark regions, exits
  --gdb ADDR       debug the kernel with gdb: serve the GDB remote protocol on ADDR,
                   the loopback interface only (127.0.0.1:PORT, [::1]:PORT; port 0:
                   any free port, printed), or stdio for gdb's 'target remote | …'.
                   Under trap and paravirt gdb sees the guest: its virtual privilege,
                   its CSRs, memory through its own page tables, one thread per VM;
                   'monitor help' lists the hypervisor's view (exits, shadow walks).
                   Connect with: gdb-multiarch -ex 'target remote 127.0.0.1:PORT' KERNEL.elf
  --gdb-wait       hold the kernel at reset until gdb attaches and continues it
  --snapshot-at N  stop when the guest has retired exactly N instructions (from reset; all
                   VMs together), write the whole machine to --snapshot FILE, exit 0
  --snapshot FILE  where --snapshot-at writes it (pvlab's snapshot format)
  --restore FILE   continue a snapshot's boot where it stopped: the mode, the VMs, the
                   kernel, devices and the console input not yet read come from the file
                   (stdin or --script, if given, is typed after it; --mode, if given, must
                   match); counts, --stats, --json and --max-insns are from reset, as if
                   the boot had never stopped
${CONTROL_HELP}
  --paused         start with every VM paused (QEMU's -S, xl create -p): resume it with
                   pvlab ctl resume VM, or Ctrl-A r on the console

The exit code is the kernel's (halt CODE), 3 when the budget runs out.
On a terminal, keys go to the console as you type; Ctrl-A then x leaves,
Ctrl-A p pauses, r resumes, l lists, c opens a monitor prompt, h lists the keys.

in the shell:
  help  ps  echo WORDS  uptime  halt [CODE]  run NAME [ARGS]
  workloads: null ctxsw pgfault fork console timer compute (each takes a count)

examples:
  pvlab boot                                   the shell, on your terminal
  printf 'run null 1000\\nhalt\\n' | pvlab boot --script - --stats
  pvlab boot guest-kernel/dist/kernel.elf --script session.txt --json
  printf 'run null 100\\nhalt\\n' | pvlab boot --mode trap --script - --stats
  printf 'halt\\n' | pvlab boot --mode trap --firmware guest --script - --stats
  printf 'halt\\n' | pvlab boot --mode trap --vms 2 --script -
  printf 'ping peer 2\\nhalt\\n' | pvlab boot --mode trap --vms 2 --netdev switch --script -
  printf 'ping peer 2\\nhalt\\n' | pvlab boot --mode paravirt --vms 2 --netdev switch --script -
  printf 'free\\nhalt\\n' | pvlab boot --mode paravirt --vms 3 --memory-total 32M --balloon 0=8M --balloon 1=8M --script -
  pvlab boot --mode trap --gdb 127.0.0.1:1234 --gdb-wait       then gdb, in another terminal
  printf 'run null 1000\\nhalt\\n' | pvlab boot --mode trap --script - --snapshot-at 500000 --snapshot vm.pvsnap
  pvlab boot --restore vm.pvsnap --stats </dev/null                 the rest of that session`;

export async function bootCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('boot', argv, bootOptions);
  if (values.help) {
    console.log(bootHelp);
    return 0;
  }
  if (values.restore !== undefined) return restoredBoot(values, positionals, { prefixed, run: (h, o) => runBoot(h, values, o) });
  if (positionals.length > 1) throw new UsageError('boot: give at most one kernel (try: pvlab boot --help)');
  const mode = values.mode ?? 'native';
  if (!isBootMode(mode)) throw new UsageError(`boot: unknown mode '${mode}' (modes: ${BOOT_MODE_NAMES.join(', ')})`);
  const max = values['max-insns'] ?? Infinity;
  const vms = values.vms ?? 1;
  const needsHypervisor = vms > 1 ? 'vms' : values.trace ? 'trace' : values.hypercalls ? 'hypercalls' : undefined;
  if (needsHypervisor && mode === 'native') throw new UsageError(`boot: --${needsHypervisor} needs the hypervisor (--mode trap or --mode paravirt)`);
  const gdb = gdbAddress('boot', values);
  if (gdb && values['snapshot-at'] !== undefined) throw new UsageError('boot: --snapshot-at and --gdb do not go together');
  const control = controlAddress('boot', values.control);
  if (control && gdb) throw new UsageError('boot: --control and --gdb do not go together (a debugger holds the run): choose one');
  if (values.paused && (gdb || (!control && !(values.script === undefined && process.stdin.isTTY)))) {
    throw new UsageError('boot: --paused needs a way to resume: --control ADDR, or the console (Ctrl-A r) on a terminal');
  }
  if (gdb?.kind === 'stdio' && values.script === '-') throw new UsageError("boot: --gdb stdio speaks to gdb on stdin: give the script as a file, not '-'");
  let hypercalls: HypercallSource[] | undefined;
  if (values.hypercalls) {
    try {
      hypercalls = [await loadExtensions(values.hypercalls)];
    } catch (e) {
      if (isHypercallAbiError(e)) throw new UsageError(`boot: ${e.message}`, 1);
      throw e;
    }
  }
  // Without a kernel, the mode's own image: kernel.elf, or kernel-pv.elf for paravirt.
  const image = BOOT_MODES[mode].image === 'kernel-pv.elf' ? DIST_IMAGES['kernel-pv'] : DIST_IMAGES.kernel;
  const kernelPath = positionals[0] ?? image;
  const kernel = readImage(kernelPath, 'kernel', positionals[0] === undefined);
  const { firmware, firmwareMode } = firmwareOf(mode, values.firmware);
  let script: Buffer | undefined;
  if (values.script !== undefined) script = values.script === '-' ? readStdin() : readImage(values.script, 'script', false);
  else if (!process.stdin.isTTY && gdb?.kind !== 'stdio') script = readStdin();

  const { devices, bootargs, disks, nics, realTimeIdle, close } = await bootDevices(values, vms);
  if (realTimeIdle && gdb) {
    close();
    throw new UsageError('boot: --gdb and a dgram --netdev do not go together (a stopped guest cannot keep pace with its socket): use --netdev echo');
  }

  // The console as the guest writes it, a line at a time; nothing of it with --json; on stderr when gdb has stdout.
  const out = new ConsoleOut(values.json ? () => {} : gdb?.kind === 'stdio' ? (b) => process.stderr.write(b) : undefined);
  let handle: BootHandle;
  try {
    handle = startBoot(kernel, {
      mode, firmware, firmwareMode, script, maxInstructions: max,
      memory: values.memory,
      memoryTotal: values['memory-total'],
      balloon: values.balloon?.map((b) => parseBalloon('boot', b, vms)),
      vms,
      hypercalls,
      devices,
      disks,
      nics,
      bootargs,
      realTimeIdle,
      // One VM: its console as it is. Several: each line prefixed with its VM.
      onOutput: vms > 1 ? undefined : (b) => out.push(b),
      onGuestOutput: vms > 1 ? prefixed(out, vms) : undefined,
      onExit: values.trace ? (r) => {
        out.flush();
        process.stderr.write(exitLine(r, vms) + '\n');
      } : undefined,
    });
  } catch (e) {
    if (e instanceof BootError) throw new UsageError(e.code === 'wrong-image' ? `boot: ${kernelPath}: ${e.message}` : `boot: ${e.message}`);
    throw e;
  }
  return runBoot(handle, values, {
    max, mode, interactive: script === undefined && process.stdin.isTTY === true, realTimeIdle: realTimeIdle === true, close, out,
    gdb: gdb && { address: gdb, tty: script === undefined && gdb.kind !== 'stdio' && process.stdin.isTTY === true, program: kernelPath },
  });
}

/** How `runBoot` runs a boot: its budget from reset, its console, how it ends, and a debugger if any. */
export interface RunBootOptions {
  readonly max: number;
  readonly mode: BootMode;
  /** The user's terminal holds the console. */
  readonly interactive: boolean;
  readonly realTimeIdle: boolean;
  readonly close: () => void;
  readonly out: ConsoleOut;
  readonly gdb?: { readonly address: NonNullable<ReturnType<typeof gdbAddress>>; readonly tty: boolean; readonly program: string };
}

/**
 * Run a booted (or restored) kernel as the options say — under the control
 * plane (--control, --paused, the console escape), on the terminal, a script,
 * paced by a socket, under gdb, to --max-insns or to --snapshot-at and the
 * snapshot — and report. Budgets and counts are from reset.
 */
export async function runBoot(handle: BootHandle, values: Partial<BootValues>, o: RunBootOptions): Promise<number> {
  const { close, out } = o;
  const snap = checkSnapshotOptions('boot', values);
  const max = snap ? Math.min(o.max, snap.at) : o.max;
  const budget = Math.max(0, max - handle.machine.hart.retired());
  const control = controlAddress('boot', values.control);
  let left = false; // the user left with Ctrl-A x
  const controller = new VmController(handle, o.mode);
  controller.provide(controlServices(controller));
  if (values.paused) for (let vm = 0; vm < controller.count; vm++) controller.pause(vm);
  const server = control ? await serveControl(control, controller) : undefined;
  try {
    if (o.gdb) {
      const end = await debugRun(bootTarget(handle, o.mode, max), o.gdb.address, {
        wait: values['gdb-wait'] === true, flush: () => out.flush(), endWhenIdle: !o.gdb.tty, feed: o.gdb.tty ? (b) => handle.feed(b) : undefined,
        program: o.gdb.program,
      });
      if (end.kind === 'killed') {
        out.flush();
        process.stderr.write('pvlab: killed by the debugger\n');
        return 0;
      }
    } else {
      const interactive = o.interactive && !values.json && !snap;
      ({ left } = await runControlled(handle, controller, { max: budget, flush: () => out.flush(), interactive, server, realTimeIdle: o.realTimeIdle }));
    }
  } finally {
    await server?.close();
  }
  if (controller.ended) handle.run(0); // a VM destroyed from the host: the run's stop is the board's halt
  for (const line of controller.farewells()) process.stderr.write(`pvlab: ${line}\n`);
  out.flush();
  if (snap && !left) {
    const retired = handle.machine.hart.retired();
    const run = handle.result();
    if (retired !== snap.at || run.stop !== 'budget') {
      close();
      throw stoppedEarly('boot', snap.at, retired, run.stop === 'shutdown' ? 'shut down' : run.stop === 'idle' ? 'waited for input that cannot come' : 'ran out of --max-insns');
    }
    let bytes: Uint8Array;
    try {
      bytes = handle.snapshot(pvlabVersion());
    } catch (e) {
      close();
      snapshotFailure(snap.file, e);
    }
    close();
    writeSnapshot(snap.file, bytes);
    return report(run, values, max, true);
  }
  close();
  return report(handle.result(), values, max, left);
}

/** What a finished (or snapshotted) run prints, and its exit code. */
function report(run: BootRun, values: Partial<BootValues>, max: number, quiet: boolean): number {
  if (values.json) console.log(JSON.stringify(toJson(run), null, 2));
  else if (values.stats) printStats(run);
  if (quiet) return 0;
  return finish(run, max, Boolean(values.json));
}

function readImage(path: string, what: string, isDefault: boolean): Buffer {
  if (!existsSync(path)) {
    throw new UsageError(isDefault ? `boot: no ${what} at ${path}: build it first (npm run build), or name one` : `boot: cannot read ${what} '${path}'`);
  }
  try {
    return readFileSync(path);
  } catch {
    throw new UsageError(`boot: cannot read ${what} '${path}'`);
  }
}

/** The command's exit code for a run that ended (and, unless `quiet`, why it did not shut down). */
export function finish(run: BootRun, max: number, quiet: boolean): number {
  const where = () => {
    const s = symbolize(run.symbols, run.pc);
    return `pc = 0x${run.pc.toString(16).padStart(8, '0')}${s ? ` <${s}>` : ''}`;
  };
  switch (run.stop) {
    case 'shutdown':
      return run.exitCode ?? 0;
    case 'budget':
      if (!quiet) process.stderr.write(`pvlab: the kernel did not shut down within its budget of ${max.toLocaleString('en-US')} instructions (--max-insns); ${where()}\n`);
      return 3;
    case 'idle':
      if (!quiet) process.stderr.write(`pvlab: end of input: the kernel waits for console input that cannot come (end the script with 'halt'); ${where()}\n`);
      return 0;
  }
}

/** `--json`'s object. */
export function toJson(run: BootRun) {
  return {
    mode: run.mode, stop: run.stop, exitCode: run.exitCode ?? null,
    instructions: run.instructions, cycles: run.cycles,
    regions: run.regions, transcript: run.transcript,
    ...(run.guests ? {
      exits: run.exits?.total ?? 0, exitsByReason: run.exits?.byReason() ?? {}, hypercallsByName: Object.fromEntries(run.exits?.hypercalls ?? []),
      vms: run.guests.map((g) => ({ vm: g.vm, exitCode: g.exitCode ?? null, instructions: g.instructions, exits: g.stats.total, exitsByReason: g.stats.byReason(), transcript: g.transcript })),
    } : {}),
  };
}

/** A VM's line longer than this is shown in pieces, each on a line of its own (a guest need never print a newline). */
const LINE_MAX = 4096;

/** Console bytes of several VMs, a line at a time, each line prefixed with its VM. */
export function prefixed(out: ConsoleOut, vms: number): (vm: number, byte: number) => void {
  const lines = Array.from({ length: vms }, () => [] as number[]);
  return (vm, b) => {
    const line = lines[vm];
    line.push(b);
    if (b !== 10 && line.length < LINE_MAX) return;
    if (b !== 10) line.push(10);
    out.pushAll(Buffer.from(`[vm${vm}] `));
    out.pushAll(line);
    line.length = 0;
  };
}

/** `--stats`, on stderr. */
export function printStats(run: BootRun): void {
  const n = (x: number) => x.toLocaleString('en-US');
  const traps = [...run.machine.hart.trapCounts].sort((a, b) => b[1] - a[1]).map(([c, k]) => `  ${(causeOf(c)?.name ?? `cause 0x${c.toString(16)}`).padEnd(32)} ${n(k)}`);
  const regions = run.regions.map((r, i) => `  region ${i + 1}: ${n(r.instructions)} instructions, ${n(r.cycles)} cycles (from instruction ${n(r.beginInstructions)})`);
  process.stderr.write(
    `\nmode          ${run.mode}\ninstructions  ${n(run.instructions)}\ncycles        ${n(run.cycles)}\n` +
      `traps${traps.length ? '\n' + traps.join('\n') : '         none'}\n` +
      `benchmark regions${regions.length ? '\n' + regions.join('\n') : ' none'}\n` +
      (run.guests ? run.guests.map((g) => exitTable(g.stats, run.guests!.length > 1 ? `vm${g.vm} exits` : 'exits')).join('\n') + '\n' : ''),
  );
}

/**
 * The firmware a boot runs: natively a FILE (pvlab's firmware.elf by
 * default). Under trap and emulate `builtin` (the default: none, the
 * hypervisor is the firmware) or `guest` (firmware.elf in the VM's own
 * M-mode; any other firmware runs virtualized with `pvlab run --mode trap
 * --bios FILE --kernel KERNEL`). A FILE there names the native boot's
 * firmware and changes nothing, as before.
 */
function firmwareOf(mode: BootMode, option: string | undefined): { firmware?: Uint8Array; firmwareMode?: FirmwareKind } {
  const file = (path: string | undefined) => readImage(path ?? DIST_IMAGES.firmware, 'firmware', path === undefined);
  if (mode === 'native') {
    if (option === 'builtin') throw new UsageError('boot: --firmware builtin is the hypervisor\'s (--mode trap): a native boot runs a firmware FILE');
    return { firmware: file(option === 'guest' ? undefined : option) };
  }
  if (option !== 'guest') return {};
  if (mode !== 'trap') throw new UsageError(`boot: --firmware guest: a firmware in the guest's own M-mode runs under --mode trap (mode ${mode} has the hypervisor as its firmware)`);
  return { firmware: file(undefined), firmwareMode: 'guest' };
}
