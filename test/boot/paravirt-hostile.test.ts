/**
 * Hostile paravirtual guests (resource control for the paravirtual mode):
 * - 100,000 seeded hypercalls with random ids and arguments — pointers into
 *   other VMs' memory, the shadow pools, the hypervisor's and the devices'
 *   addresses, wrapping ranges — and mmu_update batches of hostile PTEs;
 * - 100 guests running random S-mode code: writes to PMP CSRs, satp,
 *   medeleg, M-mode CSRs, device registers, random instruction words.
 * The host never throws, every call gets an SBI code, no hostile PTE ever
 * enters a shadow, and the paravirtual kernel beside them prints exactly
 * what it prints alone.
 */
import test from 'ava';
import { buildKernel } from '@pvlab/guest-kernel';
import { CATALOGUE } from '@pvlab/hypercall-abi';
import { Hypervisor, boot } from '@pvlab/hypervisor';
import { buildGuest } from '../../hypervisor/test/vmm/_guests/build.js';
import { chaosWords } from '../../hypervisor/test/vmm/_helpers/chaos.js';
import { mulberry32 } from '../../assembler/test/_helpers/prng.js';

const pv = buildKernel({ paravirt: true }).elf;
const SCRIPT = 'echo beside a hostile guest\nrun null 20\nrun fork 2\nhalt 5\n';
const alone = boot(pv, { mode: 'paravirt', script: SCRIPT, maxInstructions: 100_000_000 });
const MiB = 1 << 20;

/** Values a hostile argument takes: own RAM, the next VM's slot, the pools, devices, holes, the top of memory. */
function hostileWord(rand: () => number): number {
  const r = rand();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  if (r < 0.25) return Math.floor(rand() * 2 ** 32) >>> 0;
  if (r < 0.45) return (0x8080_0000 + Math.floor(rand() * 8 * MiB)) >>> 0; // own RAM, away from code and the table
  if (r < 0.6) return (pick([0x8100_0000, 0x8180_0000, 0x8200_0000, 0x8220_0000, 0x8240_0000]) + Math.floor(rand() * 0x1000) * 4) >>> 0; // VM 1, pools
  if (r < 0.7) return pick([0x1000_0000, 0x0c00_0000, 0x0200_0000, 0x0010_0000, 0]);
  if (r < 0.8) return (0xffff_f000 + Math.floor(rand() * 0x1000)) >>> 0; // wraps with any length
  return Math.floor(rand() * 64); // small counts and lengths
}

/** A PTE a hostile guest would like to see mapped: other VMs, pools, devices, own pages, pointers anywhere. */
function hostilePte(rand: () => number): number {
  const ppn = hostileWord(rand) >>> 12;
  return ((ppn << 10) | Math.floor(rand() * 256)) >>> 0;
}

