/**
 * What each instruction does, once, as a JavaScript statement over the
 * decoded fields: the one table from which interpreter.ts generates the
 * interpreter's `switch` and jit/codegen.ts every compiled region (v86's
 * way). Names: `x` registers (x[32] is the x0 sink; the compiler turns
 * `x[rs1]` into a JavaScript local), `rd` `rs1` `rs2` `imm`, `pc` this
 * instruction, `npc` the next pc (both as signed 32-bit integers, which V8
 * keeps in registers; unsigned comparisons flip the sign bit, `SIGN`, to
 * stay in int32); macros, which each backend expands its own way:
 *   TRAP(cause, tval)   raise an exception at this instruction
 *   ECALL(cause)        an environment call: the exception `cause` (tval 0), which
 *                       the environment below may complete, going on at the next
 *                       instruction (a hypervisor's hypercall); compiled code then
 *                       goes on too, without leaving its region
 *   BRANCH(cond)        a conditional branch to pc + imm (instruction-address-misaligned if needed)
 *   LOAD(dest, width, signed) / STORE(width, value)   memory through the fast path
 *   SLOW(call)          call into the hart for a slow path (syncs pc and counters);
 *                       a false result is an illegal instruction
 *   XRET(call)          mret/sret: continue at the pc the hart chose
 *   WFI(call)           wfi: the hart may now wait for an interrupt
 * An instruction that sets `npc` itself (jal, jalr) is a jump. `IALIGN` holds
 * the target bits that must be clear (3, or 1 with the C extension: unpriv
 * §1.5; each backend supplies it), and `npc` is pc + 2 after a compressed
 * instruction, so c.jal and c.jalr link the right return address.
 */
import { EXC, INSTRUCTIONS, PRIV } from '@pvlab/assembler';

/** Raised by a jump whose target is not IALIGN-aligned (pasted into the generated code as a literal). */
const MISALIGNED = EXC.instructionMisaligned;

const R = (expr: string) => `x[rd] = ${expr};`;
const BRANCH = (cond: string) => `BRANCH(${cond})`;
const AMO = (fn: string) => `SLOW(h.amo(${fn}, x[rs1] >>> 0, x[rs2], rd))`;

