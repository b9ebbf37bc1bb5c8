/**
 * A bare-board run snapshotted at instruction N and restored continues
 * exactly as the run that was never stopped: the same output, instruction
 * and cycle counts and traps, for every N tried — timer interrupts and
 * device I/O included.
 */
import test from 'ava';
import { Machine, runBare } from '@pvlab/hypervisor';
import { SnapshotError, captureBare, decodeSnapshot, encodeSnapshot, restoreBare } from '../../src/snapshot/index.js';
import { decodeState, encodeState } from '../../src/snapshot/json.js';
import { buildProgram } from '../machine/_programs/build.js';

const PROGRAMS = ['interrupts', 'sv32', 'atomics', 'traps'];

for (const name of PROGRAMS) {
  test(`${name}: snapshot at N, restore, continue = the whole run`, (t) => {
    const elf = buildProgram(name);
    const whole = runBare(elf);
    t.true(whole.instructions > 100);
    for (const n of [1, 7, Math.floor(whole.instructions / 3), Math.floor(whole.instructions / 2) + 1, whole.instructions - 1]) {
      let out = '';
      const m = new Machine({ output: (c) => (out += String.fromCharCode(c)) });
      m.loadElf(elf);
      const first = m.run(n);
      t.is(first.stop, 'budget');
      t.is(m.hart.retired(), n);
      const bytes = captureBare(m, [{ how: 'elf', bytes: elf }], 'pvlab test');
      let rest = '';
      const { machine: r } = restoreBare(bytes, { output: (c) => (rest += String.fromCharCode(c)) });
      const end = r.run();
      t.is(end.stop, whole.stop, `${name} at ${n}`);
      t.is(out + rest, whole.output, `${name} at ${n}`);
      t.is(r.hart.retired(), whole.instructions, `${name} at ${n}`);
      t.is(r.hart.cycles(), whole.cycles, `${name} at ${n}`);
    }
  });
}

test('a forged state (a well-formed file whose state does not fit its board) is refused as corrupt, never a crash', (t) => {
  const elf = buildProgram('interrupts');
  const m = new Machine();
  m.loadElf(elf);
  m.run(500);
  const good = decodeSnapshot(captureBare(m, [{ how: 'elf', bytes: elf }], 'pvlab test'));
  const sections = (edit: (state: Record<string, any>) => void) => {
    const state = decodeState<Record<string, any>>(good.section('state', 1 << 26), 'state');
    edit(state);
    return encodeSnapshot(good.header, [
      { name: 'setup', bytes: good.section('setup', 1 << 28) },
      { name: 'state', bytes: encodeState(state) },
      { name: 'ram', bytes: good.section('ram', 1 << 28) },
    ]);
  };
  const forgeries: [string, (s: Record<string, any>) => void][] = [
    ['registers', (s) => (s.hart.x = [1, 2, 3])],
    ['a CSR', (s) => (s.hart.mstatus = 'lots')],
    ['the PMP', (s) => (s.hart.pmp.count = 99)],
    ['the PLIC', (s) => (s.plic.priority = [1])],
    ['an event', (s) => (s.events.events = [{ at: 5, seq: 0, owner: 'virtio9', what: 'notify', data: { q: 0, epoch: 0 } }])],
    ['the virtio slots', (s) => (s.virtio = [{}])],
    ['no hart', (s) => delete s.hart],
  ];
  for (const [what, edit] of forgeries) {
    const e = t.throws(() => restoreBare(sections(edit)), { instanceOf: SnapshotError }, what);
    t.regex(e?.message ?? '', /^corrupt: its state: /, what);
  }
});