test('100,000 hostile hypercalls and mmu_update batches: only SBI codes, no hostile PTE in a shadow, the VM beside unaffected', (t) => {
  const rand = mulberry32(77);
  const guest = buildGuest('hostile-calls');
  const out: number[] = [];
  const last: string[] = [];
  const hv = new Hypervisor({ mode: 'paravirt', kernels: [guest, pv], output: (vm, b) => vm === 1 && out.push(b), trace: process.env.PVLAB_DEBUG ? (r) => { if (r.vm === 0) { last.push(`${r.reason} ${r.pc.toString(16)} ${r.effect}`); if (last.length > 12) last.shift(); } } : undefined });
  hv.feed(hv.vms[1], Buffer.from(SCRIPT));
  const evil = hv.vms[0];
  const ids = CATALOGUE.flatMap((e) => Object.values(e.calls).map((c) => [e.eid, c.fid] as const))
    // Calls that would end the guest before its 100,000th call (it would only stop, not harm): tested elsewhere.
    .filter(([eid, fid]) => !(eid === 0x0800_0002 && (fid === 0 || fid === 2)) && eid !== 0x5352_5354);
  const CALLS = 100_000;
  const table = new DataView(new ArrayBuffer(4 + CALLS * 32));
  table.setUint32(0, CALLS, true);
  const batch = 0x8078_0000; // hostile {ptep, value} requests, 64 KiB
  for (let i = 0; i < CALLS; i++) {
    const o = 4 + i * 32;
    const known = rand() < 0.85;
    const [eid, fid] = known ? ids[Math.floor(rand() * ids.length)] : [Math.floor(rand() * 2 ** 32) >>> 0, Math.floor(rand() * 8)];
    const args = Array.from({ length: 6 }, () => hostileWord(rand));
    if (eid === 0x0800_0000 && fid === 0 && rand() < 0.7) {
      args[0] = (batch + Math.floor(rand() * 8000) * 8) >>> 0; // mmu_update(reqs, count, flags, va) with hostile requests
      args[1] = 1 + Math.floor(rand() * 16);
      // Mostly flags it knows (no flush, flush all, flush va's page) with a va that goes with them, so the requests are checked.
      if (rand() < 0.8) {
        args[2] = Math.floor(rand() * 3);
        args[3] = args[2] === 2 ? hostileWord(rand) : 0;
      }
    }
    // new_baseptr: Bare, or roots outside the VM's RAM (a root inside it would be honoured, and a random one
    // unmaps the guest's own code: the chaos test below covers that).
    if (eid === 0x0800_0000 && fid === 1) args[0] = rand() < 0.3 ? 0 : (0x8000_0000 | [0x81000, 0x81800, 0x82000, 0x82200, 0x10000, 0x0c000, 0xfffff, 0x3fffff][Math.floor(rand() * 8)]) >>> 0;
    for (let k = 0; k < 6; k++) table.setUint32(o + 4 * k, args[k], true);
    table.setUint32(o + 24, fid, true);
    table.setUint32(o + 28, eid, true);
  }
  evil.guest.bus.load(0x8040_0000, new Uint8Array(table.buffer));
  const reqs = new DataView(new ArrayBuffer(64 * 1024));
  for (let o = 0; o < reqs.byteLength; o += 8) {
    reqs.setUint32(o, rand() < 0.8 ? (0x8080_0000 + Math.floor(rand() * 2 * MiB) * 4) >>> 0 : hostileWord(rand), true);
    reqs.setUint32(o + 4, hostilePte(rand), true);
  }
  evil.guest.bus.load(batch, new Uint8Array(reqs.buffer));

  t.notThrows(() => hv.run(2_000_000_000));
  const calls = [...evil.stats.hypercalls.values()].reduce((a, b) => a + b, 0);
  t.true(calls >= CALLS, `${calls} hypercalls dispatched; the last exits:\n${last.join('\n')}\n${evil.state} pc=${hv.hart.pc.toString(16)}`);
  t.is(evil.exitCode, 0, 'the hostile guest made every call and powered off');
  t.is(Buffer.from(out).toString('latin1'), alone.transcript);
  t.is(hv.vms[1].exitCode, 5);
  // Every shadow entry of the hostile VM maps its own RAM or its own pool (tables), nothing else.
  const { ramHost, ramSize, poolHost, poolSize } = evil.slot;
  const i32 = hv.machine.bus.i32, base = hv.machine.bus.ramBase;
  let leaves = 0;
  for (let p = poolHost; p < poolHost + poolSize; p += 4) {
    const pte = i32[(p - base) >>> 2] >>> 0;
    if (!(pte & 1)) continue;
    const pa = (pte >>> 10) * 4096;
    const inRam = pa >= ramHost && pa < ramHost + ramSize, inPool = pa >= poolHost && pa < poolHost + poolSize;
    if (!(inRam || inPool)) return t.fail(`a shadow PTE at 0x${p.toString(16)} maps 0x${pa.toString(16)}, outside the VM`);
    if (pte & 0xe) leaves++;
  }
  t.true(leaves > 0, 'the check saw shadow leaves');
});

test('100 guests running random S-mode code paravirtualized: faults stay theirs, the kernel beside them is unaffected', (t) => {
  const rand = mulberry32(78);
  const hostile = buildGuest('hostile');
  for (let k = 0; k < 100; k++) {
    const out: number[] = [];
    const hv = new Hypervisor({ mode: 'paravirt', kernels: [hostile, pv], quantum: 2000, exitQuantum: 2000, output: (vm, b) => vm === 1 && out.push(b) });
    hv.feed(hv.vms[1], Buffer.from(SCRIPT));
    const evil = hv.vms[0];
    evil.guest.bus.load(evil.program.symbols.get('chaos')!, new Uint8Array(chaosWords(rand, 1024).buffer));
    try {
      hv.run(50_000_000, hv.vms[1]);
    } catch (e) {
      return t.fail(`guest ${k}: the host threw ${String(e)}`);
    }
    const transcript = Buffer.from(out).toString('latin1');
    if (transcript !== alone.transcript || hv.vms[1].exitCode !== 5) return t.fail(`guest ${k}: the kernel beside it printed ${JSON.stringify(transcript.slice(-200))}`);
  }
  t.pass();
});
