/**
 * What GNU as 2.40 compresses, as data: with the C extension on, an
 * instruction written in one of these source forms becomes the 16-bit row
 * named, when its operands fit (tc-riscv.c tries a mnemonic's INSN_CLASS_C
 * alias entries of opcodes/riscv-opc.c before its 32-bit ones; there is one
 * rule below per such entry, in that file's order).
 *
 * GNU's choice depends on how the source line is written, not only on the
 * instruction: `mv a0, a1` and `addi a0, a1, 0` compress to c.mv, `add a0,
 * a1, zero` does not; `jr a0` and `jalr a0` compress, `jalr zero, 0(a0)`
 * never does; `add a0, a0, 0` becomes c.addi a0, 0 (a HINT) where `addi a0,
 * a0, 0` becomes c.mv; `j label` becomes c.j but `jal label` stays jal
 * (GNU 2.40 lists `jal d,a` before `jal Ca` and never reaches the latter;
 * only an explicit c.jal is compressed). So each rule names a source form, an instruction row
 * or a pseudo-instruction row (`name syntax`), and the compressed row it
 * may become. The operands map through the compressed row's expansion
 * (`unify` in isa/compressed.ts); `as` gives another expansion where GNU
 * equates two instructions, `commute` swaps rs1 and rs2 first.
 */
import {
  compressedByName, encodeCompressed, expansion, matchCompressed, meets, unify,
  type CCondition, type CExpansion, type COperandName, type CompressedSpec, type InstructionSpec,
} from '../isa/index.js';

export interface CompressionRule {
  /** The source form: `addi rd, rs1, imm12`, `mv rd, rs1`, `ret`. */
  readonly from: string;
  /** The compressed row it becomes. */
  readonly to: string;
  /** Compressed operands that must not be zero (GNU's match_rd_nonzero, match_c_add, the `Cj` and `C>` operands). */
  readonly nonzero?: readonly COperandName[];
  /** Values the compressed operands must have (`d,CU,z`: c.nop only for addi zero, zero, 0). */
  readonly when?: CCondition;
  /** Swap rs1 and rs2 of the source first (`and Cs,Ct,Cw`). */
  readonly commute?: boolean;
  /** Unify with this expansion instead of the row's. */
  readonly as?: string;
}

const MV: Pick<CompressionRule, 'to' | 'as' | 'nonzero'> = { to: 'c.mv', as: 'addi crd, crs2, 0', nonzero: ['crd', 'crs2'] };

/** GNU 2.40's compressing entries, per source form, in opcode-table order. */
export const COMPRESSIONS: readonly CompressionRule[] = Object.freeze([
  { from: 'unimp', to: 'c.unimp' },
  { from: 'ebreak', to: 'c.ebreak' },
  { from: 'sbreak', to: 'c.ebreak' },
  { from: 'ret', to: 'c.jr' },
  { from: 'jr rs1', to: 'c.jr', nonzero: ['crd'] },
  { from: 'jalr rs1', to: 'c.jalr', nonzero: ['crd'] },
  { from: 'j jimm', to: 'c.j' },
  { from: 'nop', to: 'c.addi' },
  { from: 'lui rd, uimm20', to: 'c.lui', nonzero: ['crd'] },
  // li's entries `li d,Cv` and `li d,Co`, applied to the one instruction li would be (see loadImmediate).
  { from: 'li rd, imm', to: 'c.lui', nonzero: ['crd'] },
  { from: 'li rd, imm', to: 'c.li', nonzero: ['crd'] },
  { from: 'mv rd, rs1', ...MV },
  { from: 'move rd, rs1', ...MV },
  { from: 'andi rd, rs1, imm12', to: 'c.andi' },
  { from: 'and rd, rs1, rs2', to: 'c.and' },
  { from: 'and rd, rs1, rs2', to: 'c.and', commute: true },
  { from: 'and rd, rs1, imm12', to: 'c.andi' },
  { from: 'beqz rs1, bimm', to: 'c.beqz' },
  { from: 'beq rs1, rs2, bimm', to: 'c.beqz' },
  { from: 'bnez rs1, bimm', to: 'c.bnez' },
  { from: 'bne rs1, rs2, bimm', to: 'c.bnez' },
  { from: 'addi rd, rs1, imm12', to: 'c.addi4spn' },
  { from: 'addi rd, rs1, imm12', to: 'c.addi', nonzero: ['crd', 'imm6'] },
  { from: 'addi rd, rs1, imm12', to: 'c.addi', when: { crd: 0, imm6: 0 } },
  { from: 'addi rd, rs1, imm12', to: 'c.addi16sp' },
  { from: 'addi rd, rs1, imm12', to: 'c.li', nonzero: ['crd'] },
  { from: 'addi rd, rs1, imm12', ...MV },
  { from: 'add rd, rs1, rs2', to: 'c.add', nonzero: ['crd', 'crs2'] },
  { from: 'add rd, rs1, rs2', to: 'c.add', nonzero: ['crd', 'crs2'], commute: true },
  { from: 'add rd, rs1, imm12', to: 'c.addi', nonzero: ['crd'] },
  { from: 'add rd, rs1, imm12', to: 'c.addi4spn' },
  { from: 'add rd, rs1, imm12', to: 'c.addi16sp' },
  { from: 'add rd, rs1, rs2', to: 'c.mv', nonzero: ['crd', 'crs2'] },
  { from: 'slli rd, rs1, shamt', to: 'c.slli', nonzero: ['crd', 'cshamt'] },
  { from: 'sll rd, rs1, shamt', to: 'c.slli', nonzero: ['crd', 'cshamt'] },
  { from: 'srli rd, rs1, shamt', to: 'c.srli', nonzero: ['cshamt'] },
  { from: 'srl rd, rs1, shamt', to: 'c.srli', nonzero: ['cshamt'] },
  { from: 'srai rd, rs1, shamt', to: 'c.srai', nonzero: ['cshamt'] },
  { from: 'sra rd, rs1, shamt', to: 'c.srai', nonzero: ['cshamt'] },
  { from: 'sub rd, rs1, rs2', to: 'c.sub' },
  { from: 'lw rd, imm12(rs1)', to: 'c.lwsp', nonzero: ['crd'] },
  { from: 'lw rd, imm12(rs1)', to: 'c.lw' },
  { from: 'or rd, rs1, rs2', to: 'c.or' },
  { from: 'or rd, rs1, rs2', to: 'c.or', commute: true },
  { from: 'sw rs2, simm12(rs1)', to: 'c.swsp' },
  { from: 'sw rs2, simm12(rs1)', to: 'c.sw' },
  { from: 'xor rd, rs1, rs2', to: 'c.xor' },
  { from: 'xor rd, rs1, rs2', to: 'c.xor', commute: true },
] satisfies CompressionRule[]);

