/**
 * The balloon's hypercalls against paravirtual kernels booted to their
 * shell: frames handed back and populated again, every refusal (outside,
 * twice, a page table, a granted page, a batch too large, a buffer in a
 * frame handed back), a frame VM A handed back reaching VM B zeroed and
 * never A again, both kernels running on (their megapages split over
 * scattered frames), and a hostile fuzzer: PVLAB_BALLOON_FUZZ batches
 * (CI: 400) of random frames and counts, after each of which every frame
 * of the board is owned exactly once and the other VM's session is
 * byte for byte what it prints alone.
 */
import test from 'ava';
import { PAGE_SIZE as PAGE, PTE, satpRoot } from '@pvlab/assembler';
import { buildKernel } from '@pvlab/guest-kernel';
import { HYPERCALLS, dispatch, registersOf } from '@pvlab/hypercall-abi';
import { Hypervisor } from '../../../src/vmm/hypervisor.js';
import type { Vm } from '../../../src/vmm/vm.js';
import { FREE } from '../../../src/vmm/memory/frame-pool.js';
import { NONE } from '../../../src/vmm/memory/p2m.js';
import { mulberry32 } from '../../../../hypercall-abi/test/_helpers/prng.js';

const ROUNDS = Number(process.env.PVLAB_BALLOON_FUZZ ?? 400);
const pv = buildKernel({ paravirt: true }).elf;
const BASE = 0x8000_0000, TOP = 0x8100_0000;
/** Where the tests put a call's frame list: a page of kernel RAM well above what a short session allocates (VA = PA). */
const ARGS = 0x80e0_0000;
/** The frames the tests hand back: the top 256 of RAM, which the kernel's allocator reaches last. */
const topFrames = (n: number, from = 0) => Array.from({ length: n }, (_, i) => (TOP >>> 12) - 1 - from - i);

function boot(vms: number, mode: 'paravirt' | 'trap' = 'paravirt') {
  const out = Array.from({ length: vms }, () => [] as number[]);
  const hv = new Hypervisor({ mode, kernels: Array(vms).fill(mode === 'paravirt' ? pv : buildKernel().elf), output: (vm, b) => out[vm].push(b) });
  const text = (vm: number) => Buffer.from(out[vm]).toString('latin1');
  hv.run(50_000_000);
  return { hv, out, text };
}

/** Make a call as the guest kernel would, its frame list at ARGS; [error name, a1]. */
function call(hv: Hypervisor, vm: Vm, name: keyof typeof HYPERCALLS, frames: readonly number[] = [], count = frames.length, a0 = ARGS): [string, number] {
  const c = HYPERCALLS[name];
  const bytes = new Uint8Array(frames.length * 4);
  frames.forEach((f, i) => new DataView(bytes.buffer).setUint32(i * 4, f >>> 0, true));
  if (frames.length && vm.memory.p2m.has(ARGS)) vm.guestMemory.write(ARGS, bytes);
  vm.work.start();
  const x = new Int32Array(32);
  x.set([a0, count, 0, 0, 0, 0, c.fid, c.eid], 10);
  const r = dispatch(hv.registry, vm, registersOf(x));
  return [r.errorName, r.value];
}

/** Every machine frame of the board is free or owned by exactly the VM whose p2m names it. */
function conserved(hv: Hypervisor): boolean {
  const pool = hv.memory.pool, seen = new Int16Array(pool.frames).fill(FREE);
  for (const vm of hv.vms) {
    for (const f of vm.memory.p2m.map) {
      if (f === NONE) continue;
      if (seen[f] !== FREE || pool.owner[f] !== vm.id) return false;
      seen[f] = vm.id;
    }
  }
  let free = 0;
  for (let f = 0; f < pool.frames; f++) if (seen[f] === FREE) free++;
  return free === pool.free.length && pool.free.every((f) => pool.owner[f] === FREE);
}

/** Leaves in VM `vm`'s shadow pool that map machine address `pa`'s frame. */
function shadowMaps(hv: Hypervisor, vm: Vm, pa: number): number {
  const i32 = hv.machine.bus.i32;
  let n = 0;
  for (let p = vm.slot.poolHost; p < vm.slot.poolHost + vm.slot.poolSize; p += 4) {
    const v = i32[(p - BASE) >>> 2];
    if (v & PTE.V && v & (PTE.R | PTE.X) && Math.floor((v >>> 10) / 1) === Math.floor(pa / PAGE)) n++;
  }
  return n;
}

