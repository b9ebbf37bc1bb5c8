/**
 * mmu_update's flush flags against paravirtual kernels booted to their
 * shell: tlb_flush_page (a page fault's PTE and the flush of its page in one
 * exit, Xen's update_va_mapping with UVMF_INVLPG) flushes that page of the
 * hart's TLB (and of the hypervisor's view of the guest's tables) and keeps
 * every other; a batch without a flush flag flushes nothing, as before,
 * whatever va says (a guest that predates the flag leaves anything in
 * a3). Every hostile call — an unknown flag, both flags,
 * a bad PTE address, a reserved PTE, a PTE of memory the VM does not own
 * (past its RAM, a device, a frame it handed back) — gets its SBI error,
 * writes nothing and flushes nothing; any va at all only drops a page of
 * the VM's own TLB; and the VM beside is left as it was. new_baseptr's
 * tlb_flush_all (a context switch's `csrw satp; sfence.vma` in one exit)
 * flushes the whole TLB after the switch, and a refused switch nothing.
 */
import test from 'ava';
import { PRIV, PTE, makePte } from '@pvlab/assembler';
import { buildKernel } from '@pvlab/guest-kernel';
import { HYPERCALLS, dispatch, registersOf } from '@pvlab/hypercall-abi';
import { Hypervisor } from '../../../src/vmm/hypervisor.js';
import { LOAD, type Mmu } from '../../../src/machine/hart/mmu.js';
import type { Vm } from '../../../src/vmm/vm.js';

const pv = buildKernel({ paravirt: true }).elf;
const TOP = 0x8100_0000;
/** Requests at REQS (VA = PA in the kernel's megapages), PTEs written in the page at TABLE: RAM well above what a short session allocates. */
const REQS = 0x80e0_0000, TABLE = 0x80e0_1000;
const FLUSH_ALL = 1, FLUSH_PAGE = 2;
const leaf = (pa: number) => makePte(pa, PTE.V | PTE.R | PTE.W);

function boot(vms = 1) {
  const out = Array.from({ length: vms }, () => [] as number[]);
  const hv = new Hypervisor({ mode: 'paravirt', kernels: Array(vms).fill(pv), output: (vm, b) => out[vm].push(b) });
  hv.run(50_000_000);
  return { hv, text: (vm: number) => Buffer.from(out[vm]).toString('latin1') };
}

/** mmu_update(REQS, count, flags, va) with `reqs` ({ptep, value} pairs) at REQS, as the guest kernel makes it; [error name, a1]. */
function mmuUpdate(hv: Hypervisor, vm: Vm, reqs: readonly (readonly [number, number])[], flags: number, va: number): [string, number] {
  const bytes = new DataView(new ArrayBuffer(reqs.length * 8));
  reqs.forEach(([ptep, value], i) => {
    bytes.setUint32(i * 8, ptep >>> 0, true);
    bytes.setUint32(i * 8 + 4, value >>> 0, true);
  });
  vm.guestMemory.write(REQS, new Uint8Array(bytes.buffer));
  vm.work.start();
  const c = HYPERCALLS.mmu_update;
  const x = new Int32Array(32);
  x.set([REQS, reqs.length, flags, va, 0, 0, c.fid, c.eid], 10);
  const r = dispatch(hv.registry, vm, registersOf(x));
  return [r.errorName, r.value];
}

/** Pages of the kernel's RAM megapages, each in its own TLB entry (VPN[7:0] differ, from each other and from REQS's). */
const PAGES = [0x8011_0000, 0x8022_1000, 0x8033_2000, 0x8044_3000];

/** Fill the hart's TLB (S-mode loads) with PAGES, as the guest's own accesses would, and the dispatcher's view of the guest's tables, as hypercall pointers would. */
function fill(hv: Hypervisor): void {
  for (const va of PAGES) if (hv.hart.mmu.translate(va, 4, LOAD, PRIV.S) < 0) throw new Error(`0x${va.toString(16)} is not mapped`);
  for (const vm of hv.vms) for (const va of PAGES) if (vm.guestMemory.translate(va, 'read', 4) === undefined) throw new Error(`0x${va.toString(16)} is not mapped`);
}

/** Which of PAGES a TLB holds (S-mode loads). */
const held = (mmu: Mmu) => PAGES.filter((va) => mmu.tag[LOAD * 2][(va >>> 12) & 255] === (va | 0));

/** Which of PAGES the hart's TLB holds; the dispatcher's view of the running VM's tables must hold the same. */
function cached(hv: Hypervisor): number[] {
  const hart = held(hv.hart.mmu);
  if (held(hv.runningVm.cpu.mmu).join() !== hart.join()) throw new Error(`the hart holds ${hart}, the dispatcher's view ${held(hv.runningVm.cpu.mmu)}`);
  return hart;
}

