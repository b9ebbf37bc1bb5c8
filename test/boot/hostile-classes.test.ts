/**
 * The hostile-guest fuzzer's newer classes (issue 13): seeded guests whose
 * calls mix the random hostile hypercalls of paravirt-hostile.test.ts with
 * - huge batches: mmu_update of up to 2^18 valid requests, and multicalls of
 *   such batches (the exit-work bound must cut them into parts);
 * - output floods: console_write of up to 8 MiB, alone and in multicalls;
 * - aliasing storms: address-space switches (new_baseptr) between roots that
 *   map the guest's own RAM at many virtual megapages, with full and ranged
 *   flushes between them;
 * - shutdown with an armed timer: half the guests keep their timer armed
 *   all along (hostile-calls.s, ARM = 1) and power off with it pending.
 * Beside each, the stock paravirtual kernel. Every seed: the host never
 * throws, no exit does more than its share of work, the kernel beside it
 * prints exactly what it prints alone, the hostile VM makes every call and
 * then retires nothing and exits no more, and the process's resident set
 * stays bounded although the guests print far more than it.
 * PVLAB_HOSTILE_CLASS_SEEDS sets the number of guests (CI: 8).
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { CATALOGUE, HYPERCALLS } from '@pvlab/hypercall-abi';
import { Hypervisor, boot } from '@pvlab/hypervisor';
import { EXIT_WORK, WORK } from '../../hypervisor/src/vmm/work.js';
import { buildGuest } from '../../hypervisor/test/vmm/_guests/build.js';
import { mulberry32 } from '../../assembler/test/_helpers/prng.js';

const SEEDS = Number(process.env.PVLAB_HOSTILE_CLASS_SEEDS ?? 8);
const pv = buildKernel({ paravirt: true }).elf;
const SCRIPT = 'echo beside a hostile guest\nrun null 20\nrun fork 2\nhalt 5\n';
const alone = boot(pv, { mode: 'paravirt', script: SCRIPT, maxInstructions: 100_000_000 });
const guests = [buildGuest('hostile-calls'), buildGuest('hostile-calls', { ARM: 1 })];
const MiB = 1 << 20;
/** The most one indivisible step can do: a PTE write and a whole shadow table built. */
const STEP = WORK.pteWrite + 1024 * WORK.shadowEntry;

/** Guest-physical layout of VM 0 (16 MiB at 0x80000000; the guest's code at 0x80200000). */
const AT = {
  calls: 0x8040_0000, // the call table hostile-calls.s walks
  entries: 0x8046_0000, // multicall entries, 40 bytes each
  aliasReqs: 0x8046_8000, // mmu_update requests that rewrite the alias roots' entries
  roots: 0x8047_0000, // 16 root tables for the aliasing storm
  reqs: 0x8048_0000, // mmu_update requests, 8 bytes each: up to 2^18 + a margin
  scratch: 0x8080_0000, // 8 MiB the requests may write: nothing of the guest lives there
} as const;
const MAX_REQS = (AT.scratch - AT.reqs) / 8 - 4096;

const id = (call: { eid: number; fid: number }) => [call.eid, call.fid] as const;
const MMU_UPDATE = id(HYPERCALLS.mmu_update), CONSOLE_WRITE = id(HYPERCALLS.console_write);
const MULTICALL = id(HYPERCALLS.multicall), NEW_BASEPTR = id(HYPERCALLS.new_baseptr), TLB_FLUSH = id(HYPERCALLS.tlb_flush);
const SET_TIMER = id(HYPERCALLS.set_timer);
/**
 * Calls that would end the guest before its last call: shutdown and reset, and new_baseptr to a random
 * root, after which its own code may be unmapped (it then faults in its own trap vector for ever, never
 * reaching its next call). Their classes are tested elsewhere (new_baseptr here in `alias`, with roots
 * that keep the guest's code mapped).
 */
const RANDOM_IDS = CATALOGUE.flatMap((e) => Object.values(e.calls).map((c) => [e.eid, c.fid] as const))
  .filter(([eid, fid]) => !(eid === 0x0800_0002 && (fid === 0 || fid === 2)) && eid !== 0x5352_5354 && !(eid === NEW_BASEPTR[0] && fid === NEW_BASEPTR[1]));

interface Call { readonly eid: number; readonly fid: number; readonly args: readonly number[] }