/** A rule ready to apply: its row and the expansion operands are matched against. */
export interface CompiledRule {
  readonly rule: CompressionRule;
  readonly cspec: CompressedSpec;
  readonly expansion: CExpansion | undefined;
}

const COMPILED: ReadonlyMap<string, readonly CompiledRule[]> = (() => {
  const byForm = new Map<string, CompiledRule[]>();
  for (const rule of COMPRESSIONS) {
    const cspec = compressedByName(rule.to);
    if (!cspec) throw new Error(`compressions: no compressed row '${rule.to}'`);
    const compiled = { rule, cspec, expansion: rule.as ? expansion(rule.as) : cspec.expansion };
    byForm.set(rule.from, [...(byForm.get(rule.from) ?? []), compiled]);
  }
  return byForm;
})();

const NONE: readonly CompiledRule[] = Object.freeze([]);

/** The rules of a source form (`addi rd, rs1, imm12`), in the order GNU as tries them. */
export const rulesFor = (form: string): readonly CompiledRule[] => COMPILED.get(form) ?? NONE;

/** Every source form some rule names (for the tests: each must be a form of the tables). */
export const compressedForms = (): string[] => [...COMPILED.keys()];

/** The source's rs1 and rs2 swapped (an R-format row's values are rd, rs1, rs2). */
const commuted = (spec: InstructionSpec, values: readonly (number | undefined)[]): (number | undefined)[] => {
  const [a, b] = [spec.operands.indexOf('rs1'), spec.operands.indexOf('rs2')];
  const out = [...values];
  [out[a], out[b]] = [values[b], values[a]];
  return out;
};

/**
 * The compressed row and operands a rule gives for an instruction (its
 * row and operand values, `undefined` for a branch or jump target not
 * known yet), or `undefined` if the rule does not apply: operands that do
 * not fit, a required non-zero operand that is zero, a reserved encoding,
 * or a halfword that would decode as another row (c.jalr zero is c.ebreak).
 */
export function applyRule(r: CompiledRule, spec: InstructionSpec, values: readonly (number | undefined)[]): { cspec: CompressedSpec; values: (number | undefined)[] } | undefined {
  if (!r.expansion && r.rule.from === 'unimp') return { cspec: r.cspec, values: [] }; // c.unimp: the illegal instruction for the illegal instruction
  const bound = unify(r.cspec, spec, r.rule.commute ? commuted(spec, values) : values, r.expansion);
  if (!bound) return undefined;
  const known = (o: COperandName) => bound[r.cspec.operands.indexOf(o)];
  if (r.rule.nonzero?.some((o) => known(o) === 0)) return undefined;
  if (bound.some((b) => b === undefined)) {
    // A branch or jump whose target is to come: the register fields must already fit.
    return r.rule.when && !meets(r.cspec, bound.map((b) => b ?? 0), r.rule.when) ? undefined : { cspec: r.cspec, values: bound };
  }
  const full = bound as number[];
  if (r.rule.when && !meets(r.cspec, full, r.rule.when)) return undefined;
  if (matchCompressed(encodeCompressed(r.cspec, full)) !== r.cspec) return undefined;
  return { cspec: r.cspec, values: full };
}
