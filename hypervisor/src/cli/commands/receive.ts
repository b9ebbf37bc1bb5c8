/**
 * `pvlab receive`: wait for a VM migrated from another pvlab (`pvlab ctl
 * migrate VM ADDR`), then run it here — its console on this terminal — as
 * `pvlab boot` runs one, to its end.
 */
import { BOOT_MODE_NAMES, isBootMode } from '../../boot/index.js';
import { parseControlAddress, ControlAddressError } from '../../control/address.js';
import { RAM_MAX } from '../../migration/identity.js';
import { ReceiveError, receiveVm } from '../../migration/receiver.js';
import { count, flag, parseOptions, text, type OptionTable } from '../options.js';
import { ConsoleOut, UsageError } from '../output.js';
import { CONTROL_HELP, controlAddress, listenProblem, stateCodec } from '../control.js';
import { runBoot } from './boot.js';
import { closeDevices } from './boot-restore.js';
import type { BootHandle } from '../../boot/index.js';

export const receiveOptions = {
  listen: text(),
  mode: text(),
  control: text(),
  paused: flag(),
  'max-insns': count(1, Number.MAX_SAFE_INTEGER),
  stats: flag(),
  json: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

export const receiveHelp = `usage: pvlab receive --listen ADDR [options]

Wait for one VM migrated live from another pvlab, then run it here, its
console on this terminal, as 'pvlab boot' runs one. In another terminal:

  pvlab boot --mode trap --control 127.0.0.1:7420        the VM, running
  pvlab receive --listen 127.0.0.1:7421                  this: waits
  pvlab ctl --connect 127.0.0.1:7420 migrate 0 127.0.0.1:7421

The sender copies the VM's memory while it runs (pre-copy rounds: all pages,
then the pages dirtied meanwhile), pauses it for the last pages and its state,
and destroys it once this receiver has it; the VM continues here exactly where
it stopped — the same transcript, the same instruction, exit and hypercall
counts as if it had never moved. Nothing starts here unless the whole VM
arrived: a sender that goes away is one line on stderr, exit code 1.

The kernel, its devices and its options travel with the VM: none are given here.

options:
  --listen ADDR    where to wait: the loopback interface only (127.0.0.1:PORT,
                   [::1]:PORT; port 0: any free port, printed)
  --mode MODE      take only a VM of this mode (${BOOT_MODE_NAMES.join(', ')})
${CONTROL_HELP}
                   (a VM received may be migrated on from here)
  --paused         hold the VM paused once it arrives (pvlab ctl resume VM, or Ctrl-A r)
  --max-insns N    stop the received VM when it has retired N instructions, counted
                   from its reset as pvlab boot counts them (exit code 3)
  --stats          at the end, as pvlab boot --stats
  --json           at the end, one JSON object as pvlab boot --json (the console
                   not shown)

The exit code is the kernel's (halt CODE), as pvlab boot's; 1 when no VM came.`;

export async function receiveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('receive', argv, receiveOptions, false);
  if (values.help) {
    console.log(receiveHelp);
    return 0;
  }
  void positionals;
  if (values.listen === undefined) throw new UsageError('receive: --listen ADDR says where to wait for the VM (try: pvlab receive --help)');
  let listen;
  try {
    listen = parseControlAddress(values.listen, 'receive: --listen', { listening: true, unix: false });
  } catch (e) {
    if (e instanceof ControlAddressError) throw new UsageError(e.message);
    throw e;
  }
  const mode = values.mode;
  if (mode !== undefined && !isBootMode(mode)) throw new UsageError(`receive: unknown mode '${mode}' (modes: ${BOOT_MODE_NAMES.join(', ')})`);
  // Checked before anything waits.
  if (values.paused && !controlAddress('receive', values.control) && !process.stdin.isTTY) throw new UsageError('receive: --paused needs a way to resume: --control ADDR, or the console (Ctrl-A r) on a terminal');
  controlAddress('receive', values.control);
  const max = values['max-insns'] ?? Infinity;
  const out = new ConsoleOut(values.json ? () => {} : undefined);
  const codec = stateCodec({ onOutput: (b) => out.push(b) });
  let received;
  try {
    received = await receiveVm({
      address: listen, accept: { mode, ramMax: RAM_MAX }, codec,
      onListening: (where) => process.stderr.write(`pvlab: waiting for a VM on ${where} (pvlab ctl migrate VM ${where})\n`),
      log: (line) => process.stderr.write(`pvlab: ${line}\n`),
    });
  } catch (e) {
    if (e instanceof ReceiveError) throw new UsageError(`receive: ${e.message}`, 1);
    throw listenProblem('migrations', values.listen, e) ?? e;
  }
  const handle = received.handle;
  const bootMode = handle.result().mode;
  process.stderr.write(`pvlab: received a ${bootMode} VM from ${received.from} (${received.rounds} rounds, ${received.pages} pages); it runs here now\n`);
  return runBoot(handle, values, {
    max, mode: bootMode, interactive: process.stdin.isTTY === true, realTimeIdle: false, out,
    close: () => closeDevices(handle),
  });
}
