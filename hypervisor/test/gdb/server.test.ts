/**
 * The gdb server over a real socket, driven packet by packet against the
 * bare board (bare.s): the handshake gdb makes, registers, memory,
 * breakpoints, watchpoints, stepping, Ctrl-C, detach and kill, and what it
 * does with input that is wrong.
 */
import test from 'ava';
import { checksum, framePacket } from '../../src/gdb/packets.js';
import { TARGET_XML } from '../../src/gdb/target-description.js';
import { Machine } from '../../src/machine/machine.js';
import { bareProgram, fromLe, le, serveBare, symbol } from './_helpers/bare.js';
import { RspClient } from './_helpers/rsp-client.js';

/** bare.s run to its end without a debugger: the counts a session must not change. */
function plain() {
  const out: number[] = [];
  const m = new Machine({ ramSize: 16 << 20, output: (b) => out.push(b) });
  m.loadElf(bareProgram().elf());
  const r = m.run(1e6);
  return { r, output: Buffer.from(out).toString('latin1'), instructions: m.hart.retired(), cycles: m.hart.cycles() };
}

test('the handshake gdb makes: features, the stop, the thread, the description', async (t) => {
  const { client } = await serveBare(t);
  const supported = await client.ask('qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;xmlRegisters=i386');
  t.true(supported.split(';').includes('PacketSize=4000'));
  t.true(supported.includes('qXfer:features:read+'));
  t.is(await client.ask('vMustReplyEmpty'), '');
  t.is(await client.ask('Hg0'), 'OK');
  t.is(await client.ask('?'), 'T05thread:1;');
  t.is(await client.ask('qfThreadInfo'), 'm1');
  t.is(await client.ask('qsThreadInfo'), 'l');
  t.is(await client.ask('qAttached:1'), '1');
  t.is(await client.ask('qC'), 'QC1');
  t.is(await client.ask('qTStatus'), '', 'not supported: the empty reply');
  t.is(await client.ask('vCont?'), 'vCont;c;C;s;S');
  t.is(Buffer.from(await client.ask('qThreadExtraInfo,1'), 'hex').toString(), 'hart0: M-mode');
  // The description in pieces of 0x100, as gdb reads it when its buffer is small.
  let xml = '';
  for (;;) {
    const piece = await client.ask(`qXfer:features:read:target.xml:${xml.length.toString(16)},100`);
    xml += piece.slice(1);
    if (piece[0] === 'l') break;
    t.is(piece[0], 'm');
  }
  t.is(xml, TARGET_XML);
  t.is(await client.ask('qXfer:features:read:nonesuch.xml:0,100'), 'E22');
});

test('registers: g at reset, p and P, x0 stays zero, CSRs and priv by number', async (t) => {
  const { client, machine } = await serveBare(t);
  const g = await client.ask('g');
  t.is(g.length, 33 * 8);
  t.is(fromLe(g.slice(32 * 8)), 0x1000, 'the reset ROM');
  t.is(await client.ask('p20'), le(0x1000), 'pc is register 32');
  t.is(await client.ask(`Pa=${le(0xdeadbeef)}`), 'OK');
  t.is(machine.hart.x[10] >>> 0, 0xdeadbeef);
  t.is(await client.ask(`P0=${le(5)}`), 'OK');
  t.is(await client.ask('p0'), le(0));
  t.is(await client.ask(`p${(65 + 0x301).toString(16)}`), le(machine.hart.misa), 'misa');
  t.is(await client.ask(`p${(65 + 4096).toString(16)}`), le(3), 'priv: M');
  t.is(await client.ask(`P${(65 + 0x305).toString(16)}=${le(0x80000100)}`), 'OK', 'mtvec');
  t.is(machine.hart.mtvec, 0x80000100);
  t.is(await client.ask(`P${(65 + 0xf14).toString(16)}=${le(7)}`), 'E22', 'mhartid is read-only');
  t.is(await client.ask(`p${(65 + 0x7b0).toString(16)}`), 'E22', 'dcsr: the hart has none');
  t.is(await client.ask('p2000'), 'E22');
  t.is(await client.ask('pzz'), 'E22');
  const all = g.slice(0, 8) + le(0x1234).repeat(31) + le(0x1000);
  t.is(await client.ask('G' + all), 'OK');
  t.is(machine.hart.x[31], 0x1234);
  t.is(await client.ask('G1234'), 'E01', 'a G packet of the wrong length');
});

