/**
 * Hostile code for the resource-control tests: seeded random instruction
 * words drawn from the instruction table (every instruction, random
 * operands), plain random words, and address loads aimed at what a guest
 * must never reach — other VMs' slots, the shadow pools, devices, holes.
 */
import { INSTRUCTIONS, OPERANDS, encode, instructionByName, operandRange } from '@pvlab/assembler';

const lui = instructionByName('lui')!, addi = instructionByName('addi')!, sw = instructionByName('sw')!, lw = instructionByName('lw')!;
const csrrw = instructionByName('csrrw')!;

/** Addresses worth aiming at, host- and guest-physical. */
const TARGETS = [0x8000_0000, 0x8040_0000, 0x8080_0000, 0x80c0_0000, 0x8100_0000, 0x8200_0000, 0x8800_0000, 0x1000_0000, 0x1000_0005, 0x0c00_0000, 0x0200_4000, 0x0010_0000, 0x0000_0000, 0xffff_f000, 0x4000_0000];
const SATP = 0x180, STVEC = 0x105, PMPCFG0 = 0x3a0, MEDELEG = 0x302;

function randomInstruction(rand: () => number): number {
  const spec = INSTRUCTIONS[Math.floor(rand() * INSTRUCTIONS.length)];
  const values = spec.operands.map((o) => {
    const { min, max } = operandRange(OPERANDS[o]);
    const v = min + Math.floor(rand() * (max - min + 1));
    return OPERANDS[o].shift ? v & ~1 : v;
  });
  return encode(spec, values);
}

/** The CSRs a guest kernel's chaos writes garbage to. */
const KERNEL_CSRS: readonly number[] = [SATP, SATP, STVEC, PMPCFG0, MEDELEG];

/**
 * The CSRs a guest's own M-mode is tempted with: mstatus (MPRV, MPP, MIE…),
 * misa (C on and off), delegation, interrupt enables and pending bits,
 * mtvec, mepc, counter enables, Sstc, PMP configuration and addresses, satp.
 */
export const MACHINE_CSRS: readonly number[] = [
  0x300, 0x300, 0x300, 0x301, 0x302, 0x303, 0x304, 0x305, 0x305, 0x306, 0x30a, 0x31a, 0x341, 0x341, 0x344,
  0x3a0, 0x3a0, 0x3a1, 0x3a2, 0x3a3, ...Array.from({ length: 16 }, (_, i) => 0x3b0 + i), SATP, 0x100, 0x104, 0x144, STVEC, 0x14d,
];

/** mret, sret, wfi, sfence.vma, ecall, ebreak: what moves between modes or waits. */
export const MODE_WORDS: readonly number[] = ['mret', 'mret', 'sret', 'wfi', 'ecall', 'ebreak'].map((n) => encode(instructionByName(n)!, []));

/**
 * `count` words of chaos. `csrs`: the CSRs it writes garbage to (a guest
 * kernel's by default); `extra`: words it also strews in (mret, wfi…).
 */
export function chaosWords(rand: () => number, count: number, csrs: readonly number[] = KERNEL_CSRS, extra: readonly number[] = []): Uint32Array {
  const out = new Uint32Array(count);
  let i = 0;
  const reg = () => 5 + Math.floor(rand() * 27);
  while (i < count) {
    const r = rand();
    if (r < 0.5) out[i++] = randomInstruction(rand);
    else if (r < 0.6) out[i++] = Math.floor(rand() * 2 ** 32);
    else if (r < 0.9 && i + 3 <= count) {
      // aim a load or store at a target (plus a random page offset)
      const a = (TARGETS[Math.floor(rand() * TARGETS.length)] + Math.floor(rand() * 4096) * 4) >>> 0;
      const rd = reg();
      out[i++] = encode(lui, [rd, ((a + 0x800) >>> 12) & 0xfffff]);
      out[i++] = encode(addi, [rd, rd, ((a & 0xfff) << 20) >> 20]);
      out[i++] = rand() < 0.5 ? encode(sw, [reg(), 0, rd]) : encode(lw, [reg(), 0, rd]);
    } else if (i + 3 <= count) {
      // write a dangerous CSR with a random value
      const rd = reg();
      const v = Math.floor(rand() * 2 ** 32);
      out[i++] = encode(lui, [rd, ((v + 0x800) >>> 12) & 0xfffff]);
      out[i++] = encode(addi, [rd, rd, ((v & 0xfff) << 20) >> 20]);
      out[i++] = encode(csrrw, [0, csrs[Math.floor(rand() * csrs.length)], rd]);
    } else if (extra.length > 0 && rand() < 0.5) out[i++] = extra[Math.floor(rand() * extra.length)];
    else out[i++] = randomInstruction(rand);
  }
  return out;
}
