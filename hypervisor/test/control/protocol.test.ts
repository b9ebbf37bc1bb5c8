/**
 * The control protocol's checks (protocol.ts, address.ts): every request
 * is held to its command's row of CONTROL_COMMANDS, and everything else is
 * a one-line error, never an exception of another kind.
 */
import test from 'ava';
import { CONTROL_COMMANDS, CONTROL_COMMAND_NAMES } from '../../src/control/commands.js';
import { ControlRequestError, LINE_MAX, parseRequestLine, parseRequestWords } from '../../src/control/protocol.js';
import { ControlAddressError, parseControlAddress } from '../../src/control/address.js';
import { ESCAPE_KEYS } from '../../src/control/console-escape.js';

const bad = (t: import('ava').ExecutionContext, line: string, message: RegExp) => {
  const e = t.throws(() => parseRequestLine(line), { instanceOf: ControlRequestError });
  t.regex(e!.message, message, line.slice(0, 60));
};

test('each command of the table parses from words and from its JSON line to the same request', (t) => {
  const sample = { vm: '1', file: 'a.snap', size: '8M', address: '127.0.0.1:7421' } as const;
  for (const name of CONTROL_COMMAND_NAMES) {
    const args = CONTROL_COMMANDS[name].args as readonly { name: string; kind: keyof typeof sample }[];
    const req = parseRequestWords([name, ...args.map((a) => sample[a.kind])]);
    t.is(req.command, name);
    t.deepEqual(parseRequestLine(JSON.stringify(req)), req);
    if (args.some((a) => a.kind === 'vm')) t.is(req.vm, 1);
  }
  t.deepEqual(parseRequestWords(['balloon', 'vm0', '8M']), { command: 'balloon', vm: 0, size: 8 << 20 });
});

test('malformed, oversized, unknown and incomplete requests are errors with the reason', (t) => {
  bad(t, 'list', /one JSON object per line/);
  bad(t, '{"command":', /one JSON object per line/);
  bad(t, '[1,2]', /a JSON object/);
  bad(t, '"pause"', /a JSON object/);
  bad(t, '{}', /names its "command"/);
  bad(t, '{"command":"fly"}', /^unknown command 'fly' \(commands: list, pause, resume, snapshot, balloon, migrate, destroy\)$/);
  bad(t, '{"command":"pause"}', /^pause: needs VM \(usage: pause VM\)$/);
  bad(t, '{"command":"pause","vm":-1}', /a VM is a number from 0 to 63/);
  bad(t, '{"command":"pause","vm":1.5}', /a VM is a number/);
  bad(t, '{"command":"pause","vm":"0"}', /a VM is a number/);
  bad(t, '{"command":"pause","vm":0,"force":true}', /unexpected field 'force'/);
  bad(t, '{"command":"snapshot","vm":0,"file":""}', /FILE is a path/);
  bad(t, '{"command":"balloon","vm":0,"size":-5}', /SIZE is a whole number of bytes/);
  bad(t, '{"command":"migrate","vm":0,"to":"10.0.0.1:7421"}', /loopback interface only/);
  bad(t, '{"command":"migrate","vm":0,"to":"127.0.0.1:0"}', /port 0 is out of range/);
  bad(t, `{"command":"list","pad":"${'x'.repeat(LINE_MAX)}"}`, new RegExp(`at most ${LINE_MAX} bytes`));
  t.throws(() => parseRequestWords(['pause']), { message: 'pause: usage: pause VM' });
  t.throws(() => parseRequestWords(['pause', 'zero']), { message: /a VM is a number/ });
});

test('addresses: loopback or a Unix socket only, port 0 only where a server listens', (t) => {
  const o = { listening: true, unix: true };
  t.deepEqual(parseControlAddress('127.0.0.1:0', '--control', o), { kind: 'tcp', host: '127.0.0.1', port: 0 });
  t.deepEqual(parseControlAddress('[::1]:7420', '--control', o), { kind: 'tcp', host: '::1', port: 7420 });
  t.deepEqual(parseControlAddress('/tmp/pvlab.sock', '--control', o), { kind: 'unix', path: '/tmp/pvlab.sock' });
  t.deepEqual(parseControlAddress('unix:pvlab.sock', '--control', o), { kind: 'unix', path: 'pvlab.sock' });
  for (const [text, message] of [
    ['0.0.0.0:7420', /the loopback interface only \(127\.0\.0\.1, localhost or \[::1\]\), not '0\.0\.0\.0'/],
    [':7420', /not 'every interface'/],
    ['192.168.1.2:7420', /loopback interface only/],
    ['127.0.0.1:70000', /out of range/],
    ['7420', /needs HOST:PORT/],
    ['/' + 'x'.repeat(200), /at most 107 bytes/],
  ] as const) t.throws(() => parseControlAddress(text, '--control', o), { instanceOf: ControlAddressError, message });
  t.throws(() => parseControlAddress('/tmp/x', 'migrate', { listening: false, unix: false }), { message: /needs HOST:PORT/ });
});

test('the console keys come from the table: every keyed command has one, and none is taken twice', (t) => {
  const keyed = Object.entries(CONTROL_COMMANDS).filter(([, c]) => 'key' in c).map(([, c]) => (c as { key: string }).key);
  t.deepEqual(keyed.sort(), ['l', 'p', 'r', 's']);
  t.is(new Set([...ESCAPE_KEYS.keys()]).size, ESCAPE_KEYS.size);
  t.true(['x', 'h', 'c'].every((k) => ESCAPE_KEYS.has(k)));
});
