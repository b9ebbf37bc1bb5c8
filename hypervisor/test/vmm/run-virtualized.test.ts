/**
 * Full virtualization of bare programs: every ISA test program and every
 * gcc-built C program that runs on `pvlab run --bare` runs again in a VM
 * under trap and emulate — from the reset ROM, its own M-mode virtual
 * (virtual M-CSRs, mret, its medeleg/mideleg, its CLINT and PMP, MPRV) —
 * and must print the same transcript, end with the same code, leave its
 * disks the same, and retire exactly the same instructions as on the board
 * itself (Popek and Goldberg's equivalence, on programs written for bare
 * hardware). Both runs use the VM's RAM size, so the device tree (a1) and
 * every register the programs print agree.
 */
import test from 'ava';
import { EXIT_REASONS, Hypervisor, MemoryDisk, placeDrives, runBare, runVirtualized, type VirtualizedRun } from '@pvlab/hypervisor';
import { buildProgram, PROGRAMS } from '../machine/_programs/build.js';
import { buildRvcProgram, RVC_PROGRAMS } from '../machine/_programs/rvc/build.js';
import { C_CASES, elfOf, initialDisk, runPvlab, sha256 } from '../machine/_programs/c/cases.js';

const RAM = 16 << 20;
const MAX = 20_000_000;
/** The exits the programs provoke, summed over every run: each virtual-M reason must occur. */
const seen = new Map<string, number>();
const count = (v: VirtualizedRun) => EXIT_REASONS.forEach((r, i) => seen.set(r.name, (seen.get(r.name) ?? 0) + v.exits.counts[i]));

for (const name of PROGRAMS) {
  test.serial(`${name}: the same transcript, exit code and instruction count bare and virtualized`, (t) => {
    const elf = buildProgram(name);
    const bare = runBare(elf, { ramSize: RAM, maxInstructions: MAX });
    const virt = runVirtualized(elf, { ramSize: RAM, maxInstructions: MAX });
    t.is(virt.stop, 'monitor');
    t.is(virt.output, bare.output);
    t.is(virt.exitCode, bare.exitCode);
    t.is(virt.instructions, bare.instructions);
    t.is(virt.cycles, bare.cycles);
    count(virt);
  });
}

for (const name of RVC_PROGRAMS) {
  test.serial(`rvc/${name}: compressed code, the same bare and virtualized`, (t) => {
    const elf = buildRvcProgram(name);
    const bare = runBare(elf, { ramSize: RAM, maxInstructions: MAX });
    const virt = runVirtualized(elf, { ramSize: RAM, maxInstructions: MAX });
    t.is(virt.output, bare.output);
    t.is(virt.exitCode, bare.exitCode);
    t.is(virt.instructions, bare.instructions);
    count(virt);
  });
}

for (const c of C_CASES) {
  test.serial(`C ${c.name}: the same transcript, exit code, disks and instruction count bare and virtualized`, (t) => {
    const bare = runPvlab({ ...c, memoryMiB: RAM >> 20 });
    const disks = new Map((c.disks ?? []).map((d) => [d.slot, new MemoryDisk(initialDisk(), d.readOnly)]));
    const virt = runVirtualized(elfOf(c.program), {
      ramSize: RAM, isa: c.isa ?? 'rv32ima', pmp: c.pmp, bootargs: c.bootargs, maxInstructions: 200_000_000,
      virtio: { modern: c.modern === true, devices: placeDrives((c.disks ?? []).map((d) => ({ backend: disks.get(d.slot)!, serial: d.serial, slot: d.slot }))) },
    });
    t.is(virt.output, bare.output);
    t.is(virt.exitCode, bare.exitCode);
    t.is(virt.instructions, bare.machine.hart.retired());
    for (const [slot, d] of disks) t.is(sha256(d.bytes), sha256(bare.disks.get(slot)!), `disk ${slot}`);
    count(virt);
  });
}

/** Pairs that stress each other: timers beside PMP, paging beside privilege changes, LR/SC beside counters, a C program beside another. */
const PAIRS: readonly [() => Uint8Array, () => Uint8Array, string][] = [
  [() => buildProgram('interrupts'), () => buildProgram('pmp'), 'interrupts + pmp'],
  [() => buildProgram('sv32'), () => buildProgram('privilege'), 'sv32 + privilege'],
  [() => buildProgram('atomics'), () => buildProgram('csr'), 'atomics + csr'],
  [() => elfOf('pmp-off'), () => elfOf('dt-walk.rvc'), 'pmp-off + dt-walk.rvc'],
];

for (const [a, b, name] of PAIRS) {
  test.serial(`two different guests side by side (${name}) each print what they print alone`, (t) => {
    const images = [a(), b()];
    const alone = images.map((elf) => runVirtualized(elf, { ramSize: RAM, maxInstructions: MAX }));
    const out: number[][] = [[], []];
    const hv = new Hypervisor({ mode: 'trap', firmware: 'guest', kernels: images, ramPerVm: RAM, quantum: 1_000, output: (vm, x) => out[vm].push(x) });
    t.is(hv.run(2 * MAX).stop, 'monitor');
    images.forEach((_, i) => {
      t.is(Buffer.from(out[i]).toString('latin1'), alone[i].output, `vm${i}`);
      t.is(hv.vms[i].exitCode, alone[i].exitCode, `vm${i}`);
    });
  });
}

test.serial('the programs take every exit of a virtual M-mode', (t) => {
  for (const reason of ['m-csr', 'mret', 'clint', 'm-ecall', 'emulated-access', 'pmp-denied', 'shadow-fault', 'guest-page-fault', 'sret', 'wfi', 'timer-irq']) {
    t.true((seen.get(reason) ?? 0) > 0, reason);
  }
  t.is(seen.get('hypercall'), 0, 'a guest with its own M-mode makes no hypercall: its ecalls are its M-mode\'s');
});
