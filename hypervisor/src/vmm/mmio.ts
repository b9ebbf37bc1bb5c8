/**
 * Trapped device accesses. The guest's page tables map a device page, but
 * no shadow entry ever does, so every load or store there faults on the
 * hart. The hypervisor decodes the faulting instruction and replays the
 * access on the VM's own device models (guest-board.ts) — the same models
 * the board uses natively, so the guest sees the same device.
 */
import { OPERANDS, extractField, matchInstruction, type InstructionSpec } from '@pvlab/assembler';
import { FETCH } from '../machine/hart/mmu.js';
import type { Width } from '../machine/devices/index.js';
import type { ExitContext } from './emulate.js';

interface Access {
  readonly width: 1 | 2 | 4;
  readonly signed: boolean;
  readonly store: boolean;
}

/** Every load and store row of the instruction table (a test checks none is missing). */
export const MMIO_ACCESSES: Readonly<Record<string, Access>> = {
  lb: { width: 1, signed: true, store: false },
  lh: { width: 2, signed: true, store: false },
  lw: { width: 4, signed: true, store: false },
  lbu: { width: 1, signed: false, store: false },
  lhu: { width: 2, signed: false, store: false },
  sb: { width: 1, signed: false, store: true },
  sh: { width: 2, signed: false, store: true },
  sw: { width: 4, signed: false, store: true },
};

const byWord = new Map<number, { spec: InstructionSpec; access: Access } | null>();

function decodeAccess(word: number) {
  let d = byWord.get(word);
  if (d === undefined) {
    const spec = matchInstruction(word >>> 0);
    const access = spec ? MMIO_ACCESSES[spec.name] : undefined;
    d = spec && access ? { spec, access } : null;
    if (byWord.size < 4096) byWord.set(word, d);
  }
  return d;
}

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/**
 * Emulate the access of the instruction at `c.pc` to guest-physical `gpa`.
 * Returns the kind of exit, or false when the hardware would raise an
 * access fault (no device there, a width the device refuses, an AMO).
 */
export function emulateMmio(c: ExitContext, gpa: number): 'mmio-read' | 'mmio-write' | false {
  const cpu = c.vm.cpu;
  const bus = c.vm.guest.bus;
  // The instruction was just fetched, so its translation exists; read it as the hardware would.
  const ipa = cpu.mmu.translate(c.pc, 4, FETCH, cpu.priv);
  if (ipa < 0) {
    cpu.excCause = -1;
    return false;
  }
  const word = bus.read(ipa, 4);
  const d = word === undefined ? null : decodeAccess(word);
  if (!d) return false;
  const { width, signed, store } = d.access;
  if (store) {
    const rs2 = extractField(word!, OPERANDS.rs2);
    const value = c.hart.x[rs2] >>> 0;
    if (!bus.write(gpa, width as Width, width === 4 ? value : value & ((1 << (8 * width)) - 1))) return false;
    if (c.tracing) c.effect = `${d.spec.name} ${hex(gpa)} ← ${hex(value)}`;
  } else {
    const v = bus.read(gpa, width as Width);
    if (v === undefined) return false;
    const rd = extractField(word!, OPERANDS.rd);
    const value = !signed || width === 4 ? v | 0 : width === 1 ? (v << 24) >> 24 : (v << 16) >> 16;
    if (rd !== 0) c.hart.x[rd] = value;
    if (c.tracing) c.effect = `${d.spec.name} ${hex(gpa)} → ${hex(value)}`;
  }
  c.pc = (c.pc + 4) >>> 0;
  return store ? 'mmio-write' : 'mmio-read';
}
