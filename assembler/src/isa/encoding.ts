/**
 * Encoder and decoder, both driven by INSTRUCTIONS and OPERANDS.
 */
import { INSTRUCTIONS, type InstructionSpec } from './instructions.js';
import { OPERANDS, extractField, insertField } from './operands.js';

/**
 * Encode an instruction from its operand values, in syntax order. Values
 * must already be in range (registers 0–31, immediates checked by the
 * caller, pc-relative operands given as offsets).
 */
export function encode(spec: InstructionSpec, values: readonly number[]): number {
  let word = spec.match;
  const names = spec.operands;
  for (let i = 0; i < names.length; i++) word = insertField(word, OPERANDS[names[i]], values[i]);
  return word >>> 0;
}

/** A decoded instruction: its table row and operand values in syntax order. */
export interface Decoded {
  readonly spec: InstructionSpec;
  readonly values: readonly number[];
}

// Rows bucketed by major opcode (bits 6..0) so decoding scans a handful of rows.
const BUCKETS: InstructionSpec[][] = Array.from({ length: 128 }, () => []);
for (const spec of INSTRUCTIONS) BUCKETS[spec.match & 0x7f].push(spec);

/** The table row whose fixed bits match `word`, or `undefined` (illegal). */
export function matchInstruction(word: number): InstructionSpec | undefined {
  const bucket = BUCKETS[word & 0x7f];
  for (let i = 0; i < bucket.length; i++) {
    if (((word & bucket[i].mask) >>> 0) === bucket[i].match) return bucket[i];
  }
  return undefined;
}

/** Decode a 32-bit word, or `undefined` if no table row matches. */
export function decode(word: number): Decoded | undefined {
  const spec = matchInstruction(word >>> 0);
  if (!spec) return undefined;
  return { spec, values: spec.operands.map((name) => extractField(word, OPERANDS[name])) };
}
