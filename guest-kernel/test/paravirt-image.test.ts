/**
 * kernel-pv.elf is kernel.elf with the other expansion of the pv-ops seam
 * and nothing else: outside the seam's sites, the two images hold the same
 * instructions in the same order. Code moves (a paravirtual site is longer
 * than a native one), so pc-relative targets — branches, jumps, auipc-based
 * addresses — are compared by what they name, not by their offsets: a
 * symbol, or the n-th instruction outside the seam.
 */
import test from 'ava';
import { join } from 'node:path';
import { assemble, type Program } from '@pvlab/assembler';
import { GUEST_KERNEL_ROOT, buildKernel, kernelCode, readPvopSites, type PvopSite } from '../src/index.js';
import { seamViolations, where } from './_helpers/seam.js';

const native = buildKernel().program;
const pv = buildKernel({ paravirt: true }).program;

interface Listing {
  /** Instructions outside the seam: address and word. */
  readonly outside: readonly { addr: number; word: number }[];
  readonly sites: readonly PvopSite[];
  /** What an address names: one id, or several where a site is empty in this build. */
  readonly name: (addr: number) => string[];
}

function listing(p: Program): Listing {
  const sites = readPvopSites(p);
  const outside: { addr: number; word: number }[] = [];
  let k = 0;
  for (const c of kernelCode(p)) {
    const bytes = p.read(c.start, c.end - c.start);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 0; o + 4 <= bytes.length; o += 4) {
      const addr = c.start + o;
      while (k < sites.length && sites[k].end <= addr) k++;
      if (k < sites.length && addr >= sites[k].start && addr < sites[k].end) continue;
      outside.push({ addr, word: view.getUint32(o, true) });
    }
  }
  const exact = new Map<number, string>();
  for (const s of p.symbols) if (!exact.has(s.value >>> 0)) exact.set(s.value >>> 0, s.name);
  const sorted = [...p.symbols].sort((a, b) => a.value - b.value);
  // What is at an address: the sites starting there (an empty one takes no room, so the next thing is there
  // too) and the instruction outside the seam, each by an id the other build shares.
  const at = new Map<number, string[]>();
  const add = (addr: number, id: string) => (at.get(addr) ?? at.set(addr, []).get(addr)!).push(id);
  // A site is named by where it is among the instructions outside the seam (the k-th of them
  // follows it; the j-th site there), so that a site only one build has elsewhere (the
  // paravirtual routines) does not renumber the others.
  let next = 0;
  let prev = -1, j = 0;
  for (const s of sites) {
    while (next < outside.length && outside[next].addr < s.start) next++;
    j = next === prev ? j + 1 : 0;
    prev = next;
    add(s.start, `site before #${next}.${j}`);
  }
  outside.forEach((x, i) => add(x.addr, `#${i}`));
  const name = (addr: number) => {
    addr >>>= 0;
    if (exact.has(addr)) return [exact.get(addr)!];
    if (at.has(addr)) return at.get(addr)!;
    let best = sorted[0];
    for (const s of sorted) if (s.value >>> 0 <= addr) best = s;
    return [`${best.name}+${addr - best.value}`];
  };
  return { outside, sites, name };
}

const signExtend = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);
const iImm = (w: number) => w >> 20;
const sImm = (w: number) => ((w >> 25) << 5) | ((w >>> 7) & 31);
const bImm = (w: number) => signExtend((((w >>> 31) & 1) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 63) << 5) | (((w >>> 8) & 15) << 1), 13);
const jImm = (w: number) => signExtend((((w >>> 31) & 1) << 20) | (((w >>> 12) & 255) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 1023) << 1), 21);

/** One instruction as the comparison sees it: the word, and what its pc-relative target names (any of). */
interface Rendered {
  readonly text: string;
  readonly targets?: readonly string[];
}