test('frames handed back leave the VM and go to the pool zeroed; memory_stat tells the figures', (t) => {
  const { hv, text } = boot(1);
  t.regex(text(0), /\$ $/);
  const [vm] = hv.vms;
  t.deepEqual(call(hv, vm, 'memory_stat', [], 0, 0), ['SUCCESS', 4096]);
  const frames = topFrames(64);
  const hosts = frames.map((f) => vm.memory.p2m.toHost(f * PAGE));
  hv.machine.bus.u8.fill(0x5a, hosts[0] - BASE, hosts[0] - BASE + PAGE);
  t.deepEqual(call(hv, vm, 'decrease_reservation', frames), ['SUCCESS', 64]);
  t.false(vm.memory.p2m.identity);
  t.deepEqual(call(hv, vm, 'memory_stat', [], 0, 1), ['SUCCESS', 4096 - 64]);
  t.deepEqual(call(hv, vm, 'memory_stat', [], 0, 3), ['SUCCESS', 64]);
  t.true(hv.machine.bus.u8.subarray(hosts[0] - BASE, hosts[0] - BASE + PAGE).every((b) => b === 0));
  t.is(vm.guestMemory.translate(frames[0] * PAGE, 'read', 4), undefined, 'a pointer into it is refused');
  t.deepEqual(call(hv, vm, 'increase_reservation', frames.slice(0, 8)), ['SUCCESS', 8], 'below its target (all its RAM): granted');
  hv.setBalloonTarget(vm, (4096 - 52) * PAGE);
  t.deepEqual(call(hv, vm, 'increase_reservation', frames.slice(8, 16)), ['SUCCESS', 4], 'up to the new target only');
  t.deepEqual(call(hv, vm, 'memory_stat', [], 0, 2), ['SUCCESS', 4044]);
  t.true(conserved(hv));
});

test('every bad batch gets its SBI error, a1 naming the frame, and changes nothing', (t) => {
  const { hv } = boot(1);
  const [vm] = hv.vms;
  const root = satpRoot(vm.cpu.satp) >>> 12;
  const snapshot = () => Array.from(vm.memory.p2m.map).join() + '|' + hv.memory.pool.free.length;
  const before = snapshot();
  t.deepEqual(call(hv, vm, 'decrease_reservation', [], 0), ['INVALID_PARAM', 0], 'an empty batch');
  t.deepEqual(call(hv, vm, 'decrease_reservation', topFrames(65)), ['INVALID_PARAM', 0], 'more than MEMORY_BATCH_MAX');
  t.is(call(hv, vm, 'decrease_reservation', [], 0xffff_ffff)[0], 'INVALID_ADDRESS', 'a huge count: the list cannot be there');
  t.deepEqual(call(hv, vm, 'decrease_reservation', [...topFrames(2), BASE >>> 12 - 0 - 1]), ['INVALID_ADDRESS', 2], 'below the RAM');
  t.deepEqual(call(hv, vm, 'decrease_reservation', [TOP >>> 12, ...topFrames(2)]), ['INVALID_ADDRESS', 0], 'past the RAM');
  t.deepEqual(call(hv, vm, 'decrease_reservation', [...topFrames(3), topFrames(1)[0]]), ['INVALID_PARAM', 3], 'a frame twice');
  t.deepEqual(call(hv, vm, 'decrease_reservation', [...topFrames(3), root]), ['DENIED', 3], 'its page-table root');
  const [err, ref] = call(hv, vm, 'grant_access', [], 0, topFrames(1, 10)[0] * PAGE);
  t.is(err, 'SUCCESS');
  t.deepEqual(call(hv, vm, 'decrease_reservation', [topFrames(1, 10)[0]]), ['DENIED', 0], 'a granted page');
  t.deepEqual(call(hv, vm, 'grant_revoke', [], 0, ref), ['SUCCESS', 0]);
  t.is(snapshot(), before);
  t.deepEqual(call(hv, vm, 'decrease_reservation', topFrames(1, 10)), ['SUCCESS', 1], 'revoked: it may go now');
  t.deepEqual(call(hv, vm, 'decrease_reservation', topFrames(1, 10)), ['INVALID_PARAM', 0], 'handed back already');
  t.deepEqual(call(hv, vm, 'increase_reservation', topFrames(2, 9)), ['INVALID_PARAM', 0], 'populated already (frame 9 from the top)');
  t.is(call(hv, vm, 'grant_access', [], 0, topFrames(1, 10)[0] * PAGE)[0], 'INVALID_ADDRESS', 'a page handed back cannot be granted');
  // A list in a page handed back cannot be read.
  t.deepEqual(call(hv, vm, 'decrease_reservation', [ARGS >>> 12]), ['SUCCESS', 1]);
  t.is(call(hv, vm, 'decrease_reservation', [], 1)[0], 'INVALID_ADDRESS', 'the list is in a frame handed back');
  t.true(conserved(hv));
});

