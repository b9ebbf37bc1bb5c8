/**
 * Trapped device accesses. The guest's page tables map a device page, but
 * no shadow entry ever does, so every load or store there faults on the
 * hart. The hypervisor decodes the faulting instruction and replays the
 * access on the VM's own device models (guest-board.ts) — the same models
 * the board uses natively, so the guest sees the same device. A compressed
 * load or store (c.lw, c.sw, c.lwsp, c.swsp) is emulated as the instruction
 * it expands to, and the guest resumes 2 bytes on.
 */
import { PAGE_SIZE, isCompressed } from '@pvlab/assembler';
import { FETCH } from '../../machine/hart/mmu.js';
import type { Width } from '../../machine/devices/index.js';
import { hex } from '../../machine/hex.js';
import type { ExitContext } from '../virtualization.js';
import { decodeTrapped, type TrappedInstruction } from './decode.js';
import { CLINT_BASE, CLINT_SIZE } from '../../machine/devices/clint.js';

interface Access {
  readonly width: 1 | 2 | 4;
  readonly signed: boolean;
  readonly store: boolean;
}

/** Every load and store row of the instruction table (a test checks none is missing). */
export const MMIO_ACCESSES: Readonly<Record<string, Access>> = Object.freeze({
  lb: { width: 1, signed: true, store: false },
  lh: { width: 2, signed: true, store: false },
  lw: { width: 4, signed: true, store: false },
  lbu: { width: 1, signed: false, store: false },
  lhu: { width: 2, signed: false, store: false },
  sb: { width: 1, signed: false, store: true },
  sh: { width: 2, signed: false, store: true },
  sw: { width: 4, signed: false, store: true },
});

/**
 * Emulate the access of the instruction at `c.pc` to guest-physical `gpa`
 * (the instruction retires: counted here). Returns the kind of exit, or
 * false when the hardware would raise an access fault (no device there, a
 * width the device refuses, an AMO).
 */
export function emulateMmio(c: ExitContext, gpa: number): 'mmio-read' | 'mmio-write' | 'clint' | false {
  const bus = c.vm.guest.bus;
  const d = trappedInstruction(c);
  const access = d && MMIO_ACCESSES[d.name];
  if (!d || !access) return false;
  const { width, signed, store } = access;
  // The device sees the access while the instruction executes, counted as running, as the hart counts its own
  // (interpreter.ts): time (mtime, a virtio request's completion) is what the bare board's device would see.
  c.hart.instret++;
  if (store) {
    const value = c.hart.x[d.rs2] >>> 0;
    if (!bus.write(gpa, width as Width, width === 4 ? value : value & ((1 << (8 * width)) - 1))) return c.hart.instret--, false;
    if (c.tracing) c.effect = `${d.name} ${hex(gpa)} ← ${hex(value)}`;
  } else {
    const v = bus.read(gpa, width as Width);
    if (v === undefined) return c.hart.instret--, false;
    const rd = d.rd;
    const value = !signed || width === 4 ? v | 0 : width === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
    if (rd !== 0) c.hart.x[rd] = value;
    if (c.tracing) c.effect = `${d.name} ${hex(gpa)} → ${hex(value)}`;
  }
  c.pc = (c.pc + d.length) >>> 0; // 2 after a compressed load or store
  if (gpa >= CLINT_BASE && gpa - CLINT_BASE < CLINT_SIZE) return 'clint';
  return store ? 'mmio-write' : 'mmio-read';
}

/**
 * The instruction at `c.pc` that exited, read and decoded as the hardware
 * fetched it (hart/fetch.ts): it was just fetched, so its translation
 * exists; one parcel for a compressed instruction (c.lw, c.sw, …), else
 * two, the second translated on its own when it is on the next page.
 * Undefined when it cannot be read (it then matches no table row either).
 */
export function trappedInstruction(c: ExitContext): TrappedInstruction | undefined {
  const cpu = c.vm.cpu;
  const bus = c.vm.guest.bus;
  const ipa = cpu.mmu.translate(c.pc, 2, FETCH, cpu.priv);
  if (ipa < 0) {
    cpu.excCause = -1;
    return undefined;
  }
  const first = bus.read(ipa, 2);
  if (first === undefined) return undefined;
  let bits = first;
  if (!(c.hart.rvc && isCompressed(first))) {
    const next = (c.pc + 2) >>> 0;
    const ipa2 = next % PAGE_SIZE === 0 ? cpu.mmu.translate(next, 2, FETCH, cpu.priv) : ipa + 2;
    if (ipa2 < 0) {
      cpu.excCause = -1;
      return undefined;
    }
    const second = bus.read(ipa2, 2);
    if (second === undefined) return undefined;
    bits = (first | (second << 16)) >>> 0;
  }
  return decodeTrapped(bits, c.hart.rvc);
}
