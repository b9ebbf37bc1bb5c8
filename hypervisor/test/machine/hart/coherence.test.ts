/**
 * Every write into RAM goes through the bus, which keeps decoded and
 * compiled code coherent (issue 13, item 6): whoever writes — a loader, a
 * hypervisor writing into its guest through a window of the board's RAM,
 * another hart's page walker setting A/D bits — the hart that compiled the
 * code runs the new bytes the next time. `f` below is compiled (called a
 * hundred times, compiled at once), then rewritten from outside.
 */
import test from 'ava';
import { EXC, PRIV } from '@pvlab/assembler';
import { Bus, Hart, useCompiler } from '@pvlab/hypervisor';
import { LOAD } from '../../../src/machine/hart/mmu.js';
import { loadSnippet, type LoadedSnippet } from '../_helpers/hart-run.js';

const ADDI_S0_100 = 0x06440413; // addi s0, s0, 100
const le = (w: number) => new Uint8Array(new Uint32Array([w >>> 0]).buffer);

/** Call f 100 times (s0 = 100), stop; then, after the test's write, call it once more and stop. */
function compiledF(): LoadedSnippet {
  useCompiler(true, { hot: 1 });
  const s = loadSnippet(`
  li s0, 0
  li s1, 100
1:
  jal ra, f
  addi s1, s1, -1
  bnez s1, 1b
  ebreak
again:
  jal ra, f
  ebreak
  .balign 4096
f:
  addi gp, zero, 512      # a word that is also a PTE: V R U D, A clear, a megapage at 0x80000000
  addi s0, s0, 1
  ret`);
  s.go();
  return s;
}

/** Run f once more: s0 after it, and the traps taken. */
function again(s: LoadedSnippet): number {
  s.hart.pc = s.sym('again');
  s.go();
  useCompiler(true);
  return s.hart.x[8];
}

test.serial('the setup: f is compiled and has run a hundred times', (t) => {
  const s = compiledF();
  t.is(s.hart.x[8], 100);
  t.true(s.hart.code.regions > 0);
  t.is(again(s), 101);
});

test.serial('a write through the bus (writeBytes: a loader, DMA, a hypervisor) replaces compiled code', (t) => {
  const s = compiledF();
  s.bus.writeBytes(s.sym('f') + 4, le(ADDI_S0_100));
  t.is(again(s), 200);
});

test.serial('a word write through the bus (an mmu_update PTE write) replaces compiled code', (t) => {
  const s = compiledF();
  t.true(s.bus.write(s.sym('f') + 4, 4, 0)); // word 0: an illegal instruction
  again(s);
  const last = s.traps[s.traps.length - 1];
  t.deepEqual([last[0], last[1], last[2]], [EXC.illegal, 0, s.sym('f') + 4]);
});

test.serial('a write through a window of the RAM (a VM\'s guest-physical bus) reaches the hart that runs the RAM', (t) => {
  const s = compiledF();
  // A guest bus whose address 0x80000000 is the board's 0x80001000 (page-aligned, as VM slots are).
  const guest = new Bus(1 << 20, s.bus.u8.subarray(0x1000, 0x1000 + (1 << 20)));
  guest.writeBytes(s.sym('f') + 4 - 0x1000, le(ADDI_S0_100));
  t.is(again(s), 200);
});

test.serial('another hart\'s page walk setting A in a word that is code (a vCPU walking guest tables) replaces it', (t) => {
  const s = compiledF();
  const f = s.sym('f');
  // The vCPU sees the same RAM through a window; its root table is f's page, so the walk of
  // va = index << 22 reads f's first word as a level-1 PTE and sets its A bit.
  const guest = new Bus(1 << 20, s.bus.u8.subarray(0x1000, 0x1000 + (1 << 20)));
  const vcpu = new Hart(guest, { now: () => 0 });
  vcpu.pmp.writeAddr(0, 0xffff_ffff);
  vcpu.pmp.writeCfg(0, 0x1f);
  vcpu.pmpChanged();
  vcpu.setSatp((0x8000_0000 | ((f - 0x1000) >>> 12)) >>> 0);
  vcpu.setPriv(PRIV.U);
  const va = ((f & 0xfff) / 4) << 22;
  t.true(vcpu.mmu.translate(va >>> 0, 4, LOAD, PRIV.U) >= 0, 'the walk succeeds');
  const word = s.bus.read(f, 4)!;
  t.is(word, 0x200001d3, 'A (bit 6) was set: addi became an OP-FP word, illegal here');
  again(s);
  const last = s.traps[s.traps.length - 1];
  t.deepEqual([last[0], last[1], last[2]], [EXC.illegal, word, f]);
});
