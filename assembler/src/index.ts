/**
 * @pvlab/assembler — a GNU-as-compatible RV32IMA + Zicsr + Zifencei
 * assembler, its linker layout and ELF writer, and the disassembler, all
 * driven by the ISA tables in isa/.
 */
export * from './isa/index.js';
export { assemble, diskFileSystem, type AssembleOptions, type AssembleResult, type SourceInput } from './api.js';
export { formatDiagnostic, type Diagnostic, type Severity, type SourceLocation } from './diagnostics/diagnostic.js';
export { Program, type LineMapEntry } from './emit/program.js';
export type { LinkedSection, LinkedSymbol } from './emit/link.js';
export * from './elf/index.js';
export { parseLinkerScript, defaultLayout, layoutSections, type Layout } from './link/index.js';
export { PSEUDOS, type PseudoSpec } from './front/pseudo.js';
export { DIRECTIVES } from './front/directives/index.js';
export { tokenize, parseOperands, countParses } from './parse/index.js';
export * from './disasm/index.js';
export { assemblerReference } from './docs/isa-reference.js';