/** One seeded guest's memory: the call table, multicall entries, alias roots, requests. */
function hostileImage(rand: () => number) {
  const below = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]) => xs[below(xs.length)];
  const mem = new Map<number, DataView>();
  const region = (at: number, bytes: number) => {
    const v = new DataView(new ArrayBuffer(bytes));
    mem.set(at, v);
    return v;
  };

  // Valid requests (the scratch area's words, values a guest may map: invalid, or its own RAM) and a few poisoned ones.
  const reqs = region(AT.reqs, MAX_REQS * 8);
  for (let i = 0; i < MAX_REQS; i++) {
    reqs.setUint32(i * 8, (AT.scratch + below(2 * MiB) * 4) >>> 0, true);
    reqs.setUint32(i * 8 + 4, rand() < 0.5 ? 0 : ((((0x8000_0000 + below(16 * MiB)) >>> 12) << 10) | 0xcf) >>> 0, true);
  }
  for (let k = 0; k < 8; k++) reqs.setUint32(below(MAX_REQS) * 8, pick([0x8100_0000, 0x1000_0000, 0xffff_fffc, 2]), true);

  // Alias roots: each maps the VM's 16 MiB identity (so the guest keeps running) and again at 16 other megapage runs.
  const roots = region(AT.roots, 16 * 4096);
  for (let r = 0; r < 16; r++) {
    for (let mp = 0; mp < 4; mp++) {
      const pte = ((((0x8000_0000 + mp * 4 * MiB) >>> 12) << 10) | 0xcf) >>> 0; // V R W X A D
      roots.setUint32(r * 4096 + (512 + mp) * 4, pte, true);
      for (let alias = 0; alias < 16; alias++) roots.setUint32(r * 4096 + ((r * 16 + alias) * 4 + mp) % 512 * 4, pte, true);
    }
  }
  const rootSatp = (r: number) => ((1 << 31) | ((AT.roots + r * 4096) >>> 12)) >>> 0;
  // Requests that map or unmap an alias megapage in some root (never its identity entries 512..515).
  const ALIAS_REQS = 4096;
  const aliasReqs = region(AT.aliasReqs, ALIAS_REQS * 8);
  for (let i = 0; i < ALIAS_REQS; i++) {
    aliasReqs.setUint32(i * 8, AT.roots + below(16) * 4096 + below(512) * 4, true);
    aliasReqs.setUint32(i * 8 + 4, rand() < 0.3 ? 0 : ((((0x8000_0000 + below(4) * 4 * MiB) >>> 12) << 10) | 0xcf) >>> 0, true);
  }

  const huge = (): Call => ({ eid: MMU_UPDATE[0], fid: MMU_UPDATE[1], args: [AT.reqs + below(4096) * 8, 1 << (10 + below(9)), below(2), 0, 0, 0] });
  const flood = (): Call => ({ eid: CONSOLE_WRITE[0], fid: CONSOLE_WRITE[1], args: [below(8 * MiB), rand() < 0.1 ? Math.floor(rand() * 2 ** 32) >>> 0 : 0x8000_0000 + below(4 * MiB), 0, 0, 0, 0] });
  const randomCall = (): Call => {
    const [eid, fid] = pick(RANDOM_IDS);
    return { eid, fid, args: Array.from({ length: 6 }, () => (rand() < 0.5 ? below(64) : Math.floor(rand() * 2 ** 32) >>> 0)) };
  };
  const CLASSES: Record<string, () => Call> = {
    huge,
    flood,
    multicall: () => {
      const n = 1 + below(8);
      const entries = region(AT.entries, n * 40);
      for (let e = 0; e < n; e++) {
        const c = rand() < 0.5 ? huge() : flood();
        entries.setUint32(e * 40, c.eid, true);
        entries.setUint32(e * 40 + 4, c.fid, true);
        c.args.forEach((a, k) => entries.setUint32(e * 40 + 8 + 4 * k, a, true));
      }
      return { eid: MULTICALL[0], fid: MULTICALL[1], args: [AT.entries, n, 0, 0, 0, 0] };
    },
    alias: () => {
      const r = below(4);
      if (r === 0) return { eid: NEW_BASEPTR[0], fid: NEW_BASEPTR[1], args: [rand() < 0.1 ? 0 : rootSatp(below(16)), 0, 0, 0, 0, 0] };
      if (r === 1) return { eid: TLB_FLUSH[0], fid: TLB_FLUSH[1], args: [below(512) << 22, pick([0, 4096, 64 * 4096, 65 * 4096, 0xffff_ffff]), 0, 0, 0, 0] };
      // Rewrite roots' alias entries while one of them may be live, with a flush or without.
      return { eid: MMU_UPDATE[0], fid: MMU_UPDATE[1], args: [AT.aliasReqs + below(ALIAS_REQS - 256) * 8, 1 + below(256), below(2), 0, 0, 0] };
    },
    timer: () => ({ eid: SET_TIMER[0], fid: SET_TIMER[1], args: [below(1 << 20), 0, 0, 0, 0, 0] }),
    random: randomCall,
  };
  const names = Object.keys(CLASSES);
  // Each guest leans on two classes; at most 4 huge calls, so a seed stays a few seconds.
  const favourites = [pick(names), pick(names)];
  const calls: Call[] = [];
  let heavy = 0;
  for (let i = 0; i < 120; i++) {
    let name = rand() < 0.6 ? pick(favourites) : pick(names);
    if (name === 'huge' || name === 'multicall') name = heavy++ < 4 ? name : 'random';
    // Multicall entries live at one address: the last multicall's entries are the ones every multicall sees.
    calls.push(CLASSES[name]());
  }
  const table = region(AT.calls, 4 + calls.length * 32);
  table.setUint32(0, calls.length, true);
  calls.forEach((c, i) => {
    c.args.forEach((a, k) => table.setUint32(4 + i * 32 + 4 * k, a, true));
    table.setUint32(4 + i * 32 + 24, c.fid, true);
    table.setUint32(4 + i * 32 + 28, c.eid, true);
  });
  return { mem, calls: calls.length, favourites };
}

