/**
 * The console escape (console-escape.ts): what goes to the guest, what is
 * pvlab's, and the monitor prompt.
 */
import test from 'ava';
import { ConsoleEscape, CTRL_A } from '../../src/control/console-escape.js';
import type { ControlRequest } from '../../src/control/protocol.js';

function escape(withControl = true) {
  const fed: number[] = [];
  const asked: ControlRequest[] = [];
  let printed = '';
  let quits = 0;
  const e = new ConsoleEscape({
    feed: (b) => fed.push(...b), quit: () => quits++, print: (s) => (printed += s),
    execute: withControl ? async (r) => (asked.push(r), { ok: true, command: r.command, vm: r.vm ?? 0, state: 'paused', instructions: 1234, vms: [] }) : undefined,
  });
  return { e, fed, asked, printed: () => printed, quits: () => quits };
}
const bytes = (s: string) => [...Buffer.from(s, 'latin1')];

test('keys reach the guest; Ctrl-A Ctrl-A is a literal Ctrl-A; Ctrl-A x quits', (t) => {
  const x = escape();
  x.e.keys(bytes('ls\r'));
  x.e.keys([CTRL_A, CTRL_A, 0x61]);
  t.deepEqual(x.fed, [...bytes('ls\r'), CTRL_A, 0x61]);
  x.e.keys([CTRL_A, 0x78]);
  t.is(x.quits(), 1);
  t.deepEqual(x.asked, []);
});

test('Ctrl-A p, r, l, s run their commands on VM 0; h lists the keys; an unknown key says so', async (t) => {
  const x = escape();
  x.e.keys([CTRL_A, ...bytes('p'), CTRL_A, ...bytes('r'), CTRL_A, ...bytes('l'), CTRL_A, ...bytes('s')]);
  await x.e.pending;
  await new Promise((r) => setImmediate(r));
  t.deepEqual(x.asked, [{ command: 'pause', vm: 0 }, { command: 'resume', vm: 0 }, { command: 'list' }, { command: 'snapshot', vm: 0, file: 'vm0.snap' }]);
  t.deepEqual(x.fed, [], 'none of it reached the guest');
  x.e.keys([CTRL_A, ...bytes('h'), CTRL_A, ...bytes('q')]);
  t.regex(x.printed(), /Ctrl-A p   pause 0: stop running the VM/);
  t.regex(x.printed(), /Ctrl-A q is not a key: Ctrl-A h lists them/);
});

test('the monitor prompt: typed, edited, run with Enter, closed with Ctrl-A c; keys meanwhile are not the guest\'s', async (t) => {
  const x = escape();
  x.e.keys([CTRL_A, ...bytes('c')]);
  t.regex(x.printed(), /\(pvlab\) $/);
  x.e.keys(bytes('pausx'));
  x.e.keys([0x7f, 0x7f, ...bytes('se vm0\r')]);
  await x.e.pending;
  t.deepEqual(x.asked, [{ command: 'pause', vm: 0 }]);
  t.regex(x.printed(), /VM 0 paused at instruction 1,234\r\n\(pvlab\) $/);
  x.e.keys(bytes('frobnicate\r'));
  t.regex(x.printed(), /error: unknown command 'frobnicate'/);
  x.e.keys([CTRL_A, ...bytes('c'), ...bytes('ok')]);
  t.deepEqual(x.fed, bytes('ok'), 'the prompt closed: keys are the guest\'s again');
});

test('without a control plane (pvlab run), the commands answer that there is none', (t) => {
  const x = escape(false);
  x.e.keys([CTRL_A, ...bytes('p')]);
  t.regex(x.printed(), /no control here/);
});