export const SEMANTICS: Readonly<Record<string, string>> = {
  // RV32I (unprivileged specification §2)
  lui: R('imm'),
  auipc: R('(pc + imm) | 0'),
  jal: `{ const t = (pc + imm) | 0; if (t & IALIGN) TRAP(${MISALIGNED}, t); x[rd] = npc | 0; npc = t; }`,
  jalr: `{ const t = (x[rs1] + imm) & ~1; if (t & IALIGN) TRAP(${MISALIGNED}, t); x[rd] = npc | 0; npc = t; }`,
  beq: BRANCH('x[rs1] === x[rs2]'),
  bne: BRANCH('x[rs1] !== x[rs2]'),
  blt: BRANCH('x[rs1] < x[rs2]'),
  bge: BRANCH('x[rs1] >= x[rs2]'),
  bltu: BRANCH('(x[rs1] ^ SIGN) < (x[rs2] ^ SIGN)'),
  bgeu: BRANCH('(x[rs1] ^ SIGN) >= (x[rs2] ^ SIGN)'),
  lb: 'LOAD(x[rd], 1, true)',
  lh: 'LOAD(x[rd], 2, true)',
  lw: 'LOAD(x[rd], 4, true)',
  lbu: 'LOAD(x[rd], 1, false)',
  lhu: 'LOAD(x[rd], 2, false)',
  sb: 'STORE(1, x[rs2])',
  sh: 'STORE(2, x[rs2])',
  sw: 'STORE(4, x[rs2])',
  addi: R('(x[rs1] + imm) | 0'),
  slti: R('x[rs1] < imm ? 1 : 0'),
  sltiu: R('(x[rs1] ^ SIGN) < (imm ^ SIGN) ? 1 : 0'),
  xori: R('x[rs1] ^ imm'),
  ori: R('x[rs1] | imm'),
  andi: R('x[rs1] & imm'),
  slli: R('x[rs1] << imm'),
  srli: R('x[rs1] >>> imm'),
  srai: R('x[rs1] >> imm'),
  add: R('(x[rs1] + x[rs2]) | 0'),
  sub: R('(x[rs1] - x[rs2]) | 0'),
  sll: R('x[rs1] << (x[rs2] & 31)'),
  slt: R('x[rs1] < x[rs2] ? 1 : 0'),
  sltu: R('(x[rs1] ^ SIGN) < (x[rs2] ^ SIGN) ? 1 : 0'),
  xor: R('x[rs1] ^ x[rs2]'),
  srl: R('x[rs1] >>> (x[rs2] & 31)'),
  sra: R('x[rs1] >> (x[rs2] & 31)'),
  or: R('x[rs1] | x[rs2]'),
  and: R('x[rs1] & x[rs2]'),
  // FENCE orders nothing on a single hart; FENCE.I needs nothing either, since every
  // store into a line holding code drops what was decoded or compiled from it (bus.ts).
  fence: '',
  'fence.tso': '',
  'fence.i': '',
  ecall: `ECALL(h.priv === ${PRIV.U} ? ${EXC.ecallU} : h.priv === ${PRIV.S} ? ${EXC.ecallS} : ${EXC.ecallM})`,
  ebreak: `TRAP(${EXC.breakpoint}, 0)`, // mtval 0, as QEMU writes it (the specification allows the pc or 0)

  // Zicsr (§7): rs1 is the register, or for the *i forms the 5-bit immediate.
  csrrw: 'SLOW(h.csr(imm & 0xfff, 1, x[rs1], true, rd))',
  csrrs: 'SLOW(h.csr(imm & 0xfff, 2, x[rs1], rs1 !== 0, rd))',
  csrrc: 'SLOW(h.csr(imm & 0xfff, 3, x[rs1], rs1 !== 0, rd))',
  csrrwi: 'SLOW(h.csr(imm & 0xfff, 1, rs1, true, rd))',
  csrrsi: 'SLOW(h.csr(imm & 0xfff, 2, rs1, rs1 !== 0, rd))',
  csrrci: 'SLOW(h.csr(imm & 0xfff, 3, rs1, rs1 !== 0, rd))',

  // M (§13): Math.imul gives the low word; the high words and division are in m-ext.ts.
  mul: R('Math.imul(x[rs1], x[rs2])'),
  mulh: R('mulh(x[rs1], x[rs2])'),
  mulhsu: R('mulhsu(x[rs1], x[rs2])'),
  mulhu: R('mulhu(x[rs1], x[rs2])'),
  div: R('div(x[rs1], x[rs2])'),
  divu: R('divu(x[rs1], x[rs2])'),
  rem: R('rem(x[rs1], x[rs2])'),
  remu: R('remu(x[rs1], x[rs2])'),

  // Privileged (§3.3, §10.2).
  sret: 'XRET(h.sret())',
  mret: 'XRET(h.mret())',
  wfi: 'WFI(h.wfi())',
  'sfence.vma': 'SLOW(h.sfenceVma(rs1 === 0 ? undefined : x[rs1] >>> 0))',
};

// A (§14): LR/SC and the AMOs, ordering bits ignored (one hart, in order).
const AMO_FN: Record<string, string> = {
  'lr.w': 'AMO_LR', 'sc.w': 'AMO_SC', 'amoswap.w': 'AMO_SWAP', 'amoadd.w': 'AMO_ADD', 'amoxor.w': 'AMO_XOR', 'amoand.w': 'AMO_AND',
  'amoor.w': 'AMO_OR', 'amomin.w': 'AMO_MIN', 'amomax.w': 'AMO_MAX', 'amominu.w': 'AMO_MINU', 'amomaxu.w': 'AMO_MAXU',
};
const ATOMICS: Record<string, string> = {};
for (const spec of INSTRUCTIONS) {
  const base = spec.name.replace(/\.(aq|rl|aqrl)$/, '');
  if (AMO_FN[base]) ATOMICS[spec.name] = AMO(AMO_FN[base]);
}
Object.assign(SEMANTICS as Record<string, string>, ATOMICS);

/** Table rows without semantics (a test asserts there are none). */
export const missingSemantics = (): string[] => INSTRUCTIONS.filter((s) => SEMANTICS[s.name] === undefined).map((s) => s.name);