test('memory: reads through the translation, writes that drop decoded code, partial reads and faults', async (t) => {
  const { client, machine } = await serveBare(t);
  const bump = symbol('bump');
  const word = machine.bus.read(bump, 4)!;
  t.is(await client.ask(`m${bump.toString(16)},4`), le(word));
  t.is(await client.ask('m1000,4'), le(machine.bus.fetch(0x1000)!), 'the reset ROM reads');
  t.is(await client.ask('m10000000,1'), 'E14', 'device registers are never read (a read could consume a byte)');
  t.is(await client.ask('m0,4'), 'E14');
  // A read running off the end of RAM stops there: gdb gets the bytes that exist.
  const end = 0x8000_0000 + machine.bus.ramSize;
  t.is((await client.ask(`m${(end - 2).toString(16)},8`)).length, 4);
  // Lengths are bounded by the packet size.
  t.is((await client.ask('m80000000,100000')).length, 2 * ((0x4000 - 16) >> 1));
  t.is(await client.ask('m80000000'), 'E01');
  t.is(await client.ask('mffffffffff,4'), 'E01', 'an address wider than 32 bits');
  const counter = symbol('counter');
  t.is(await client.ask(`M${counter.toString(16)},4:2a000000`), 'OK');
  t.is(machine.bus.read(counter, 4), 42);
  t.is(await client.ask(`M${counter.toString(16)},4:2a00`), 'E01', 'the length must match the data');
  // X: binary, with the protocol's escapes (0x7d 0x5d is 0x7d; 0x7d 0x03 is '#').
  t.is(await client.ask(`X${counter.toString(16)},0:`), 'OK', 'the probe gdb makes');
  const x = `X${counter.toString(16)},3:}]}\x03a`; // raw: the client's framing would escape the escapes
  client.write(`$${x}#${checksum(x).toString(16).padStart(2, '0')}`);
  t.is(await client.packet(), 'OK');
  t.is(machine.bus.read(counter, 4), 0x61237d | (0 << 24));
  t.is(await client.ask(`M0,4:00000000`), 'E14');
  // Writing code drops what the hart decoded: `bump` made into `ret` returns at once.
  t.is(await client.ask(`M${bump.toString(16)},4:${le(0x00008067)}`), 'OK');
  t.is(await client.ask(`M${counter.toString(16)},4:00000000`), 'OK');
  t.is(await client.ask('vCont;c'), 'W00');
  t.is(machine.bus.read(counter, 4), 0, 'bump did nothing');
});

test('a breakpoint stops before its instruction; a step runs exactly one; the counts are those of a plain run', async (t) => {
  const { client, machine, ended, output } = await serveBare(t);
  const bump = symbol('bump');
  t.is(await client.ask(`Z0,${bump.toString(16)},4`), 'OK');
  t.is(await client.ask('vCont;c'), 'T05thread:1;');
  t.is(machine.hart.pc, bump);
  const retired = machine.hart.retired();
  t.is(await client.ask('vCont;s:1'), 'T05thread:1;', 'a step from a breakpoint goes past it');
  t.is(machine.hart.pc, bump + 4);
  t.is(machine.hart.retired(), retired + 1);
  t.is(await client.ask('c'), 'T05thread:1;', 'the second call');
  t.is(machine.bus.read(symbol('counter'), 4), 1);
  t.is(await client.ask(`z0,${bump.toString(16)},4`), 'OK');
  t.is(await client.ask(`Z1,${symbol('trap_handler').toString(16)},4`), 'OK', 'a hardware breakpoint');
  t.is(await client.ask('c'), 'T05thread:1;');
  t.is(machine.hart.pc, symbol('trap_handler'));
  t.is(machine.hart.mcause, 11, 'reached by the ecall');
  t.is(await client.ask(`z1,${symbol('trap_handler').toString(16)},4`), 'OK');
  t.is(await client.ask('c'), 'W00');
  t.like(await ended, { kind: 'exited', code: 0 });
  const p = plain();
  t.is(Buffer.from(output).toString('latin1'), p.output);
  t.is(machine.hart.retired(), p.instructions);
  t.is(machine.hart.cycles(), p.cycles);
});

test('watchpoints stop before the access, with its address; write, read and access', async (t) => {
  const { client, machine } = await serveBare(t);
  const counter = symbol('counter'), bump = symbol('bump');
  t.is(await client.ask(`Z2,${counter.toString(16)},4`), 'OK');
  t.is(await client.ask('c'), `T05thread:1;watch:${counter.toString(16)};`);
  t.is(machine.hart.pc, bump + 16, 'at the sw');
  t.is(machine.bus.read(counter, 4), 0, 'not written yet');
  t.is(await client.ask(`z2,${counter.toString(16)},4`), 'OK');
  t.is(await client.ask(`Z3,${(counter + 2).toString(16)},1`), 'OK', 'a read watchpoint on the third byte');
  t.is(await client.ask('c'), `T05thread:1;rwatch:${(counter + 2).toString(16)};`);
  t.is(machine.hart.pc, bump + 8, 'at the lw of the next call');
  t.is(await client.ask(`z3,${(counter + 2).toString(16)},1`), 'OK');
  t.is(await client.ask(`Z4,${counter.toString(16)},4`), 'OK');
  t.is(await client.ask('s'), 'T05thread:1;', 'a step runs the watched load');
  t.is(await client.ask('c'), `T05thread:1;awatch:${counter.toString(16)};`, 'the store, as an access');
  t.is(await client.ask(`Z2,80000000,0`), 'E22', 'a length of zero');
});