test(`${SEEDS} seeded guests of the new classes (huge batches, floods, aliasing storms, armed shutdowns) beside the paravirtual kernel`, (t) => {
  const rand = mulberry32(2613);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore, printedTotal = 0, partsTotal = 0;
  const callsByName = new Map<string, number>();
  for (let k = 0; k < SEEDS; k++) {
    const image = hostileImage(rand);
    const out: number[] = [];
    let printed = 0, maxWork = 0, parts = 0, atShutdown: number | undefined, exitsAfter = 0;
    const hv: Hypervisor = new Hypervisor({
      mode: 'paravirt', kernels: [guests[k % 2], pv], exitQuantum: 20_000,
      output: (vm, b) => (vm === 1 ? out.push(b) : printed++),
      trace: (r) => {
        if (r.vm !== 0) return;
        maxWork = Math.max(maxWork, r.work);
        if (r.effect.includes('→ continued')) parts++;
        if (atShutdown !== undefined) exitsAfter++;
        else if (hv.vms[0].state === 'halted') atShutdown = hv.retired(hv.vms[0]);
      },
    });
    hv.feed(hv.vms[1], Buffer.from(SCRIPT));
    const evil = hv.vms[0];
    for (const [at, view] of image.mem) evil.guest.bus.load(at, new Uint8Array(view.buffer));
    const what = `guest ${k} (${image.favourites.join(', ')}${k % 2 ? ', armed' : ''})`;
    try {
      hv.run(4_000_000_000);
    } catch (e) {
      return t.fail(`${what}: the host threw ${String(e)}`);
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    printedTotal += printed;
    partsTotal += parts;
    const calls = [...evil.stats.hypercalls.values()].reduce((a, b) => a + b, 0);
    for (const [name, n] of evil.stats.hypercalls) callsByName.set(name, (callsByName.get(name) ?? 0) + n);
    if (calls < image.calls) return t.fail(`${what}: ${calls} of ${image.calls} calls made (${evil.state})`);
    if (evil.exitCode !== 0) return t.fail(`${what}: exit code ${evil.exitCode}`);
    if (maxWork > EXIT_WORK + STEP) return t.fail(`${what}: an exit did ${maxWork} units of work`);
    if (exitsAfter !== 0 || hv.retired(evil) !== atShutdown) return t.fail(`${what}: ${exitsAfter} exits and ${hv.retired(evil) - (atShutdown ?? 0)} instructions after its shutdown`);
    const ranAfter = evil.guest.bus.read(evil.program.symbols.get('ran_after')!, 4);
    if (ranAfter !== 0) return t.fail(`${what}: code after its shutdown call ran`);
    if (k % 2 && evil.guest.bus.read(evil.program.symbols.get('ticks')!, 4) === 0) return t.fail(`${what}: its timer never fired: the armed class did not run`);
    const transcript = Buffer.from(out).toString('latin1');
    if (transcript !== alone.transcript || hv.vms[1].exitCode !== 5) return t.fail(`${what}: the kernel beside it printed ${JSON.stringify(transcript.slice(-200))}`);
  }
  t.log(`${partsTotal} continued parts, ${(printedTotal / MiB).toFixed(0)} MiB printed; calls: ${[...callsByName].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  for (const name of ['mmu_update', 'console_write', 'multicall', 'new_baseptr', 'tlb_flush', 'set_timer']) t.true((callsByName.get(name) ?? 0) > 0, `no ${name} was made`);
  t.true(partsTotal > 0, 'some call was big enough to be continued');
  t.true(printedTotal > 16 * MiB, `the guests printed ${printedTotal} bytes`);
  const grown = (rssPeak - rssBefore) / MiB;
  t.true(grown < 300, `the resident set grew by ${grown.toFixed(0)} MiB while the guests printed ${(printedTotal / MiB).toFixed(0)} MiB`);
});
