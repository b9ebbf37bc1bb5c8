/**
 * Seeded random instruction lines that GNU as accepts, driven by the ISA
 * tables: every INSTRUCTIONS row with operands drawn from OPERANDS ranges,
 * and every pseudo-instruction of PSEUDOS. Same seed, same text, on every
 * machine — the differential test regenerates it on each run.
 *
 * With `rvc` (the C extension on) registers and immediates lean towards
 * what compresses (x8..x15, sp, small values, rd = rs1) and a fifth of the
 * lines are c.* mnemonics written out (every COMPRESSED row).
 *
 * Layout of the generated program: lines come in blocks of BLOCK; block k
 * starts with the labels `L<k>:` and `<k mod 10>:`. Branch targets stay
 * within REACH blocks (at most 8 bytes a line, so well inside the ±4 KiB of
 * a B-type offset); jumps, calls and address loads may go anywhere.
 */
import {
  ABI_NAMES, C_OPERANDS, COMPRESSED, CSRS, GNU_EXTRAS, INSTRUCTIONS, OPERANDS, encodeCompressed, matchCompressed, operandRange,
  type COperandName, type CompressedSpec, type InstructionSpec, type OperandName,
} from '@pvlab/assembler';
import { mulberry32 } from './prng.js';

export { mulberry32 } from './prng.js';

export const BLOCK = 8;
export const REACH = 16;
const DATA_WORDS = 8;

