/**
 * Fuzzing what a debugger (or anything that connects) can send, seeded so a
 * failure replays. The count comes from PVLAB_GDB_FUZZ (default: the CI
 * count below).
 *
 * 1. The packet reader against a model: random streams of noise, acks,
 *    Ctrl-C, good, corrupted and overlong packets, cut into random chunks,
 *    give exactly the events the model expects.
 * 2. The command handlers: random packets from the protocol's grammar, with
 *    hostile numbers (huge lengths, wide addresses, bad hex), answered one
 *    reply each, never an exception, every reply within a packet's size.
 */
import test from 'ava';
import { MAX_PACKET, PacketReader, checksum, framePacket, type Incoming } from '../../src/gdb/packets.js';
import { Connection } from '../../src/gdb/connection.js';
import { RunControl } from '../../src/gdb/run-control.js';
import { machineTarget } from '../../src/gdb/machine-target.js';
import { bareMachine } from './_helpers/bare.js';

const COUNT = Number(process.env.PVLAB_GDB_FUZZ ?? 1500);

/** mulberry32: a small seeded generator. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

test(`the packet reader agrees with its model on ${COUNT} random streams`, (t) => {
  const LIMIT = 64;
  let failures = 0;
  for (let seed = 1; seed <= COUNT; seed++) {
    const r = rng(seed);
    const pick = (n: number) => Math.floor(r() * n);
    const bytesWithout = (n: number, bad: string) => {
      let s = '';
      while (s.length < n) {
        const c = String.fromCharCode(pick(256));
        if (!bad.includes(c)) s += c;
      }
      return s;
    };
    let stream = '';
    const expected: Incoming[] = [];
    for (let k = pick(12); k >= 0; k--) {
      switch (pick(6)) {
        case 0: {
          // Noise between packets: everything but '$' means nothing, except +, - and Ctrl-C.
          const noise = bytesWithout(pick(20), '$');
          for (const c of noise) {
            if (c === '+') expected.push({ kind: 'ack' });
            else if (c === '-') expected.push({ kind: 'nak' });
            else if (c === '\x03') expected.push({ kind: 'interrupt' });
          }
          stream += noise;
          break;
        }
        case 1:
        case 2: {
          const data = bytesWithout(pick(LIMIT + 1), '$#');
          stream += `$${data}#${checksum(data).toString(16).padStart(2, '0')}`;
          expected.push({ kind: 'packet', data });
          break;
        }
        case 3: {
          const data = bytesWithout(pick(LIMIT), '$#');
          stream += `$${data}#${((checksum(data) + 1 + pick(254)) & 0xff).toString(16).padStart(2, '0')}`;
          expected.push({ kind: 'bad-checksum' });
          break;
        }
        case 4: {
          const data = bytesWithout(LIMIT + 1 + pick(200), '$#');
          stream += `$${data}#${checksum(data).toString(16).padStart(2, '0')}`;
          expected.push({ kind: 'too-long' });
          break;
        }
        case 5:
          stream += '+';
          expected.push({ kind: 'ack' });
      }
    }
    const reader = new PacketReader(LIMIT);
    const got: Incoming[] = [];
    for (let i = 0; i < stream.length; ) {
      const n = 1 + pick(40);
      got.push(...reader.push(new Uint8Array(Buffer.from(stream.slice(i, i + n), 'latin1'))));
      i += n;
    }
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      failures++;
      if (failures < 3) t.log(`seed ${seed}: ${JSON.stringify(expected).slice(0, 200)} vs ${JSON.stringify(got).slice(0, 200)}`);
    }
  }
  t.is(failures, 0);
});

test(`${COUNT * 4} random packets: one reply each, no exception, every reply fits a packet`, (t) => {
  const machine = bareMachine();
  const control = new RunControl(machineTarget(machine, 'bare'), { wait: true });
  const sent: string[] = [];
  const bugs: string[] = [];
  const conn = new Connection(control, { write: (s) => sent.push(s), close: () => {} }, (m) => bugs.push(m));
  const r = rng(2024);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const hex = () => pick(['0', '1', '80000000', 'ffffffff', '100000000', 'ffffffffffffffffff', '', 'zz', '-1', Math.floor(r() * 2 ** 32).toString(16), '8000', '41', '1041', '65']);
  const body = () => {
    const n = Math.floor(r() * 40);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(32 + Math.floor(r() * 95));
    return s.replace(/[$#]/g, '');
  };
  // Every packet but those that run the program or end the session (the run control's tests have those).
  const grammar = [
    () => 'g', () => `G${body()}`, () => `G${'0'.repeat(264)}`, () => `p${hex()}`, () => `P${hex()}=${hex()}`, () => `P${hex()}=00000000`,
    () => `m${hex()},${hex()}`, () => `m${hex()}`, () => `M${hex()},${hex()}:${hex()}`, () => `X${hex()},${hex()}:${body()}`,
    () => `Z${pick(['0', '1', '2', '3', '4', '5', '9'])},${hex()},${hex()}`, () => `z${pick(['0', '1', '2', '3', '4'])},${hex()},${hex()}`,
    () => `H${pick(['g', 'c', 'x', ''])}${hex()}`, () => `T${hex()}`, () => '?', () => `qXfer:features:read:${pick(['target.xml', 'x', ''])}:${hex()},${hex()}`,
    () => `qRcmd,${Buffer.from(pick(['help', 'phys', 'phys 0x80000000 99999', 'tlb', 'mode', 'shadow zz', 'shadow 0x80000000', 'exits', 'break-on-exit x', body()])).toString('hex')}`,
    () => `qRcmd,${body()}`, () => `qThreadExtraInfo,${hex()}`, () => `q${body()}`, () => `Q${body()}`, () => 'vCont?', () => `v${body().replace(/^Cont;|^Kill/, 'x')}`,
    () => body().replace(/^[cCsSDkv]/, 'x'), () => `qSupported:${body()}`, () => 'qfThreadInfo', () => 'qC',
  ];
  let replies = 0;
  for (let i = 0; i < COUNT * 4; i++) {
    const packet = pick(grammar)();
    sent.length = 0;
    conn.receive(new Uint8Array(Buffer.from(framePacket(packet), 'latin1')));
    const frames = sent.filter((s) => s.startsWith('$'));
    const answers = frames.filter((f) => !/^\$O[0-9a-f]/.test(f));
    if (answers.length !== 1) t.fail(`'${packet}' got ${answers.length} replies`);
    for (const f of frames) if (f.length > MAX_PACKET + 4) t.fail(`'${packet}': a reply of ${f.length} bytes`);
    replies += answers.length;
  }
  t.deepEqual(bugs, []);
  t.is(replies, COUNT * 4);
  t.false(control.isRunning, 'nothing resumed the program');
});
