/**
 * `pvlab ctl`: control a running pvlab (`pvlab boot … --control ADDR`) from
 * another terminal, in the manner of `xl` and `virsh`: list its VMs, pause,
 * resume, snapshot, balloon, migrate or destroy one.
 */
import { ControlAddressError, parseControlAddress } from '../../control/address.js';
import { ControlClientError, request } from '../../control/client.js';
import { CONTROL_COMMAND_NAMES } from '../../control/commands.js';
import { commandRows } from '../../control/controller.js';
import { formatReply } from '../../control/format.js';
import { ControlRequestError, LINE_MAX, parseRequestWords } from '../../control/protocol.js';
import { count, flag, parseOptions, text, type OptionTable } from '../options.js';
import { UsageError } from '../output.js';

/** Where `pvlab ctl` connects without --connect (and without PVLAB_CONTROL). */
export const DEFAULT_CONTROL = '127.0.0.1:7420';

export const ctlOptions = {
  connect: text(),
  wait: count(1, 600, 'seconds'),
  json: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

export const ctlHelp = `usage: pvlab ctl [--connect ADDR] [--json] COMMAND [VM] [ARGS]

Control a running pvlab from another terminal, as xl and virsh control Xen
and KVM: start it with a control socket,

  pvlab boot --mode trap --control 127.0.0.1:7420

and send it commands. VMs are numbered from 0 (vm0 works too).

commands:
${commandRows().join('\n')}

options:
  --connect ADDR   the control socket: 127.0.0.1:PORT, [::1]:PORT or a Unix socket
                   PATH (default $PVLAB_CONTROL, else ${DEFAULT_CONTROL})
  --wait SECONDS   if nothing listens yet, try again for up to SECONDS (a script that
                   starts pvlab boot in the background and controls it at once)
  --json           print the reply as JSON, for programs; otherwise a table or a line

Pausing is the host's: a paused VM retires no instruction and takes no exit, and
its time stands, so a VM paused and resumed prints and counts exactly what it
would have without the pause. The same commands are on the console: Ctrl-A p
pauses, r resumes, l lists, s snapshots, c opens a monitor prompt, h lists the keys.

The protocol is one JSON object per line each way (at most ${LINE_MAX} bytes), for
your own tools:
  → {"command":"pause","vm":0}
  ← {"ok":true,"command":"pause","vm":0,"mode":"trap","state":"paused",…}
  ← {"ok":false,"error":"no VM 3 (VMs: 0, 1)"}

Exit code: 0 when the command succeeded, 1 when pvlab answered an error or
could not be reached, 2 for a mistake on this command line.

examples:
  pvlab ctl list
  pvlab ctl pause 0 && pvlab ctl list --json
  pvlab ctl resume 0
  pvlab ctl migrate 0 127.0.0.1:7421     (to a 'pvlab receive --listen 127.0.0.1:7421')
  pvlab ctl --connect /tmp/pvlab.sock destroy 1`;

export async function ctlCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('ctl', argv, ctlOptions);
  if (values.help) {
    console.log(ctlHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`ctl: give a command (${CONTROL_COMMAND_NAMES.join(', ')}; try: pvlab ctl --help)`);
  let req;
  try {
    req = parseRequestWords(positionals);
  } catch (e) {
    if (e instanceof ControlRequestError) throw new UsageError(`ctl: ${e.message}`);
    throw e;
  }
  const text = values.connect ?? process.env.PVLAB_CONTROL ?? DEFAULT_CONTROL;
  let address;
  try {
    address = parseControlAddress(text, 'ctl: --connect', { listening: false, unix: true });
  } catch (e) {
    if (e instanceof ControlAddressError) throw new UsageError(e.message);
    throw e;
  }
  let reply;
  const deadline = Date.now() + (values.wait ?? 0) * 1000;
  for (;;) {
    try {
      reply = await request(address, req);
      break;
    } catch (e) {
      if (!(e instanceof ControlClientError)) throw e;
      if (!e.message.startsWith('nothing listens') || Date.now() >= deadline) throw new UsageError(`ctl: ${e.message}`, 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (values.json) console.log(JSON.stringify(reply, null, 2));
  else if (reply.ok) console.log(formatReply(reply));
  else process.stderr.write(`pvlab: ctl: ${reply.error}\n`);
  return reply.ok ? 0 : 1;
}