/** The generator's state: the PRNG and where in the program the line goes. */
class Gen {
  readonly rand: () => number;
  block = 0;
  constructor(seed: number, readonly blocks: number, readonly rvc = false) {
    this.rand = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  /** A register: ABI name, xN, or fp for x8. */
  reg(nonZero = false): string {
    if (this.rvc && this.chance(0.6)) return this.regName(this.chance(0.8) ? this.int(8, 15) : this.pick([1, 2, nonZero ? 2 : 0]));
    const n = this.int(nonZero ? 1 : 0, 31);
    if (n === 8 && this.chance(0.3)) return 'fp';
    return this.chance(0.5) ? ABI_NAMES[n] : `x${n}`;
  }
  /** An integer in decimal or hex (negative hex as -0x…). */
  num(v: number): string {
    if (this.chance(0.55)) return String(v);
    return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
  }
  /** Register n by ABI name or xN. */
  regName(n: number): string {
    return this.chance(0.5) ? ABI_NAMES[n] : `x${n}`;
  }
  /** A value of the range, often one of its edges (with C on, often a small one). */
  inRange(min: number, max: number): number {
    if (this.rvc && this.chance(0.5)) {
      const v = this.pick([this.int(-32, 31), this.int(0, 63) * 4, this.int(-32, 31) * 16, this.int(1, 31)]);
      if (v >= min && v <= max) return v;
    }
    if (this.chance(0.25)) return this.pick([min, max, 0, 1, Math.max(min, -1), max - 1].filter((v) => v >= min && v <= max));
    return this.int(min, max);
  }
  csr(): string {
    return this.chance(0.6) ? this.pick(CSRS).name : this.num(this.int(0, 0xfff));
  }
  fenceSet(): string {
    const set = 'iorw'.split('').filter(() => this.chance(0.5)).join('');
    return set || 'rw';
  }
  /** A branch target near the current block: `Lk`, `Nb` or `Nf`. */
  nearTarget(): string {
    const k = this.block;
    const kind = this.int(0, 2);
    if (kind === 0 && k > 0) return `${(k - this.int(0, Math.min(9, k))) % 10}b`;
    if (kind === 1 && k + 1 < this.blocks) return `${(k + this.int(1, Math.min(10, this.blocks - 1 - k))) % 10}f`;
    return `L${this.int(Math.max(0, k - REACH), Math.min(this.blocks - 1, k + REACH))}`;
  }
  /** Any code label (jal reaches ±1 MiB, the whole program). */
  farTarget(): string {
    return `L${this.int(0, this.blocks - 1)}`;
  }
  dataSymbol(): string {
    const off = this.chance(0.3) ? ` + ${this.int(0, DATA_WORDS - 1) * 4}` : '';
    return `D${this.int(0, DATA_WORDS - 1)}${off}`;
  }
  /** A 32-bit constant for li, biased towards the lui/addi split's edge cases. */
  liValue(): string {
    const r = this.rand();
    let v: number;
    if (r < 0.25) v = this.int(-2048, 2047);
    else if (r < 0.5) v = (this.pick([0x800, 0xfffff800, 0x7ffff800, 0x80000000, 0x12345fff, 0x7fffffff, 0xfff, 0x1000]) + this.int(-2, 2)) >>> 0;
    else if (r < 0.65) v = ((2 ** this.int(0, 31)) + this.int(-1, 1)) >>> 0;
    else v = this.int(0, 0xffffffff);
    const signed = v | 0;
    return this.chance(0.5) ? this.num(signed) : this.chance(0.5) ? String(v >>> 0) : `0x${(v >>> 0).toString(16)}`;
  }
}

function operand(g: Gen, name: OperandName): string {
  const kind = OPERANDS[name];
  switch (kind.class) {
    case 'reg':
      return g.reg();
    case 'simm':
    case 'uimm': {
      const { min, max } = operandRange(kind);
      return g.num(g.inRange(min, max));
    }
    case 'pcrel':
      return name === 'bimm' ? g.nearTarget() : g.chance(0.5) ? g.nearTarget() : g.farTarget();
    case 'csr':
      return g.csr();
    case 'fence':
      return g.fenceSet();
  }
}

/** One line for a table row: operands substituted into its syntax. */
function tableLine(g: Gen, spec: InstructionSpec): string {
  let ops = spec.syntax.replace(/[a-z][a-z0-9]*/g, (token) => operand(g, token as OperandName));
  // With C on, often rd = rs1 (what the 2-operand compressed forms need).
  if (g.rvc && /^rd, rs1\b/.test(spec.syntax) && g.chance(0.4)) ops = ops.replace(/^([^,]+), ([^,(]+)/, (_, rd: string) => `${rd}, ${rd}`);
  if (spec.syntax.endsWith(' (rs1)') && g.chance(0.2)) ops = ops.replace(/ \(/, ' 0(');
  const name = g.chance(0.03) ? spec.name.toUpperCase() : spec.name;
  return ops ? `${name}\t${ops}` : name;
}

type LineGen = (g: Gen) => string;
const rr = (name: string): LineGen => (g) => `${name}\t${g.reg()}, ${g.reg()}`;
const rrr = (name: string): LineGen => (g) => `${name}\t${g.reg()}, ${g.reg()}, ${g.reg()}`;
const brz = (name: string): LineGen => (g) => `${name}\t${g.reg()}, ${g.nearTarget()}`;
const br = (name: string): LineGen => (g) => `${name}\t${g.reg()}, ${g.reg()}, ${g.nearTarget()}`;
const csrReg = (name: string): LineGen => (g) => `${name}\t${g.csr()}, ${g.chance(0.7) ? g.reg() : g.int(0, 31)}`;
const csrImm = (name: string): LineGen => (g) => `${name}\t${g.csr()}, ${g.int(0, 31)}`;
const counter = (name: string): LineGen => (g) => `${name}\t${g.reg()}`;

/**
 * Every pseudo-instruction, with the operand forms GNU as accepts. The keys
 * are the mnemonics; the corpus coverage test checks the corpus uses each.
 */
export const PSEUDOS = {
  nop: () => 'nop',
  li: (g) => `li\t${g.reg()}, ${g.liValue()}`,
  la: (g) => `la\t${g.reg()}, ${g.chance(0.5) ? g.dataSymbol() : g.farTarget()}`,
  lla: (g) => `lla\t${g.reg()}, ${g.chance(0.5) ? g.dataSymbol() : g.farTarget()}`,
  mv: rr('mv'), not: rr('not'), neg: rr('neg'),
  seqz: rr('seqz'), snez: rr('snez'), sltz: rr('sltz'), sgtz: rr('sgtz'),
  sgt: rrr('sgt'), sgtu: rrr('sgtu'),
  beqz: brz('beqz'), bnez: brz('bnez'), blez: brz('blez'), bgez: brz('bgez'), bltz: brz('bltz'), bgtz: brz('bgtz'),
  bgt: br('bgt'), ble: br('ble'), bgtu: br('bgtu'), bleu: br('bleu'),
  j: (g) => `j\t${g.farTarget()}`,
  jal: (g) => `jal\t${g.chance(0.5) ? g.nearTarget() : g.farTarget()}`,
  jr: (g) => (g.chance(0.7) ? `jr\t${g.reg()}` : `jr\t${g.num(g.int(-2048, 2047))}(${g.reg()})`),
  jalr: (g) => {
    const r = g.rand();
    if (r < 0.4) return `jalr\t${g.reg()}`;
    if (r < 0.8) return `jalr\t${g.reg()}, ${g.reg()}`;
    return `jalr\t${g.reg()}, ${g.num(g.int(-2048, 2047))}`;
  },
  ret: () => 'ret',
  call: (g) => (g.chance(0.8) ? `call\t${g.farTarget()}` : `call\t${g.reg(true)}, ${g.farTarget()}`),
  tail: (g) => `tail\t${g.farTarget()}`,
  jump: (g) => `jump\t${g.farTarget()}, ${g.reg(true)}`,
  fence: () => 'fence',
  unimp: () => 'unimp',
  csrr: (g) => `csrr\t${g.reg()}, ${g.csr()}`,
  csrw: csrReg('csrw'), csrs: csrReg('csrs'), csrc: csrReg('csrc'),
  csrwi: csrImm('csrwi'), csrsi: csrImm('csrsi'), csrci: csrImm('csrci'),
  rdcycle: counter('rdcycle'), rdcycleh: counter('rdcycleh'), rdtime: counter('rdtime'),
  rdtimeh: counter('rdtimeh'), rdinstret: counter('rdinstret'), rdinstreth: counter('rdinstreth'),
  move: rr('move'), 'zext.b': rr('zext.b'), 'sext.b': rr('sext.b'), 'sext.h': rr('sext.h'), 'zext.h': rr('zext.h'),
  sbreak: () => 'sbreak', scall: () => 'scall',
  'sfence.vm': (g) => (g.chance(0.5) ? 'sfence.vm' : `sfence.vm\t${g.reg()}`),
} as const satisfies Record<string, LineGen>;

export type PseudoName = keyof typeof PSEUDOS;
export const PSEUDO_NAMES = Object.keys(PSEUDOS) as PseudoName[];

/** Loads and stores addressed by a symbol: `lw a0, sym` / `sw a0, sym, t0`. */
function symbolAccess(g: Gen): string {
  if (g.chance(0.5)) return `${g.pick(['lb', 'lh', 'lw', 'lbu', 'lhu'])}\t${g.reg()}, ${g.dataSymbol()}`;
  return `${g.pick(['sb', 'sh', 'sw'])}\t${g.reg()}, ${g.dataSymbol()}, ${g.reg(true)}`;
}

// Rows grouped by base mnemonic, so the 44 AMO ordering variants do not
// crowd out the base ISA: pick a group, then one of its rows.
const ROW_GROUPS: readonly (readonly InstructionSpec[])[] = (() => {
  const groups = new Map<string, InstructionSpec[]>();
  for (const spec of INSTRUCTIONS) {
    const base = spec.name.replace(/\.(aqrl|aq|rl)$/, '');
    groups.set(base, [...(groups.get(base) ?? []), spec]);
  }
  return [...groups.values()];
})();

/** Encodings outside pvlab's ISA that GNU as assembles (uret, dret, …): table lines too. */
const EXTRA_ROWS: readonly InstructionSpec[] = GNU_EXTRAS.filter((e) => e.assemble).map((e) => e.spec);

/** A value for a compressed operand (constrained later by the row's encoding). */
function cOperand(g: Gen, name: COperandName): string {
  const kind = C_OPERANDS[name];
  if (kind.class === 'reg') return g.regName(kind.bias ? g.int(8, 15) : g.int(0, 31));
  if (kind.class === 'pcrel') return g.nearTarget();
  if (name === 'nzimm18') return g.chance(0.5) ? g.num(g.int(1, 31)) : `0x${g.int(0xfffe0, 0xfffff).toString(16)}`;
  const half = 2 ** (kind.width - 1);
  const [min, max] = kind.class === 'simm' ? [-half, half - 1] : [0, 2 * half - 1];
  const step = 1 << kind.shift;
  return g.num(Math.floor(g.int(min, max) / step) * step);
}

/** A c.* line of a COMPRESSED row whose operands form a legal halfword of that row (GNU refuses the others). */
function compressedLine(g: Gen, spec: CompressedSpec): string {
  for (;;) {
    const ops = spec.operands.map((o) => cOperand(g, o));
    const values = spec.operands.map((o, i) => {
      const t = ops[i];
      if (C_OPERANDS[o].class === 'pcrel') return 0;
      if (C_OPERANDS[o].class === 'reg') return /^x\d+$/.test(t) ? Number(t.slice(1)) : ABI_NAMES.indexOf(t as (typeof ABI_NAMES)[number]);
      const v = t.startsWith('-0x') ? -parseInt(t.slice(3), 16) : Number(t);
      return o === 'nzimm18' && v >= 0xfffe0 ? v - 0x100000 : v;
    });
    if (matchCompressed(encodeCompressed(spec, values)) !== spec) continue;
    let i = 0;
    const text = spec.syntax.replace(/[a-z][a-z0-9]*/g, (w) => (w === 'sp' ? 'sp' : ops[i++]));
    return text ? `${spec.name}\t${text}` : spec.name;
  }
}

// The explicit c.* mnemonics: every row but c.unimp (an illegal instruction mid-program is fine, but GNU
// needs nothing special for it either way: keep it rare).
const C_ROWS: readonly CompressedSpec[] = COMPRESSED.filter((c) => c.name !== 'c.unimp');

function randomLine(g: Gen): string {
  if (g.rvc && g.chance(0.2)) return g.chance(0.01) ? 'c.unimp' : g.chance(0.03) ? 'c.nop' : compressedLine(g, g.pick(C_ROWS));
  const r = g.rand();
  if (r < 0.69) return tableLine(g, g.pick(g.pick(ROW_GROUPS)));
  if (r < 0.7) return tableLine(g, g.pick(EXTRA_ROWS));
  if (r < 0.75) return symbolAccess(g);
  return PSEUDOS[g.pick(PSEUDO_NAMES)](g);
}

export interface RandomProgram {
  /** The whole source file. */
  readonly text: string;
  /** The instruction lines alone, in order (without labels). */
  readonly lines: readonly string[];
}

/** `count` random instruction lines in a complete program for `seed`; `rvc`: for the C extension. */
export function randomProgram(seed: number, count: number, rvc = false): RandomProgram {
  const blocks = Math.max(1, Math.ceil(count / BLOCK));
  const g = new Gen(seed, blocks, rvc);
  const lines: string[] = [];
  const out = [`# random instruction lines${rvc ? ' (C extension)' : ''}: seed ${seed}, ${count} lines — generated by random-lines.ts, do not edit`, '\t.text', '\t.globl _start', '_start:'];
  for (let i = 0; i < count; i++) {
    if (i % BLOCK === 0) {
      g.block = i / BLOCK;
      out.push(`L${g.block}:`, `${g.block % 10}:`);
    }
    const line = randomLine(g);
    lines.push(line);
    out.push(`\t${line}`);
  }
  out.push('\t.data', ...Array.from({ length: DATA_WORDS }, (_, k) => `D${k}:\t.word ${g.num(g.int(-2048, 2047))}`), '');
  return { text: out.join('\n'), lines };
}
