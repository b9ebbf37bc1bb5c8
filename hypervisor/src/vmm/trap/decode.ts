/**
 * The trapped-instruction decoder. An exit carries the instruction word (in
 * mtval for an illegal instruction, fetched from guest memory for a device
 * access); the exit handlers need its table row and operand fields. Words
 * are decoded through the instruction and operand tables of
 * `@pvlab/assembler` — never a second copy of an encoding — once per
 * distinct word: a guest traps the same few instructions over and over.
 */
import { OPERANDS, extractField, matchInstruction } from '@pvlab/assembler';

/** A decoded trapped instruction: its table row's name and every field an emulation may use. */
export interface TrappedInstruction {
  readonly name: string;
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  readonly csr: number;
  readonly zimm: number;
}

/** Distinct words remembered; past this, words are decoded each time (a guest cannot grow the cache). */
export const DECODE_CACHE_LIMIT = 4096;

const cache = new Map<number, TrappedInstruction | null>();

/** The row and fields of an instruction word, or undefined when no row of the table matches it. */
export function decodeTrapped(word: number): TrappedInstruction | undefined {
  word >>>= 0;
  let d = cache.get(word);
  if (d === undefined) {
    const spec = matchInstruction(word);
    const f = (name: keyof typeof OPERANDS) => extractField(word, OPERANDS[name]);
    d = spec ? { name: spec.name, rd: f('rd'), rs1: f('rs1'), rs2: f('rs2'), csr: f('csr'), zimm: f('zimm') } : null;
    if (cache.size < DECODE_CACHE_LIMIT) cache.set(word, d);
  }
  return d ?? undefined;
}

/** Words in the cache now (tests check the bound). */
export const decodeCacheSize = (): number => cache.size;
