/**
 * Deterministic random instruction words for the differential tests: every
 * INSTRUCTIONS row and GNU_EXTRAS pattern with random operands (biased to the
 * values aliases and CSR names care about), near misses (a valid word with
 * one bit flipped), garbage 32-bit words, and lui/auipc pairs followed by an
 * instruction that uses the register, so objdump's address comments appear.
 */
import {
  CSRS, INSTRUCTIONS, OPERANDS, insertField, operandRange,
  type InstructionSpec, type OperandKind, type OperandName,
} from '../../../src/isa/index.js';
import { ALIASES } from '../../../src/disasm/index.js';
import { GNU_EXTRAS, compressedByName } from '../../../src/isa/index.js';
import { mulberry32 as rng } from '../../_helpers/prng.js';

export { mulberry32 as rng } from '../../_helpers/prng.js';

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const CSR_NUMBERS = CSRS.map((c) => c.number);
const COUNTERS = [0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82];

function randomValue(kind: OperandKind, rand: () => number): number {
  const { min, max } = operandRange(kind);
  const any = () => min + Math.floor(rand() * (max - min + 1));
  switch (kind.class) {
    case 'reg': return rand() < 0.5 ? pick(rand, [0, 1, 2, 3, 4]) : any();
    case 'simm': return rand() < 0.3 ? pick(rand, [0, 1, -1, 0xff, max, min]) : any();
    case 'csr': return rand() < 0.5 ? pick(rand, CSR_NUMBERS) : rand() < 0.3 ? pick(rand, COUNTERS) : any();
    case 'fence': return rand() < 0.3 ? 0xf : any();
    case 'pcrel': return any() & ~((1 << kind.shift) - 1);
    default: return any();
  }
}

/** Every pattern the disassembler decodes, with its operand layouts. */
export const PATTERNS: readonly { spec: InstructionSpec; kinds: Partial<Record<OperandName, OperandKind>> }[] = [
  ...INSTRUCTIONS.map((spec) => ({ spec, kinds: {} })),
  ...GNU_EXTRAS,
];

/** A random word of `spec`. */
export function randomInstance(spec: InstructionSpec, kinds: Partial<Record<OperandName, OperandKind>>, rand: () => number): number {
  let word = spec.match;
  for (const name of spec.operands) {
    const kind = kinds[name] ?? OPERANDS[name];
    word = insertField(word, kind, randomValue(kind, rand));
  }
  return word >>> 0;
}

/** A random word that is a 32-bit instruction by its length bits (xx..x11, not xxx11111). */
export function randomGarbage(rand: () => number): number {
  const w = Math.floor(rand() * 2 ** 32) | 3;
  return ((w & 0x1f) === 0x1f ? w & ~0x10 : w) >>> 0;
}

const at = (spec: string) => INSTRUCTIONS.find((s) => s.name === spec)!;
const USERS = ['addi', 'lw', 'lbu', 'sw', 'sb', 'jalr'].map(at);

/** `lui`/`auipc rd` then a random user of rd as base (addi/load/store/jalr). */
function pair(rand: () => number): number[] {
  const rd = randomValue(OPERANDS.rd, rand);
  const hi = randomInstance(pick(rand, [at('lui'), at('auipc')]), {}, rand);
  const user = randomInstance(pick(rand, USERS), {}, rand);
  return [insertField(hi, OPERANDS.rd, rd), insertField(user, OPERANDS.rs1, rd)];
}

/** The alias rules of 32-bit words (the compressed ones are checked over every halfword, ../compressed.test.ts). */
export const WORD_ALIASES = ALIASES.filter((r) => !compressedByName(r.of));

/** A random word that satisfies alias rule `rule`'s operand values. */
function aliasInstance(rule: (typeof ALIASES)[number], rand: () => number): number {
  const { spec, kinds } = pick(rand, PATTERNS.filter((p) => p.spec.name === rule.of));
  let word = randomInstance(spec, kinds, rand);
  for (const [name, value] of Object.entries(rule.when) as [OperandName, number][]) {
    word = insertField(word, kinds[name] ?? OPERANDS[name], value);
  }
  return word;
}

/**
 * A shuffled stream of 32-bit words: `perRow` per pattern, a few instances
 * of each alias rule, garbage, near misses and lui/auipc pairs.
 */
export function randomWords(seed: number, perRow: number): number[] {
  const rand = rng(seed);
  const words: number[][] = [];
  for (const { spec, kinds } of PATTERNS) {
    for (let i = 0; i < perRow; i++) words.push([randomInstance(spec, kinds, rand)]);
  }
  for (const rule of WORD_ALIASES) {
    for (let i = 0; i < Math.max(4, perRow / 10); i++) words.push([aliasInstance(rule, rand)]);
  }
  const extra = Math.ceil((PATTERNS.length * perRow) / 8);
  for (let i = 0; i < extra; i++) words.push([randomGarbage(rand)]);
  for (let i = 0; i < extra; i++) {
    const { spec, kinds } = pick(rand, PATTERNS);
    const flipped = (randomInstance(spec, kinds, rand) ^ (1 << Math.floor(2 + rand() * 30))) >>> 0;
    words.push([(flipped & 0x1f) === 0x1f ? flipped & ~0x10 : flipped]);
  }
  for (let i = 0; i < extra / 4; i++) words.push(pair(rand));
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  return words.flat().map((w) => w >>> 0);
}

/** Fully random words (any length bits, zeros included) for the image listing. */
export function randomImageWords(seed: number, count: number): number[] {
  const rand = rng(seed);
  return Array.from({ length: count }, () => {
    const r = rand();
    if (r < 0.05) return 0;
    if (r < 0.5) {
      const { spec, kinds } = pick(rand, PATTERNS);
      return randomInstance(spec, kinds, rand);
    }
    return Math.floor(rand() * 2 ** 32) >>> 0;
  });
}

/** Little-endian bytes of 32-bit words. */
export function wordBytes(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w, true));
  return bytes;
}

/** Random labels and `$x`/`$d` mapping symbols over an image of `size` bytes at `base`, some at odd addresses. */
export function randomSymbols(seed: number, base: number, size: number, count: number): { name: string; value: number; global: boolean }[] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const offset = Math.floor(rand() * size) & (rand() < 0.7 ? ~3 : ~0);
    const r = rand();
    const name = r < 0.15 ? '$d' : r < 0.3 ? '$x' : `L${i}`;
    return { name, value: (base + offset) >>> 0, global: !name.startsWith('$') && rand() < 0.3 };
  });
}
