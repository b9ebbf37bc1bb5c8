/**
 * A VM that has shut down is gone (issue 13, item 4): it leaves no state on
 * the hart, retires no instruction after its shutdown call, takes no
 * interrupt it armed before, and a run whose VMs have all halted — or all
 * wait for something that cannot come — ends. The guest (shutdown-armed.s)
 * arms its own timer, enables the interrupt and shuts down; its handler
 * would re-arm and run forever.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import type { Vm } from '../../src/vmm/vm.js';
import type { VirtMode } from '../../src/vmm/virtualization.js';
import { buildGuest } from './_guests/build.js';

const armed = buildGuest('shutdown-armed');
/** The same, shutting down only after ~6M instructions of work: by then the kernel beside it idles at its prompt. */
const armedLate = buildGuest('shutdown-armed', { SPIN: 2_000_000 });
const pv = buildKernel({ paravirt: true }).elf;
const native = buildKernel().elf;
const word = (vm: Vm, name: string) => vm.guest.bus.read(vm.program.symbols.get(name)!, 4);

/** Run `armed` as VM 0 beside `kernel` (fed `script`, if any); what VM 0 did after its shutdown. */
function beside(mode: VirtMode, kernel: Uint8Array | undefined, script: string | undefined, max = 200_000_000, guest = armed) {
  const out: number[] = [];
  const kernels = kernel ? [guest, kernel] : [guest];
  let atShutdown: number | undefined;
  let exitsAfter = 0;
  const hv: Hypervisor = new Hypervisor({
    mode, kernels, output: (vm, b) => vm === 1 && out.push(b),
    trace: (r) => {
      if (r.vm !== 0) return;
      if (atShutdown !== undefined) exitsAfter++;
      else if (hv.vms[0].state === 'halted') atShutdown = hv.retired(hv.vms[0]);
    },
  });
  if (script !== undefined && kernel) hv.feed(hv.vms[1], Buffer.from(script));
  const result = hv.run(max);
  const evil = hv.vms[0];
  return { hv, result, transcript: Buffer.from(out).toString('latin1'), atShutdown, exitsAfter, retired: hv.retired(evil), ticks: word(evil, 'ticks'), ranAfter: word(evil, 'ran_after') };
}

for (const mode of ['paravirt', 'trap'] as const) {
  const kernel = mode === 'paravirt' ? pv : native;

  test(`${mode}: alone, a guest that shuts down with its timer armed ends the run`, (t) => {
    const r = beside(mode, undefined, undefined, 10_000_000);
    t.is(r.result.stop, 'monitor');
    t.is(r.hv.vms[0].exitCode, 0);
    t.is(r.ticks, 0);
    t.is(r.ranAfter, 0);
    t.is(r.exitsAfter, 0);
    t.is(r.retired, r.atShutdown ?? -1, 'instructions retired after the shutdown call');
  });

  test(`${mode}: beside a kernel that sleeps, the halted VM takes no interrupt and retires nothing after its shutdown`, (t) => {
    const script = 'run timer 3\necho done\nhalt 4\n';
    const aloneOut: number[] = [];
    const solo = new Hypervisor({ mode, kernels: [kernel], output: (_vm, b) => aloneOut.push(b) });
    solo.feed(solo.vms[0], Buffer.from(script));
    solo.run(100_000_000);
    for (const guest of [armed, armedLate]) {
      const r = beside(mode, kernel, script, 100_000_000, guest);
      t.is(r.result.stop, 'monitor');
      t.is(r.hv.vms[1].exitCode, 4);
      t.is(r.transcript, Buffer.from(aloneOut).toString('latin1'));
      t.is(r.ticks, 0, 'the halted guest\'s timer handler ran');
      t.is(r.ranAfter, 0, 'code after the shutdown call ran');
      t.is(r.exitsAfter, 0, 'the halted VM exited again');
      t.is(r.retired, r.atShutdown ?? -1, 'instructions retired after the shutdown call');
    }
  });

  test(`${mode}: beside a kernel that waits for input that cannot come, the run ends idle`, (t) => {
    for (const guest of [armed, armedLate]) {
      // The kernel idles at its prompt after a few million instructions; a run still going at 40M never ends.
      const r = beside(mode, kernel, undefined, 40_000_000, guest);
      t.is(r.ticks, 0, 'the halted guest\'s timer handler ran');
      t.is(r.ranAfter, 0, 'code after the shutdown call ran');
      t.is(r.retired, r.atShutdown ?? -1, 'instructions retired after the shutdown call');
      t.is(r.exitsAfter, 0, 'the halted VM exited again');
      t.is(r.result.stop, 'deadlock');
    }
  });
}

for (const mode of ['paravirt', 'trap'] as const) {
  test(`${mode}: two stock kernels, one halts while the other waits for input: it runs no more and the run ends`, (t) => {
    const kernel = mode === 'paravirt' ? pv : native;
    let atShutdown: number | undefined;
    const hv: Hypervisor = new Hypervisor({
      mode, kernels: [kernel, kernel],
      trace: (r) => {
        if (r.vm === 0 && atShutdown === undefined && hv.vms[0].state === 'halted') atShutdown = hv.retired(hv.vms[0]);
      },
    });
    hv.feed(hv.vms[0], Buffer.from('run timer 2\nhalt 2\n'));
    const result = hv.run(60_000_000);
    t.is(hv.vms[0].exitCode, 2);
    t.is(hv.retired(hv.vms[0]), atShutdown ?? -1);
    t.is(result.stop, 'deadlock');
  });
}
