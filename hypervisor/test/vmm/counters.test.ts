/**
 * The counters a guest reads are its own (issue 13, item 5): cycle and
 * instret count the instructions (and cycles) of the VM that reads them,
 * never its neighbours' — natively, trapped and
 * paravirtualized, whoever runs beside it. A paravirtual guest reads them
 * without an exit.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import type { Vm } from '../../src/vmm/vm.js';
import { buildGuest } from './_guests/build.js';
import { Machine } from '../../src/machine/machine.js';
import { applyFirmwareState } from '../../src/vmm/vcpu.js';

const SPIN = Number(process.env.PVLAB_COUNTER_SPIN ?? 200_000);
const guest = buildGuest('counters', { SPIN });
const nativeGuest = buildGuest('counters', { SPIN, PV: 0 });
const pv = buildKernel({ paravirt: true }).elf;
const kernel = buildKernel().elf;

/** [instret, cycle] as the guest read them (64-bit values from two halves). */
function seen(read: (addr: number) => number | undefined, at: number): number[] {
  const w = (k: number) => read(at + 4 * k) ?? NaN;
  return [w(0) + w(1) * 2 ** 32, w(2) + w(3) * 2 ** 32];
}
const seenIn = (vm: Vm) => seen((a) => vm.guest.bus.read(a, 4), vm.program.symbols.get('seen')!);

test('natively, the counters are what the guest retired', (t) => {
  const m = new Machine({ ramSize: 16 << 20 });
  const p = m.loadElf(nativeGuest);
  applyFirmwareState(m.hart, p.entry);
  m.run(50_000_000);
  const [instret, cycle] = seen((a) => m.bus.read(a, 4), p.symbols.get('seen')!);
  t.is(instret, 2 * SPIN + 7); // la (2), csrw, li (2), the loop, la (2): what retired before the first read
  t.is(cycle, instret + 2); // two reads later, no trap taken: a cycle per instruction
});

for (const mode of ['paravirt', 'trap'] as const) {
  test(`${mode}: beside a busy kernel, a VM's cycle and instret count its own work alone, as natively`, (t) => {
    const alone = new Hypervisor({ mode, kernels: [guest] });
    alone.run(50_000_000);
    const expected = seenIn(alone.vms[0]);
    t.deepEqual(expected, [2 * SPIN + 7, 2 * SPIN + 9]); // as natively
    const hv = new Hypervisor({ mode, kernels: [mode === 'paravirt' ? pv : kernel, guest], quantum: 500 });
    hv.feed(hv.vms[0], Buffer.from('run compute 2\nrun fork 2\nhalt\n'));
    hv.run(200_000_000, hv.vms[1]);
    t.is(hv.vms[1].exitCode, 0);
    t.deepEqual(seenIn(hv.vms[1]), expected);
    t.true(hv.retired(hv.vms[0]) > SPIN, 'the neighbour did run in between');
    if (mode === 'paravirt') t.deepEqual(Object.keys(hv.vms[1].stats.byReason()).filter((r) => r !== 'timer-irq'), ['hypercall'], 'counter reads are no exit');
  });
}
