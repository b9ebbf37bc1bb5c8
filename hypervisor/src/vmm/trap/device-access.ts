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
import { decodeTrapped } from './decode.js';

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
 * Emulate the access of the instruction at `c.pc` to guest-physical `gpa`.
 * Returns the kind of exit, or false when the hardware would raise an
 * access fault (no device there, a width the device refuses, an AMO).
 */
export function emulateMmio(c: ExitContext, gpa: number): 'mmio-read' | 'mmio-write' | false {
  const cpu = c.vm.cpu;
  const bus = c.vm.guest.bus;
  // The instruction was just fetched, so its translation exists; read it as the hardware did (hart/fetch.ts):
  // one parcel for a compressed instruction (c.lw, c.sw, …), else two, the second translated on its own
  // when it is on the next page.
  const ipa = cpu.mmu.translate(c.pc, 2, FETCH, cpu.priv);
  if (ipa < 0) {
    cpu.excCause = -1;
    return false;
  }
  const first = bus.read(ipa, 2);
  if (first === undefined) return false;
  let bits = first;
  if (!(c.hart.rvc && isCompressed(first))) {
    const next = (c.pc + 2) >>> 0;
    const ipa2 = next % PAGE_SIZE === 0 ? cpu.mmu.translate(next, 2, FETCH, cpu.priv) : ipa + 2;
    if (ipa2 < 0) {
      cpu.excCause = -1;
      return false;
    }
    const second = bus.read(ipa2, 2);
    if (second === undefined) return false;
    bits = (first | (second << 16)) >>> 0;
  }
  const d = decodeTrapped(bits, c.hart.rvc);
  const access = d && MMIO_ACCESSES[d.name];
  if (!d || !access) return false;
  const { width, signed, store } = access;
  if (store) {
    const value = c.hart.x[d.rs2] >>> 0;
    if (!bus.write(gpa, width as Width, width === 4 ? value : value & ((1 << (8 * width)) - 1))) return false;
    if (c.tracing) c.effect = `${d.name} ${hex(gpa)} ← ${hex(value)}`;
  } else {
    const v = bus.read(gpa, width as Width);
    if (v === undefined) return false;
    const rd = d.rd;
    const value = !signed || width === 4 ? v | 0 : width === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
    if (rd !== 0) c.hart.x[rd] = value;
    if (c.tracing) c.effect = `${d.name} ${hex(gpa)} → ${hex(value)}`;
  }
  c.pc = (c.pc + d.length) >>> 0; // 2 after a compressed load or store
  return store ? 'mmio-write' : 'mmio-read';
}