test("a frame VM A hands back reaches VM B zeroed, and A never again; both kernels run on, their megapages split", (t) => {
  const { hv, text } = boot(2);
  const [a, b] = hv.vms;
  // B hands back first, then A: the pool is a stack, so B's increase gets A's frames.
  t.deepEqual(call(hv, b, 'decrease_reservation', topFrames(16)), ['SUCCESS', 16]);
  const aFrames = topFrames(16, 16);
  const aHosts = aFrames.map((f) => a.memory.p2m.toHost(f * PAGE));
  for (const h of aHosts) hv.machine.bus.u8.fill(0xa5, h - BASE, h - BASE + PAGE); // A's secrets
  t.deepEqual(call(hv, a, 'decrease_reservation', aFrames), ['SUCCESS', 16]);
  t.deepEqual(call(hv, b, 'increase_reservation', topFrames(16)), ['SUCCESS', 16]);
  const bHosts = topFrames(16).map((f) => b.memory.p2m.toHost(f * PAGE));
  t.deepEqual([...bHosts].sort(), [...aHosts].sort(), "B's frames are the ones A handed back");
  for (const f of topFrames(16)) t.true(b.guestMemory.read(f * PAGE, PAGE).every((x) => x === 0), 'zeroed before B sees it');
  for (const f of aFrames) t.is(a.guestMemory.translate(f * PAGE, 'read', 4), undefined);
  b.guestMemory.write(topFrames(1)[0] * PAGE, Uint8Array.of(1, 2, 3, 4)); // B's secret now
  // A's shadows are dropped and built again from its tables: none of them maps a frame it gave away.
  const script = 'run null 20\nrun fork 3\nrun pgfault 8\necho still here\n';
  for (const vm of hv.vms) hv.feed(vm, Buffer.from(script));
  hv.run(200_000_000);
  for (const vm of hv.vms) {
    t.regex(text(vm.id), /still here\n\$ $/, `VM ${vm.id} ran its commands`);
    t.notRegex(text(vm.id), /panic/i);
  }
  t.false(a.memory.p2m.identity);
  for (const h of aHosts) t.is(shadowMaps(hv, a, h), 0, "no entry of A's shadows maps a frame it gave away");
  t.true(bHosts.some((h) => shadowMaps(hv, b, h) > 0), "B's split megapages map its new frames");
  t.true(conserved(hv));
});

test('a trapped VM cannot balloon: no driver, NOT_SUPPORTED, and the host is told why', (t) => {
  const { hv } = boot(1, 'trap');
  const [vm] = hv.vms;
  t.is(call(hv, vm, 'decrease_reservation', topFrames(1))[0], 'NOT_SUPPORTED');
  t.is(call(hv, vm, 'increase_reservation', topFrames(1))[0], 'NOT_SUPPORTED');
  t.throws(() => hv.setBalloonTarget(vm, 8 << 20), { message: /unmodified kernel \(trap mode\): it has no balloon driver/ });
  t.throws(() => new Hypervisor({ kernels: [pv, pv, pv], memoryTotal: 32 << 20 }), { message: /trap mode cannot balloon: .* needs all its RAM \(3 × 16 MiB\)/ });
  t.true(vm.memory.p2m.identity);
});

test(`hostile batches (${ROUNDS}): errors only, the board's frames conserved, the other VM untouched`, (t) => {
  const alone = boot(1);
  const script = 'run null 10\nrun fork 2\necho done\n';
  alone.hv.feed(alone.hv.vms[0], Buffer.from(script));
  alone.hv.run(100_000_000);
  const { hv, text } = boot(2);
  const [a, b] = hv.vms;
  const rnd = mulberry32(19);
  const pick = (): number => {
    const r = rnd();
    if (r < 0.5) return topFrames(1, Math.floor(rnd() * 200))[0]; // frames it may give
    if (r < 0.6) return satpRoot(a.cpu.satp) >>> 12; // its root
    if (r < 0.7) return Math.floor(rnd() * 2 ** 32); // anything
    if (r < 0.8) return (BASE >>> 12) - 1 - Math.floor(rnd() * 4);
    if (r < 0.9) return (TOP >>> 12) + Math.floor(rnd() * 4);
    return ARGS >>> 12; // the list's own page
  };
  const allowed = new Set(['SUCCESS', 'INVALID_PARAM', 'INVALID_ADDRESS', 'DENIED']);
  let done = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const n = rnd() < 0.05 ? Math.floor(rnd() * 2 ** 32) : Math.floor(rnd() * 70);
    const frames = Array.from({ length: Math.min(n, 70) }, pick);
    if (rnd() < 0.1 && frames.length > 1) frames[frames.length - 1] = frames[0];
    const name = rnd() < 0.6 ? 'decrease_reservation' : 'increase_reservation';
    const [err, value] = call(hv, a, name, frames, n);
    t.true(allowed.has(err), `${name} of ${n}: ${err}`);
    if (err === 'SUCCESS') done += value;
    if (!conserved(hv)) return t.fail(`round ${i}: the board's frames are no longer owned exactly once`);
  }
  t.true(done > 0, 'some batches were good');
  t.true(b.memory.p2m.identity, "B's memory never moved");
  hv.feed(b, Buffer.from(script));
  hv.run(100_000_000, b);
  t.is(text(1), Buffer.from(alone.out[0]).toString('latin1'), 'B printed what it prints alone');
});
