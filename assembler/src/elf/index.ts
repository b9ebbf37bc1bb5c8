/**
 * ELF32 output and input: the executable writer, the raw-binary writer,
 * a small reader, `.riscv.attributes`, and DWARF line information.
 */
export { EF_RISCV, ELF, ET, PF, PT, SHF, SHN, SHT, STB, STT } from './constants.js';
export type { SymbolBind, SymbolType } from './constants.js';
export { ElfError, elfError, isElfError } from './elf-error.js';
export type { ElfErrorCode } from './elf-error.js';
export type { ElfImage, ImageSection, ImageSectionFlags, ImageSymbol } from './image.js';
export { writeElf } from './write-elf.js';
export { binaryRange, writeBinary } from './write-binary.js';
export { readElf } from './read-elf.js';
export type { ElfFile, ElfHeader, ElfSectionHeader, ElfSegment, ElfSymbolEntry } from './read-elf.js';
export { groupSegments, planSegments } from './segments.js';
export type { PlannedSegment, SegmentInput, SegmentPlan } from './segments.js';
export { buildRiscvAttributes, parseRiscvAttributes, DEFAULT_RISCV_ARCH, RISCV_ATTRIBUTE_TAGS } from './riscv-attributes.js';
export type { RiscvAttributes } from './riscv-attributes.js';
export { buildDebugLine, LINE_PROGRAM } from './dwarf-line.js';
export type { LineRow } from './dwarf-line.js';
export { buildDebugInfo, buildLineDebugSections } from './debug-info.js';
export type { CompileUnitInfo } from './debug-info.js';
export { sleb128, uleb128, readUleb128 } from './leb128.js';
