/**
 * A misaligned access that crosses into an unmapped page faults (issue 13,
 * item 7): a user lw and sw at the last two bytes of a page whose next
 * virtual page is unmapped must page-fault with stval = that page, load
 * nothing and store nothing — natively, trapped and paravirtualized. (The
 * page after it in memory belongs to the kernel: reading or writing it
 * would be a breach.) The board's ISA program sv32.s checks the same
 * against QEMU, page by page.
 */
import test from 'ava';
import { Machine } from '../../src/machine/machine.js';
import { applyFirmwareState } from '../../src/vmm/vcpu.js';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import { buildGuest } from './_guests/build.js';

const LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15, ECALL_U = 8;
/** scause/stval of the lw, of the sw, of the ecall; a1 after the lw; the data page's last word; the sentinel after it. */
const EXPECTED = [LOAD_PAGE_FAULT, 0x11000, STORE_PAGE_FAULT, 0x11000, ECALL_U, 0, 0xbad, 0x8899aabb, 0x77777777];

const words = (read: (a: number) => number | undefined, at: number) => EXPECTED.map((_, i) => read(at + 4 * i));

test('natively, a page-crossing lw and sw fault on the unmapped page and touch nothing', (t) => {
  const m = new Machine({ ramSize: 16 << 20 });
  const p = m.loadElf(buildGuest('page-crossing'));
  applyFirmwareState(m.hart, p.entry);
  const r = m.run(1_000_000);
  t.is(r.stop, 'finisher');
  t.deepEqual(words((a) => m.bus.read(a, 4), p.symbols.get('seen')!), EXPECTED);
});

for (const mode of ['trap', 'paravirt'] as const) {
  test(`${mode}: a page-crossing lw and sw fault on the unmapped page and touch nothing`, (t) => {
    const hv = new Hypervisor({ mode, kernels: [buildGuest('page-crossing', { PV: mode === 'paravirt' ? 1 : 0 })] });
    hv.run(1_000_000);
    const vm = hv.vms[0];
    t.is(vm.exitCode, 0);
    t.deepEqual(words((a) => vm.guest.bus.read(a, 4), vm.program.symbols.get('seen')!), EXPECTED);
  });
}