function render(l: Listing): Rendered[] {
  const out: Rendered[] = [];
  let auipc: { rd: number; value: number } | undefined;
  for (const { addr, word } of l.outside) {
    const op = word & 0x7f, rd = (word >>> 7) & 31, rs1 = (word >>> 15) & 31;
    if (op === 0x6f) out.push({ text: `jal x${rd}`, targets: l.name(addr + jImm(word)) });
    else if (op === 0x63) out.push({ text: (word & 0x01fff07f).toString(16), targets: l.name(addr + bImm(word)) });
    else if (op === 0x17) {
      auipc = { rd, value: (addr + (word & 0xfffff000)) | 0 };
      out.push({ text: `auipc x${rd}` });
      continue;
    } else if (auipc && rs1 === auipc.rd && (op === 0x13 || op === 0x03 || op === 0x67)) out.push({ text: (word & 0x000fffff).toString(16), targets: l.name(auipc.value + iImm(word)) });
    else if (auipc && rs1 === auipc.rd && op === 0x23) out.push({ text: (word & 0x01fff07f).toString(16), targets: l.name(auipc.value + sImm(word)) });
    else out.push({ text: word.toString(16) });
    auipc = undefined;
  }
  return out;
}

/** Where two listings differ outside the seam (the first few). */
function differences(a: Listing, b: Listing): string[] {
  const ra = render(a), rb = render(b);
  const diffs: string[] = ra.length === rb.length ? [] : [`${ra.length} instructions outside the seam natively, ${rb.length} paravirtualized`];
  for (let i = 0; i < Math.min(ra.length, rb.length) && diffs.length < 5; i++) {
    const x = ra[i], y = rb[i];
    const same = x.text === y.text && (x.targets === undefined) === (y.targets === undefined) && (!x.targets || x.targets.some((n) => y.targets!.includes(n)));
    if (!same) diffs.push(`${where(native, a.outside[i].addr)}: native ${x.text} → ${x.targets?.join('|')}, paravirt ${y.text} → ${y.targets?.join('|')}`);
  }
  return diffs;
}

test('the two builds have the same instructions outside the seam, in the same order', (t) => {
  const a = listing(native), b = listing(pv);
  t.true(a.sites.length > 50);
  t.deepEqual(differences(a, b), []);
});

test('the comparison sees a changed instruction and a changed target outside the seam', (t) => {
  const a = listing(native);
  const i = a.outside.findIndex((x) => (x.word & 0x7f) === 0x33); // an R-type ALU instruction
  const j = a.outside.findIndex((x) => (x.word & 0x7f) === 0x6f && x.word >>> 12 !== 0); // a jal
  const changed = (k: number, word: number): Listing => ({ ...a, outside: a.outside.map((x, n) => (n === k ? { ...x, word } : x)) });
  t.is(differences(a, changed(i, a.outside[i].word ^ (1 << 7))).length, 1);
  t.is(differences(a, changed(j, (a.outside[j].word + (8 << 21)) >>> 0)).length, 1);
});

test('the paravirtual seam differs: its sites ask the hypervisor (ecall) and touch no device', (t) => {
  const code = kernelCode(pv);
  const sites = readPvopSites(pv);
  const inside = code.flatMap((c) => seamViolations(pv, [], c.start, c.end, { ecallIsPrivileged: true }));
  t.true(inside.some((v) => v.text.startsWith('ecall')), 'hypercalls');
  t.false(inside.some((v) => /^(uart|plic|finisher)/.test(v.why)), 'no device access at all');
  t.deepEqual(code.flatMap((c) => seamViolations(pv, sites, c.start, c.end, { ecallIsPrivileged: true })).map((v) => `${where(pv, v.addr)}: ${v.text}: ${v.why}`), []);
});

test('the paravirtual idle is the generated HC_IDLE, with interrupts enabled just before its ecall', (t) => {
  const words = (p: Program, addr: number, n: number) => {
    const b = p.read(addr, 4 * n);
    return [...new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 4 * n))];
  };
  const r = assemble([{ path: 'idle.s', text: '.include "hypercalls.inc"\nHC_IDLE\n' }], { includePaths: [join(GUEST_KERNEL_ROOT, 'include')] });
  t.true(r.ok, r.formatDiagnostics());
  const text = r.program!.sections.find((s) => s.name === '.text')!;
  const hcIdle = words(r.program!, text.addr, text.size / 4);
  const idleWfi = pv.symbols.find((s) => s.name === 'idle_wfi')!.value >>> 0;
  // HC_IDLE's a7/a6 loads, csrsi sstatus, SIE, then idle_wfi: HC_IDLE's ecall.
  const n = hcIdle.length;
  const site = words(pv, idleWfi - 4 * n, n + 1);
  t.deepEqual([...site.slice(0, n - 1), site[n]], hcIdle);
  t.is(site[n - 1], 0x10016073, 'csrsi sstatus, SSTATUS_SIE');
  t.is(hcIdle.at(-1), 0x00000073, 'ecall');
});