test('Ctrl-C stops a running program; continuing goes on', async (t) => {
  const { client, machine } = await serveBare(t);
  // Make the program loop forever after the trap: `j .` at after_trap.
  t.is(await client.ask(`M${symbol('after_trap').toString(16)},4:${le(0x0000006f)}`), 'OK');
  client.write(framePacket('c'));
  t.is(await client.ack(), '+');
  await new Promise((r) => setTimeout(r, 100));
  client.write('\x03');
  t.is(await client.packet(), 'T02thread:1;');
  t.is(machine.hart.pc, symbol('after_trap'));
  t.is(await client.ask('g').then((g) => g.length), 264, 'the server answers again');
});

test('detach: the program runs on to its end without the debugger', async (t) => {
  const { client, ended, output } = await serveBare(t);
  t.is(await client.ask(`Z0,${symbol('bump').toString(16)},4`), 'OK');
  t.is(await client.ask('D'), 'OK');
  await client.closedByServer();
  t.like(await ended, { kind: 'exited', code: 0 });
  t.is(Buffer.from(output).toString('latin1'), plain().output, 'its breakpoint went with the debugger');
});

test('kill ends the run; vKill answers first', async (t) => {
  const a = await serveBare(t);
  a.client.write(framePacket('k'));
  t.deepEqual(await a.ended, { kind: 'killed' });
  const b = await serveBare(t);
  t.is(await b.client.ask('vKill;1'), 'OK');
  t.deepEqual(await b.ended, { kind: 'killed' });
});

test('a debugger that goes away mid-packet: the program runs on', async (t) => {
  const { client, ended, output } = await serveBare(t);
  client.write('$m8000');
  await new Promise((r) => setTimeout(r, 50));
  client.close();
  t.like(await ended, { kind: 'exited', code: 0 });
  t.is(Buffer.from(output).toString('latin1'), plain().output);
});

test('wrong checksums are refused (-), a refused reply is sent again, too long a packet gets an error', async (t) => {
  const { client } = await serveBare(t);
  client.write('$qC#00');
  t.is(await client.ack(), '-');
  t.is(await client.ask('qC'), 'QC1');
  client.write('-');
  t.is(await client.packet(), 'QC1', 'sent again');
  client.write(`$${'m'.repeat(0x5001)}#00`);
  t.is(await client.ack(), '-', 'a long packet with a wrong checksum');
  const long = 'q' + 'x'.repeat(0x5000);
  client.write(framePacket(long));
  t.is(await client.packet(), 'E01');
  t.is(await client.ask('qC'), 'QC1', 'still in step');
  client.write('garbage before a packet');
  t.is(await client.ask('qC'), 'QC1');
});

test('no-ack mode: no more + after it', async (t) => {
  const { client } = await serveBare(t);
  t.is(await client.ask('QStartNoAckMode'), 'OK');
  client.write(framePacket('qC'));
  t.is(await client.packet(), 'QC1');
  client.write('$qC#00');
  t.is(await client.ack(500), undefined, 'not even a - for a bad checksum');
});

test('one debugger at a time; after it leaves another can attach, and stops the program', async (t) => {
  const { client, port, machine } = await serveBare(t);
  // Make the program loop forever after the trap, so it still runs when the first debugger has left.
  t.is(await client.ask(`M${symbol('after_trap').toString(16)},4:${le(0x0000006f)}`), 'OK');
  const second = await RspClient.open(port);
  t.teardown(() => second.close());
  await second.closedByServer();
  t.is(await client.ask('qC'), 'QC1', 'the first is not disturbed');
  client.close();
  // The server hears of the close when its event loop gets to it: try again, for a bounded while, until it has.
  let answer: string | undefined;
  for (let i = 0; i < 50 && answer === undefined; i++) {
    const third = await RspClient.open(port);
    t.teardown(() => third.close());
    answer = await third.ask('?', 2000).catch(() => undefined);
    if (answer === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  t.is(answer, 'T05thread:1;');
  t.is(machine.hart.pc, symbol('after_trap'), 'stopped in its loop');
});

test('monitor commands on the bare board; those of the hypervisor say there is none', async (t) => {
  const { client } = await serveBare(t);
  const monitor = async (cmd: string) => {
    const before = client.consoleText().length;
    t.is(await client.ask('qRcmd,' + Buffer.from(cmd).toString('hex')), 'OK');
    return client.consoleText().slice(before);
  };
  t.regex(await monitor('help'), /monitor break-on-exit/);
  t.regex(await monitor('mode'), /^bare: the program alone on the board/);
  t.regex(await monitor('exits'), /there is no hypervisor in a bare run/);
  t.regex(await monitor('phys 0x80000000 8'), /^0x80000000: ([0-9a-f]{2} ){7}[0-9a-f]{2}\n$/);
  t.regex(await monitor('phys 0x10000000'), /is not RAM/);
  t.regex(await monitor('nonesuch'), /unknown monitor command 'nonesuch'/);
  t.regex(await monitor('tlb'), /the hart's TLB: 0 entries/);
  t.is(await client.ask('qRcmd,zz'), 'E01');
});
