/**
 * The disassembler: RV32 words and images to the text binutils 2.40 objdump
 * prints for them, driven by the ISA tables (INSTRUCTIONS, OPERANDS, CSRS)
 * and the ALIASES table.
 */
export {
  disassembleWord, disassembleCompressed, formatInstruction, aliasRuleOf, compressedAliasRuleOf, type Disassembly, type DisassembleOptions,
} from './disassemble.js';
export { disassembleImage, instructionLength, type ImageOptions } from './listing.js';
export { ALIASES, type AliasRule } from './aliases.js';
export { AddressTracker } from './operand-printers.js';
export type { ImageSymbol as ListingSymbol } from './symbols.js';
