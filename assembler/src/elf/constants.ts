/**
 * ELF32 constants pvlab reads and writes (System V gABI, and the RISC-V
 * psABI for EM_RISCV, SHT_RISCV_ATTRIBUTES and PT_RISCV_ATTRIBUTES).
 */

/** Sizes and identification values of ELF32 little-endian RISC-V files. */
export const ELF = {
  MAGIC: [0x7f, 0x45, 0x4c, 0x46],
  CLASS_32: 1,
  DATA_LSB: 1,
  VERSION_CURRENT: 1,
  OSABI_SYSV: 0,
  EM_RISCV: 243,
  EHDR_SIZE: 52,
  PHDR_SIZE: 32,
  SHDR_SIZE: 40,
  SYM_SIZE: 16,
  /** GNU ld's page size for elf32lriscv (ELF_MAXPAGESIZE). */
  PAGE_SIZE: 0x1000,
} as const;

/** e_type values. */
export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3 } as const;

/** sh_type values. */
export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  RELA: 4,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  RISCV_ATTRIBUTES: 0x70000003,
} as const;

/** sh_flags bits. */
export const SHF = { WRITE: 0x1, ALLOC: 0x2, EXECINSTR: 0x4, MERGE: 0x10, STRINGS: 0x20, INFO_LINK: 0x40 } as const;

/** p_type values. */
export const PT = { NULL: 0, LOAD: 1, RISCV_ATTRIBUTES: 0x70000003 } as const;

/** p_flags bits. */
export const PF = { X: 0x1, W: 0x2, R: 0x4 } as const;

/** Special section indices. */
export const SHN = { UNDEF: 0, ABS: 0xfff1, COMMON: 0xfff2 } as const;

/** Symbol types (low nibble of st_info), by the names pvlab uses. */
export const STT = { notype: 0, object: 1, func: 2, section: 3, file: 4 } as const;

/** Symbol bindings (high nibble of st_info). */
export const STB = { local: 0, global: 1, weak: 2 } as const;

/** A symbol type name. */
export type SymbolType = keyof typeof STT;

/** A symbol binding name. */
export type SymbolBind = keyof typeof STB;

/** e_flags bits of RISC-V (psABI, "File Header"): the code may contain compressed instructions. */
export const EF_RISCV = { RVC: 0x1 } as const;