const word = (vm: Vm, gpa: number) => {
  const b = vm.guestMemory.read(gpa, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
};

test('tlb_flush_page writes the batch, then flushes that page only; without a flush flag nothing is flushed', (t) => {
  const { hv } = boot();
  const [vm] = hv.vms;
  t.true(hv.running(vm));
  fill(hv);
  t.deepEqual(cached(hv), PAGES);
  t.deepEqual(mmuUpdate(hv, vm, [[TABLE, leaf(0x8050_0000)]], 0, PAGES[1]), ['SUCCESS', 1]);
  t.is(word(vm, TABLE), leaf(0x8050_0000));
  t.deepEqual(cached(hv), PAGES, 'no flag: no flush (the guest flushes when it means to), whatever va says');
  t.deepEqual(mmuUpdate(hv, vm, [[TABLE, 0], [TABLE + 4, leaf(0x8050_1000)]], FLUSH_PAGE, PAGES[1] + 0x123), ['SUCCESS', 2]);
  t.is(word(vm, TABLE), 0);
  t.is(word(vm, TABLE + 4), leaf(0x8050_1000));
  t.deepEqual(cached(hv), [PAGES[0], PAGES[2], PAGES[3]], 'the page of va only (any offset in it)');
  t.deepEqual(mmuUpdate(hv, vm, [], FLUSH_PAGE, PAGES[2]), ['SUCCESS', 0], 'an empty batch flushes the page too');
  t.deepEqual(cached(hv), [PAGES[0], PAGES[3]]);
  fill(hv);
  t.deepEqual(mmuUpdate(hv, vm, [], FLUSH_ALL, PAGES[0]), ['SUCCESS', 0]);
  t.deepEqual(cached(hv), [], 'tlb_flush_all: everything, as before (va ignored)');
});

test('every hostile call gets its SBI error, writes nothing and flushes nothing; the VM beside is untouched', (t) => {
  const { hv, text } = boot(2);
  const [vm, beside] = hv.vms;
  t.true(hv.running(vm) || hv.running(beside));
  const evil = hv.running(vm) ? vm : beside, other = evil === vm ? beside : vm;
  const pool = () => hv.machine.bus.u8.slice(other.slot.poolHost - hv.machine.bus.ramBase, other.slot.poolHost - hv.machine.bus.ramBase + other.slot.poolSize);
  const ram = () => hv.machine.bus.u8.slice(other.slot.ramHost - hv.machine.bus.ramBase, other.slot.ramHost - hv.machine.bus.ramBase + other.slot.ramSize);
  const [poolBefore, ramBefore] = [pool(), ram()];
  const good: [number, number] = [TABLE, leaf(0x8050_0000)];
  const refused = (what: string, reqs: readonly (readonly [number, number])[], flags: number, va: number, expect: [string, number]) => {
    fill(hv);
    const before = reqs.map(([p]) => (p % 4 === 0 && p >= 0x8000_0000 && p < TOP ? word(evil, p) : 0));
    t.deepEqual(mmuUpdate(hv, evil, reqs, flags, va), expect, what);
    t.deepEqual(reqs.map(([p]) => (p % 4 === 0 && p >= 0x8000_0000 && p < TOP ? word(evil, p) : 0)), before, `${what}: nothing written`);
    t.deepEqual(cached(hv), PAGES, `${what}: nothing flushed`);
  };
  // The flags and va are checked before any write.
  refused('an unknown flag', [good], 4, 0, ['INVALID_PARAM', 0]);
  refused('an unknown high flag with the page flag', [good], 0x8000_0002, PAGES[0], ['INVALID_PARAM', 0]);
  refused('both flush flags', [good], FLUSH_ALL | FLUSH_PAGE, PAGES[0], ['INVALID_PARAM', 0]);
  // A refused request stops the batch before the flush.
  refused('a misaligned PTE address', [[TABLE + 2, 0]], FLUSH_PAGE, PAGES[0], ['INVALID_ADDRESS', 0]);
  refused('a PTE address past the VM\'s RAM', [[TOP, 0]], FLUSH_PAGE, PAGES[0], ['INVALID_ADDRESS', 0]);
  refused('a PTE address in no RAM', [[0x1000_0000, 0]], FLUSH_PAGE, PAGES[0], ['INVALID_ADDRESS', 0]);
  refused('a reserved PTE (W without R)', [[TABLE, makePte(0x8050_0000, PTE.V | PTE.W)]], FLUSH_PAGE, PAGES[0], ['INVALID_PARAM', 0]);
  refused('a leaf past the VM\'s RAM (the next VM\'s slot on the board)', [[TABLE, leaf(TOP)]], FLUSH_PAGE, PAGES[0], ['DENIED', 0]);
  refused('a leaf to a device', [[TABLE, leaf(0x1000_0000)]], FLUSH_PAGE, PAGES[0], ['DENIED', 0]);
  refused('a pointer below the VM\'s RAM', [[TABLE, makePte(0x7fff_f000, PTE.V)]], FLUSH_PAGE, PAGES[0], ['DENIED', 0]);
  // A frame the VM handed back (the balloon) is no longer its own.
  const frame = (TOP >>> 12) - 1;
  evil.guestMemory.write(REQS, Uint8Array.of(frame & 255, (frame >>> 8) & 255, (frame >>> 16) & 255, frame >>> 24));
  evil.work.start();
  const x = new Int32Array(32);
  x.set([REQS, 1, 0, 0, 0, 0, HYPERCALLS.decrease_reservation.fid, HYPERCALLS.decrease_reservation.eid], 10);
  t.is(dispatch(hv.registry, evil, registersOf(x)).errorName, 'SUCCESS');
  refused('a leaf to a frame handed back', [[TABLE, leaf(frame << 12)]], FLUSH_PAGE, PAGES[0], ['DENIED', 0]);
  fill(hv);
  t.deepEqual(mmuUpdate(hv, evil, [[TABLE, 0], [TABLE + 4, leaf(TOP)]], FLUSH_PAGE, PAGES[0]), ['DENIED', 1], 'the second request refused');
  t.deepEqual([word(evil, TABLE), word(evil, TABLE + 4)], [0, 0], 'the first is written, the second not');
  t.deepEqual(cached(hv), PAGES, 'a batch refused part-way flushes nothing');
  // Any va is only a page of the VM's own TLB to drop: the hypervisor's, the next VM's, a device's, the top.
  for (const va of [0, TOP, 0x8180_0000, 0x1000_0000, 0xffff_ffff]) {
    fill(hv);
    t.deepEqual(mmuUpdate(hv, evil, [], FLUSH_PAGE, va), ['SUCCESS', 0], `va 0x${va.toString(16)}`);
    t.deepEqual(cached(hv), PAGES, `va 0x${va.toString(16)}: no other page flushed`);
  }
  t.deepEqual(pool(), poolBefore, 'the other VM\'s shadow tables are as they were');
  t.deepEqual(ram(), ramBefore, 'the other VM\'s memory is as it was');
  // Both kernels go on: the shell of each answers.
  const heard = [text(0).length, text(1).length];
  for (const v of hv.vms) hv.feed(v, Buffer.from('echo still here\n'));
  hv.run(50_000_000);
  for (const v of hv.vms) t.regex(text(v.id).slice(heard[v.id]), /still here/);
});

/** new_baseptr(satp, flags) as the guest kernel makes it; the error name. */
function newBaseptr(hv: Hypervisor, vm: Vm, satp: number, flags: number): string {
  vm.work.start();
  const c = HYPERCALLS.new_baseptr;
  const x = new Int32Array(32);
  x.set([satp, flags, 0, 0, 0, 0, c.fid, c.eid], 10);
  return dispatch(hv.registry, vm, registersOf(x)).errorName;
}

test('new_baseptr with tlb_flush_all switches and then flushes everything; refused, it flushes nothing', (t) => {
  const { hv } = boot();
  const [vm] = hv.vms;
  const satp = vm.cpu.satp >>> 0;
  t.not(satp, 0, 'the kernel runs under Sv32');
  t.is(newBaseptr(hv, vm, satp, 0), 'SUCCESS', 'without the flag (the hypervisor may flush more than it is asked: installing a root, it does)');
  fill(hv);
  t.is(newBaseptr(hv, vm, satp, 2), 'INVALID_PARAM', 'an unknown flag');
  t.deepEqual(cached(hv), PAGES);
  t.is(newBaseptr(hv, vm, (satp & ~0x3fffff) | (TOP >>> 12), 1), 'INVALID_ADDRESS', 'a root past the VM\'s RAM');
  t.deepEqual(cached(hv), PAGES, 'a refused switch flushes nothing');
  t.is(vm.cpu.satp >>> 0, satp, 'and switches nothing');
  t.is(newBaseptr(hv, vm, satp, 1), 'SUCCESS');
  t.deepEqual(cached(hv), [], 'tlb_flush_all: everything');
});
