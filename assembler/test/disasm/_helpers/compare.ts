/**
 * Comparison of the disassembler with objdump's recorded answers, reporting
 * the first differences with enough context to reproduce them.
 */
import type { PrivSpec } from '../../../src/isa/index.js';
import { AddressTracker, disassembleImage, disassembleWord } from '../../../src/disasm/index.js';
import { BASE, fromHex, type ImageCase, type WordCase } from './golden.js';

/** Differences between our text and objdump's for a word stream (as one run, so lui/auipc tracking carries). */
export function wordMismatches(cases: readonly WordCase[], aliases: boolean, privSpec?: PrivSpec): string[] {
  const tracker = new AddressTracker();
  const out: string[] = [];
  cases.forEach((c, i) => {
    const pc = BASE + 4 * i;
    const got = disassembleWord(c.word, pc, { aliases, privSpec, tracker }).text;
    const want = aliases ? c.alias : c.raw;
    if (got !== want) out.push(`@${pc.toString(16)} ${c.word.toString(16).padStart(8, '0')}: got ${JSON.stringify(got)}, objdump ${JSON.stringify(want)}`);
  });
  return out;
}

/** Differences between our listing and objdump's, line by line. */
export function listingMismatches(c: ImageCase, aliases: boolean): string[] {
  const got = disassembleImage(fromHex(c.hex), c.base, { aliases, symbols: c.symbols });
  const want = aliases ? c.alias : c.raw;
  const out: string[] = [];
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) out.push(`line ${i}: got ${JSON.stringify(got[i])}, objdump ${JSON.stringify(want[i])}`);
  }
  return out;
}
